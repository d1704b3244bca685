"""Exact matches between two texts: the pieces every shared-text search is built from.

Texts are compared without punctuation and whitespace (:func:`strip_all`), so "、"
against "," does not break a match.  :func:`matching_blocks` finds the non-crossing
matches of two texts longest first, as :mod:`difflib` does, but from ``q``-character
anchors on the same diagonal, so its cost grows with the text and not with its
square; :func:`fill_gaps` adds the shorter matches inside small gaps, where difflib is
cheap.  :mod:`fazhi.analyze.batchalign` does the same for many pairs at once.

>>> strs, kept = strip_all(["把法治观念强不强、法治素养好不好", "把法治观念强不强,法治素养好不好"])
>>> matching_blocks(*strs)
[(0, 0, 15)]
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re

import numpy as np

#: Punctuation and whitespace: not compared.
SKIP = re.compile(r"[\s,.;:!?、。;:!?“”\"'()《》〈〉【】\[\]〔〕—\-…·]")


@functools.lru_cache(maxsize=1)
def _skipped_table() -> np.ndarray:
    """``SKIP`` as a lookup table over the Basic Multilingual Plane (nothing above it matches)."""
    return np.array([bool(SKIP.match(chr(c))) for c in range(0x10000)], dtype=bool)


def strip_all(texts: list[str]) -> tuple[list[str], list[np.ndarray]]:
    """Each text without punctuation and whitespace (``SKIP``), and the offsets of its kept
    characters (a numpy array per text): done for all texts at once.

    >>> strs, kept = strip_all(["法治、政府", "建设。"])
    >>> strs, [k.tolist() for k in kept]
    (['法治政府', '建设'], [[0, 1, 3, 4], [0, 1]])
    """
    lengths = [len(t) for t in texts]
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    table = _skipped_table()
    skipped = table[np.minimum(codes, 0xFFFF)] & (codes <= 0xFFFF)
    keep = np.flatnonzero(~skipped)
    joined = codes[keep].tobytes().decode("utf-32-le")
    starts = np.concatenate(([0], np.cumsum(lengths)))
    cuts = np.searchsorted(keep, starts).tolist()
    strs = [joined[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    kept = [keep[a:b] - start for a, b, start in zip(cuts[:-1], cuts[1:], starts.tolist())]
    return strs, kept


_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def gram_hashes(s: str, n: int) -> np.ndarray:
    """64-bit hashes of every ``n``-character run of ``s`` as it is."""
    if len(s) < n:
        return np.zeros(0, dtype=np.uint64)
    c = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.zeros(len(c) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for j in range(n):
            h = h * _BASE + c[j : len(c) - n + 1 + j]
        h ^= h >> np.uint64(29)
        h *= _MIX
        h ^= h >> np.uint64(32)
    return h



#: Anchors of the aligner: exact runs of at least this many characters.
ANCHOR = 3
#: An anchor found more often than this in one provision is repetition, not evidence
#: (like difflib's "junk"); skipping it keeps pathological texts linear.
MAX_ANCHOR_REPEATS = 32


def matching_blocks(sa: str, sb: str, q: int = ANCHOR) -> list[tuple[int, int, int]]:
    """Non-crossing exact matches ``(a, b, size)`` of ``sa`` and ``sb``, in text order.

    Like :meth:`difflib.SequenceMatcher.get_matching_blocks`, the longest match is
    taken first and the others only where they do not cross it, but matches are
    found from shared ``q``-character anchors on the same diagonal (numpy), so the
    cost grows with the text, not with its square.  Matches shorter than ``q`` are
    not seen.

    >>> matching_blocks("甲乙丙丁戊己庚", "乙丙丁戊己X甲乙丙丁")
    [(1, 0, 5)]
    """
    if len(sa) < q or len(sb) < q:
        return []
    if sa == sb:
        return [(0, 0, len(sa))]
    ha = gram_hashes(sa, q)
    hb = gram_hashes(sb, q)
    ob = np.argsort(hb, kind="stable")
    hbs = hb[ob]
    lo = np.searchsorted(hbs, ha, "left")
    cnt = np.searchsorted(hbs, ha, "right") - lo
    cnt[cnt > MAX_ANCHOR_REPEATS] = 0
    total = int(cnt.sum())
    if not total:
        return []
    i = np.repeat(np.arange(len(ha)), cnt)
    within = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    j = ob[np.repeat(lo, cnt) + within]
    d = j - i
    order = np.lexsort((i, d))
    i, d = i[order], d[order]
    new_run = np.r_[True, (d[1:] != d[:-1]) | (i[1:] != i[:-1] + 1)]
    first = np.flatnonzero(new_run)
    last = np.r_[first[1:], len(i)] - 1
    runs = zip(i[first].tolist(), (i[last] + q).tolist(), d[first].tolist())
    return fill_gaps(sa, sb, select_runs(runs, len(sa), q))


def select_runs(runs, n_a: int, q: int) -> list[tuple[int, int, int]]:
    """Non-crossing blocks ``(a, b, size)`` in text order from diagonal runs ``(a0, a1, d)``.

    Longest first; a run that meets an accepted one is trimmed to the free stretch
    (both texts) and queued again, as difflib recurses left and right of its match.
    """
    heap = [(-(a1 - a0), a0, dd, a1) for a0, a1, dd in runs]
    heapq.heapify(heap)
    acc_a0: list[int] = []
    acc: list[tuple[int, int, int]] = []  # (a0, a1, d), sorted by a0
    while heap:
        neg, a0, dd, a1 = heapq.heappop(heap)
        k = bisect.bisect_right(acc_a0, a0)
        lo_a = 0
        if k:
            pa0, pa1, pd = acc[k - 1]
            lo_a = max(pa1, pa1 + pd - dd)  # after the previous match in a and in b
        hi_a = n_a
        if k < len(acc):
            na0, na1, nd = acc[k]
            hi_a = min(na0, na0 + nd - dd)
            if a1 > hi_a:  # the part beyond the next match is a candidate of its own
                rest = max(na1, na1 + nd - dd, a0)
                if a1 - rest >= q:
                    heapq.heappush(heap, (-(a1 - rest), rest, dd, a1))
        s0, s1 = max(a0, lo_a), min(a1, hi_a)
        if s1 - s0 < q or s0 + dd < 0:
            continue
        if (s0, s1) != (a0, a1):
            heapq.heappush(heap, (-(s1 - s0), s0, dd, s1))
            continue
        acc.insert(k, (a0, a1, dd))
        acc_a0.insert(k, a0)
    return [(a0, a0 + dd, a1 - a0) for a0, a1, dd in acc]


#: Numerals: Arabic digits and the Chinese numerals of counts, ordinals and years
#: (第十四, 二〇二二).  A tolerated gap made of them would change a number.
NUMERALS = "0123456789零〇一二三四五六七八九十百千万亿两"


def number_break(ga: str, gb: str) -> bool:
    """Whether the characters two texts do not share between two matches (``ga`` in one,
    ``gb`` in the other) change a number: a numeral on one side and, on the other, another
    numeral or nothing.  A shared passage must not bridge them, however small the gap:
    二十大 is not 十九大, nor 2022年 2023年.  A wording variant stays tolerated, even where
    one side's character happens to be a numeral (统一 / 统筹).

    >>> number_break("二", ""), number_break("2", "3"), number_break("五项", "六条")
    (True, True, True)
    >>> number_break("任职", "晋升"), number_break("一", "筹"), number_break("", "")
    (False, False, False)
    """
    na, nb = sum(c in NUMERALS for c in ga), sum(c in NUMERALS for c in gb)
    return (na > 0 or nb > 0) and (na > 0 or not ga) and (nb > 0 or not gb)


def cut_at_numbers(sa: str, sb: str, blocks: list[tuple[int, int, int]], max_gap: int) -> list[tuple[int, int, int, bool]]:
    """``blocks`` as ``(a, b, size, cut)``: ``cut`` where a block must not join the one
    before it although the gap is within ``max_gap``, because the gap changes a number
    (:func:`number_break`).  There the passage is split around the number: the numerals
    of the two blocks next to the gap are part of the changed number and are not shared
    (a block left empty is dropped; its cut passes to the next block).

    >>> sa, sb = "贯彻党的二十大精神和决策部署", "贯彻党的十九大精神和决策部署"
    >>> cut_at_numbers(sa, sb, [(0, 0, 4), (5, 4, 1), (6, 6, 8)], 2)
    [(0, 0, 4, False), (6, 6, 8, True)]
    >>> cut_at_numbers("于2022年底前", "于2023年底前", [(0, 0, 4), (5, 5, 3)], 2)
    [(0, 0, 1, False), (5, 5, 3, True)]
    """
    cuts = [False] * len(blocks)
    for k in range(1, len(blocks)):
        (a0, b0, n0), (a1, b1, _) = blocks[k - 1], blocks[k]
        ga, gb = sa[a0 + n0 : a1], sb[b0 + n0 : b1]
        cuts[k] = a1 >= a0 + n0 and b1 >= b0 + n0 and len(ga) <= max_gap and len(gb) <= max_gap and number_break(ga, gb)
    out: list[tuple[int, int, int, bool]] = []
    carry = False
    for k, (a, b, n) in enumerate(blocks):
        lead = leading_numerals(sa[a : a + n]) if cuts[k] else 0
        trail = leading_numerals(sa[a : a + n][::-1]) if k + 1 < len(blocks) and cuts[k + 1] else 0
        size = n - lead - trail
        if size <= 0:
            carry = carry or cuts[k]
            continue
        out.append((a + lead, b + lead, size, cuts[k] or carry))
        carry = False
    return out


def leading_numerals(s: str) -> int:
    """How many of ``s``'s first characters are numerals (:data:`NUMERALS`).

    >>> leading_numerals("二十大精神"), leading_numerals("年底前")
    (2, 0)
    """
    k = 0
    while k < len(s) and s[k] in NUMERALS:
        k += 1
    return k


#: Gaps between anchored matches up to this long (in both texts) are searched for the
#: short matches anchors miss ("、行政检查等" after a differing character).
SMALL_GAP = 30


def fill_gaps(sa: str, sb: str, blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``blocks`` with the matches inside the small gaps around them added (as difflib
    finds them there): the short matches anchors miss.

    >>> fill_gaps("甲乙丙丁戊己庚辛", "甲乙丙X戊己庚辛", [(0, 0, 3), (4, 4, 4)])
    [(0, 0, 3), (4, 4, 4)]
    >>> fill_gaps("行政检查等执法行为", "、行政检查等执法行为", [(5, 6, 4)])
    [(0, 1, 5), (5, 6, 4)]
    """
    if not blocks:
        return blocks
    out: list[tuple[int, int, int]] = []
    edges = [(0, 0)] + [(a + n, b + n) for a, b, n in blocks]
    ends = [(a, b) for a, b, _ in blocks] + [(len(sa), len(sb))]
    for k, ((ga0, gb0), (ga1, gb1)) in enumerate(zip(edges, ends)):
        # Leading and trailing stretches: only their parts next to a match.
        if k == 0:
            ga0, gb0 = max(0, ga1 - SMALL_GAP), max(0, gb1 - SMALL_GAP)
        if k == len(blocks):
            ga1, gb1 = min(len(sa), ga0 + SMALL_GAP), min(len(sb), gb0 + SMALL_GAP)
        if 0 < ga1 - ga0 <= SMALL_GAP and 0 < gb1 - gb0 <= SMALL_GAP:
            out.extend((ga0 + x, gb0 + y, n) for x, y, n in small_matching_blocks(sa[ga0:ga1], sb[gb0:gb1]))
        if k < len(blocks):
            out.append(blocks[k])
    return out


