"""Publishing the processed tables: Parquet encoding, streaming, all-or-nothing commit.

Writes are checked against the declared schema (:mod:`fazhi.tables`) and atomic:
all tables are written to a staging folder first and moved into place only when
every one of them is complete, so an interrupted or failed build leaves the
previous tables as they were.  The same rows give the same bytes: no timestamps,
no pandas index metadata, row groups that do not depend on how rows arrived.
Rows already encoded (a cached shard's, :mod:`fazhi.store.parquetparts`) are
copied into the tables without being decoded.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from fazhi.store.parquetparts import Part, PartWriter, encode, split
from fazhi.schema import TABLES
from fazhi.tables import validate


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
        self.written: list[Path] = []  # the tables' paths, once committed

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
            self.written = written
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
