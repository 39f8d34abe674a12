"""Parquet files of batch records: written in numbered parts, read back in order by `import-facts`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Self

from aigak.core.errors import ConfigError
from aigak.scale.records import RECORD_FIELDS, BatchProgress, store_record
from aigak.store.engine import Store

__all__ = ["PART_GLOB", "ROWS_PER_PART", "PartWriter", "import_facts", "iter_records", "record_schema", "require_pyarrow"]

ROWS_PER_PART = 2_000
"""Records in one part file: small enough to hold in memory, large enough that files stay few."""
PART_GLOB = "part-*.parquet"
IMPORT_BATCH_ROWS = 256


def require_pyarrow() -> ModuleType:
    """The pyarrow module, or a ConfigError that says how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigError("Parquet files need pyarrow: pip install 'aigak[scale]'.") from exc
    return pyarrow  # type: ignore[no-any-return]


def record_schema() -> Any:
    """The Arrow schema of a record (see `RECORD_FIELDS`)."""
    pa = require_pyarrow()
    types = {"ordinal": pa.int64(), "body_start": pa.int64(), "body_end": pa.int64(), "data": pa.large_binary(),
             "text": pa.large_string(), "extraction": pa.large_string()}
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in RECORD_FIELDS])


def _part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(PART_GLOB))


class PartWriter:
    """Writes records to `part-00000.parquet`, `part-00001.parquet`, ... in a folder, in the order given.

    Each part is written under a temporary name and renamed when complete, so an interrupted run
    never leaves a truncated part that `import-facts` would read.
    """

    def __init__(self, folder: str | Path, *, rows_per_part: int = ROWS_PER_PART) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and _part_files(self.folder):
            raise ConfigError(f"{self.folder} already holds Parquet parts; write to a new or empty folder.")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.rows_per_part = rows_per_part
        self.parts = 0
        self.rows = 0
        self._pending: list[Any] = []
        self._pending_rows = 0

    def write(self, table: Any) -> None:
        """Add a pyarrow Table of records (in `record_schema()`)."""
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows >= self.rows_per_part:
            self._flush()

    def write_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add records given as dicts."""
        pa = require_pyarrow()
        self.write(pa.Table.from_pylist([dict(r) for r in records], schema=record_schema()))

    def _flush(self) -> None:
        if not self._pending_rows:
            return
        pa = require_pyarrow()
        import pyarrow.parquet as pq

        table = pa.concat_tables(self._pending).cast(record_schema())
        target = self.folder / f"part-{self.parts:05d}.parquet"
        tmp = target.with_suffix(".parquet.tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
        self.parts += 1
        self.rows += table.num_rows
        self._pending, self._pending_rows = [], 0

    def close(self) -> None:
        """Write what is left as the last part."""
        self._flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


def iter_records(source: str | Path) -> Iterator[dict[str, Any]]:
    """Records from a Parquet file or a folder of parts, in part order and, within a part, by ordinal.

    Raises:
        ConfigError: the path holds no Parquet file, or a file lacks the record columns.
    """
    require_pyarrow()
    import pyarrow.parquet as pq

    path = Path(source)
    files = [path] if path.is_file() else (_part_files(path) or sorted(path.glob("*.parquet")) if path.is_dir() else [])
    if not files:
        raise ConfigError(f"No Parquet files at {source}: give the folder `aigak batch --output` wrote.")
    for file in files:
        table = pq.read_table(file)
        missing = [name for name in RECORD_FIELDS if name not in table.column_names]
        if missing:
            raise ConfigError(f"{file} is not an aigak batch output (no {', '.join(missing)} column); "
                              "write it with `aigak batch --output`.")
        table = table.sort_by("ordinal")
        for start in range(0, table.num_rows, IMPORT_BATCH_ROWS):
            yield from table.slice(start, IMPORT_BATCH_ROWS).to_pylist()


def import_facts(store: Store, source: str | Path, *, actor: str = "cli",
                 on_progress: Callable[[BatchProgress], None] | None = None) -> BatchProgress:
    """Load the documents and facts of a batch run's Parquet output into the store.

    Each document and its facts are stored in one transaction, exactly as `aigak ingest` and
    `aigak extract --all` would have stored them; documents already extracted by the same backend
    version are skipped, so an interrupted import can simply be run again.

    Raises:
        ConfigError: the path holds no batch output, or pyarrow is not installed.
    """
    progress = BatchProgress()
    with store.bulk_writes():
        for record in iter_records(source):
            outcome = store_record(store, record, actor=actor)
            progress.done += 1
            if outcome.error is not None:
                progress.fail(record["path"] or "?", outcome.error)
            if outcome.created:
                progress.documents += 1
            if outcome.facts is not None:
                progress.facts += outcome.facts
            elif outcome.error is None:
                progress.skipped += 1
            if on_progress is not None:
                on_progress(progress)
    return progress
