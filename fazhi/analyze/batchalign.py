"""Shared passages of many pairs of texts at once.

Aligning one short pair at a time (:func:`fazhi.analyze.reuse.align`) spends most of
its time in the overhead of numpy calls on tiny arrays, and a corpus stage aligns
tens of thousands of pairs (134,631 at 1,000 synthetic documents).  Here every step
that does not depend on what was chosen before is done for all pairs together:

1. the ``q``-character anchors of every pair are hashed, matched and cut into
   diagonal runs (:func:`_runs`);
2. runs that cannot survive their pair's longest run are dropped (:func:`_survivors`),
   runs that cross no other run are kept (:func:`_compatible`), and only pairs with
   runs left in conflict go through the longest-first selection
   (:func:`fazhi.analyze.matching.select_runs`), one at a time;
3. the small gaps worth searching are found for all pairs at once (:func:`_fill`) and
   searched with :func:`fazhi.analyze.matching.small_matching_blocks` (each distinct
   gap once);
4. blocks are joined into passages (never across a gap that changes a number,
   :func:`_cut_at_numbers`) and mapped to offsets in the raw texts as arrays.

The passages equal the one-pair path's, pair by pair (tests compare them on every
candidate pair of a synthetic corpus and on random texts).

>>> passages_of_pairs(["把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准",
...                    "在考核中,把法治观念强不强,法治素养好不好作为衡量干部德才的重要标准。"], [(0, 1)])
[[(0, 29, 5, 34, 28)]]
"""

from __future__ import annotations

import numpy as np

from fazhi.analyze.corpusinputs import ranges
from fazhi.analyze.matching import (
    ANCHOR,
    MAX_ANCHOR_REPEATS,
    NUMERALS,
    SKIP,
    SMALL_GAP,
    gram_hashes,
    leading_numerals,
    select_runs,
    small_matching_blocks,
    strip_all,
)

#: Characters of the a texts whose anchors are expanded at once (bounds the working
#: memory: about 40 bytes per anchor, at most MAX_ANCHOR_REPEATS per character).
GRAMS_PER_STEP = 1 << 17

Blocks = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # pair, a, b, size: sorted by (pair, a)


def blocks_of_pairs(strs: list[str], pairs: list[tuple[int, int]], q: int = ANCHOR, *, min_length: int = 0) -> list[list[tuple[int, int, int]]]:
    """:func:`fazhi.analyze.matching.matching_blocks` of ``(strs[a], strs[b])`` for every
    pair, found together.  With ``min_length``, small gaps are searched only where a
    passage of that many matched characters can form (:func:`_fill`): the blocks may
    then differ, never the passages.

    >>> blocks_of_pairs(["甲乙丙丁戊己庚", "乙丙丁戊己X甲乙丙丁"], [(0, 1), (1, 0)])
    [[(1, 0, 5)], [(0, 1, 5)]]
    """
    p, a, b, n = _blocks(strs, pairs, q, min_length)
    out: list[list[tuple[int, int, int]]] = [[] for _ in pairs]
    for k, x, y, size in zip(p.tolist(), a.tolist(), b.tolist(), n.tolist()):
        out[k].append((x, y, size))
    return out


def passages_of_pairs(texts: list[str], pairs: list[tuple[int, int]], *, min_length: int = 15, max_gap: int = 2) -> list[list[tuple[int, int, int, int, int]]]:
    """Passages ``(start_a, end_a, start_b, end_b, matched)`` of every pair of ``texts``,
    as :func:`fazhi.analyze.reuse.align` finds them one pair at a time."""
    counts, spans = passage_arrays(texts, pairs, min_length=min_length, max_gap=max_gap)
    rows = [tuple(r) for r in spans.tolist()]
    cuts = np.concatenate(([0], np.cumsum(counts))).tolist()
    return [rows[a:b] for a, b in zip(cuts[:-1], cuts[1:])]


