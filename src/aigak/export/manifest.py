"""The manifest every export carries: each file's SHA-256, the aigak version, the time, and the query."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aigak import __version__

__all__ = ["MANIFEST_NAME", "file_sha256", "read_manifest", "verify_manifest", "write_manifest"]

MANIFEST_NAME = "manifest.json"
_CHUNK_BYTES = 1 << 20


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(out_dir: Path, files: Sequence[Path], *, fmt: str, query: Mapping[str, Any],
                   redacted: bool, counts: Mapping[str, int] | None = None,
                   redactions: Mapping[str, int] | None = None,
                   generated_at: datetime | None = None) -> Path:
    """Write `manifest.json` in `out_dir`, listing every file with its hash, so a recipient can check nothing changed.

    Args:
        out_dir: the export folder; file paths are recorded relative to it.
        files: the files written.
        fmt: the export format (`json`, `csv`, `popolo`, `ics`, `dossier`).
        query: the query that selected the rows.
        redacted: whether the sensitivity rules were applied.
        counts: how many rows of each kind were written.
        redactions: how many values of each kind were replaced.
    """
    when = generated_at or datetime.now(UTC)
    entries = [{"path": p.relative_to(out_dir).as_posix(), "sha256": file_sha256(p), "bytes": p.stat().st_size}
               for p in sorted(files)]
    manifest = {
        "generator": "aigak", "aigak_version": __version__,
        "generated_at": when.isoformat(timespec="seconds"), "format": fmt, "redacted": redacted,
        "query": dict(query), "counts": dict(counts or {}), "redactions": dict(redactions or {}),
        "files": entries,
    }
    path = out_dir / MANIFEST_NAME
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of an export folder."""
    data: dict[str, Any] = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return data


def verify_manifest(out_dir: Path) -> list[str]:
    """Re-hash every file the manifest lists; one line per file missing or changed (empty: all intact)."""
    problems: list[str] = []
    for entry in read_manifest(out_dir).get("files", []):
        path = out_dir / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif file_sha256(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: changed since the export (SHA-256 differs)")
    return problems
