"""The JSON export: everything, with provenance, and the original source files beside it (not when redacted).

`aigak.json` holds the documents (hashes, metadata, text), every fact (record, spans, quotes,
review status and reviewer), the registry's people with their mentions, and the registry's decisions
about them: the merges that made each person (kind, who, when) and the pairs kept apart as different
people (who, when). Unless the export is
redacted, `sources/` holds each source's original bytes under its SHA-256, so `aigak import` can
rebuild the store from the folder alone and anyone can re-check the hashes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Connection

from aigak import __version__
from aigak.export.bundle import Bundle
from aigak.resolve import person_ids_of
from aigak.store.persons import list_links, list_merges, mentions_of_facts, root_of

__all__ = ["EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "JSON_NAME", "registry_decisions", "source_file_name",
           "write_json"]

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


def registry_decisions(conn: Connection, persons: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The registry's decisions about the exported people, in terms an importing store can map back.

    Args:
        conn: a connection to the store.
        persons: the exported people (`registry_people`), each with its id and mentions' fact ids.

    Returns:
        `merges`: each standing join (not a split) that moved a mention of an exported person, as the
        exported person, the fact ids of the mentions it moved, kind, actor, time, score and reasons;
        `apart`: each pair of exported people someone said are different people, with actor and time.
    """
    exported = {int(p["id"]) for p in persons}
    fact_ids = [int(m["fact_id"]) for p in persons for m in p.get("mentions") or []]
    fact_of_mention = {m.id: m.fact_id for m in mentions_of_facts(conn, fact_ids)}
    person_of_fact = {int(m["fact_id"]): int(p["id"]) for p in persons for m in p.get("mentions") or []}
    merges: list[dict[str, Any]] = []
    for record in list_merges(conn, include_undone=False):
        moved = sorted(fact_of_mention[m] for m in record.mention_ids if m in fact_of_mention)
        if record.kind == "split" or not moved:
            continue
        merges.append({"person": person_of_fact[moved[0]], "facts": moved, "kind": record.kind,
                       "actor": record.actor, "at": record.at.isoformat(), "score": record.score,
                       "reasons": list(record.reasons)})
    ids = {i for root in exported for i in person_ids_of(conn, root)}
    apart: dict[tuple[int, int], dict[str, Any]] = {}
    for link in list_links(conn, ids, kind="apart"):
        a, b = root_of(conn, link.person_a), root_of(conn, link.person_b)
        if a != b and a in exported and b in exported:
            apart.setdefault((min(a, b), max(a, b)), {"persons": [min(a, b), max(a, b)], "actor": link.actor,
                                                      "at": link.created_at.isoformat()})
    return {"merges": merges, "apart": [apart[k] for k in sorted(apart)]}


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
        "merges": bundle.decisions.get("merges", []), "apart": bundle.decisions.get("apart", []),
    }
    path = out_dir / JSON_NAME
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    files.append(path)
    return files
