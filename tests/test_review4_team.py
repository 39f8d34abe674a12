"""A team server: what two people doing the same thing at once, and the files aigak writes, must do."""

from __future__ import annotations

import threading

import httpx
import pytest
from test_web_support import PASSWORD, assert_error, login, snapshot

import aigak.ingest.pipeline as pipeline_module
import aigak.store.documents as documents_module
from aigak.core.errors import AlreadyDone, ConfigError
from aigak.core.models import DecodedSource
from aigak.core.roles import Role
from aigak.ingest.pipeline import ingest_bytes
from aigak.resolve import merge_persons, resolve_document, resolve_person_ref
from aigak.resolve.registry import separate_persons
from aigak.store.audit import audit_history
from aigak.store.documents import add_document, list_documents
from aigak.store.engine import Store, open_store
from aigak.store.facts import list_facts, save_extraction
from aigak.store.users import create_user

pytest_plugins = ["test_web_support"]

TESTIMONY = "Testimony of Aset Nurov, 41, recorded in Almaty on 3 March 2021.\n\nI was detained in Ghulja in 2018.\n"


def test_the_same_file_stored_twice_at_once_is_one_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both uploads look before either has stored it (the race), so the second insert meets the first
    # one's row; looking again after that finds it.
    looks = {"n": 0}
    real_find = pipeline_module.find_document_by_sha

    def find_late(conn, sha):  # type: ignore[no-untyped-def]
        looks["n"] += 1
        return None if looks["n"] <= 2 else real_find(conn, sha)

    monkeypatch.setattr(pipeline_module, "find_document_by_sha", find_late)
    monkeypatch.setattr(documents_module, "find_document_by_sha", lambda conn, sha: None)
    first, created_first = ingest_bytes(store, TESTIMONY.encode(), "a.txt", actor="web:bota")
    second, created_second = ingest_bytes(store, TESTIMONY.encode(), "a.txt", actor="web:dias")
    assert (created_first, created_second) == (True, False)
    assert second.id == first.id


def test_two_threads_uploading_one_file_both_get_the_document(store: Store) -> None:
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def upload(actor: str) -> None:
        try:
            start.wait()
            document, created = ingest_bytes(store, TESTIMONY.encode(), "same.txt", actor=actor)
            results.append((document.id, created))
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure of either upload
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(who,)) for who in ("web:bota", "web:dias")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({doc_id for doc_id, _ in results}) == 1
    with store.read() as conn:
        assert len(list(list_documents(conn))) == 1


