"""An aigak JSON export back into a store: sources from their original bytes, facts with their review state.

The export folder's manifest is checked first and each source's bytes must hash to the SHA-256
recorded, so what comes in is what went out. Facts are saved as their backend first proposed
them, then the review decisions are replayed (edits keep the first proposal in `original`).
Reviews get the time of the import; the reviewer's name is kept. The resolver then places the
people, and the registry is brought to the grouping the export records (merges and splits). The
registry's decisions come back with who made them: each merge that joins the imported mentions is
credited to the actor and time of the exported merge that moved them, and pairs the export keeps
apart ("different people") are kept apart again, so they are not offered as possible matches. A
redacted export cannot be imported: it carries no sources to ground the facts in.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from aigak.core.errors import ConfigError, IngestError, IntegrityError
from aigak.core.models import ReviewStatus
from aigak.export.json_export import EXPORT_FORMAT, JSON_NAME
from aigak.export.manifest import MANIFEST_NAME, verify_manifest
from aigak.importing.report import ImportReport
from aigak.ingest.pipeline import ingest_bytes
from aigak.resolve import keep_apart, merge_persons, resolve_document, split_person
from aigak.store.audit import append_audit
from aigak.store.documents import set_reference_date
from aigak.store.engine import Store
from aigak.store.facts import has_extraction, review_fact, save_extraction
from aigak.store.persons import (
    get_person,
    list_merges,
    mentions_of_facts,
    root_of,
    set_display_name,
    set_merge_origin,
)

__all__ = ["import_aigak_export", "is_aigak_export", "load_export"]

_SECTIONS = {"entity": "entities", "relation": "relations", "event": "events", "amount": "amounts"}


def _json_path(path: Path) -> Path:
    return path / JSON_NAME if path.is_dir() else path


def is_aigak_export(path: Path) -> bool:
    """Whether `path` is an aigak JSON export (its folder or its `aigak.json`)."""
    candidate = _json_path(path)
    if not candidate.is_file() or candidate.suffix.lower() != ".json":
        return False
    try:
        with candidate.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="ignore")
    except OSError:
        return False
    return f'"{EXPORT_FORMAT}"' in head


def load_export(path: Path) -> dict[str, Any]:
    """Read and check an export: its format, its manifest (when present), and that it is not redacted.

    Raises:
        ConfigError: not an aigak export, or a redacted one.
        IntegrityError: a file listed in the manifest is missing or changed.
    """
    json_path = _json_path(path)
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{json_path} cannot be read as an aigak export: {exc}") from exc
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        raise ConfigError(f"{json_path} is not an aigak JSON export (made by `aigak export --format json`).")
    if data.get("redacted"):
        raise ConfigError(f"{json_path} is a redacted export: it carries no sources to ground its facts in. "
                          "Import an export made without --redact.")
    if (json_path.parent / MANIFEST_NAME).is_file():
        problems = verify_manifest(json_path.parent)
        if problems:
            raise IntegrityError(f"{json_path.parent}: the export does not match its manifest: " + "; ".join(problems))
    return dict(data)


def _record(fact: Mapping[str, Any]) -> dict[str, Any]:
    """The record as its backend first proposed it, with its local id."""
    record = dict(fact["original"] if fact.get("original") is not None else fact["data"])
    record["id"] = fact["local_id"]
    if "confidence" not in record:
        record["confidence"] = fact.get("confidence", 0.5)
    return record


def _replay_review(conn: Connection, fact_id: int, fact: Mapping[str, Any], actor: str) -> None:
    status = ReviewStatus(fact["status"])
    reviewer = str(fact.get("reviewed_by") or actor)
    if fact.get("original") is not None:
        review_fact(conn, fact_id, ReviewStatus.EDITED, reviewer=reviewer, data=fact["data"])
        if status is not ReviewStatus.EDITED:
            review_fact(conn, fact_id, status, reviewer=reviewer)
    elif status is not ReviewStatus.PROPOSED:
        review_fact(conn, fact_id, status, reviewer=reviewer)


def _save_group(conn: Connection, document_id: int, text: str, backend: str,
                facts: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Save one backend's facts of a document as first proposed; returns exported id -> new id."""
    result: dict[str, Any] = {"backend": {"name": backend, "imported": True},
                              "entities": [], "relations": [], "events": [], "amounts": []}
    ordered: list[Mapping[str, Any]] = []
    for kind, section in _SECTIONS.items():
        for fact in sorted((f for f in facts if f["kind"] == kind), key=lambda f: int(f["id"])):
            result[section].append(_record(fact))
            ordered.append(fact)
    ids = save_extraction(conn, document_id, result, text=text)
    return {int(fact["id"]): fact_id for fact_id, fact in zip(ids, ordered, strict=True)}


