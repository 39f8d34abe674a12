"""`aigak batch` on Ray Data: read an archive of articles, extract on a cluster, write to PostgreSQL or Parquet.

Ray is optional (the `scale` extra) and imported only when a batch runs. The work per article is
the single-machine path's, record by record (`aigak.scale.records`), so a batch run stores exactly
the documents and facts that `aigak ingest` plus `aigak extract --all` would.

Two destinations:
- Parquet: workers extract; this process writes numbered parts in input order, which
  `aigak import-facts` loads into any store (SQLite included).
- PostgreSQL: each worker writes its documents straight to the database, one transaction per
  document, skipping those already extracted by the backend version, so a stopped run resumes.
  People are then placed in the person registry by this process, in document order.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from aigak.core.errors import AigakError, BackendError, ConfigError
from aigak.scale.records import BatchProgress

__all__ = ["BLOCK_ROWS", "InputFormat", "detect_input_format", "require_ray", "run_batch"]

BLOCK_ROWS = 128
"""Articles per Ray block: the unit of scheduling, retry and progress."""
BATCH_ROWS = 32
"""Articles a worker handles per call."""
_FORMATS = ("files", "parquet", "jsonl")
InputFormat = str
"""`files` (a folder of documents, read like `aigak ingest`), `parquet` or `jsonl` (datasets of articles)."""


def require_ray() -> ModuleType:
    """The `ray` module with Ray Data loaded, or a ConfigError that says how to install it."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigError("`aigak batch` runs on Ray, which is not installed: "
                          "pip install 'aigak[scale]' (Ray Data and pyarrow).") from exc
    return ray


def detect_input_format(source: Path) -> InputFormat:
    """`parquet` or `jsonl` for a dataset file or a folder holding only such files, else `files`."""
    suffixes = {source.suffix.lower()} if source.is_file() else {
        p.suffix.lower() for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")}
    if suffixes == {".parquet"}:
        return "parquet"
    if suffixes and suffixes <= {".jsonl", ".json"} and (source.is_dir() or source.suffix.lower() == ".jsonl"):
        return "jsonl"
    return "files"


# --- work done on the cluster's workers (module-level so Ray can pickle it by reference) ---

def _records_table(records: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    from aigak.scale.parquet import record_schema

    return pa.Table.from_pylist(records, schema=record_schema())


def _prepare_files(batch: dict[str, Any], max_bytes: int) -> list[dict[str, Any]]:
    from aigak.scale.records import record_from_file

    return [record_from_file(str(path), int(ordinal), max_bytes)
            for ordinal, path in zip(batch["ordinal"], batch["path"], strict=True)]


def _prepare_rows(table: Any, origin: str) -> list[dict[str, Any]]:
    from aigak.scale.records import record_from_row

    return [record_from_row(row, -1, origin) for row in table.to_pylist()]


def _prepare(batch: Any, input_format: str, max_bytes: int, origin: str) -> list[dict[str, Any]]:
    if input_format == "files":
        return _prepare_files(batch.to_pydict(), max_bytes)
    return _prepare_rows(batch, origin)


def _extract_batch(batch: Any, *, input_format: str, max_bytes: int, origin: str, backend: str) -> Any:
    """Read, decode and extract one batch of articles (a Ray Data task)."""
    from aigak.scale.records import extract_record

    return _records_table([extract_record(r, backend) for r in _prepare(batch, input_format, max_bytes, origin)])


def _OUTCOME_SCHEMA() -> Any:
    import pyarrow as pa

    return pa.schema([("path", pa.string()), ("created", pa.bool_()), ("facts", pa.int64()),
                      ("skipped", pa.bool_()), ("error", pa.string())])


class _StoreWriter:
    """A Ray actor that extracts articles and writes them straight to one PostgreSQL store."""

    def __init__(self, url: str, backend: str, actor: str, input_format: str, max_bytes: int, origin: str) -> None:
        from aigak.store.engine import open_store

        self.store = open_store(url, migrate=False)
        self.backend, self.actor = backend, actor
        self.input_format, self.max_bytes, self.origin = input_format, max_bytes, origin

    def __call__(self, batch: Any) -> Any:
        from aigak.scale.records import extract_record, is_done, store_record

        out: dict[str, list[Any]] = {"path": [], "created": [], "facts": [], "skipped": [], "error": []}
        for record in _prepare(batch, self.input_format, self.max_bytes, self.origin):
            skipped = record["sha256"] is not None and is_done(self.store, record["sha256"], self.backend)
            outcome = None
            if not skipped:
                outcome = store_record(self.store, extract_record(record, self.backend), actor=self.actor,
                                       resolve=False)
            out["path"].append(record["path"])
            out["created"].append(bool(outcome and outcome.created))
            out["facts"].append(-1 if outcome is None or outcome.facts is None else outcome.facts)
            out["skipped"].append(skipped or (outcome is not None and outcome.facts is None and outcome.error is None))
            out["error"].append(outcome.error if outcome is not None else None)
        import pyarrow as pa

        return pa.Table.from_pydict(out, schema=_OUTCOME_SCHEMA())


# --- the driver ---

@dataclass(frozen=True, slots=True)
class _Input:
    dataset: Any
    total: int | None


def _file_input(ray: ModuleType, source: Path, blocks_hint: int) -> _Input:
    from aigak.ingest.pipeline import expand_paths

    paths = [str(Path(p).resolve()) for p in expand_paths([str(source)])]
    if not paths:
        raise ConfigError(f"No files in {source}.")
    items = [{"ordinal": i, "path": p} for i, p in enumerate(paths)]
    blocks = max(blocks_hint, math.ceil(len(items) / BLOCK_ROWS))
    return _Input(ray.data.from_items(items, override_num_blocks=min(blocks, len(items))), len(items))


def _dataset_input(ray: ModuleType, source: Path, input_format: str, blocks_hint: int) -> _Input:
    path = str(source.resolve())
    if input_format == "parquet":
        ds = ray.data.read_parquet(path)
    else:
        ds = ray.data.read_json(path, lines=True)  # Ray's own line reader: one long article per line is fine
    return _Input(ds.repartition(blocks_hint), None)


@dataclass(frozen=True, slots=True)
class _Cluster:
    ray: ModuleType
    started_here: bool


def _connect(address: str | None, num_cpus: int | None) -> _Cluster:
    ray = require_ray()
    if ray.is_initialized():
        return _Cluster(ray, False)
    logging.getLogger("ray").setLevel(logging.WARNING)
    try:
        if address:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, logging_level=logging.WARNING,
                     log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"Cannot reach the Ray cluster{' at ' + address if address else ''}: {exc}. "
                          "Check `ray status` on the head node, or leave out --address to start a local one.") from exc
    return _Cluster(ray, True)


def _configure_data(ray: ModuleType) -> None:
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # parts come out in input order, so imports keep it
    ctx.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)


