"""Parquet files assembled from encoded parts, so unchanged rows are never encoded again.

A *part* is some rows of a table encoded once: :func:`encode` gives a complete
Parquet file, :func:`split` takes it apart into a :class:`Part` (its column-chunk
bytes and its row groups' footer entries, as templates with the offsets left open).
A :class:`PartWriter` writes parts one after another into one file: the column
chunks are copied as they are, each row group's footer entry is filled in with its
new offsets, and the footer lists them all.  The result is byte for byte the file
pyarrow's own ``ParquetWriter`` writes for the same row groups (the tests check it).
A rebuild copies a cached shard's parts instead of decoding and encoding its rows
again (encoding every table was a quarter of a one-document rebuild's CPU time).

>>> import pyarrow as pa, pyarrow.parquet as pq, io
>>> schema = pa.schema([("词", pa.string())])
>>> sink = io.BytesIO()
>>> w = PartWriter(sink, encode(schema.empty_table()))
>>> [w.append(encode(pa.table({"词": rows}, schema=schema))) for rows in (["法治"], ["政府", "建设"])]
[1, 2]
>>> w.close()
>>> pq.read_table(io.BytesIO(sink.getvalue())).column("词").to_pylist()
['法治', '政府', '建设']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from fazhi.store import thrift

MAGIC = b"PAR1"

# Parquet's footer fields (parquet.thrift) that hold byte offsets into the file.
_FILE_SCHEMA, _FILE_NUM_ROWS, _FILE_ROW_GROUPS = 2, 3, 4
_GROUP_COLUMNS, _GROUP_NUM_ROWS, _GROUP_FILE_OFFSET, _GROUP_ORDINAL = 1, 3, 5, 7
_CHUNK_FILE_OFFSET, _CHUNK_META, _CHUNK_OFFSET_INDEX, _CHUNK_COLUMN_INDEX = 2, 3, 4, 6
_META_OFFSETS = (9, 10, 11, 14)  # data, index, dictionary page; bloom filter


class PartError(ValueError):
    """Bytes that are not a Parquet file this module can take apart."""


@dataclass(frozen=True)
class Part:
    """One encoded part: its column chunks (``data``, which started at byte 4 of its
    file), its number of rows, and its footer's row groups as thrift templates whose
    offsets (relative to ``data``) and ordinals are filled in where the part is written."""

    data: bytes
    num_rows: int
    groups: tuple[tuple[tuple[bytes, ...], tuple[thrift.Hole, ...]], ...]
    schema: bytes  # digest of the Parquet schema: parts of one file must share it


def encode(table: pa.Table, *, row_group_size: int | None = None, **options) -> bytes:
    """``table`` as the bytes of a Parquet file (``options`` go to :class:`pyarrow.parquet.ParquetWriter`)."""
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, table.schema, **options) as w:
        if table.num_rows:
            w.write_table(table, row_group_size=row_group_size or table.num_rows)
    return sink.getvalue().to_pybytes()


def footer(data: bytes) -> list:
    """The FileMetaData struct of a Parquet file's bytes."""
    if len(data) < 12 or data[:4] != MAGIC or data[-4:] != MAGIC:
        raise PartError("not a Parquet file (no PAR1 magic)")
    size = int.from_bytes(data[-8:-4], "little")
    if size + 12 > len(data):
        raise PartError("footer length beyond the file")
    try:
        fields, end = thrift.read_struct(data, len(data) - 8 - size)
    except thrift.ThriftError as e:
        raise PartError(f"unreadable footer: {e}") from None
    if end != len(data) - 8:
        raise PartError("footer length does not match its contents")
    return fields


def split(data: bytes) -> Part:
    """A Parquet file's bytes as a :class:`Part`."""
    meta = footer(data)
    size = int.from_bytes(data[-8:-4], "little")
    if any(f[0] > 7 for f in meta):
        raise PartError("encrypted or unknown footer fields")
    groups = thrift.field(meta, _FILE_ROW_GROUPS)
    rows = thrift.field(meta, _FILE_NUM_ROWS)
    templates = tuple(thrift.write_template(_open(g)) for g in (groups[2][1] if groups else []))
    return Part(data[4 : len(data) - 8 - size], rows[2] if rows else 0, templates, _schema(meta))


def _schema(meta: list) -> bytes:
    field = thrift.field(meta, _FILE_SCHEMA)
    return hashlib.blake2b(thrift.write_struct([field] if field else []), digest_size=16).digest()


def _open(group: list) -> list:
    """A row group's footer entry with its file offsets (made relative to the part's
    chunks) and its ordinal left open."""
    out = []
    for fid, kind, value in group:
        if fid == _GROUP_FILE_OFFSET:
            value = thrift.Hole(value - len(MAGIC), True)
        elif fid == _GROUP_ORDINAL:
            value = thrift.Hole(0, False)
        elif fid == _GROUP_COLUMNS:
            value = (value[0], [_open_chunk(c) for c in value[1]])
        out.append([fid, kind, value])
    return out


def _open_chunk(chunk: list) -> list:
    out = []
    for fid, kind, value in chunk:
        if fid in (_CHUNK_OFFSET_INDEX, _CHUNK_COLUMN_INDEX) or (fid == _CHUNK_FILE_OFFSET and value):
            # (Arrow writes the deprecated ColumnChunk.file_offset as 0: left as is.)
            value = thrift.Hole(value - len(MAGIC), True)
        elif fid == _CHUNK_META:
            value = [[f, k, thrift.Hole(v - len(MAGIC), True) if f in _META_OFFSETS else v] for f, k, v in value]
        out.append([fid, kind, value])
    return out


class PartWriter:
    """Write parts into one Parquet file, in order; ``template`` (a Parquet file of the
    same schema, e.g. the empty table encoded) gives the footer's schema and metadata."""

    def __init__(self, sink: BinaryIO, template: bytes):
        self._sink = sink
        meta = footer(template)
        self._meta = [f for f in meta if f[0] not in (_FILE_NUM_ROWS, _FILE_ROW_GROUPS)]
        self._schema = _schema(meta)
        self._groups: list = []
        self._rows = 0
        self._at = len(MAGIC)
        sink.write(MAGIC)

    def append(self, part: bytes | Part) -> int:
        """Write a part's rows after the ones written so far; returns its number of rows."""
        if not isinstance(part, Part):
            part = split(part)
        if part.schema != self._schema:
            raise PartError("a part of another schema than the file's")
        for segments, holes in part.groups:
            self._groups.append(thrift.fill(segments, holes, self._at, len(self._groups)))
        self._sink.write(part.data)
        self._at += len(part.data)
        self._rows += part.num_rows
        return part.num_rows

    def close(self) -> None:
        """Write the footer (the sink stays open)."""
        groups = thrift.Encoded(b"".join(self._groups), len(self._groups))
        meta = sorted(self._meta + [[_FILE_NUM_ROWS, thrift.I64, self._rows], [_FILE_ROW_GROUPS, thrift.LIST, (thrift.STRUCT, groups)]], key=lambda f: f[0])
        body = thrift.write_struct(meta)
        self._sink.write(body + len(body).to_bytes(4, "little") + MAGIC)