def _restore_registry(conn: Connection, persons: Sequence[Mapping[str, Any]], new_id: Mapping[int, int],
                      actor: str) -> int:
    """Make the registry group the imported person mentions as the export did; returns the changes made.

    The resolver has placed every new mention already; where it joined what the export kept apart,
    the extra mentions are split off, and where it left apart what the export joined, the persons
    are merged (kind `import`, in the merge history and the audit trail like any merge).
    """
    groups = [[new_id[int(m["fact_id"])] for m in p.get("mentions") or [] if int(m["fact_id"]) in new_id]
              for p in persons]
    groups = [g for g in groups if g]
    changes = 0
    group_of = {fact_id: n for n, group in enumerate(groups) for fact_id in group}
    by_root: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for mention in mentions_of_facts(conn, group_of):
        by_root[root_of(conn, mention.person_id)][group_of[mention.fact_id]].append(mention.fact_id)
    for root, parts in by_root.items():
        if len(parts) < 2:
            continue
        keep = max(parts, key=lambda n: (len(parts[n]), -n))
        for n, fact_ids in parts.items():
            if n != keep:
                split_person(conn, root, fact_ids, actor=actor)
                changes += 1
    for n, group in enumerate(groups):
        roots = sorted({root_of(conn, m.person_id) for m in mentions_of_facts(conn, group)})
        for other in roots[1:]:
            merge_persons(conn, roots[0], other, actor=actor, kind="import",
                          reasons=("joined in the imported export",))
            changes += 1
        name = persons[n].get("name") if n < len(persons) else None
        if roots and name and get_person(conn, root_of(conn, roots[0])).display_name != name:
            set_display_name(conn, root_of(conn, roots[0]), str(name))
    return changes


def _group_roots(conn: Connection, persons: Sequence[Mapping[str, Any]], new_id: Mapping[int, int]) -> dict[int, int]:
    """The person each exported person is now, by exported id (those with an imported mention)."""
    out: dict[int, int] = {}
    for p in persons:
        fact_ids = [new_id[int(m["fact_id"])] for m in p.get("mentions") or [] if int(m["fact_id"]) in new_id]
        mentions = mentions_of_facts(conn, fact_ids[:1])
        if p.get("id") is not None and mentions:
            out[int(p["id"])] = root_of(conn, mentions[0].person_id)
    return out


def _restore_apart(conn: Connection, apart: Sequence[Mapping[str, Any]], roots: Mapping[int, int],
                   actor: str) -> int:
    """Keep apart again the exported pairs someone said are different people (credited to them)."""
    restored = 0
    for decision in apart:
        pair = [roots.get(int(x)) for x in decision.get("persons") or ()]
        if len(pair) != 2:
            continue
        a, b = pair
        if a is None or b is None or a == b:
            continue
        keep_apart(conn, a, b, actor=str(decision.get("actor") or actor))
        restored += 1
    return restored


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _credit_merges(conn: Connection, merges: Sequence[Mapping[str, Any]], new_id: Mapping[int, int],
                   first_merge: int) -> int:
    """Give each merge this import made the actor and time of the exported merge that moved the same
    mentions (the most of them); a merge the export does not account for stays the importer's."""
    old_of_new = {new: old for old, new in new_id.items()}
    exported = [({int(f) for f in m.get("facts") or ()}, m) for m in merges]
    made = [r for r in list_merges(conn, include_undone=False) if r.id >= first_merge and r.kind != "split"]
    fact_of_mention = {m.id: m.fact_id for m in mentions_of_facts(conn, old_of_new)}
    credited = 0
    for record in made:
        moved = {old_of_new[fact_of_mention[m]] for m in record.mention_ids if m in fact_of_mention}
        best = max(exported, key=lambda fm: len(fm[0] & moved), default=None)
        if best is None or not best[0] & moved:
            continue
        at = _parse_time(best[1].get("at"))
        if best[1].get("actor") and at is not None:
            set_merge_origin(conn, record.id, actor=str(best[1]["actor"]), at=at)
            credited += 1
    return credited


