"""Shared text between jurisdictions: which passages one document takes from another.

1. Fingerprints: every run of ``n`` characters (punctuation and spaces dropped, so
   "、" against "," does not break a match) of every provision is hashed (a 64-bit
   polynomial hash, the same in every process), and *winnowing* keeps the smallest
   hash of each window of ``w`` (Schleimer, Wilkerson & Aiken 2003): any shared run
   of ``n + w - 1`` characters or more is guaranteed a shared fingerprint, with about
   ``2 / (w + 1)`` of the hashes kept.  With ``n = 6, w = 4`` every shared run of 9
   characters is seen (on the founding corpus this finds all 59 passages that every
   8-character shingle found, plus one).  Fingerprints are computed per document, so
   they are cached with its payload.
2. Candidates: sorting all fingerprints groups the provisions that share each one
   (numpy, no Python loop per shingle).  Fingerprints in more than ``max_df``
   provisions are boilerplate and skipped, so the pairs stay few on thousands of
   documents.  Pairs of provisions from *different* documents with a containment
   (shared fingerprints / fingerprints of the smaller provision) of at least
   ``min_containment`` are aligned.
3. Alignment: the matching blocks of the two (punctuation-free) texts
   (:mod:`fazhi.analyze.matching`: longest first, from 3-character anchors, difflib's
   rule in small gaps) are joined across gaps of at most ``max_gap`` characters; runs of
   at least ``min_length`` matched characters are passages, mapped back to offsets in
   both documents.  A gap that changes a number is never bridged (二十大 / 十九大,
   2022年 / 2023年: :func:`fazhi.analyze.matching.number_break`); the passage is split
   around the number.  The build aligns all candidate pairs together
   (:mod:`fazhi.analyze.batchalign`), with the same passages as :func:`align`.

>>> a = "把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准"
>>> b = "在考核中,把法治观念强不强,法治素养好不好作为衡量干部德才的重要标准。"
>>> [(p.text_a, p.start_b) for p in align(a, b, min_length=10)]
[('把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准', 5)]
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fazhi.analyze.batchalign import passage_arrays
from fazhi.analyze.corpusinputs import ranges, take_rows
from fazhi.analyze.keyed import NO_CACHE, KeyedCache
from fazhi.analyze.matching import SKIP, cut_at_numbers, gram_hashes, matching_blocks, strip_all



@dataclass(frozen=True, slots=True)  # slots: hundreds of thousands at 10,000 documents
class Passage:
    start_a: int
    end_a: int
    start_b: int
    end_b: int
    matched: int  # characters matched (without punctuation)
    text_a: str
    text_b: str


def shingle_hashes(text: str, n: int = 6) -> np.ndarray:
    """64-bit hashes of every ``n``-character run of ``text`` without punctuation (uint64)."""
    return gram_hashes(SKIP.sub("", text), n)


def fingerprints(text: str, n: int = 6, w: int = 4) -> np.ndarray:
    """Winnowed shingle hashes of ``text``: sorted, unique (uint64).

    >>> a = fingerprints("把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准")
    >>> b = fingerprints("在考核中,把法治观念强不强,法治素养好不好作为衡量干部德才的重要标准。")
    >>> len(np.intersect1d(a, b)) == len(a)
    True
    """
    h = shingle_hashes(text, n)
    if len(h) > w:
        h = np.lib.stride_tricks.sliding_window_view(h, w).min(axis=1)
    return np.unique(h)


def align(a: str, b: str, *, min_length: int = 15, max_gap: int = 2) -> list[Passage]:
    """Shared passages of ``a`` and ``b``: matching blocks joined across small gaps.

    (:func:`find_reuse` aligns many pairs at once with
    :func:`fazhi.analyze.batchalign.passages_of_pairs`; the passages are the same.)
    """
    (sa, sb), (ka, kb) = strip_all([a, b])
    if not sa or not sb:
        return []
    return _passages(a, ka, b, kb, cut_at_numbers(sa, sb, matching_blocks(sa, sb), max_gap), min_length, max_gap)


def _passages(a: str, ka: list[int], b: str, kb: list[int], blocks, min_length: int, max_gap: int) -> list[Passage]:
    """Blocks ``(a, b, size, cut)`` of the stripped texts joined across gaps of at most
    ``max_gap`` in both, except where ``cut`` (a changed number); the runs of at least
    ``min_length`` matched characters, as passages of ``a`` and ``b``."""
    runs: list[list[int]] = []  # [a0, a1, b0, b1, matched]
    for a0, b0, size, cut in blocks:
        if runs and not cut:
            r = runs[-1]
            if 0 <= a0 - r[1] <= max_gap and 0 <= b0 - r[3] <= max_gap:
                r[1], r[3], r[4] = a0 + size, b0 + size, r[4] + size
                continue
        runs.append([a0, a0 + size, b0, b0 + size, size])
    out = []
    for a0, a1, b0, b1, matched in runs:
        if matched < min_length:
            continue
        s_a, e_a = int(ka[a0]), int(ka[a1 - 1]) + 1
        s_b, e_b = int(kb[b0]), int(kb[b1 - 1]) + 1
        # Punctuation both texts share right after the passage closes it.
        while e_a < len(a) and e_b < len(b) and a[e_a] == b[e_b] and SKIP.match(a[e_a]) and not a[e_a].isspace():
            e_a, e_b = e_a + 1, e_b + 1
        out.append(Passage(s_a, e_a, s_b, e_b, matched, a[s_a:e_a], b[s_b:e_b]))
    return out


def candidate_pairs(
    doc_of: np.ndarray, flat: np.ndarray, offsets: np.ndarray, *, max_df: int = 50, by_hash: bool | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of provisions from different documents sharing fingerprints.

    ``doc_of[i]`` is provision ``i``'s document number and its fingerprints are
    ``flat[offsets[i]:offsets[i + 1]]``.  Returns arrays ``(i, j, shared)`` with
    ``i < j``, sorted.  ``by_hash`` forces one way of counting fingerprints (see
    :func:`_shared`; the result is the same).
    """
    doc_of = np.asarray(doc_of, dtype=np.int64)
    sizes = np.diff(offsets)
    n = len(sizes)
    empty = (np.zeros(0, np.int64),) * 3
    if not len(flat):
        return empty
    codes = []
    flat = np.ascontiguousarray(flat, dtype=np.uint64)
    # The top bits, from a strided view of each hash's most significant byte (no
    # 8-byte temporary per fingerprint).
    top = flat.view(np.uint8)[7 if sys.byteorder == "little" else 0 :: 8] >> np.uint8(8 - HASH_SLICE_BITS)
    # One slice of the hash range at a time: equal hashes fall in the same slice, and the
    # sort's working arrays are a fraction of all fingerprints (millions at 10,000 documents).
    for part in range(1 << HASH_SLICE_BITS):
        sel = np.flatnonzero(top == part)
        h = flat[sel]
        keep = _shared(h, max_df, hashed=_mostly_repeated(h) if by_hash is None else by_hash)
        if not len(keep):
            continue
        sel, h = sel[keep], h[keep]
        order = np.argsort(h, kind="stable")  # equal hashes in provision order (sel ascends)
        sel, h = sel[order], h[order]
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
        df = np.diff(np.r_[starts, len(h)])
        prov = np.searchsorted(offsets, sel, side="right") - 1  # whose fingerprint
        for z in np.unique(df).tolist():  # groups of equal size at once: a (groups × z) matrix
            members = prov[starts[df == z][:, None] + np.arange(z)]
            x, y = np.array(list(itertools.combinations(range(z), 2))).T
            a, b = members[:, x].ravel(), members[:, y].ravel()
            other = doc_of[a] != doc_of[b]
            codes.append(a[other] * n + b[other])
        del sel, h, order
    del top
    if not codes:
        return empty
    pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
    return pairs // n, pairs % n, shared


