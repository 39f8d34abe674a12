"""A team server: what two people doing the same thing at once, and the files aigak writes, must do."""

from __future__ import annotations

import threading

import pytest

import aigak.ingest.pipeline as pipeline_module
import aigak.store.documents as documents_module
from aigak.ingest.pipeline import ingest_bytes
from aigak.store.documents import list_documents
from aigak.store.engine import Store

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