def _count_parquet(progress: BatchProgress, table: Any) -> None:
    for path, error, extraction in zip(table.column("path").to_pylist(), table.column("error").to_pylist(),
                                       table.column("extraction").to_pylist(), strict=True):
        progress.done += 1
        if error is not None:
            progress.fail(path or "?", error)
        if extraction is not None:
            progress.documents += 1
            result = json.loads(extraction)
            progress.facts += sum(len(result.get(k) or []) for k in ("entities", "relations", "events", "amounts"))


def _count_store(progress: BatchProgress, table: Any) -> None:
    batch = table.to_pydict()
    for path, created, facts, skipped, error in zip(batch["path"], batch["created"], batch["facts"],
                                                    batch["skipped"], batch["error"], strict=True):
        progress.done += 1
        progress.documents += int(bool(created))
        progress.facts += max(int(facts), 0)
        progress.skipped += int(bool(skipped))
        if error is not None:
            progress.fail(str(path), str(error))


def _resolve_people(url: str, actor: str) -> None:
    """Workers store documents in any order; people are resolved here, in document order, one at a time."""
    from aigak.scale.records import resolve_pending
    from aigak.store.engine import open_store

    store = open_store(url, migrate=False)
    try:
        resolve_pending(store, actor=actor)
    finally:
        store.close()


def _batches(dataset: Any, batch_format: str) -> Iterator[Any]:
    try:
        yield from dataset.iter_batches(batch_size=None, batch_format=batch_format)
    except AigakError:
        raise
    except Exception as exc:  # a worker crashed: Ray wraps the cause in its own task error
        raise BackendError(f"a Ray worker failed: {exc.__class__.__name__}: {str(exc).splitlines()[0][:300]}. "
                           "Work already written stays written; run again to resume (PostgreSQL) "
                           "or write to a new folder (Parquet).", backend="batch") from exc


