"""What the corpus stage needs of every provision, gathered document by document, kept compact.

Each payload carries one Arrow table of :data:`SCHEMA` (its provisions' ids, texts,
tokens and shingle fingerprints).  :class:`CorpusInputs` keeps the scalar columns
as Arrow and the tokens as ``int32`` ids into one vocabulary, so 10,000 documents'
400,000 provisions and 20 million tokens take a few hundred MB, not the GBs that a
Python list per provision took.  Token lists are materialised only for the slice
being worked on (:meth:`CorpusInputs.tokens`).

>>> import pyarrow as pa
>>> t = pa.table({"provision_id": ["d:1"], "doc_id": ["d"], "parent_id": [None], "is_task": [True],
...               "text": ["推进行政复议"], "text_hash": [0], "text_start": [0], "text_tokens": [["推进", "行政复议"]],
...               "head_tokens": [[]], "prints": [[]]}, schema=SCHEMA)
>>> inputs = CorpusInputs(); inputs.add(t); inputs.finish()
>>> inputs.tokens([0], "text")
[['推进', '行政复议']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class ProvisionTokens:
    """What a provision says, as tokens: its own text, its heading, its parent's heading
    (the input of :class:`fazhi.analyze.themes.ThemeAssigner`)."""

    text: list[str]
    heading: list[str]
    parent_heading: list[str]


#: Columns of a payload's corpus-stage table (one row per provision).
SCHEMA = pa.schema(
    [
        pa.field("provision_id", pa.string(), False),
        pa.field("doc_id", pa.string(), False),
        pa.field("parent_id", pa.string()),
        pa.field("is_task", pa.bool_(), False),
        pa.field("text", pa.string(), False),
        pa.field("text_hash", pa.uint64(), False),  # fazhi.analyze.stage.text_hash: orders the fit samples
        pa.field("text_start", pa.int64(), False),  # offset of the text in documents.text (for reuse offsets)
        pa.field("text_tokens", pa.list_(pa.string()), False),  # content tokens of the own text, heading removed
        pa.field("head_tokens", pa.list_(pa.string()), False),  # content tokens of the heading
        pa.field("prints", pa.list_(pa.uint64()), False),  # winnowed shingle fingerprints (fazhi.analyze.reuse.fingerprints)
    ]
)
TOKEN_COLUMNS = ("text_tokens", "head_tokens")


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, …, starts[k] + lengths[k] - 1`` for every k, as one array.

    >>> ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    before = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(lengths) else np.zeros(0, np.int64)
    return np.repeat(starts - before, lengths) + np.arange(int(np.sum(lengths)))


def take_rows(texts: pa.Array | pa.ChunkedArray, rows: np.ndarray) -> pa.Array:
    """``texts[rows]`` (rows ascending) as one contiguous array; a chunked array is read chunk
    by chunk (Arrow's own take on many chunks concatenates them all first).

    >>> take_rows(pa.chunked_array([["甲", "乙"], ["丙"]]), np.array([1, 2])).to_pylist()
    ['乙', '丙']
    """
    if not isinstance(texts, pa.ChunkedArray):
        return texts.take(pa.array(rows))
    bounds = np.cumsum([0] + [len(c) for c in texts.chunks])
    cuts = np.searchsorted(rows, bounds)
    parts = [c.take(pa.array(rows[a:b] - lo)) for c, lo, a, b in zip(texts.chunks, bounds, cuts[:-1], cuts[1:]) if b > a]
    return pa.concat_arrays(parts) if parts else pa.array([], texts.type)


class CorpusInputs:
    """Provision columns (Arrow) plus every provision's tokens as ids into :attr:`words`."""

    def __init__(self):
        self.words: list[str] = []
        self._vocabulary = pa.array([], pa.string())  # self.words as Arrow
        self._tables: list[pa.Table] = []  # the added tables without their tokens
        # Per token column, per added table: its token dictionary and each token's index in it.
        self._pieces: dict[str, list[tuple[pa.Array, np.ndarray]]] = {c: [] for c in TOKEN_COLUMNS}
        self._lengths: dict[str, list[np.ndarray]] = {c: [] for c in TOKEN_COLUMNS}
        self.table: pa.Table | None = None
        self.ids: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self._words_np: np.ndarray | None = None  # words as an object array, for lookups by id
        #: ``(key, first row, end row)`` of every table added with a key (a shard's rows).
        self.segments: list[tuple[str | None, int, int]] = []
        self._n = 0

    def add(self, table: pa.Table, key: str | None = None) -> None:
        """Append the provisions of one document or shard (a table of :data:`SCHEMA`, whose
        token lists may be dictionary-encoded, as :func:`fazhi.store.shards.encode_tokens` makes them)."""
        self.segments.append((key, self._n, self._n + table.num_rows))
        self._n += table.num_rows
        for name in TOKEN_COLUMNS:
            lists = table.column(name).combine_chunks()
            values = lists.flatten()
            # Tokens as indices into the table's own dictionary (encoded in C++ unless the
            # shard already is); the dictionaries are mapped onto one vocabulary in finish().
            encoded = values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values)
            indices = encoded.indices.to_numpy(zero_copy_only=False) if len(encoded) else np.zeros(0, np.int32)
            self._pieces[name].append((encoded.dictionary, indices))
            self._lengths[name].append(pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64))
        # Loaded shards' columns each own their memory (buffer-by-buffer decompression,
        # fazhi.store.cache.loads), so keeping them as chunks holds nothing else alive.
        self._tables.append(table.drop_columns(list(TOKEN_COLUMNS)))

    def finish(self) -> None:
        """Join the tables' pieces: one vocabulary, token ids in contiguous arrays, the other
        columns as chunks (no copy)."""
        rest = SCHEMA
        for name in TOKEN_COLUMNS:
            rest = rest.remove(rest.get_field_index(name))
        self.table = pa.concat_tables([t.cast(rest) if t.schema != rest else t for t in self._tables] or [rest.empty_table()])
        self._tables = []
        # Every table's dictionary encoded once more, all together: one hash pass over a few
        # million dictionary words gives each its vocabulary id (in order of first appearance).
        pieces = [piece for name in TOKEN_COLUMNS for piece in self._pieces[name]]
        dictionaries = [d.cast(pa.string()) for d, _ in pieces]
        vocabulary = pc.dictionary_encode(pa.concat_arrays(dictionaries)) if dictionaries else None
        self._vocabulary = vocabulary.dictionary if vocabulary is not None else pa.array([], pa.string())
        self.words = self._vocabulary.to_pylist()
        global_ids = vocabulary.indices.to_numpy(zero_copy_only=False).astype(np.int32) if vocabulary is not None else np.zeros(0, np.int32)
        at = 0
        for name in TOKEN_COLUMNS:
            ids = []
            for dictionary, indices in self._pieces[name]:
                ids.append(global_ids[at : at + len(dictionary)][indices])
                at += len(dictionary)
            self.ids[name] = np.concatenate(ids) if ids else np.zeros(0, np.int32)
            lengths = np.concatenate(self._lengths[name]) if self._lengths[name] else np.zeros(0, np.int64)
            self.offsets[name] = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
            self._pieces[name], self._lengths[name] = [], []

    def __len__(self) -> int:
        return self.table.num_rows

    def column(self, name: str) -> pa.Array:
        """One column as a contiguous array (a copy unless one table was added)."""
        col = self.table.column(name)
        return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()

    def texts(self) -> pa.ChunkedArray:
        """The provision texts, as added (no copy: the steps reading them only ``take`` rows)."""
        return self.table.column("text")

    def tokens(self, rows: Sequence[int], which: str) -> list[list[str]]:
        """Token lists of ``rows``: ``which`` is "text", "head" or "head+text"."""
        rows = np.asarray(rows, dtype=np.int64)
        if which == "head+text":
            return [h + t for h, t in zip(self.tokens(rows, "head"), self.tokens(rows, "text"))]
        name = f"{which}_tokens"
        off, ids = self.offsets[name], self.ids[name]
        starts = off[rows]
        lengths = off[rows + 1] - starts
        # All the rows' ids gathered at once, looked up in one numpy take, then cut into lists.
        flat = self._words_array()[ids[ranges(starts, lengths)]].tolist()
        cuts = np.concatenate(([0], np.cumsum(lengths))).tolist()
        return [flat[a:b] for a, b in zip(cuts[:-1], cuts[1:])]

    def token_strings(self, rows: Sequence[int], which: str) -> tuple[np.ndarray, pa.Array]:
        """Tokens of ``rows`` as arrays: how many each row has (0 for a row of -1), and all of
        them in order, as Arrow strings (``which``: "text" or "head")."""
        rows = np.asarray(rows, dtype=np.int64)
        off, ids = self.offsets[f"{which}_tokens"], self.ids[f"{which}_tokens"]
        real = rows >= 0
        starts = np.where(real, off[np.maximum(rows, 0)], 0)
        lengths = np.where(real, off[np.maximum(rows, 0) + 1] - starts, 0)
        return lengths, self._vocabulary.take(pa.array(ids[ranges(starts, lengths)]))

    def _words_array(self) -> np.ndarray:
        if self._words_np is None or len(self._words_np) != len(self.words):
            self._words_np = np.array(self.words, dtype=object)
        return self._words_np

    def token_column(self, lo: int = 0, hi: int | None = None) -> pa.Array:
        """``list<string>`` of the tokens of provisions ``lo:hi`` (all by default), heading
        first, then text."""
        hi = len(self) if hi is None else hi
        h_off, t_off = self.offsets["head_tokens"][lo : hi + 1], self.offsets["text_tokens"][lo : hi + 1]
        h_len, t_len = np.diff(h_off), np.diff(t_off)
        offsets = np.concatenate(([0], np.cumsum(h_len + t_len))).astype(np.int64)
        ids = np.empty(offsets[-1], dtype=np.int32)
        ids[ranges(offsets[:-1], h_len)] = self.ids["head_tokens"][h_off[0] : h_off[-1]]  # each row's heading tokens first,
        ids[ranges(offsets[:-1] + h_len, t_len)] = self.ids["text_tokens"][t_off[0] : t_off[-1]]  # then its text tokens
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), self._vocabulary.take(pa.array(ids)))

    def drop_tokens(self) -> None:
        """Free the token ids once every step that reads tokens is done."""
        self.ids, self.offsets, self._words_np = {}, {}, None

    def close(self) -> None:
        """Free everything: the corpus stage has read all it needs."""
        self.drop_tokens()
        self.table, self.words, self._vocabulary = None, [], pa.array([], pa.string())

    def take_prints(self) -> tuple[np.ndarray, np.ndarray]:
        """All fingerprints, flat (uint64), and each provision's offsets into them; the
        column is dropped from the inputs, so the flat copy is the only one in memory."""
        chunks = self.table.column("prints").chunks
        self.table = self.table.drop_columns(["prints"])
        flat = np.concatenate([c.flatten().to_numpy(zero_copy_only=False) for c in chunks] or [np.zeros(0, np.uint64)])
        sizes = np.concatenate([pc.list_value_length(c).to_numpy(zero_copy_only=False) for c in chunks] or [np.zeros(0, np.int64)])
        return flat, np.concatenate(([0], np.cumsum(sizes, dtype=np.int64)))
