"""Shared text both documents took from above: which passages between two documents a
higher-level document of the corpus also has.

Two cities whose plans share a sentence did not necessarily copy each other: both may have
taken it from their province's plan or the national outline.  A passage of documents a and
b is *from above* document H when

- H is a level above both (:data:`fazhi.schema.LEVEL_RANKS`): a national document is above
  every other level; a province's (or a city's) document is above the lower levels of the
  same province only (a county's city is not known from the manifest, so every city of the
  province counts as above its counties, as in :mod:`fazhi.analyze.cascade`);
- H was issued no later than either (by ``issued_date`` where both have one, else by the
  first year of their periods; two documents with neither are not ordered);
- the passages the reuse table already has between a and H cover at least
  :data:`MIN_COVER` of the passage's characters in a, and those between b and H at least
  as much of it in b.  Nothing is aligned again: it is a pure function of the reuse rows.

Example::

    某某省 plan:  把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准
    甲市 plan:    把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准  ← 甲–乙: from 某某省
    乙市 plan:    把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准

Of several such documents the nearest level wins (the province's plan before the national
outline: the province is where a city reads it), then the one covering more, then the
smaller doc_id.
"""

from __future__ import annotations

import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fazhi.analyze.corpusinputs import ranges
from fazhi.analyze.followthrough import _blank, records
from fazhi.schema import LEVEL_RANKS

#: Share of a passage's characters (in each of its two documents) that passages with the
#: higher-level document must cover for the passage to count as taken from it.
MIN_COVER = 0.8


def from_above(passages, documents, *, min_cover: float = MIN_COVER) -> pa.Array:
    """For each passage (columns ``doc_id_a, start_a, end_a, doc_id_b, start_b, end_b`` of
    the reuse table, as a DataFrame, an Arrow table or a dict of arrays), the doc_id of the
    higher-level document both took it from, or null (a string array in passage order).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["p", "a", "b"], "level": ["province", "prefecture", "prefecture"],
    ...     "province_zh": ["某某省"] * 3, "issued_date": ["2021-12-01", "2022-03-01", "2022-05-01"], "period_start": [2021, 2022, 2022]})
    >>> reuse = pd.DataFrame({"doc_id_a": ["a", "a", "p", "p"], "start_a": [0, 40, 0, 0], "end_a": [30, 60, 30, 30],
    ...     "doc_id_b": ["b", "b", "a", "b"], "start_b": [0, 40, 0, 0], "end_b": [30, 60, 30, 30]})
    >>> from_above(reuse, docs).to_pylist()  # a–b's first passage is the province's; its second is their own
    ['p', None, None, None]
    """
    cols = {name: passages[name] for name in ("doc_id_a", "start_a", "end_a", "doc_id_b", "start_b", "end_b")}
    n_rows = len(cols["doc_id_a"])
    if not n_rows:
        return pa.array([], pa.string())
    doc_a, doc_b = _arrow(cols["doc_id_a"]), _arrow(cols["doc_id_b"])
    ids, facts = _documents(documents, doc_a, doc_b)
    n = len(ids)
    a, b = _codes(doc_a, ids), _codes(doc_b, ids)
    s_a, e_a, s_b, e_b = (np.asarray(cols[c], dtype=np.int64) for c in ("start_a", "end_a", "start_b", "end_b"))
    # Every passage seen from each of its documents (doc, other, span in doc); only the sides
    # whose other document is above theirs can give a passage, and they are few: the spans
    # each document shares with each higher document, as one union per (doc, higher) pair.
    doc, other = np.concatenate([a, b]), np.concatenate([b, a])
    up_side = np.flatnonzero(facts.above(other, doc))
    up, up_of = np.unique(doc[up_side] * n + other[up_side], return_inverse=True)  # sorted by doc
    spans = np.concatenate([s_a, s_b]), np.concatenate([e_a, e_b])
    union = _Union(up_of.reshape(-1), spans[0][up_side], spans[1][up_side])
    up_doc, up_high = up // n, up % n
    # Candidates: each passage with every higher document a shares text with ...
    lo, hi = np.searchsorted(up_doc, a, "left"), np.searchsorted(up_doc, a, "right")
    row = np.repeat(np.arange(n_rows), hi - lo)
    at_a = ranges(lo, hi - lo)
    h = up_high[at_a]
    # ... that b shares text with and is above b too.
    at_b = np.minimum(np.searchsorted(up, b[row] * n + h), max(0, len(up) - 1))
    keep = up[at_b] == b[row] * n + h if len(up) else np.zeros(len(row), bool)
    row, h, at_a, at_b = row[keep], h[keep], at_a[keep], at_b[keep]
    cover = union.share(at_a, s_a[row], e_a[row])  # a's side first: most candidates end here
    keep = cover >= min_cover
    row, h, at_b, cover = row[keep], h[keep], at_b[keep], cover[keep]
    cover = np.minimum(cover, union.share(at_b, s_b[row], e_b[row]))
    keep = cover >= min_cover
    row, h, cover = row[keep], h[keep], cover[keep]
    # The nearest level first, then the larger cover, then the smaller doc_id (codes are in doc_id order).
    order = np.lexsort((h, -cover, -facts.rank[h], row))
    row, h = row[order], h[order]
    first = np.r_[True, row[1:] != row[:-1]] if len(row) else np.zeros(0, bool)
    chosen = np.full(n_rows, -1, dtype=np.int64)
    chosen[row[first]] = h[first]
    return pa.array(ids, pa.string()).take(pa.array(np.maximum(chosen, 0), mask=chosen < 0))


