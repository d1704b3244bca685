"""Shared text between jurisdictions: which passages one document takes from another.

1. Shingles: every run of ``n`` characters (punctuation and spaces dropped, so
   "、" against "," does not break a match) of every provision.
2. Candidates: an inverted index from shingle to provisions gives, for each pair of
   provisions from *different* documents, how many shingles they share.  Shingles
   found in more than ``max_df`` provisions are boilerplate and skipped, so the index
   stays small on thousands of documents.  Pairs with a containment (shared shingles /
   shingles of the smaller provision) of at least ``min_containment`` are aligned.
3. Alignment: the matching blocks of the two (punctuation-free) texts are joined
   across gaps of at most ``max_gap`` characters; runs of at least ``min_length``
   matched characters are passages, mapped back to offsets in both documents.

>>> a = "把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准"
>>> b = "在考核中,把法治观念强不强,法治素养好不好作为衡量干部德才的重要标准。"
>>> [(p.text_a, p.start_b) for p in align(a, b, min_length=10)]
[('把法治观念强不强、法治素养好不好作为衡量干部德才的重要标准', 5)]
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

SKIP = re.compile(r"[\s,.;:!?、。;:!?“”\"'()《》〈〉【】\[\]〔〕—\-…·]")


@dataclass(frozen=True)
class Passage:
    start_a: int
    end_a: int
    start_b: int
    end_b: int
    matched: int  # characters matched (without punctuation)
    text_a: str
    text_b: str


def _strip(text: str) -> tuple[str, list[int]]:
    """Text without punctuation/whitespace, and the offset of each kept character."""
    keep = [i for i, ch in enumerate(text) if not SKIP.match(ch)]
    return "".join(text[i] for i in keep), keep


def shingles(text: str, n: int = 8) -> set[str]:
    s, _ = _strip(text)
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def align(a: str, b: str, *, min_length: int = 15, max_gap: int = 2) -> list[Passage]:
    """Shared passages of ``a`` and ``b``: matching blocks joined across small gaps."""
    sa, ka = _strip(a)
    sb, kb = _strip(b)
    if not sa or not sb:
        return []
    blocks = [blk for blk in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks() if blk.size]
    runs: list[list[int]] = []  # [a0, a1, b0, b1, matched]
    for blk in blocks:
        a0, b0, size = blk.a, blk.b, blk.size
        if runs:
            r = runs[-1]
            if 0 <= a0 - r[1] <= max_gap and 0 <= b0 - r[3] <= max_gap:
                r[1], r[3], r[4] = a0 + size, b0 + size, r[4] + size
                continue
        runs.append([a0, a0 + size, b0, b0 + size, size])
    out = []
    for a0, a1, b0, b1, matched in runs:
        if matched < min_length:
            continue
        s_a, e_a = ka[a0], ka[a1 - 1] + 1
        s_b, e_b = kb[b0], kb[b1 - 1] + 1
        # Punctuation both texts share right after the passage closes it.
        while e_a < len(a) and e_b < len(b) and a[e_a] == b[e_b] and SKIP.match(a[e_a]) and not a[e_a].isspace():
            e_a, e_b = e_a + 1, e_b + 1
        out.append(Passage(s_a, e_a, s_b, e_b, matched, a[s_a:e_a], b[s_b:e_b]))
    return out


def candidate_pairs(items: list[tuple[str, str]], *, n: int = 8, max_df: int = 50, min_shared: int = 2) -> dict[tuple[int, int], int]:
    """Pairs of items from different documents sharing shingles: ``{(i, j): shared}``.

    ``items`` are ``(doc_id, text)``; ``i < j`` index into it.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, text) in enumerate(items):
        for sh in shingles(text, n):
            index[sh].append(i)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        if len(members) < 2 or len(members) > max_df:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if items[i][0] != items[j][0]:
                    counts[(i, j)] += 1
    return {k: v for k, v in counts.items() if v >= min_shared}


def find_reuse(
    items: list[tuple[str, str]],
    *,
    n: int = 8,
    max_df: int = 50,
    min_containment: float = 0.02,
    min_length: int = 15,
    max_gap: int = 2,
) -> list[tuple[int, int, float, Passage]]:
    """Every shared passage between items of different documents: ``(i, j, containment, passage)``."""
    sizes = [max(1, len(shingles(t, n))) for _, t in items]
    out = []
    for (i, j), shared in sorted(candidate_pairs(items, n=n, max_df=max_df).items()):
        containment = shared / min(sizes[i], sizes[j])
        if containment < min_containment:
            continue
        for p in align(items[i][1], items[j][1], min_length=min_length, max_gap=max_gap):
            out.append((i, j, round(containment, 6), p))
    return out


def similarity_matrix(reuse_df, documents_df):
    """Document × document: share of the row document's characters in passages shared with the column document."""
    import numpy as np
    import pandas as pd

    ids = list(documents_df["doc_id"])
    n_chars = dict(zip(documents_df["doc_id"], documents_df["n_chars"]))
    covered: dict[tuple[str, str], np.ndarray] = {}
    for r in reuse_df.itertuples():
        for doc, other, s, e in ((r.doc_id_a, r.doc_id_b, r.start_a, r.end_a), (r.doc_id_b, r.doc_id_a, r.start_b, r.end_b)):
            mask = covered.setdefault((doc, other), np.zeros(n_chars[doc], dtype=bool))
            mask[s:e] = True
    m = pd.DataFrame(0.0, index=pd.Index(ids, name="doc_id"), columns=pd.Index(ids, name="shared_with"))
    for (doc, other), mask in covered.items():
        m.loc[doc, other] = mask.sum() / max(1, n_chars[doc])
    for d in ids:
        m.loc[d, d] = 1.0
    return m


def reuse_summary(reuse_df, thresholds=(15, 20, 30, 50)):
    """How much is shared at each minimum passage length (matched characters)."""
    import pandas as pd

    rows = []
    for t in thresholds:
        r = reuse_df[reuse_df["matched"] >= t]
        rows.append(
            {
                "min_matched": t,
                "passages": len(r),
                "provision_pairs": len(r[["provision_id_a", "provision_id_b"]].drop_duplicates()),
                "document_pairs": len(r[["doc_id_a", "doc_id_b"]].drop_duplicates()),
                "median_length": float(r["length"].median()) if len(r) else 0.0,
                "max_length": int(r["length"].max()) if len(r) else 0,
            }
        )
    return pd.DataFrame(rows)
