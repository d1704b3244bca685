"""Shards: runs of consecutive documents cached as one unit above the per-document payloads.

Reading 10,000 payloads one by one costs more than the rest of a rebuild, so the
build also caches each *shard* — a run of documents in manifest order — with its
documents' table rows and corpus-stage inputs already joined.  A rebuild after one
document changed reads a hundred-odd shard files, copies their already encoded
table rows into the output and rebuilds one shard from its documents' payloads.

Boundaries are content-defined, as in rsync or restic: a shard ends after a
document whose raw file's sha256 is ≡ 0 modulo :data:`MEAN_DOCUMENTS` (or after
:data:`MAX_DOCUMENTS`).  Inserting or changing a document therefore moves at
most the boundaries next to it, and every other shard keeps its key; and since
the boundaries do not hash the code version, neither do the tables' row groups
(one per shard).  A shard's key hashes its documents' keys, which hash the raw
bytes, manifest row and corrections; the cache adds the code version
(:class:`fazhi.store.cache.Cache`): a stale shard can never be used.  The
:class:`~fazhi.store.codec.Shard` itself is declared with the cache's formats.

>>> bounds(["01", "02", "40", "03"], mean=64)  # "40" is 64: ≡ 0, its shard ends there
[(0, 3), (3, 4)]
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from fazhi.store.codec import Payload, Shard
from fazhi.store.publish import encode_part

#: Average documents per shard (boundary when a document's key ≡ 0 modulo this).
MEAN_DOCUMENTS = 64
#: A shard never holds more documents than this, whatever the keys.
MAX_DOCUMENTS = 256


def bounds(keys: Sequence[str], *, mean: int | None = None, most: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each shard over documents with these hex digests, in order
    (``mean``, ``most``: :data:`MEAN_DOCUMENTS`, :data:`MAX_DOCUMENTS` unless given)."""
    mean, most = mean or MEAN_DOCUMENTS, most or MAX_DOCUMENTS
    out, start = [], 0
    for k, key in enumerate(keys):
        if int(key[:8], 16) % mean == 0 or k + 1 - start >= most:
            out.append((start, k + 1))
            start = k + 1
    if start < len(keys):
        out.append((start, len(keys)))
    return out


def shard_key(keys: Sequence[str]) -> str:
    """Content key of the shard of documents with these keys (hex sha256)."""
    h = hashlib.sha256(b"shard\n")
    for key in keys:
        h.update(key.encode() + b"\n")
    return h.hexdigest()


def join(key: str, payloads: Sequence[Payload]) -> Shard:
    """One shard from its documents' payloads, in order (their tables encoded as one part
    each; the corpus-stage inputs' token lists, every ``list<string>`` column,
    dictionary-encoded)."""
    names = list(payloads[0].tables)
    parts = {name: encode_part(name, pa.concat_tables([p.tables[name] for p in payloads])) for name in names}
    analysis = pa.concat_tables([p.analysis for p in payloads]).combine_chunks()
    for k, field in enumerate(analysis.schema):
        if pa.types.is_list(field.type) and pa.types.is_string(field.type.value_type):
            analysis = analysis.set_column(k, field.name, encode_tokens(analysis.column(k).combine_chunks()))
    return Shard(key, parts, analysis, [p.summary for p in payloads], [w for p in payloads for w in p.warnings])


def encode_tokens(lists: pa.ListArray) -> pa.ListArray:
    """``list<string>`` → ``list<dictionary<int32, string>>``: each distinct token of a shard
    stored once, so the corpus stage maps a shard's few thousand distinct words onto its
    vocabulary instead of hashing its hundreds of thousands of tokens in every build.

    >>> encode_tokens(pa.array([["依法", "行政"], [], ["依法"]])).to_pylist()
    [['依法', '行政'], [], ['依法']]
    """
    offsets = pc.subtract(lists.offsets, lists.offsets[0]) if len(lists) else pa.array([0], pa.int32())
    return pa.ListArray.from_arrays(offsets, pc.dictionary_encode(lists.flatten()))
