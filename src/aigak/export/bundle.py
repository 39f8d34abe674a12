"""The selected rows as plain dicts every format writes from: documents, facts with quotes, and people/events/relations views.

Redaction happens here, once, before any format sees the rows: a redacted bundle carries no
document text, no source bytes, and placeholders instead of sensitive values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aigak.core.models import Fact, FactKind, ReviewStatus, SourceDocument
from aigak.export.selection import Selection
from aigak.resolve.names import fold_token
from aigak.security.redaction import (
    FAMILY_RELATIONS,
    PLACEHOLDERS,
    Move,
    Redactor,
    Sensitivity,
    country_moves,
    has_left_country,
    hidden_entities,
    is_stronger,
    left_entities,
    sensitive_flag,
)

__all__ = ["Bundle", "build_bundle", "display_name", "events_view", "people_view", "relations_view"]

_SECTION = {FactKind.ENTITY: "entities", FactKind.RELATION: "relations", FactKind.EVENT: "events",
            FactKind.AMOUNT: "amounts"}


@dataclass(slots=True)
class Bundle:
    """Everything an export writes, already redacted when asked.

    Attributes:
        documents: one dict per source (hash, file name, metadata; text unless redacted).
        facts: one dict per fact (record, spans, quotes, review status and reviewer).
        persons: registry people with their mentions (empty when no registry is available).
        redacted: whether the sensitivity rules were applied.
        redactions: how many values of each kind were replaced.
        query: the query that selected the rows.
        decisions: the registry's decisions about the exported people, for `aigak import` to restore:
            `merges` (standing joins, each with the exported person, the fact ids of the mentions it
            moved, its kind, actor and time) and `apart` (pairs of exported persons someone said are
            different people, with actor and time). Empty when redacted.
    """

    documents: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    persons: list[dict[str, Any]] = field(default_factory=list)
    redacted: bool = False
    redactions: dict[str, int] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    redactor: Redactor | None = None
    decisions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def scrub(self, value: Any) -> Any:
        """Anything written beside the rows (case-file dates, ...) as the bundle's redaction shows it."""
        return self.redactor.deep(value) if self.redactor is not None else value


def _document_dict(d: SourceDocument, *, redacted: bool) -> dict[str, Any]:
    return {
        "id": d.id, "sha256": d.sha256, "filename": d.filename, "media_type": d.media_type,
        "title": d.title, "author": d.author, "published": d.published, "language": d.language,
        "ingested_at": d.ingested_at.isoformat(), "size_bytes": d.size_bytes,
        "reference_date": d.reference_date, "body": [d.body_start, d.body_end],
        "text": None if redacted else d.text,
    }


def _fact_dict(f: Fact, text: str) -> dict[str, Any]:
    return {
        "id": f.id, "document_id": f.document_id, "kind": f.kind.value, "type": f.type,
        "local_id": f.local_id, "data": dict(f.data),
        "original": dict(f.original) if f.original is not None else None,
        "evidence": [s.as_list() for s in f.evidence],
        "quotes": [text[s.start:s.end] for s in f.evidence],
        "confidence": f.confidence, "status": f.status.value, "backend": f.backend,
        "created_at": f.created_at.isoformat(), "reviewed_by": f.reviewed_by,
        "reviewed_at": f.reviewed_at.isoformat() if f.reviewed_at else None,
    }


def _extraction_of(facts: Sequence[Fact]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"entities": [], "relations": [], "events": [], "amounts": []}
    for f in facts:
        if f.status is not ReviewStatus.REJECTED:
            out[_SECTION[f.kind]].append(dict(f.data))
    return out