def _mostly_repeated(h: np.ndarray, sample: int = 1 << 16) -> bool:
    """Whether most of these fingerprints repeat others (judged on the first ``sample``)."""
    head = h[:sample]
    return len(head) > 0 and len(np.unique(head)) < len(head) // 2


def _shared(h: np.ndarray, max_df: int, *, hashed: bool) -> np.ndarray:
    """Positions (ascending) of the fingerprints whose hash occurs 2..max_df times in ``h``.

    Two ways to count, with the same answer: when most fingerprints repeat (documents
    that copy each other, as these do) a hash table over the few distinct values is
    several times faster than sorting; when most are distinct, sorting wins.
    """
    if hashed:
        encoded = pc.dictionary_encode(pa.array(h))
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        df = np.bincount(codes, minlength=len(encoded.dictionary))
        return np.flatnonzero(((df >= 2) & (df <= max_df))[codes])
    # The hashes shared by 2..max_df fingerprints, found on the sorted values (numpy's
    # sort is many times faster than an argsort); most hashes are in one provision,
    # so only the few fingerprints carrying a shared hash are located.
    v = np.sort(h)
    starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    df = np.diff(np.r_[starts, len(v)])
    shared_values = v[starts[(df >= 2) & (df <= max_df)]]
    del v, starts, df
    if not len(shared_values):
        return np.zeros(0, np.int64)
    # A bit table on the low bits rules out nearly every other fingerprint in one
    # pass; the few left are checked exactly.
    table = np.zeros(1 << LOW_BITS, dtype=bool)
    low = np.uint64((1 << LOW_BITS) - 1)
    table[(shared_values & low).astype(np.intp)] = True
    keep = np.flatnonzero(table[(h & low).astype(np.intp)])
    at = np.searchsorted(shared_values, h[keep])
    return keep[shared_values[np.minimum(at, len(shared_values) - 1)] == h[keep]]


