"""Writing and reading the processed tables.

Writes are checked against the declared schema (types, nulls, allowed values,
unique keys) and atomic: all tables are written to a staging folder first and
moved into place only when every one of them is complete, so an interrupted or
failed build leaves the previous tables as they were.  The same rows give the
same bytes: no timestamps, no pandas index metadata.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from fazhi.errors import ProcessedDataError, SchemaError
from fazhi.store.parquetparts import Part, PartWriter, encode, split
from fazhi.schema import TABLES, TableSpec


def columns(rows: list[dict], spec: TableSpec) -> dict[str, list]:
    """Rows as dicts → ``spec``'s column lists (the input of :func:`to_arrow`)."""
    return {name: [r[name] for r in rows] for name in spec.names}


def to_arrow(rows: Mapping[str, list], spec: TableSpec) -> pa.Table:
    """Column lists → an Arrow table of ``spec``'s schema, or :class:`SchemaError`."""
    missing = [n for n in spec.names if n not in rows]
    extra = [n for n in rows if n not in spec.names]
    if missing or extra:
        raise SchemaError(f"table {spec.name}: missing columns {missing}, unexpected columns {extra}")
    try:
        table = pa.Table.from_pydict({n: rows[n] for n in spec.names}, schema=spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as e:
        raise SchemaError(f"table {spec.name}: {e}") from None
    validate(table, spec)
    return table


def validate(table: pa.Table, spec: TableSpec) -> None:
    """Check nulls, allowed values and key uniqueness of ``table``."""
    for col in spec.columns:
        arr = table.column(col.name)
        if not col.nullable and arr.null_count:
            raise SchemaError(f"table {spec.name}: column {col.name} has {arr.null_count} null value(s)")
        if col.values:
            bad = sorted({v for v in pc.unique(arr).to_pylist() if v is not None and v not in col.values})
            if bad:
                raise SchemaError(f"table {spec.name}: column {col.name} has values {bad} not in {list(col.values)}")
    if len(spec.key) == 1 and pc.count_distinct(table.column(spec.key[0]), mode="all").as_py() == table.num_rows:
        return  # one key column, all distinct: checked in Arrow, no Python object per row
    keys = list(zip(*(table.column(k).to_pylist() for k in spec.key)))
    if len(set(keys)) != len(keys):
        seen, dup = set(), None
        for k in keys:
            if k in seen:
                dup = k
                break
            seen.add(k)
        raise SchemaError(f"table {spec.name}: duplicate key {dup} for ({', '.join(spec.key)})")


PARQUET_OPTIONS = dict(compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True)


@functools.lru_cache(maxsize=None)
def parquet_options(name: str) -> dict:
    """How table ``name`` is encoded: :data:`PARQUET_OPTIONS`, with its 32- and 64-bit
    integer columns (offsets, sequence and line numbers, counts) delta-encoded instead
    of dictionary-encoded.  Offsets rise row by row, so deltas are small: the quality
    table is a third of its dictionary-encoded size (and the shards that keep its rows
    are smaller to read from a cold disk).  Small integers (years, depths, cluster ids)
    keep their dictionaries.

    >>> parquet_options("quality")["column_encoding"]["start"], "tokens.list.element" in parquet_options("themes")["use_dictionary"]
    ('DELTA_BINARY_PACKED', True)
    """
    schema = TABLES[name].schema
    wide = {f.name for f in schema if pa.types.is_integer(f.type) and f.type.bit_width >= 32}
    # Dictionaries are named by Parquet column path (a list's strings are "tokens.list.element").
    parquet = pq.ParquetFile(pa.BufferReader(encode(schema.empty_table()))).schema
    leaves = [parquet.column(i).path for i in range(len(parquet))]
    return dict(PARQUET_OPTIONS, use_dictionary=[p for p in leaves if p.split(".")[0] not in wide], column_encoding={n: "DELTA_BINARY_PACKED" for n in sorted(wide)})


#: Rows per Parquet row group when streaming: big enough for fast reads, small
#: enough that the buffer stays a few MB.  Fixed, so output never depends on batching.
ROW_GROUP_ROWS = 65_536
#: Tables with large rows get smaller groups: a documents row holds the whole text,
#: and 65,536 of them would be buffered until the end of the build.
ROW_GROUP_ROWS_BY_TABLE = {"documents": 1_024}
#: Parts of one table queued for its writer thread before the build waits.
PENDING = 2


def row_group_rows(name: str) -> int:
    return ROW_GROUP_ROWS_BY_TABLE.get(name, ROW_GROUP_ROWS)


def encode_part(name: str, table: pa.Table) -> Part:
    """Rows of table ``name`` encoded once, as :class:`TableStream.write_part` takes them
    (row groups of :func:`row_group_rows`; a cached shard keeps its rows this way)."""
    spec = TABLES[name]
    if not table.schema.equals(spec.schema):
        table = table.cast(spec.schema)
    # Contiguous columns: Parquet's encoder works batch by batch (its fallback from
    # dictionary to plain encoding happens at a batch edge), so the bytes would otherwise
    # depend on how the rows arrived.
    return split(encode(table.combine_chunks(), row_group_size=row_group_rows(name), **parquet_options(name)))


@functools.lru_cache(maxsize=None)
def _template(name: str) -> bytes:
    return encode(TABLES[name].schema.empty_table(), **parquet_options(name))


class TableStream:
    """Write tables batch by batch, all or nothing (:meth:`commit` or :meth:`abort`).

    Each table is validated batch by batch against its spec and written to a
    staging folder in row groups of :func:`row_group_rows`, whatever the batches
    were, so the bytes depend only on the rows.  Key uniqueness is checked within a
    batch; per-document batches are unique across batches because every key
    starts with ``doc_id`` and the manifest rejects duplicate doc_ids.  Rows already
    encoded (:func:`encode_part`, kept by a cached shard) are written with
    :meth:`write_part`, copied without being decoded (:mod:`fazhi.store.parquetparts`).

    Parquet encoding (compression above all) runs in one background thread per
    table — Arrow releases the GIL — so it overlaps the build's own work; a table's
    parts are still written in order, and at most :data:`PENDING` of them wait.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self._created = not self.out_dir.exists()  # removed again if the build fails
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
        self._files: dict[str, BinaryIO] = {}
        self._writers: dict[str, PartWriter] = {}
        self._buffers: dict[str, list[pa.Table]] = {}
        self._rows: dict[str, int] = {}
        self._threads: dict[str, ThreadPoolExecutor] = {}
        self._pending: dict[str, deque[Future]] = {}
        self.counts: dict[str, int] = {}

    def write(self, name: str, table: pa.Table, *, validated: bool = False) -> None:
        """Append ``table``; ``validated`` skips the checks for tables :func:`to_arrow` made."""
        spec = TABLES[name]
        if table.schema != spec.schema:
            table = table.cast(spec.schema)
        if not validated:
            validate(table, spec)
        self._buffers.setdefault(name, []).append(table)
        self._rows[name] = self._rows.get(name, 0) + table.num_rows
        self.counts[name] = self.counts.get(name, 0) + table.num_rows
        if self._rows[name] >= row_group_rows(name):
            self._flush(name, final=False)

    def write_part(self, name: str, part: Part) -> None:
        """Append rows encoded by :func:`encode_part` (after any rows given to :meth:`write`)."""
        if self._rows.get(name):
            self._flush(name, final=True)
        self.counts[name] = self.counts.get(name, 0) + part.num_rows
        self._submit(name, self._writer(name).append, part)

    def _writer(self, name: str) -> PartWriter:
        if name not in self._writers:
            self._files[name] = open(self.staging / f"{name}.parquet", "wb")
            self._writers[name] = PartWriter(self._files[name], _template(name))
        return self._writers[name]

    def _flush(self, name: str, *, final: bool) -> None:
        table = pa.concat_tables(self._buffers.pop(name, []) or [TABLES[name].schema.empty_table()])
        writer = self._writer(name)
        group = row_group_rows(name)
        cut = table.num_rows if final else (table.num_rows // group) * group
        if cut:
            self._submit(name, lambda rows: writer.append(encode_part(name, rows)), table.slice(0, cut))
        rest = table.slice(cut)
        self._buffers[name] = [rest] if rest.num_rows else []
        self._rows[name] = rest.num_rows

    def _submit(self, name: str, fn, *args) -> None:
        if name not in self._threads:
            self._threads[name] = ThreadPoolExecutor(1, thread_name_prefix=f"write-{name}")
            self._pending[name] = deque()
        pending = self._pending[name]
        pending.append(self._threads[name].submit(fn, *args))
        while len(pending) > PENDING or (pending and pending[0].done()):
            pending.popleft().result()  # waits if too many; raises the thread's error here

    def _drain(self) -> None:
        """Wait for every background write (re-raising the first error) and end the threads."""
        try:
            for name, pending in self._pending.items():
                while pending:
                    pending.popleft().result()
        finally:
            for pool in self._threads.values():
                pool.shutdown(wait=True, cancel_futures=True)
            self._threads, self._pending = {}, {}

    def _close_files(self) -> None:
        for f in self._files.values():
            f.close()

    def commit(self) -> list[Path]:
        """Close every table and move them all into ``out_dir``."""
        try:
            for name in TABLES:
                if name in self._buffers or name in self._writers:
                    self._flush(name, final=True)
            self._drain()
            for w in self._writers.values():
                w.close()
            self._close_files()
            written = []
            for name in self._writers:
                target = self.out_dir / f"{name}.parquet"
                os.replace(self.staging / f"{name}.parquet", target)
                written.append(target)
            return written
        finally:
            self._close_files()
            shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Drop everything written; ``out_dir`` is as it was (absent if it was)."""
        try:
            self._drain()
        except Exception:  # noqa: BLE001 - already failing: the first error is the one raised
            pass
        self._close_files()
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._created:
            try:
                self.out_dir.rmdir()
            except OSError:  # something else put files there meanwhile: leave them
                pass


def _open(out_dir: Path, name: str, reader):
    """``reader(path)`` of a processed table (schema or rows), its columns checked against this version's."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        raise ProcessedDataError(f"missing table {name}.parquet; run `fazhi build` (or `make briefing`) first", path=path)
    try:
        result = reader(path)
    except (OSError, pa.ArrowInvalid) as e:
        raise ProcessedDataError(f"cannot read table: {e}", path=path) from None
    names = result.names if isinstance(result, pa.Schema) else result.schema.names
    if names != TABLES[name].names:
        raise ProcessedDataError(
            f"table {name} has columns {names}, this fazhi expects {TABLES[name].names}; rebuild with `fazhi build`",
            path=path,
        )
    return result


def read_schema(out_dir: Path, name: str) -> pa.Schema:
    """The schema of a processed table, checked (reads no rows)."""
    return _open(out_dir, name, pq.read_schema)


def read_table(out_dir: Path, name: str) -> pa.Table:
    return _open(out_dir, name, pq.read_table)