class _Union:
    """The union of the spans of each key (spans of one document it shares with one other),
    to ask how much of a span it covers, all at once in numpy.

    Keys are numbered 0… and placed end to end on one line (key k's offsets shifted by
    ``k × width``), so one sorted array of disjoint intervals serves every key.

    >>> u = _Union(np.array([0, 0, 1]), np.array([0, 5, 0]), np.array([4, 10, 3]))
    >>> u.share(np.array([0, 1, 0]), np.array([2, 0, 0]), np.array([8, 6, 10])).round(3).tolist()
    [0.833, 0.5, 0.9]
    """

    def __init__(self, keys: np.ndarray, starts: np.ndarray, ends: np.ndarray):
        self.width = int(ends.max()) + 1 if len(ends) else 1
        order = np.lexsort((starts, keys))
        s = keys[order] * self.width + starts[order]
        e = keys[order] * self.width + ends[order]
        reach = np.maximum.accumulate(e) if len(e) else e
        new = np.r_[True, s[1:] > reach[:-1]] if len(s) else np.zeros(0, bool)
        last = np.r_[np.flatnonzero(new)[1:] - 1, len(s) - 1] if len(s) else np.zeros(0, np.int64)
        self.starts, self.ends = s[new], reach[last]
        self.before = np.r_[0, np.cumsum(self.ends - self.starts)]  # covered length before each interval

    def _below(self, t: np.ndarray) -> np.ndarray:
        """Covered length before position ``t`` of the line."""
        k = np.searchsorted(self.starts, t, side="right") - 1
        kk = np.maximum(k, 0)
        inside = np.clip(t - self.starts[kk], 0, self.ends[kk] - self.starts[kk]) if len(self.starts) else np.zeros(len(t), np.int64)
        return np.where(k >= 0, self.before[kk] + inside, 0)

    def share(self, key: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Share of each span ``start:end`` of key ``key`` that the key's spans cover."""
        base = key * self.width
        covered = self._below(base + end) - self._below(base + start)
        return covered / np.maximum(1, end - start)


class _Facts:
    """Level rank, province, issue day and first year of each document, as arrays (-1: unknown)."""

    def __init__(self, rank, province, issued, start):
        self.rank, self.province, self.issued, self.start = rank, province, issued, start

    def above(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        """Whether document ``high`` is a level above ``low`` in its hierarchy and came no later."""
        rh, rl = self.rank[high], self.rank[low]
        ok = (rh >= 0) & (rl >= 0) & (rh < rl)
        ok &= (rh == LEVEL_RANKS["national"]) | ((self.province[high] >= 0) & (self.province[high] == self.province[low]))
        ih, il = self.issued[high], self.issued[low]
        dated = (ih >= 0) & (il >= 0)
        sh, sl = self.start[high], self.start[low]
        started = ~dated & (sh >= 0) & (sl >= 0)
        return ok & ~(dated & (ih > il)) & ~(started & (sh > sl))


def _documents(documents, *doc_columns) -> tuple[list[str], _Facts]:
    """Every doc_id (of ``documents`` and of the passages), sorted, and their facts."""
    rows = {r["doc_id"]: r for r in records(documents)}
    ids = sorted(set(rows).union(*(pc.unique(col).to_pylist() for col in doc_columns)))
    provinces: dict[str, int] = {}
    rank, province, issued, start = (np.full(len(ids), -1, dtype=np.int64) for _ in range(4))
    for k, d in enumerate(ids):
        r = rows.get(d)
        if r is None:  # a passage's document the table does not describe: nothing is above it
            continue
        rank[k] = LEVEL_RANKS.get(r.get("level"), -1) if not _blank(r.get("level")) else -1
        p = r.get("province_zh")
        province[k] = -1 if _blank(p) or not p else provinces.setdefault(p, len(provinces))
        issued[k] = _day(r.get("issued_date"))
        start[k] = -1 if _blank(r.get("period_start")) else int(r["period_start"])
    return ids, _Facts(rank, province, issued, start)


def _day(value) -> int:
    """A date (date, Timestamp or ISO text) as its day number, -1 when missing.

    >>> _day("2022-08-25") == _day(datetime.date(2022, 8, 25)), _day(None)
    (True, -1)
    """
    if _blank(value):
        return -1
    return datetime.date.fromisoformat(str(value)[:10]).toordinal()


def _arrow(column) -> pa.Array | pa.ChunkedArray:
    """A column of doc_ids (Arrow, pandas or a list) as an Arrow string array."""
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return column
    return pa.array(column.tolist() if hasattr(column, "tolist") else list(column), pa.string())


def _codes(column, ids: list[str]) -> np.ndarray:
    """Positions of a column's doc_ids (Arrow) in ``ids``."""
    return pc.index_in(column, value_set=pa.array(ids, pa.string())).to_numpy(zero_copy_only=False).astype(np.int64)