#: The fingerprints are grouped in 2**HASH_SLICE_BITS slices of the hash range.
HASH_SLICE_BITS = 3
#: Bits of the prefilter table in candidate_pairs (2**24 booleans: 16 MB).
LOW_BITS = 24


def flatten(prints: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per-provision fingerprint arrays → one flat uint64 array and the offsets into it."""
    offsets = np.concatenate(([0], np.cumsum([len(p) for p in prints]))).astype(np.int64)
    return (np.concatenate(prints).astype(np.uint64) if prints else np.zeros(0, np.uint64)), offsets


#: Candidate pairs aligned per task (in one process or sent to a worker).
PAIRS_PER_TASK = 4_000


class AlignmentCache:
    """Passages found by the last build, per pair of texts, as one cache entry.

    A pair's key is both texts' 128-bit BLAKE2 digests; the entry's key is the
    alignment options (the cache adds the code version), so an entry is used only
    where aligning again would give the same passages.  :meth:`save` keeps exactly
    the pairs of the current build, so the entry does not grow from build to build.
    """

    def __init__(self, cache: KeyedCache, options: tuple):
        self.cache, self.key = cache, f"options {options}"
        self.enabled = cache is not NO_CACHE

    @staticmethod
    def digest(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    def load(self) -> tuple[dict[bytes, int], np.ndarray, np.ndarray]:
        """``(pair number by key, offsets, spans)``: pair k's passages are ``spans[offsets[k]:offsets[k + 1]]``."""
        empty = ({}, np.zeros(1, np.int64), np.zeros((0, 5), np.int64))
        got = self.cache.get("alignments", self.key)  # missing, truncated or foreign: align again
        if not (isinstance(got, tuple) and len(got) == 3):
            return empty
        keys, offsets, spans = got
        if len(keys) != 32 * (len(offsets) - 1) or spans.shape != (offsets[-1], 5):
            return empty
        return {keys[32 * k : 32 * k + 32]: k for k in range(len(offsets) - 1)}, offsets, spans

    def save(self, keys: list[bytes], counts: np.ndarray, spans: np.ndarray) -> None:
        if self.enabled:
            offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
            self.cache.put("alignments", self.key, (b"".join(keys), offsets, spans))


def _align_task(task) -> tuple[np.ndarray, np.ndarray]:
    """Align a batch of text pairs: ``pairs`` index into ``texts``, which holds each text once.

    Passages come back as arrays (:func:`~fazhi.analyze.batchalign.passage_arrays`): how
    many each pair has, and their ``(start_a, end_a, start_b, end_b, matched)``; the texts
    are sliced only when the table is written.  ``texts`` travel as an Arrow array and
    the results as numpy arrays: both cross between processes as plain buffers.
    """
    pairs, texts, min_length, max_gap = task
    return passage_arrays(texts.to_pylist(), pairs, min_length=min_length, max_gap=max_gap)


def find_reuse_indexed(
    doc_of: np.ndarray,
    flat: np.ndarray,
    offsets: np.ndarray,
    texts,
    *,
    jobs: int = 1,
    max_df: int = 50,
    min_containment: float = 0.02,
    min_length: int = 15,
    max_gap: int = 2,
    pairs_per_task: int = PAIRS_PER_TASK,
    cache: KeyedCache = NO_CACHE,
) -> Found:
    """Every shared passage between provisions of different documents, as arrays
    (:class:`Found`: provisions ``i``, ``j``, containment, span in the two texts).

    Provision ``i`` is in document ``doc_of[i]``, has fingerprints
    ``flat[offsets[i]:offsets[i + 1]]`` and text ``texts[i]`` (a list or an Arrow
    string array, read only for the provisions in candidate pairs).  Each distinct
    pair of texts is aligned once (documents copy whole provisions, so the same two
    texts meet again and again); ``jobs`` processes align; pairs aligned by the last
    build are read from ``cache``.  The result, sorted by ``(i, j)``, does
    not depend on ``jobs`` or the cache.
    """
    sizes = np.maximum(1, np.diff(offsets))
    ii, jj, shared = candidate_pairs(doc_of, flat, offsets, max_df=max_df)
    containment = shared / np.minimum(sizes[ii], sizes[jj]) if len(ii) else np.zeros(0)
    keep = containment >= min_containment
    ii, jj, containment = ii[keep], jj[keep], containment[keep]
    involved = np.unique(np.concatenate([ii, jj]))
    # The involved texts stay in Arrow, each distinct text once (numbered in order of first
    # appearance); Python strings are made only for a task's texts, not for all at once.
    if not isinstance(texts, (pa.Array, pa.ChunkedArray)):
        texts = pa.array(texts, pa.string())
    encoded = pc.dictionary_encode(take_rows(texts, involved))  # one contiguous array
    tid = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary
    del encoded
    ta, tb = tid[np.searchsorted(involved, ii)], tid[np.searchsorted(involved, jj)]
    m = max(1, len(distinct))
    key, pair_of = np.unique(ta * m + tb, return_inverse=True)  # each distinct (text a, text b) once
    first, second = key // m, key % m
    # Passages of pair k: spans[start[k] : start[k] + count[k]], from the cache or aligned now.
    store = AlignmentCache(cache, (min_length, max_gap))
    index, cached_offsets, cached = store.load()
    if store.enabled:
        digests = [store.digest(t) for lo in range(0, len(distinct), 50_000) for t in distinct.slice(lo, 50_000).to_pylist()]
        pair_keys = [digests[a] + digests[b] for a, b in zip(first.tolist(), second.tolist())]
        known = np.array([index.get(pk, -1) for pk in pair_keys], dtype=np.int64)
    else:
        pair_keys, known = [], np.full(len(key), -1, dtype=np.int64)
    del index
    hit = known >= 0
    start = np.zeros(len(key), dtype=np.int64)
    count = np.zeros(len(key), dtype=np.int64)
    start[hit] = cached_offsets[known[hit]]
    count[hit] = cached_offsets[known[hit] + 1] - start[hit]
    todo = np.flatnonzero(~hit)
    # Tasks grouped by the second text, so a task holds each text once for its partners.
    order = todo[np.lexsort((first[todo], second[todo]))]

    first, second = first[order], second[order]

    def tasks():
        for lo in range(0, len(first), pairs_per_task):
            a, b = first[lo : lo + pairs_per_task], second[lo : lo + pairs_per_task]
            need, local = np.unique(np.concatenate([a, b]), return_inverse=True)
            yield np.stack([local[: len(a)], local[len(a) :]], axis=1), distinct.take(pa.array(need)), min_length, max_gap

    n_tasks = -(-len(first) // pairs_per_task)
    fresh: list[np.ndarray] = []
    pos, at = 0, len(cached)
    for counts, found in _map(_align_task, tasks(), min(jobs, n_tasks)):
        k = order[pos : pos + len(counts)]
        start[k] = at + np.concatenate(([0], np.cumsum(counts)[:-1]))
        count[k] = counts
        fresh.append(found)
        pos, at = pos + len(counts), at + len(found)
    spans = np.concatenate([cached, *fresh])
    del cached, fresh
    store.save(pair_keys, count, spans[ranges(start, count)])
    # Every candidate pair's passages, in (i, j) order, without a Python object per passage.
    per = count[pair_of]
    values, which = np.unique(containment, return_inverse=True)  # few distinct ratios: round each once
    conts = np.array([round(c, 6) for c in values.tolist()], dtype=np.float64)[which]  # Python's round, as always
    return Found(np.repeat(ii, per), np.repeat(jj, per), np.repeat(conts, per), spans[ranges(start[pair_of], per)])


class Found(NamedTuple):
    """Passages between provisions ``i[k]`` and ``j[k]``: ``spans[k]`` is
    ``(start_a, end_a, start_b, end_b, matched)`` in the two texts."""

    i: np.ndarray
    j: np.ndarray
    containment: np.ndarray
    spans: np.ndarray


def _map(fn, tasks, jobs: int):
    """``map(fn, tasks)`` in order, in ``jobs`` spawned processes with at most ``2 × jobs`` tasks in flight."""
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    import multiprocessing
    from collections import deque

    from fazhi.procs import die_with_parent, sigint_blocked

    with sigint_blocked():
        pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=die_with_parent, initargs=(os.getpid(), None))
    with pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(fn, (task,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def find_reuse(
    items: list[tuple[str, str]],
    *,
    prints: list[np.ndarray] | None = None,
    jobs: int = 1,
    **options,
) -> list[tuple[int, int, float, Passage]]:
    """Every shared passage between items of different documents: ``(i, j, containment, passage)``.

    ``items`` are ``(doc_id, text)``; ``prints`` their :func:`fingerprints` if already computed.

    >>> a = "把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准"
    >>> [(i, j, p.matched) for i, j, _, p in find_reuse([("甲", a), ("乙", "要求" + a), ("乙", "无关")])]
    [(0, 1, 28)]
    """
    if prints is None:
        prints = [fingerprints(t) for _, t in items]
    doc_index: dict[str, int] = {}
    doc_of = np.array([doc_index.setdefault(d, len(doc_index)) for d, _ in items], dtype=np.int64)
    flat, offsets = flatten(prints)
    f = find_reuse_indexed(doc_of, flat, offsets, [t for _, t in items], jobs=jobs, **options)
    return [
        (i, j, c, Passage(sa, ea, sb, eb, m, items[i][1][sa:ea], items[j][1][sb:eb]))
        for i, j, c, (sa, ea, sb, eb, m) in zip(f.i.tolist(), f.j.tolist(), f.containment.tolist(), f.spans.tolist())
    ]