def test_backups_exports_and_dossiers_are_readable_by_their_owner_only(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "testimony.txt"
    source.write_text(TESTIMONY, encoding="utf-8")
    assert run_cli("ingest", "--extract", str(source)).code == 0
    backup, export, dossier = tmp_path / "b.tar", tmp_path / "export", tmp_path / "dossier.html"
    assert run_cli("backup", str(backup)).code == 0
    assert run_cli("export", "-o", str(export)).code == 0
    assert run_cli("dossier", "Aset Nurov", "--html", "-o", str(dossier)).code == 0
    written = [backup, dossier, *export.rglob("*")]
    assert written and all(path.stat().st_mode & 0o077 == 0 for path in written), \
        {str(p): oct(p.stat().st_mode) for p in written}


def _named_in_a_report(store: Store, name: str, text: str) -> int:
    entity = {"id": "p1", "kind": "person", "name": name, "aliases": [], "attributes": {}, "mentions": [[0, 5]]}
    result = {"backend": {"name": "hand.v1"}, "entities": [entity], "relations": [], "events": [], "amounts": []}
    with store.transaction() as conn:
        doc, _ = add_document(conn, text.encode(), DecodedSource(text=text, media_type="text/plain"),
                              filename="r.txt", language="en")
        save_extraction(conn, doc.id, result, text=text)
        resolve_document(conn, doc.id, actor="test")
        return resolve_person_ref(conn, f"fact:{list_facts(conn, document_id=doc.id)[0].id}")


def test_on_postgres_two_editors_undoing_one_merge_at_once_undo_it_once(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        erbol = _named_in_a_report(store, "Erbol Nurlanuly", "Report one.")
        other = _named_in_a_report(store, "Dana Bolatova", "Report two.")
        with store.transaction() as conn:
            merge_persons(conn, erbol, other, actor="web:ana")
        first = store.engine.connect()
        undoing = first.begin()
        separate_persons(first, erbol, other, actor="web:dias")
        outcome: list[BaseException | int] = []

        def second_editor() -> None:
            try:
                with store.transaction() as conn:
                    outcome.append(separate_persons(conn, erbol, other, actor="web:bota").undone_merge or 0)
            except AlreadyDone as exc:
                outcome.append(exc)

        bota = threading.Thread(target=second_editor)
        bota.start()
        bota.join(timeout=0.5)
        assert bota.is_alive(), "the second undo waits for the first"
        undoing.commit()
        first.close()
        bota.join(timeout=30)
        assert len(outcome) == 1 and isinstance(outcome[0], AlreadyDone), outcome
        assert "web:dias" in str(outcome[0])
        with store.read() as conn:
            splits = [r for r in audit_history(conn) if r.action == "split"]
        assert len(splits) == 1
    finally:
        store.close()


def test_an_unknown_field_in_a_request_is_refused_not_ignored(client: httpx.Client, web_store: Store,
                                                              demo_doc: int) -> None:
    token = login(client, "admin")
    before = snapshot(web_store)
    # "active" is not the field's name ("is_active" is): the account must not silently stay enabled
    message = assert_error(client.patch("/api/users/viewer", json={"active": False},
                                        headers={"X-CSRF-Token": token}), 422)
    assert "active" in message
    fact = client.get("/api/facts", params={"document_id": demo_doc}).json()["facts"][0]
    assert_error(client.post(f"/api/facts/{fact['id']}/review", json={"decision": "confirm", "seen_stauts": "proposed"},
                             headers={"X-CSRF-Token": token}), 422)
    assert snapshot(web_store) == before


@pytest.mark.parametrize(("name", "why"), [
    ("Admin", "differs from 'Admin' only in capitals"),
    ("a b<script>", "cannot be a username"),
    ("Аdmin", "cannot be a username"),  # a Cyrillic А that looks like a Latin A
], ids=["capitals-only", "space-and-markup", "look-alike-script"])
def test_account_names_that_read_like_another_or_carry_markup_are_refused(web_store: Store, name: str,
                                                                          why: str) -> None:
    with web_store.transaction() as conn, pytest.raises(ConfigError, match=why.replace("'Admin'", f"'{name}'")):
        create_user(conn, name, PASSWORD, Role.VIEWER)


def test_reviewers_share_out_the_queue_by_document_and_by_person(client: httpx.Client, web_store: Store,
                                                                 demo_doc: int) -> None:
    second = ingest_bytes(web_store, TESTIMONY.encode(), "second.txt")[0].id
    with web_store.transaction() as conn:
        save_extraction(conn, second, {"backend": {"name": "hand.v1"}, "relations": [], "amounts": [], "events": [],
                                       "entities": [{"id": "p1", "kind": "person", "name": "Aset Nurov",
                                                     "aliases": [], "attributes": {}, "mentions": [[13, 23]]}]},
                        text=TESTIMONY)
        resolve_document(conn, second, actor="test")
        aset = resolve_person_ref(conn, "Aset Nurov")
    token = login(client, "editor")
    everything = client.get("/api/review/next").json()["remaining"]
    only_second = client.get("/api/review/next", params={"document": second}).json()
    assert only_second["remaining"] == 1 and only_second["fact"]["document_id"] == second
    assert client.get("/api/review/next", params={"person": aset}).json()["fact"]["id"] == only_second["fact"]["id"]
    assert client.get("/api/review/next", params={"document": demo_doc}).json()["remaining"] == everything - 1
    # a decision made in a narrowed queue comes back to the same queue
    decided = client.post(f"/review/{only_second['fact']['id']}", data={
        "csrf_token": token, "decision": "confirm", "document": str(second), "seen_status": "proposed"})
    assert decided.status_code == 303 and decided.headers["location"] == f"/review?document={second}"
    page = client.get(decided.headers["location"])
    assert "Nothing is waiting for review" in page.text and f"document #{second}" in page.text
