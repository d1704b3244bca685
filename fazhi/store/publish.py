"""Publishing the processed tables: Parquet encoding, streaming, all-or-nothing commit.

Writes are checked against the declared schema (:mod:`fazhi.tables`) and published
as one **snapshot**: all tables are written to a staging folder under
``out/.snapshots/``; when every one is complete the folder is renamed to a snapshot and
the symlink ``out/current`` is switched to it in one atomic rename.  ``out/<table>.parquet``
are fixed symlinks into ``current/``, so a reader sees the old set or the new set, never
a mix, and a build killed at any point leaves the previous set as it was.  Each snapshot
holds ``snapshot.json`` (rows, bytes and BLAKE2b of every table), which :func:`fazhi.load`
checks.  One build at a time writes to a folder (a lock file); staging folders of builds
that died are removed by the next one.  The same rows give the same bytes: no timestamps,
no pandas index metadata, row groups that do not depend on how rows arrived.
Rows already encoded (a cached shard's, :mod:`fazhi.store.parquetparts`) are
copied into the tables without being decoded.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from fazhi.errors import OutputError
from fazhi.store.cache import usable_folder
from fazhi.store.parquetparts import Part, PartWriter, encode, split
from fazhi.schema import TABLES
from fazhi.tables import CURRENT, MANIFEST, ends_digest, validate


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
SNAPSHOTS = ".snapshots"
LOCK = ".fazhi-build.lock"


def _symlink_atomic(target: str, link: Path) -> None:
    """Point ``link`` at ``target`` in one rename (readers see the old or the new link)."""
    tmp = link.parent / f".link-{os.getpid()}-{link.name}"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _lock(out_dir: Path):
    """An exclusive lock on ``out_dir`` for this build (released when the file closes)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return None
    f = open(out_dir / LOCK, "a+b")  # noqa: SIM115 - held until commit or abort
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise OutputError("another fazhi build is writing to this folder; wait for it to finish", path=out_dir) from None
    return f


def snapshot_manifest(folder: Path, names) -> dict:
    """Rows, bytes and BLAKE2b-128 of tables ``names`` in ``folder`` (deterministic)."""
    out = {}
    for name in names:
        path = folder / f"{name}.parquet"
        data = path.read_bytes()
        out[name] = {
            "rows": pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows,
            "bytes": len(data),
            "blake2b": hashlib.blake2b(data, digest_size=16).hexdigest(),
            "ends_blake2b": ends_digest(path),
        }
    return {"format": 1, "tables": out}



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


def decode_part(name: str, part: Part) -> pa.Table:
    """The rows of an encoded part of table ``name`` (the corpus stage reads a cached shard's
    indicator rows this way: they were kept encoded only)."""
    sink = io.BytesIO()
    writer = PartWriter(sink, _template(name))
    writer.append(part)
    writer.close()
    return pq.read_table(pa.BufferReader(sink.getvalue()))


@functools.lru_cache(maxsize=None)
def _template(name: str) -> bytes:
    return encode(TABLES[name].schema.empty_table(), **parquet_options(name))


#: Fault-injection points of :meth:`TableStream.commit` (tests replace this to kill a build there).
def hook(point: str) -> None:
    """Called at ``"written"`` (every table in the staging folder), ``"renamed"`` (the
    staging folder is a snapshot), ``"switched"`` (``current`` points to it: committed)
    and ``"linked"`` (the table links exist)."""


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
        usable_folder(self.out_dir, "the output folder")
        self._lock = _lock(self.out_dir)
        snapshots = self.out_dir / SNAPSHOTS
        snapshots.mkdir(exist_ok=True)
        # Holding the lock, any staging folder here belongs to a build that died.
        for dead in [*snapshots.glob(".staging-*"), *self.out_dir.glob(".staging-*")]:
            shutil.rmtree(dead, ignore_errors=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=snapshots))
        os.chmod(self.staging, 0o755)  # a snapshot is as readable as the tables used to be
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
            for f in self._files.values():
                f.flush()
                os.fsync(f.fileno())
            self._close_files()
            names = [name for name in TABLES if name in self._writers]
            manifest = snapshot_manifest(self.staging, names)
            (self.staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
            hook("written")
            snapshot = self.staging.with_name(self.staging.name.replace(".staging-", "snapshot-", 1))
            os.rename(self.staging, snapshot)
            current = self.out_dir / CURRENT
            previous = os.readlink(current) if current.is_symlink() else None
            hook("renamed")
            _symlink_atomic(f"{SNAPSHOTS}/{snapshot.name}", current)  # the commit: one rename
            hook("switched")
            for filename in [f"{name}.parquet" for name in names] + [MANIFEST]:
                link = self.out_dir / filename
                if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{filename}"):
                    _symlink_atomic(f"{CURRENT}/{filename}", link)  # once per folder (or replacing an old layout's file)
            written = [self.out_dir / f"{name}.parquet" for name in names]
            hook("linked")
            # Keep the previous snapshot for readers that load tables lazily; drop older ones.
            keep = {snapshot.name, Path(previous).name if previous else None}
            for old in (self.out_dir / SNAPSHOTS).glob("snapshot-*"):
                if old.name not in keep:
                    shutil.rmtree(old, ignore_errors=True)
            self.written = written
            return written
        finally:
            self._close_files()
            shutil.rmtree(self.staging, ignore_errors=True)
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def abort(self) -> None:
        """Drop everything written; ``out_dir`` is as it was (absent if it was)."""
        try:
            self._drain()
        except Exception:  # noqa: BLE001 - already failing: the first error is the one raised
            pass
        self._close_files()
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._created:
            shutil.rmtree(self.out_dir / SNAPSHOTS, ignore_errors=True)
            (self.out_dir / LOCK).unlink(missing_ok=True)
            try:
                self.out_dir.rmdir()
            except OSError:  # something else put files there meanwhile: leave them
                pass
        self._unlock()
