"""Layers import downward only: core imports nothing of ours; extract and store only core; and so on."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aigak"

# What each package may import from aigak (besides itself). Interfaces (cli, web) may import anything.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "extract": {"core"},
    "ingest": {"core", "store"},
    "store": {"core"},
    "resolve": {"core", "store", "extract"},
    "casefile": {"core", "store", "resolve", "extract"},
    "security": {"core", "store", "extract"},  # the gazetteer says where a place lies
    "operations": {"core", "store", "extract", "ingest", "resolve", "casefile"},
    "export": {"core", "store", "resolve", "casefile", "security", "operations", "ingest", "extract"},
    "importing": {"core", "store", "ingest", "operations", "extract", "resolve", "export"},
    "scale": {"core", "store", "extract", "operations", "ingest", "resolve"},
}


def _aigak_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aigak.") and node.level == 0:
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("aigak."))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED), ids=sorted(ALLOWED))
def test_package_imports_only_lower_layers(package: str) -> None:
    folder = SRC / package
    if not folder.exists():
        pytest.skip(f"no {package} package")
    bad = {}
    for path in folder.rglob("*.py"):
        extra = _aigak_imports(path) - ALLOWED[package] - {package, "__init__"}
        extra.discard("_version")
        if extra - {"__version__"}:
            bad[str(path.relative_to(SRC))] = sorted(extra)
    assert not bad, f"imports against the layering: {bad}"
