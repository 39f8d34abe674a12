"""Sources written to files, then ingested and extracted with the real extractor, as `aigak ingest --extract` does."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aigak.ingest.pipeline import ingest_paths
from aigak.operations.extraction import extract_stored_document
from aigak.store.engine import Store


def ingest(store: Store, folder: Path, files: Mapping[str, str]) -> None:
    """Write the texts to files in `folder`, then ingest and extract each one."""
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    for outcome in ingest_paths(store, paths).created:
        assert outcome.document is not None
        extract_stored_document(store, outcome.document.id, actor="test")