def build_bundle(selection: Selection, *, redact: bool = False, persons: Sequence[Mapping[str, Any]] = (),
                 person_of: Mapping[int, int] | None = None,
                 decisions: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                 context: Selection | None = None, context_person_of: Mapping[int, int] | None = None) -> Bundle:
    """The rows of `selection` as dicts, redacted when asked.

    Args:
        selection: the documents and facts chosen by the query.
        redact: apply the sensitivity rules (placeholders, no document text).
        persons: registry people (dicts with `mentions`).
        person_of: the registry person of each person entity fact.
        decisions: the registry's merges and keep-apart decisions about those people (left out when
            redacting: a redacted export cannot be imported).
        context: what redaction learns from, when more than the rows written: every fact but the
            rejected ones, whatever the query keeps. A relation no reviewer has confirmed yet still
            makes a child a minor or a brother a relative left behind, and their names must not reach
            the reviewed rows that quote them. Default: `selection`.
        context_person_of: the registry person of each person entity fact of `context`.
    """
    texts = {d.id: d.text for d in selection.documents}
    facts = [_fact_dict(f, texts.get(f.document_id, "")) for f in selection.facts]
    for fact in facts:
        if person_of and fact["id"] in person_of:
            fact["person_id"] = person_of[fact["id"]]
    documents = [_document_dict(d, redacted=redact) for d in selection.documents]
    person_dicts = [dict(p) for p in persons]
    if not redact:
        return Bundle(documents, facts, person_dicts, query=selection.query.as_dict(),
                      decisions={k: [dict(d) for d in v] for k, v in (decisions or {}).items()})
    red = Redactor(fold=fold_token)
    if context is None:
        context, context_person_of = selection, person_of
    learned_person_of = {**(person_of or {}), **(context_person_of or {})}
    texts.update({d.id: d.text for d in context.documents})
    by_doc: dict[int, list[Fact]] = defaultdict(list)
    for f in context.facts:
        by_doc[f.document_id].append(f)
    extractions = {doc_id: _extraction_of(doc_facts) for doc_id, doc_facts in by_doc.items()}
    hidden = _hidden_across_registry(context, extractions, learned_person_of)
    for doc_id, extraction in extractions.items():
        red.learn_extraction(extraction, hidden[doc_id], text=texts.get(doc_id))
    for f in context.facts:
        # the words of a marked fact are hidden in every row that repeats them, written or not
        if f.kind is not FactKind.ENTITY and sensitive_flag(f.data) is True:
            for span in f.evidence:
                red.withhold(texts.get(f.document_id, "")[span.start:span.end])
    placeholders = _registry_placeholders(context, hidden, learned_person_of)
    for person in person_dicts:
        ph = placeholders.get(int(person["id"])) if person.get("id") is not None else None
        if ph is None:
            continue
        red.add_name([person.get("name"), *(person.get("names") or []),
                      *[m.get("name") for m in person.get("mentions") or []]], ph)
        person["name"], person["names"] = ph, [ph]
        for mention in person.get("mentions") or []:
            mention["name"] = ph
    for fact in facts:
        doc_hidden = hidden.get(fact["document_id"], {})
        fact["quotes"] = red.quotes(fact["data"], fact["quotes"])
        is_marked = sensitive_flag(fact["data"]) is True
        fact["data"] = red.record(fact["data"], doc_hidden)
        if fact["original"] is not None:
            fact["original"] = red.record(fact["original"], doc_hidden, is_marked=is_marked)
    # A public person's own name stays readable where they stand beside a hidden relative who goes
    # by one word of it (her father "Abdurehim" in "Mihray Abdurehimova"): per source, and in their record.
    readable = {doc_id: _family_words(red, extraction, hidden.get(doc_id, {}))
                for doc_id, extraction in extractions.items()}
    scrubbed = Bundle([red.deep(d, readable=readable.get(int(d["id"]), frozenset())) for d in documents],
                      [red.deep(f, readable=readable.get(int(f["document_id"]), frozenset())) for f in facts],
                      [red.deep(p, readable=_own_words(red, p, placeholders)) for p in person_dicts],
                      redacted=True, query=selection.query.as_dict(), redactor=red)
    scrubbed.redactions = dict(sorted(red.counts.items()))
    return scrubbed


def _own_words(red: Redactor, person: Mapping[str, Any], placeholders: Mapping[int, str]) -> frozenset[str]:
    """A public registry person's own names stay readable in their own record (none of a hidden one's)."""
    if person.get("id") is None or placeholders.get(int(person["id"])) is not None:
        return frozenset()
    return red.own_words(person.get("name"), person.get("names"), [m.get("name") for m in person.get("mentions") or []])


