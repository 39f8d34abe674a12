"""`aigak batch` on a real local Ray cluster: Parquet and PostgreSQL outputs equal the single-process results."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bulk_support import fictional_articles, snapshot, write_articles

from aigak.core.errors import ConfigError
from aigak.ingest.pipeline import ingest_paths
from aigak.operations.bulk import extract_pending
from aigak.scale.parquet import PartWriter, import_facts, iter_records
from aigak.scale.ray_batch import detect_input_format, require_ray, run_batch
from aigak.store.documents import find_document_by_sha
from aigak.store.engine import Store, open_store

BACKEND = "rules.v1"


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """One local Ray cluster (2 CPUs, no dashboard, loopback only) for every batch test of this module."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of articles with one duplicate and one file that is not a document."""
    folder = tmp_path_factory.mktemp("archive")
    texts = fictional_articles(12, seed=21)
    write_articles(folder, texts)
    (folder / "z-copy.txt").write_text(texts[3], encoding="utf-8")
    (folder / "z-image.bin").write_bytes(b"\x00\x01\x02" * 40)
    return folder


@pytest.fixture(scope="module")
def single_process(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    """What `ingest` then `extract --all` store for the archive, in one process."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('single') / 'single.db'}")
    ingest_paths(store, [str(archive)])
    extract_pending(store, BACKEND)
    snap = snapshot(store)
    store.close()
    return snap


@pytest.mark.ray
def test_batch_to_parquet_then_import_equals_the_single_process_store(
        ray_cluster: None, archive: Path, single_process: dict[str, list[tuple[object, ...]]], tmp_path: Path) -> None:
    done = run_batch(archive, output=tmp_path / "out", backend=BACKEND)
    assert (done.done, done.errors) == (14, 1)
    assert done.failures[0][0].endswith("z-image.bin") and "binary" in done.failures[0][1]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["part-00000.parquet"]
    assert [r["ordinal"] for r in iter_records(tmp_path / "out")] == list(range(14))

    store = open_store(f"sqlite:///{tmp_path / 'imported.db'}")
    imported = import_facts(store, tmp_path / "out")
    assert (imported.documents, imported.errors, imported.skipped) == (12, 1, 1)
    assert snapshot(store) == single_process
    again = import_facts(store, tmp_path / "out")
    assert (again.documents, again.facts, again.skipped) == (0, 0, 13)
    assert snapshot(store) == single_process
    store.close()


@pytest.mark.ray
@pytest.mark.postgres
def test_batch_to_postgres_equals_the_single_process_store_and_resumes(
        ray_cluster: None, archive: Path, single_process: dict[str, list[tuple[object, ...]]], pg_url: str) -> None:
    first = run_batch(archive, database_url=pg_url, backend=BACKEND)
    assert (first.documents, first.errors) == (12, 1)
    store = open_store(pg_url)
    assert snapshot(store) == single_process
    second = run_batch(archive, database_url=pg_url, backend=BACKEND)
    assert (second.documents, second.facts, second.skipped) == (0, 0, 13)
    assert snapshot(store) == single_process
    store.close()


def _rows(texts: list[str]) -> list[dict[str, object]]:
    return [{"text": t, "title": f"Report {i}", "published": "2021-05-0" + str(i + 1), "url": f"https://example.org/{i}"}
            for i, t in enumerate(texts)]


@pytest.mark.ray
@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_batch_reads_a_dataset_of_articles_with_their_metadata(ray_cluster: None, kind: str, tmp_path: Path) -> None:
    texts = fictional_articles(3, seed=31)
    rows = _rows(texts)
    if kind == "jsonl":
        source = tmp_path / "articles.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        source = tmp_path / "articles.parquet"
        pq.write_table(pa.Table.from_pylist(rows), source)
    assert detect_input_format(source) == kind
    done = run_batch(source, output=tmp_path / "out", backend=BACKEND)
    assert (done.done, done.errors) == (3, 0)
    store = open_store(f"sqlite:///{tmp_path / 'ds.db'}")
    import_facts(store, tmp_path / "out")
    import hashlib

    with store.read() as conn:
        for i, text in enumerate(texts):
            doc = find_document_by_sha(conn, hashlib.sha256(text.encode()).hexdigest())
            assert doc is not None
            assert (doc.title, doc.published, doc.filename, doc.text) == (
                f"Report {i}", f"2021-05-0{i + 1}", f"https://example.org/{i}", text)
            assert doc.reference_date is not None and doc.reference_date.startswith("2021")
    store.close()


def test_batch_without_ray_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if it were not installed
    with pytest.raises(ConfigError, match=r"pip install 'aigak\[scale\]'"):
        require_ray()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "exactly one destination"),
    ({"output": "o", "database_url": "postgresql://x/y"}, "exactly one destination"),
], ids=["none", "both"])
def test_batch_needs_exactly_one_destination(kwargs: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        run_batch(tmp_path, **kwargs)  # type: ignore[arg-type]


def test_batch_refuses_a_sqlite_destination(tmp_path: Path) -> None:
    write_articles(tmp_path / "a", fictional_articles(1))
    with pytest.raises(ConfigError, match="cannot share a SQLite file"):
        run_batch(tmp_path / "a", database_url=f"sqlite:///{tmp_path / 'x.db'}")


def test_parquet_output_must_go_to_a_new_folder(tmp_path: Path) -> None:
    with PartWriter(tmp_path / "out") as writer:
        writer.write_records([])
    (tmp_path / "out" / "part-00000.parquet").write_bytes(b"PAR1")
    with pytest.raises(ConfigError, match="new or empty folder"):
        PartWriter(tmp_path / "out")


def test_import_facts_refuses_a_parquet_file_that_is_not_batch_output(sqlite_store: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": ["hello"]}), tmp_path / "other.parquet")
    with pytest.raises(ConfigError, match="not an aigak batch output"):
        import_facts(sqlite_store, tmp_path / "other.parquet")
    with pytest.raises(ConfigError, match="No Parquet files"):
        import_facts(sqlite_store, tmp_path / "nothing-here")


def test_batch_command_on_a_sqlite_store_asks_for_a_destination(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("batch", str(tmp_path))
    assert result.code == 1 and "--output FOLDER" in result.stderr


def test_import_facts_command_loads_parts_written_without_ray(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from aigak.scale.records import extract_record, record_from_file

    paths = write_articles(tmp_path / "a", fictional_articles(2))
    with PartWriter(tmp_path / "out") as writer:
        writer.write_records([extract_record(record_from_file(p, i, 1 << 20), BACKEND) for i, p in enumerate(paths)])
    result = run_cli("import-facts", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    assert "2 new documents" in result.stdout