def passage_arrays(texts: list[str], pairs, *, min_length: int = 15, max_gap: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """:func:`passages_of_pairs` as arrays: how many passages each pair has, and all of them
    (``(n, 5)`` int64, pair by pair) — cheap to send between processes.

    >>> passage_arrays(["法治政府建设实施纲要", "法治政府建设实施纲要(2021"], [(0, 1)], min_length=5)[0].tolist()
    [1]
    """
    pairs = [(int(x), int(y)) for x, y in pairs]
    strs, kept = strip_all(texts)
    # Skipping gaps no passage can use is sound only while a passage cannot jump a gap
    # too long to search.
    p, a, b, n = _blocks(strs, pairs, ANCHOR, min_length if max_gap <= SMALL_GAP else 0)
    counts = np.zeros(len(pairs), dtype=np.int64)
    if not len(p):
        return counts, np.zeros((0, 5), np.int64)
    # Chains: blocks joined across gaps of at most max_gap in both texts.
    gap_a = a[1:] - (a[:-1] + n[:-1])
    gap_b = b[1:] - (b[:-1] + n[:-1])
    joined = (p[1:] == p[:-1]) & (gap_a >= 0) & (gap_a <= max_gap) & (gap_b >= 0) & (gap_b <= max_gap)
    (p, a, b, n), joined = _cut_at_numbers(strs, pairs, (p, a, b, n), joined)
    if not len(p):
        return counts, np.zeros((0, 5), np.int64)
    first = np.flatnonzero(np.r_[True, ~joined])
    last = np.r_[first[1:], len(p)] - 1
    matched = np.add.reduceat(n, first)
    keep = matched >= min_length
    first, last, matched = first[keep], last[keep], matched[keep]
    cp = p[first]
    a0, a1, b0, b1 = a[first], a[last] + n[last], b[first], b[last] + n[last]
    ta = np.array([x for x, _ in pairs], dtype=np.int64)[cp]
    tb = np.array([y for _, y in pairs], dtype=np.int64)[cp]
    # Offsets in the raw texts: the kept characters of all texts as one array.
    lengths = np.array([len(k) for k in kept], dtype=np.int64)
    base = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    flat = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    s_a, e_a = flat[base[ta] + a0], flat[base[ta] + a1 - 1] + 1
    s_b, e_b = flat[base[tb] + b0], flat[base[tb] + b1 - 1] + 1
    for k, (x, y, ea, eb) in enumerate(zip(ta.tolist(), tb.tolist(), e_a.tolist(), e_b.tolist())):
        ta_text, tb_text = texts[x], texts[y]
        # Punctuation both texts share right after the passage closes it.
        while ea < len(ta_text) and eb < len(tb_text) and ta_text[ea] == tb_text[eb] and SKIP.match(ta_text[ea]) and not ta_text[ea].isspace():
            ea, eb = ea + 1, eb + 1
        e_a[k], e_b[k] = ea, eb
    np.add.at(counts, cp, 1)
    return counts, np.stack([s_a, e_a, s_b, e_b, matched], axis=1).astype(np.int64)


_NUMERAL_CODES = np.array(sorted(map(ord, NUMERALS)), dtype=np.uint32)


def _cut_at_numbers(strs: list[str], pairs: list[tuple[int, int]], blocks: Blocks, joined: np.ndarray) -> tuple[Blocks, np.ndarray]:
    """:func:`fazhi.analyze.matching.cut_at_numbers` for all pairs: where a tolerated gap
    (``joined[k]``: block ``k + 1`` continues block ``k``'s passage) changes a number, the
    two blocks are not joined and lose the numerals next to the gap (an emptied block is
    dropped).  Returns the blocks kept and ``joined`` between them."""
    p, a, b, n = blocks
    codes = np.frombuffer("".join(strs).encode("utf-32-le"), dtype=np.uint32)
    seen = np.r_[0, np.cumsum(np.isin(codes, _NUMERAL_CODES))]  # numerals before each position
    base = np.concatenate(([0], np.cumsum([len(x) for x in strs])[:-1])).astype(np.int64)
    ta = base[np.array([x for x, _ in pairs], dtype=np.int64)[p]] + a  # blocks' starts in the joined texts
    tb = base[np.array([y for _, y in pairs], dtype=np.int64)[p]] + b
    # The gap after block k (only where it is tolerated: then both sides are >= 0 long).
    ga0, gb0 = ta[:-1] + n[:-1], tb[:-1] + n[:-1]
    ga1, gb1 = np.where(joined, ta[1:], ga0), np.where(joined, tb[1:], gb0)
    na, nb = seen[ga1] - seen[ga0], seen[gb1] - seen[gb0]
    cut = joined & ((na > 0) | (nb > 0)) & ((na > 0) | (ga1 == ga0)) & ((nb > 0) | (gb1 == gb0))
    if not cut.any():
        return blocks, joined
    a, b, n = a.copy(), b.copy(), n.copy()
    text = "".join(strs)
    cut_before, cut_after = np.r_[False, cut], np.r_[cut, False]
    for k in np.flatnonzero(cut_before | cut_after).tolist():  # few: a Python loop
        piece = text[ta[k] : ta[k] + n[k]]
        lead = leading_numerals(piece) if cut_before[k] else 0
        trail = leading_numerals(piece[::-1]) if cut_after[k] else 0
        a[k], b[k], n[k] = a[k] + lead, b[k] + lead, max(0, n[k] - lead - trail)
    chain = np.cumsum(np.r_[True, ~(joined & ~cut)])
    keep = n > 0
    p, a, b, n, chain = p[keep], a[keep], b[keep], n[keep], chain[keep]
    return (p, a, b, n), chain[1:] == chain[:-1]


def _blocks(strs: list[str], pairs: list[tuple[int, int]], q: int, min_length: int) -> Blocks:
    """Every pair's matching blocks (with the short matches of its small gaps) as arrays."""
    empty = (np.zeros(0, np.int64),) * 4
    if not pairs:
        return empty
    lengths = np.array([len(x) for x in strs], dtype=np.int64)
    pa_ = np.array([x for x, _ in pairs], dtype=np.int64)
    pb_ = np.array([y for _, y in pairs], dtype=np.int64)
    index = _GramIndex(strs, lengths, q)
    # Identical (stripped) texts: one block, as the one-pair path says.
    same = np.array([strs[x] == strs[y] for x, y in pairs], dtype=bool) & (lengths[pa_] >= q)
    parts = [(np.flatnonzero(same), np.zeros(int(same.sum()), np.int64), np.zeros(int(same.sum()), np.int64), lengths[pa_[same]])]
    work = np.flatnonzero(~same & (index.n_grams[pa_] > 0) & (index.n_grams[pb_] > 0))
    # Steps of pairs whose a-side grams (the anchors, give or take repeats) fit a budget.
    bounds, acc = [0], 0
    for k, size in enumerate(index.n_grams[pa_[work]].tolist()):
        if acc and acc + size > GRAMS_PER_STEP:
            bounds.append(k)
            acc = 0
        acc += size
    bounds.append(len(work))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if hi > lo:
            parts.append(_selected(work[lo:hi], pa_, pb_, index, lengths, q))
    p, a, b, n = (np.concatenate(x) for x in zip(*parts))
    order = np.lexsort((a, p))
    return _fill(strs, lengths, pa_, pb_, (p[order], a[order], b[order], n[order]), min_length)


class _GramIndex:
    """The ``q``-grams of every text as dense ids, and each text's grams sorted by id."""

    def __init__(self, strs: list[str], lengths: np.ndarray, q: int):
        self.n_grams = np.maximum(lengths - q + 1, 0)
        # Hashes from one pass over the joined texts; windows across two texts are skipped.
        h = gram_hashes("".join(strs), q)
        text_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        self.gram_start = np.concatenate(([0], np.cumsum(self.n_grams)[:-1]))
        _, self.hid = np.unique(h[ranges(text_start, self.n_grams)], return_inverse=True)
        self.hid = self.hid.astype(np.int64).ravel()
        self.n_ids = int(self.hid.max()) + 1 if len(self.hid) else 1
        self.pos = np.arange(len(self.hid)) - np.repeat(self.gram_start, self.n_grams)
        key = np.repeat(np.arange(len(strs)), self.n_grams) * self.n_ids + self.hid
        order = np.argsort(key, kind="stable")  # by (text, gram), positions ascending
        self.key, self.key_pos = key[order], self.pos[order]
        starts = np.flatnonzero(np.r_[True, self.key[1:] != self.key[:-1]])
        self.key_end = np.repeat(np.r_[starts[1:], len(self.key)], np.diff(np.r_[starts, len(self.key)]))

    def anchors(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(k, i, j)``: gram ``i`` of text ``a[k]`` equals gram ``j`` of text ``b[k]``, in
        order of ``(k, i, j)``; a gram found more than MAX_ANCHOR_REPEATS times in ``b[k]``
        is repetition, not evidence, and is skipped (as the one-pair path does)."""
        rows = ranges(self.gram_start[a], self.n_grams[a])
        row_pair = np.repeat(np.arange(len(a)), self.n_grams[a])
        want = b[row_pair] * self.n_ids + self.hid[rows]
        # Searched among the grams of this step's b texts only (a text's grams are one
        # stretch of the sorted keys): a smaller array, searched faster.
        ub = np.unique(b)
        sub = ranges(self.gram_start[ub], self.n_grams[ub])
        key = self.key[sub]
        lo = np.minimum(np.searchsorted(key, want), max(len(key) - 1, 0))
        cnt = np.where(key[lo] == want, self.key_end[sub[lo]] - sub[lo], 0)
        cnt[cnt > MAX_ANCHOR_REPEATS] = 0
        return np.repeat(row_pair, cnt), np.repeat(self.pos[rows], cnt), self.key_pos[ranges(sub[lo], cnt)]


def _selected(step: np.ndarray, pa_: np.ndarray, pb_: np.ndarray, index: _GramIndex, lengths: np.ndarray, q: int) -> Blocks:
    """The non-crossing blocks of the pairs ``step`` (unsorted arrays; pair numbers global)."""
    p, i, j = index.anchors(pa_[step], pb_[step])
    if not len(p):
        return (np.zeros(0, np.int64),) * 4
    span = int(lengths.max()) + 1
    d = j - i
    # Anchors are in (pair, i) order: a stable sort by (pair, diagonal) keeps i ascending.
    order = np.argsort(p * (2 * span + 1) + (d + span), kind="stable")
    p, i, d = p[order], i[order], d[order]
    first = np.flatnonzero(np.r_[True, (p[1:] != p[:-1]) | (d[1:] != d[:-1]) | (i[1:] != i[:-1] + 1)])
    last = np.r_[first[1:], len(i)] - 1
    rp, a0, a1, rd = _survivors(p[first], i[first], i[last] + q, d[first], q)
    order = np.lexsort((a0, rp))
    rp, a0, a1, rd = rp[order], a0[order], a1[order], rd[order]
    free = _compatible(rp, a0, a1, rd, 2 * span + 2)
    pairs = step[rp]
    parts = [(pairs[free], a0[free], (a0 + rd)[free], (a1 - a0)[free])]
    # Pairs with runs in conflict: the longest-first selection, one pair at a time.
    rest = ~free
    rp_l, a0_l, a1_l, rd_l = rp[rest].tolist(), a0[rest].tolist(), a1[rest].tolist(), rd[rest].tolist()
    bounds = np.flatnonzero(np.r_[True, np.diff(rp[rest]) != 0, True]).tolist() if rp_l else [0]
    got_p, got_a, got_b, got_n = [], [], [], []
    for s, e in zip(bounds[:-1], bounds[1:]):
        pair = int(step[rp_l[s]])
        for x, y, size in select_runs(zip(a0_l[s:e], a1_l[s:e], rd_l[s:e]), int(lengths[pa_[pair]]), q):
            got_p.append(pair)
            got_a.append(x)
            got_b.append(y)
            got_n.append(size)
    parts.append(tuple(np.array(x, dtype=np.int64) for x in (got_p, got_a, got_b, got_n)))
    return tuple(np.concatenate(x) for x in zip(*parts))


def _survivors(rp: np.ndarray, a0: np.ndarray, a1: np.ndarray, rd: np.ndarray, q: int) -> tuple[np.ndarray, ...]:
    """The runs that can still be kept once each pair's longest run is (see ``select_runs``).

    The longest run (ties: first in a, then in b) is taken first, and whatever is taken
    later only narrows the room left to the others, so a run whose parts before and
    after the longest one (in both texts) are both shorter than ``q`` is never kept and
    never trims another: dropping it changes nothing.  On copied provisions that is
    nearly every stray anchor.
    """
    if not len(rp):
        return rp, a0, a1, rd
    order = np.lexsort((rd, a0, a0 - a1, rp))  # per pair: longest, then first in a, then in b
    head = order[np.r_[True, rp[order][1:] != rp[order][:-1]]]
    which = np.full(int(rp.max()) + 1, -1, dtype=np.int64)
    which[rp[head]] = head
    x = which[rp]
    x0, x1, xd = a0[x], a1[x], rd[x]
    before = np.minimum(np.minimum(a1, x0), x0 + xd - rd) - a0  # room before it, in a and in b
    after = a1 - np.maximum(np.maximum(a0, x1), x1 + xd - rd)  # room after it
    keep = (x == np.arange(len(rp))) | (before >= q) | (after >= q)
    return rp[keep], a0[keep], a1[keep], rd[keep]


def _compatible(rp: np.ndarray, a0: np.ndarray, a1: np.ndarray, rd: np.ndarray, big: int) -> np.ndarray:
    """Which runs (sorted by pair ``rp``, then ``a0``) end before every later run of their pair
    starts and start after every earlier one ends, in both texts (``b = a + rd``).

    Such a run is kept by the longest-first selection whatever else it keeps, and never
    trims another: only the other runs need ``select_runs``.
    """
    if not len(rp):
        return np.zeros(0, dtype=bool)
    base = rp * big  # each pair's values in a band of their own: a running max/min stays in the pair
    b0, b1 = a0 + rd, a1 + rd
    ends_a = np.r_[-1, np.maximum.accumulate(base + a1)[:-1]] - base  # < 0 at a pair's first run
    ends_b = np.r_[-1, np.maximum.accumulate(base + b1)[:-1]] - base
    starts_a = np.r_[np.minimum.accumulate((base + a0)[::-1])[::-1][1:], base[-1] + big] - base  # ≥ big after its last
    starts_b = np.r_[np.minimum.accumulate((base + b0)[::-1])[::-1][1:], base[-1] + big] - base
    return (ends_a <= a0) & (ends_b <= b0) & (starts_a >= a1) & (starts_b >= b1)


def _fill(strs: list[str], lengths: np.ndarray, pa_: np.ndarray, pb_: np.ndarray, blocks: Blocks, min_length: int) -> Blocks:
    """The blocks with the short matches of their small gaps added, as
    :func:`fazhi.analyze.matching.fill_gaps` adds them, sorted by (pair, a).

    With ``min_length``, only gaps in a stretch that could make a passage that long are
    searched: blocks linked by searchable gaps, whose sizes plus the gaps' (shorter side)
    lengths, and the searchable stretch before the first and after the last block, reach
    it.  Short matches elsewhere could join only blocks of a stretch that cannot.
    """
    p, a, b, n = blocks
    if not len(p):
        return blocks
    first = np.r_[True, p[1:] != p[:-1]]
    last = np.r_[p[1:] != p[:-1], True]
    len_a, len_b = lengths[pa_[p]], lengths[pb_[p]]
    # The gap before each block (from the previous block's end; the first: up to SMALL_GAP
    # characters before it) and the one after each pair's last block.
    ga1, gb1 = a, b
    ga0 = np.where(first, np.maximum(0, a - SMALL_GAP), np.r_[0, a[:-1] + n[:-1]])
    gb0 = np.where(first, np.maximum(0, b - SMALL_GAP), np.r_[0, b[:-1] + n[:-1]])
    ta0, tb0 = a + n, b + n
    ta1, tb1 = np.minimum(len_a, ta0 + SMALL_GAP), np.minimum(len_b, tb0 + SMALL_GAP)
    la, lb = ga1 - ga0, gb1 - gb0
    linked = (la <= SMALL_GAP) & (lb <= SMALL_GAP)  # always so for a pair's first block
    before_ok = after_ok = np.ones(len(p), dtype=bool)
    if min_length > 0:
        stretch = np.cumsum(first | ~linked) - 1
        room = np.where(linked, np.minimum(la, lb), 0)  # the first block's: its leading stretch
        total = np.bincount(stretch, weights=n + room) + np.bincount(stretch, weights=np.where(last, np.minimum(ta1 - ta0, tb1 - tb0), 0))
        ok = total[stretch] >= min_length
        before_ok = after_ok = ok
    search_before = (la > 0) & (lb > 0) & linked & before_ok
    search_after = last & (ta1 > ta0) & (tb1 > tb0) & after_ok
    gaps = [(k, x0, x1, y0, y1) for k, x0, x1, y0, y1 in zip(*(v[search_before].tolist() for v in (p, ga0, ga1, gb0, gb1)))]
    gaps += [(k, x0, x1, y0, y1) for k, x0, x1, y0, y1 in zip(*(v[search_after].tolist() for v in (p, ta0, ta1, tb0, tb1)))]
    found: dict[tuple[str, str], list] = {}  # copied texts differ in the same few ways: each gap once
    fp, fa, fb, fn = [], [], [], []
    pa_l, pb_l = pa_.tolist(), pb_.tolist()
    for k, x0, x1, y0, y1 in gaps:
        key = (strs[pa_l[k]][x0:x1], strs[pb_l[k]][y0:y1])
        got = found.get(key)
        if got is None:
            got = found[key] = small_matching_blocks(*key)
        for x, y, size in got:
            fp.append(k)
            fa.append(x0 + x)
            fb.append(y0 + y)
            fn.append(size)
    if not fp:
        return blocks
    p, a, b, n = (np.concatenate((v, np.array(w, dtype=np.int64))) for v, w in zip(blocks, (fp, fa, fb, fn)))
    order = np.lexsort((a, p))  # a gap's matches lie between the blocks around it
    return p[order], a[order], b[order], n[order]
