"""The JSON export: everything, with provenance, and the original source files beside it (not when redacted).

`aigak.json` holds the documents (hashes, metadata, text), every fact (record, spans, quotes,
review status and reviewer) and the registry's people with their mentions. Unless the export is
redacted, `sources/` holds each source's original bytes under its SHA-256, so `aigak import` can
rebuild the store from the folder alone and anyone can re-check the hashes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from aigak import __version__
from aigak.export.bundle import Bundle

__all__ = ["EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "JSON_NAME", "source_file_name", "write_json"]

JSON_NAME = "aigak.json"
EXPORT_FORMAT = "aigak-export"
EXPORT_FORMAT_VERSION = 1
_MAX_SUFFIX = 8


def source_file_name(sha256: str, filename: str) -> str:
    """Where a source's bytes go inside the export: `sources/<sha256><suffix of the original name>`."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if not suffix or len(suffix) > _MAX_SUFFIX or not suffix[1:].isalnum():
        suffix = ".bin"
    return f"sources/{sha256}{suffix}"


def write_json(bundle: Bundle, out_dir: Path, *, source_bytes: Callable[[str], bytes] | None = None) -> list[Path]:
    """Write `aigak.json` (and `sources/`, when `source_bytes` is given and the bundle is not redacted).

    Args:
        bundle: the rows to write.
        out_dir: an existing, empty folder.
        source_bytes: returns a source's original bytes from its SHA-256.

    Returns:
        The files written.
    """
    files: list[Path] = []
    documents: list[dict[str, Any]] = []
    for doc in bundle.documents:
        entry = dict(doc)
        entry["source_file"] = None
        if source_bytes is not None and not bundle.redacted:
            rel = source_file_name(doc["sha256"], doc["filename"])
            path = out_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source_bytes(doc["sha256"]))
            files.append(path)
            entry["source_file"] = rel
        documents.append(entry)
    payload = {
        "format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION, "aigak_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "redacted": bundle.redacted,
        "query": bundle.query, "documents": documents, "facts": bundle.facts, "persons": bundle.persons,
    }
    path = out_dir / JSON_NAME
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    files.append(path)
    return files