def _family_words(red: Redactor, extraction: Mapping[str, Any], hidden: Mapping[str, str]) -> frozenset[str]:
    """The words of the names of the public people of one source who have a hidden family member in it
    (`Redactor.own_words`): their names stay readable in that source."""
    entities = {str(e.get("id")): e for e in extraction.get("entities") or [] if isinstance(e, Mapping)}
    names: list[Any] = []
    for relation in extraction.get("relations") or []:
        if not isinstance(relation, Mapping) or relation.get("type") not in FAMILY_RELATIONS:
            continue
        ends = (str(relation.get("from")), str(relation.get("to")))
        for end, other in (ends, ends[::-1]):
            entity = entities.get(end)
            if (other in hidden and end not in hidden and entity is not None and entity.get("kind") == "person"):
                names.extend([entity.get("name"), *(entity.get("aliases") or [])])
    return red.own_words(*names) if names else frozenset()


def _hidden_across_registry(selection: Selection, extractions: Mapping[int, Mapping[str, Any]],
                            person_of: Mapping[int, int]) -> dict[int, dict[str, str]]:
    """The people to hide in each document, by local id: each document's own rules, then widened
    through the registry, so that a relative hidden in one source is hidden in every source that
    names them (in whatever spelling), unless a source shows them leaving the country of persecution."""
    # relatives are found in every source, and where each registry person is, from all their sources
    hidden = {doc_id: hidden_entities(extraction, left=()) for doc_id, extraction in extractions.items()}
    outside_registry: dict[int, set[str]] = defaultdict(set)
    for f in selection.facts:
        if f.kind is FactKind.ENTITY and f.id not in person_of:
            outside_registry[f.document_id].add(f.local_id)
    for doc_id, extraction in extractions.items():
        for local_id in left_entities(extraction) & outside_registry.get(doc_id, set()):
            if hidden[doc_id].get(local_id) == PLACEHOLDERS[Sensitivity.RELATIVE]:
                del hidden[doc_id][local_id]
    moves = {doc_id: country_moves(extraction) for doc_id, extraction in extractions.items()}
    strongest: dict[int, str] = {}
    person_moves: dict[int, list[Move]] = defaultdict(list)
    marked_public: set[int] = set()
    entity_facts = [f for f in selection.facts if f.kind is FactKind.ENTITY and f.id in person_of]
    for f in entity_facts:
        person = person_of[f.id]
        person_moves[person].extend(moves.get(f.document_id, {}).get(f.local_id, []))
        if sensitive_flag(f.data) is False:
            marked_public.add(person)
        ph = hidden.get(f.document_id, {}).get(f.local_id)
        if ph is not None and (person not in strongest or is_stronger(ph, strongest[person])):
            strongest[person] = ph
    # where a person is, read from all their sources together, as publication and case files read it
    has_left = {person for person, found in person_moves.items() if has_left_country(found)}
    relative = PLACEHOLDERS[Sensitivity.RELATIVE]
    for f in entity_facts:
        person = person_of[f.id]
        ph = strongest.get(person)
        doc_hidden = hidden.setdefault(f.document_id, {})
        if ph is None or person in marked_public:
            continue
        if ph == relative and person in has_left:
            # another source shows them leaving: as the case file, do not count them as left behind
            if doc_hidden.get(f.local_id) == relative:
                del doc_hidden[f.local_id]
            continue
        if f.local_id not in doc_hidden or is_stronger(ph, doc_hidden[f.local_id]):
            doc_hidden[f.local_id] = ph
    return hidden


def _registry_placeholders(selection: Selection, hidden: Mapping[int, Mapping[str, str]],
                           person_of: Mapping[int, int]) -> dict[int, str]:
    """The placeholder of each registry person any of whose records is hidden."""
    found: dict[int, str] = {}
    for f in selection.facts:
        person = person_of.get(f.id)
        ph = hidden.get(f.document_id, {}).get(f.local_id) if person is not None else None
        if person is not None and ph is not None and (person not in found or is_stronger(ph, found[person])):
            found[person] = ph
    return found