def import_aigak_export(store: Store, path: Path, *, actor: str = "cli") -> ImportReport:
    """Import an aigak JSON export (its folder, or its `aigak.json` with `sources/` beside it).

    Sources already in the store are reused; a backend's facts already present on a document are
    kept and the exported ones skipped, so importing the same export twice adds nothing.

    Raises:
        ConfigError: not an aigak export, or a redacted one.
        IntegrityError: the files do not match the manifest, or a source's bytes do not match its hash.
        IngestError: a source file is missing.
    """
    data = load_export(path)
    root = _json_path(path).parent
    report = ImportReport(source=str(path), kind="aigak-export")
    with store.read() as conn:
        first_merge = max((r.id for r in list_merges(conn)), default=0) + 1
    new_id: dict[int, int] = {}
    facts_by_doc: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for fact in data.get("facts") or []:
        facts_by_doc[int(fact["document_id"])].append(fact)
    for doc in data.get("documents") or []:
        report.rows += 1
        rel = doc.get("source_file")
        if not rel:
            raise IngestError(str(root), f"document {doc.get('id')} ({doc.get('filename')}) has no source file "
                              "in the export; it cannot be imported")
        source = root / rel
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise IngestError(str(source), f"the source file is missing or unreadable ({exc.strerror or exc})") from exc
        if hashlib.sha256(raw).hexdigest() != doc["sha256"]:
            raise IntegrityError(f"{source}: its bytes do not hash to {doc['sha256']} as the export says.")
        document, created = ingest_bytes(store, raw, str(doc.get("filename") or source.name), actor=actor)
        report.document_ids.append(document.id)
        if created:
            report.created += 1
        else:
            report.existing += 1
        if doc.get("text") is not None and doc["text"] != document.text:
            report.warnings.append(f"document {doc['sha256'][:12]} ({document.filename}) decodes differently "
                                   "in this version of aigak; its facts were not imported")
            continue
        by_backend: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for fact in facts_by_doc.get(int(doc["id"]), []):
            by_backend[str(fact["backend"])].append(fact)
        with store.transaction() as conn:
            if doc.get("reference_date") and not document.reference_date:
                set_reference_date(conn, document.id, doc["reference_date"])
            saved: dict[int, int] = {}
            for backend, facts in sorted(by_backend.items()):
                if has_extraction(conn, document.id, backend):
                    report.warnings.append(f"document {document.id} ({document.filename}) already has facts "
                                           f"from {backend}; the exported ones were skipped")
                    continue
                saved.update(_save_group(conn, document.id, document.text, backend, facts))
            # as the pipeline does: people placed in the registry first, review decisions after
            resolve_document(conn, document.id, actor=actor)
            exported = {int(f["id"]): f for f in facts_by_doc.get(int(doc["id"]), [])}
            for old_id, fact_id in saved.items():
                _replay_review(conn, fact_id, exported[old_id], actor)
            new_id.update(saved)
            report.facts += len(saved)
            append_audit(conn, actor=actor, action="import", target=f"document:{document.id}",
                         after={"format": EXPORT_FORMAT, "sha256": document.sha256, "facts": len(saved)})
    if data.get("persons") and new_id:
        with store.transaction() as conn:
            changes = _restore_registry(conn, data["persons"], new_id, actor)
            apart = _restore_apart(conn, data.get("apart") or [], _group_roots(conn, data["persons"], new_id),
                                   actor)
            credited = _credit_merges(conn, data.get("merges") or [], new_id, first_merge)
            append_audit(conn, actor=actor, action="import", target="registry",
                         after={"format": EXPORT_FORMAT, "changes": changes, "kept_apart": apart,
                                "merges_credited": credited})
    return report
