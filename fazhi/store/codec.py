"""How a cache entry becomes bytes and back: one decision for every kind of entry.

* A document's :class:`Payload` and a :class:`Shard` (rows of several documents)
  carry Arrow tables: those go as Arrow IPC streams (read back without a Python object
  per row), the rest of the object pickled beside them.  A shard compresses each Arrow
  buffer on its own, so every column it is read into owns its memory.
* Anything else (fitted predictors, model outputs, alignments, the raw-file index) is
  pickled and compressed with zstd.

:func:`encode` picks the form, :func:`decode` reads either (the magic says which) and
raises ``ValueError`` for anything it did not write.

>>> decode(encode({"法治": [1, 2]}))
{'法治': [1, 2]}
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass

import pyarrow as pa

from fazhi.store.parquetparts import Part

#: zstd for every entry: measured on 10,000-document shards it reads twice as fast as
#: Arrow's lz4 frames and is 2.3 times smaller (less to read from a cold disk).
CODEC = "zstd"
_TABLES = b"FZP6"  # a Payload or Shard
_OBJECT = b"FZO1"  # anything else


@dataclass
class Payload:
    """One document's output, ready to stream: tables plus corpus-stage inputs."""

    doc_id: str
    tables: dict[str, pa.Table]  # documents, provisions, indicators, quality
    analysis: pa.Table  # the corpus stage's inputs (fazhi.analyze.corpusinputs.SCHEMA)
    summary: dict  # the documents row without its text, for the build report
    warnings: list[str]


@dataclass
class Shard:
    """Several documents' payloads joined (:func:`fazhi.store.shards.join`): their table
    rows encoded as Parquet parts (a rebuild copies them into the tables without
    decoding them), corpus-stage inputs, summaries, warnings."""

    key: str
    parts: dict[str, Part]
    analysis: pa.Table  # token lists dictionary-encoded (fazhi.store.shards.encode_tokens)
    summaries: list[dict]
    warnings: list[str]


_CLASSES = {"Payload": Payload, "Shard": Shard}


def encode(value) -> bytes:
    """``value`` as the bytes of a cache entry (a shard buffer by buffer, see :func:`dumps`)."""
    if isinstance(value, (Payload, Shard)):
        return dumps(value, by_buffer=isinstance(value, Shard))
    return _OBJECT + _compress(pickle.dumps(value, protocol=5), CODEC)


def decode(blob: bytes):
    """The value :func:`encode` wrote; ``ValueError`` (or the codec's own error) for other bytes."""
    if blob[:4] == _OBJECT:
        return pickle.loads(_decompress(blob[4:], CODEC))
    return loads(blob)


@functools.lru_cache(maxsize=None)
def _plain(schema: pa.Schema) -> pa.Schema:
    # Without the column descriptions: the main process writes with the declared
    # schema anyway, and re-reading the metadata per document was most of its cost.
    return pa.schema([pa.field(f.name, f.type, f.nullable) for f in schema])


def _table_bytes(table: pa.Table, codec: str | None) -> bytes:
    table = pa.Table.from_arrays(table.columns, schema=_plain(table.schema))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression=codec)) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def dumps(value: Payload | Shard, codec: str = CODEC, *, by_buffer: bool = False) -> bytes:
    """A payload or shard → bytes: its tables as Arrow IPC streams, the rest pickled,
    compressed with ``codec`` (its name is stored).

    ``by_buffer`` compresses each Arrow buffer on its own instead of the whole blob:
    :func:`loads` then decompresses every column into memory of its own, so a column
    kept (the corpus stage keeps a shard's texts and fingerprints) holds nothing else
    alive.  Worth it for shards; a document's many small buffers compress four times
    faster as one blob.
    """
    state = dict(vars(value), analysis=None)
    tables = state.get("tables") or {}
    if "tables" in state:
        state["tables"] = list(tables)
    inner = codec if by_buffer else None
    streams = [_table_bytes(t, inner) for t in tables.values()] + [_table_bytes(value.analysis, inner)]
    head = pickle.dumps((type(value).__name__, state, [len(s) for s in streams]), protocol=5)
    body = b"".join([len(head).to_bytes(8, "little"), head, *streams])
    prefix = _TABLES + (b"B" if by_buffer else b"W") + codec.encode().ljust(8)
    return prefix + (body if by_buffer else _compress(body, codec))


def loads(blob: bytes, cls: type | None = None):
    """The payload or shard :func:`dumps` wrote (``cls``, if given, must be its class);
    ``ValueError`` for a foreign blob."""
    if blob[:4] != _TABLES or blob[4:5] not in (b"B", b"W"):
        raise ValueError("not a fazhi cache entry of this format")
    codec = blob[5:13].decode().strip()
    body = _decompress(blob[13:], codec) if blob[4:5] == b"W" else pa.py_buffer(blob).slice(13)
    n = int.from_bytes(body.slice(0, 8).to_pybytes(), "little")
    name, state, sizes = pickle.loads(body.slice(8, n).to_pybytes())
    found = _CLASSES.get(name)
    if found is None or (cls is not None and found is not cls):
        raise ValueError(f"a cached {name}, not a {cls.__name__ if cls else 'payload or shard'}")
    pos, tables = 8 + n, []
    for size in sizes:
        tables.append(pa.ipc.open_stream(body.slice(pos, size)).read_all())
        pos += size
    if pos != body.size:
        raise ValueError("entry length does not match its streams")
    if "tables" in state:
        state["tables"] = dict(zip(state["tables"], tables))
    state["analysis"] = tables[-1]
    return found(**state)


def _compress(data: bytes, codec: str) -> bytes:
    """``data`` compressed, after its length (8 bytes): what :func:`_decompress` needs."""
    return len(data).to_bytes(8, "little") + pa.Codec(codec).compress(data, asbytes=True)


def _decompress(blob: bytes, codec: str) -> pa.Buffer:
    return pa.Codec(codec).decompress(blob[8:], decompressed_size=int.from_bytes(blob[:8], "little"))