def display_name(entity: Mapping[str, Any] | None, fallback: str = "") -> str:
    """How a record names an entity: its name, else its description in parentheses, else the fallback."""
    if entity is None:
        return fallback
    if entity.get("name"):
        return str(entity["name"])
    if entity.get("description"):
        return f"({entity['description']})"
    return fallback or str(entity.get("id") or "")


def _source_columns(fact: Mapping[str, Any], documents: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    doc = documents.get(int(fact["document_id"]), {})
    span = (fact.get("evidence") or [[None, None]])[0]
    quotes = fact.get("quotes") or [""]
    return {
        "status": fact["status"], "reviewed_by": fact.get("reviewed_by") or "",
        "confidence": fact.get("confidence"), "backend": fact.get("backend"),
        "document_id": fact["document_id"], "source_sha256": doc.get("sha256", ""),
        "source_title": doc.get("title") or "", "source_file": doc.get("filename") or "",
        "quote": quotes[0] if quotes else "", "span_start": span[0], "span_end": span[1],
    }


def _entities_by_doc(bundle: Bundle) -> dict[int, dict[str, dict[str, Any]]]:
    out: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for fact in bundle.facts:
        if fact["kind"] == FactKind.ENTITY.value:
            out[int(fact["document_id"])][str(fact["local_id"])] = fact["data"]
    return out


def people_view(bundle: Bundle) -> list[dict[str, Any]]:
    """One row per person record (a person entity of one source), with its source."""
    documents = {int(d["id"]): d for d in bundle.documents}
    rows: list[dict[str, Any]] = []
    for fact in bundle.facts:
        if fact["kind"] != FactKind.ENTITY.value or fact["type"] != "person":
            continue
        data = fact["data"]
        attributes = data.get("attributes") or {}
        rows.append({
            "fact_id": fact["id"], "person_id": fact.get("person_id"), "name": display_name(data),
            "aliases": "; ".join(str(a) for a in data.get("aliases") or []),
            "age": attributes.get("age"), "gender": attributes.get("gender"),
            "ethnicity": attributes.get("ethnicity"), "citizenship": attributes.get("citizenship"),
            "birth_year": attributes.get("birth_year"), "description": data.get("description"),
            "mentions": len(fact.get("evidence") or []), **_source_columns(fact, documents),
        })
    return rows


def events_view(bundle: Bundle) -> list[dict[str, Any]]:
    """One row per event, with its people and place by name, its dates and its source."""
    documents = {int(d["id"]): d for d in bundle.documents}
    entities = _entities_by_doc(bundle)
    rows: list[dict[str, Any]] = []
    for fact in bundle.facts:
        if fact["kind"] != FactKind.EVENT.value:
            continue
        data, ents = fact["data"], entities.get(int(fact["document_id"]), {})

        def names(ids: Any, ents: Mapping[str, Mapping[str, Any]] = ents) -> str:
            return "; ".join(display_name(ents.get(str(i)), str(i)) for i in ids or [])

        place = data.get("place")
        rows.append({
            "fact_id": fact["id"], "type": data.get("type") or fact["type"], "start": data.get("start"),
            "end": data.get("end"), "subjects": names(data.get("subjects")), "agents": names(data.get("agents")),
            "place": display_name(ents.get(str(place)), str(place)) if place else None,
            **_source_columns(fact, documents),
        })
    return rows


def relations_view(bundle: Bundle) -> list[dict[str, Any]]:
    """One row per relation, both ends by name (an unnamed relative by its description)."""
    documents = {int(d["id"]): d for d in bundle.documents}
    entities = _entities_by_doc(bundle)
    rows: list[dict[str, Any]] = []
    for fact in bundle.facts:
        if fact["kind"] != FactKind.RELATION.value:
            continue
        data, ents = fact["data"], entities.get(int(fact["document_id"]), {})
        to = ents.get(str(data.get("to")))
        rows.append({
            "fact_id": fact["id"], "type": data.get("type") or fact["type"],
            "from": display_name(ents.get(str(data.get("from"))), str(data.get("from"))),
            "to": display_name(to, str(data.get("to"))),
            "to_age": ((to or {}).get("attributes") or {}).get("age"),
            **_source_columns(fact, documents),
        })
    return rows