def small_matching_blocks(x: str, y: str) -> list[tuple[int, int, int]]:
    """``difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()`` without
    the closing empty block, for the short gaps it is asked about hundreds of thousands of
    times (no matcher object, no junk bookkeeping; a gap sharing no character is answered
    at once).  Equal to difflib's answer (a test compares them on random strings).

    >>> small_matching_blocks("、行政检查等", ",行政检查等")
    [(1, 1, 5)]
    """
    if not x or not y:
        return []
    if len(x) == 1 or len(y) == 1:  # one character: its first occurrence in the other text
        at = y.find(x) if len(x) == 1 else x.find(y)
        return [] if at < 0 else [(0, at, 1) if len(x) == 1 else (at, 0, 1)]
    where: dict[str, list[int]] = {}
    for j, ch in enumerate(y):
        where.setdefault(ch, []).append(j)
    if not any(ch in where for ch in x):
        return []
    found = []
    queue = [(0, len(x), 0, len(y))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        # difflib's find_longest_match: the first longest match in scan order of x, then y.
        besti, bestj, best = alo, blo, 0
        run: dict[int, int] = {}
        for i in range(alo, ahi):
            new_run = {}
            for j in where.get(x[i], ()):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new_run[j] = run.get(j - 1, 0) + 1
                if k > best:
                    besti, bestj, best = i - k + 1, j - k + 1, k
            run = new_run
        if best:
            found.append((besti, bestj, best))
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj))
            if besti + best < ahi and bestj + best < bhi:
                queue.append((besti + best, ahi, bestj + best, bhi))
    found.sort()
    out: list[tuple[int, int, int]] = []
    for i, j, k in found:  # adjacent blocks are one, as difflib reports them
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + k)
        else:
            out.append((i, j, k))
    return out