def run_batch(source: str | Path, *, output: str | Path | None = None, database_url: str | None = None,
              address: str | None = None, num_cpus: int | None = None, backend: str = "rules.v1",
              input_format: InputFormat | None = None, max_bytes: int | None = None, actor: str = "batch",
              on_progress: Callable[[BatchProgress], None] | None = None) -> BatchProgress:
    """Extract every article of `source` on a Ray cluster and write the results to Parquet or PostgreSQL.

    Args:
        source: a folder of documents (as `aigak ingest` reads them), or a Parquet or JSONL dataset
            (a file or a folder) with a `text` column and optional `title`, `author`, `published`,
            `filename`/`url`/`id`. On a cluster of several machines, every node must see this path.
        output: a new or empty folder for Parquet parts (load them with `aigak import-facts`).
        database_url: a PostgreSQL URL that workers write to directly.
        address: a running Ray cluster (`ray://host:10001` or `host:6379`); None starts a local
            one for the run (or uses the one this process already joined).
        num_cpus: CPUs of the local cluster (default: all).
        backend: the versioned extraction backend.
        input_format: `files`, `parquet` or `jsonl` (default: guessed from the path).
        max_bytes: largest source file accepted (default: `AIGAK_MAX_FILE_MB`).
        actor: who is acting, for the audit trail.
        on_progress: called after each block of results with the running totals.

    Returns:
        The totals: records done, documents, facts, skipped, errors with their first messages.

    Raises:
        ConfigError: Ray or pyarrow is missing, the destination is not exactly one of Parquet or
            PostgreSQL, the input is empty, or the cluster cannot be reached.
        BackendError: a worker crashed.
    """
    from aigak.ingest.pipeline import max_file_bytes
    from aigak.scale.parquet import PartWriter, require_pyarrow

    if (output is None) == (database_url is None):
        raise ConfigError("Give exactly one destination: --output FOLDER (Parquet) or --to-db URL (PostgreSQL).")
    src = Path(source)
    if not src.exists():
        raise ConfigError(f"{source} does not exist.")
    fmt = input_format or detect_input_format(src)
    if fmt not in _FORMATS:
        raise ConfigError(f"Unknown input format {fmt!r}: use {', '.join(_FORMATS)}.")
    require_pyarrow()
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    writer = None
    if database_url is not None:
        from aigak.store.engine import open_store

        target = open_store(database_url)  # create or upgrade the schema once, before the workers connect
        if target.is_sqlite:
            target.close()
            raise ConfigError("Ray workers cannot share a SQLite file: write Parquet with --output and load it "
                              "with `aigak import-facts`, or give a PostgreSQL URL.")
        url = target.engine.url.render_as_string(hide_password=False)
        target.close()
    else:
        assert output is not None
        writer = PartWriter(output)

    cluster = _connect(address, num_cpus)
    ray = cluster.ray
    try:
        _configure_data(ray)
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        data = _file_input(ray, src, cpus * 4) if fmt == "files" else _dataset_input(ray, src, fmt, cpus * 4)
        progress = BatchProgress(total=data.total)
        args = {"input_format": fmt, "max_bytes": limit, "origin": src.name}
        if writer is not None:
            ds = data.dataset.map_batches(_extract_batch, batch_size=BATCH_ROWS, batch_format="pyarrow",
                                          fn_kwargs={**args, "backend": backend})
            for table in _batches(ds, "pyarrow"):
                writer.write(table)
                _count_parquet(progress, table)
                if on_progress is not None:
                    on_progress(progress)
            writer.close()
        else:
            ds = data.dataset.map_batches(
                _StoreWriter, batch_size=BATCH_ROWS, batch_format="pyarrow", concurrency=cpus,
                fn_constructor_kwargs={"url": url, "backend": backend, "actor": actor, **args})
            for table in _batches(ds, "pyarrow"):
                _count_store(progress, table)
                if on_progress is not None:
                    on_progress(progress)
            _resolve_people(url, actor)
        return progress
    finally:
        if cluster.started_here:
            ray.shutdown()
