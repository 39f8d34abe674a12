"""Extracting a document again keeps what reviewers decided: their facts stay, and are not doubled."""

from __future__ import annotations

from sqlalchemy import select

from aigak.core.models import FactKind, ReviewStatus
from aigak.extract.run import extract_text
from aigak.ingest.pipeline import ingest_bytes
from aigak.operations.extraction import record_extraction
from aigak.operations.review import review
from aigak.store.engine import Store
from aigak.store.facts import list_facts
from aigak.store.schema import person_mentions

TEXT = ("News\n\nALMATY, 14 March 2022 — Aigerim Dauletova, 34, crossed the border near Khorgos on 9 November 2021. "
        "She applied for asylum in Kazakhstan on 20 January 2022.\n")


def test_replacing_an_extraction_keeps_reviewed_facts_once(sqlite_store: Store) -> None:
    document, _ = ingest_bytes(sqlite_store, TEXT.encode(), "note.txt", actor="test")
    with sqlite_store.transaction() as conn:
        record_extraction(conn, document.id, extract_text(TEXT), text=TEXT, actor="test")
    with sqlite_store.read() as conn:
        person = next(f for f in list_facts(conn, document_id=document.id, kind=FactKind.ENTITY)
                      if f.data.get("name") == "Aigerim Dauletova")
        crossing = next(f for f in list_facts(conn, document_id=document.id, kind=FactKind.EVENT)
                        if f.type == "border_crossing")
    review(sqlite_store, person.id, ReviewStatus.CONFIRMED, actor="test")
    review(sqlite_store, crossing.id, ReviewStatus.CONFIRMED, actor="test")

    with sqlite_store.transaction() as conn:  # as `aigak extract DOC --replace` and `extract --all --replace` do
        record_extraction(conn, document.id, extract_text(TEXT), text=TEXT, actor="test", replace=True)

    with sqlite_store.read() as conn:
        facts = list_facts(conn, document_id=document.id)
        mentions = conn.execute(select(person_mentions.c.fact_id).where(
            person_mentions.c.document_id == document.id)).scalars().all()
    names = [f.data.get("name") for f in facts if f.kind is FactKind.ENTITY and f.data.get("name") == "Aigerim Dauletova"]
    crossings = [f for f in facts if f.type == "border_crossing"]
    assert names == ["Aigerim Dauletova"], "the reviewed person stands for the new extraction's"
    assert [(f.id, f.status) for f in crossings] == [(crossing.id, ReviewStatus.CONFIRMED)]
    assert person.id in mentions and len(mentions) == len(set(mentions))
    application = next(f for f in facts if f.type == "asylum_application")
    assert application.data["subjects"] == [person.local_id], "new events point to the kept person"
    local_ids = [f.local_id for f in facts]
    assert len(local_ids) == len(set(local_ids))
