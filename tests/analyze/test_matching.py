"""The aligner of many pairs at once gives, pair by pair, what the one-pair aligner gives."""

from __future__ import annotations

import difflib
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.analyze import batchalign
from fazhi.analyze.batchalign import blocks_of_pairs, passages_of_pairs
from fazhi.analyze.matching import fill_gaps, matching_blocks, small_matching_blocks, strip_all
from fazhi.analyze.reuse import align, candidate_pairs, fingerprints, flatten

SHORT = st.text(alphabet="法治政府建设、,甲", max_size=30)


@settings(max_examples=400, deadline=None)
@given(SHORT, SHORT)
def test_small_matching_blocks_is_difflib(x, y):
    expected = [tuple(m) for m in difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks() if m.size]
    assert small_matching_blocks(x, y) == expected


def test_small_matching_blocks_cases():
    assert small_matching_blocks("", "法") == []
    assert small_matching_blocks("法", "治法法") == [(0, 1, 1)]  # the first occurrence
    assert small_matching_blocks("治法法", "法") == [(1, 0, 1)]
    assert small_matching_blocks("甲乙", "丙丁") == []


def test_fill_gaps_finds_the_short_match_before_a_differing_character():
    # "丙丁戊己" is anchored (3 characters or more); "甲乙" before the differing
    # character is too short for an anchor: only the gap search sees it.
    a, b = "甲乙X丙丁戊己", "甲乙Y丙丁戊己"
    assert fill_gaps(a, b, [(3, 3, 4)]) == [(0, 0, 2), (3, 3, 4)]
    assert matching_blocks(a, b) == [(0, 0, 2), (3, 3, 4)]
    assert blocks_of_pairs([a, b], [(0, 1)]) == [[(0, 0, 2), (3, 3, 4)]]


def _copies(rng: random.Random, n_texts: int, alphabet: str, length: int) -> list[str]:
    """Texts that copy each other with edits: crossing runs, repeated anchors, gaps."""
    base = "".join(rng.choice(alphabet) for _ in range(length))
    out = [base]
    for _ in range(n_texts - 1):
        t = list(rng.choice(out))
        for _ in range(rng.randint(0, 12)):
            k = rng.randrange(len(t) + 1)
            op = rng.random()
            if op < 0.4 and t:
                t[min(k, len(t) - 1)] = rng.choice(alphabet + ",、。")
            elif op < 0.7:
                t.insert(k, rng.choice(alphabet))
            elif t:
                del t[min(k, len(t) - 1)]
        if rng.random() < 0.3:  # a moved piece: runs out of order
            k = rng.randrange(len(t) + 1)
            t = t[k:] + t[:k]
        out.append("".join(t))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_blocks_of_pairs_equal_matching_blocks(seed, monkeypatch):
    rng = random.Random(seed)
    alphabet = "法治政府建设依行规范执"[: 4 + seed]  # small alphabets: many stray anchors
    texts = _copies(rng, 30, alphabet, rng.randint(20, 120)) + ["", "法治", "法治政"]
    strs, _ = strip_all(texts)
    pairs = [(a, b) for a in range(len(strs)) for b in range(len(strs)) if a != b and rng.random() < 0.5]
    pairs += [(0, 0)]
    expected = [matching_blocks(strs[a], strs[b]) for a, b in pairs]
    assert blocks_of_pairs(strs, pairs) == expected
    monkeypatch.setattr(batchalign, "GRAMS_PER_STEP", 50)  # many small steps: the same blocks
    assert blocks_of_pairs(strs, pairs) == expected


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("min_length,max_gap", [(15, 2), (6, 2), (4, 0), (10, 40)])
def test_passages_of_pairs_equal_align(seed, min_length, max_gap):
    rng = random.Random(100 + seed)
    texts = _copies(rng, 25, "法治政府建设依行规范执"[: 5 + seed], rng.randint(30, 150))
    pairs = [(a, b) for a in range(len(texts)) for b in range(len(texts)) if a != b and rng.random() < 0.5]
    expected = [
        [(p.start_a, p.end_a, p.start_b, p.end_b, p.matched) for p in align(texts[a], texts[b], min_length=min_length, max_gap=max_gap)]
        for a, b in pairs
    ]
    assert sum(map(len, expected)) > 0
    assert passages_of_pairs(texts, pairs, min_length=min_length, max_gap=max_gap) == expected


def test_every_candidate_pair_of_the_founding_corpus_aligns_as_one_pair_does(corpus):
    prov = corpus.provisions
    texts, docs = prov.text.tolist(), prov.doc_id.tolist()
    number = {d: k for k, d in enumerate(dict.fromkeys(docs))}
    flat, offsets = flatten([fingerprints(t) for t in texts])
    i, j, _ = candidate_pairs(np.array([number[d] for d in docs]), flat, offsets)
    pairs = list(zip(i.tolist(), j.tolist()))
    assert len(pairs) == 653  # every pair of provisions from different documents sharing a fingerprint
    expected = [[(p.start_a, p.end_a, p.start_b, p.end_b, p.matched) for p in align(texts[a], texts[b])] for a, b in pairs]
    got = passages_of_pairs(texts, pairs)
    assert got == expected
    assert sum(map(len, got)) > 50


# A gap that changes a number is never bridged; a one-character wording variant still is.
PRE = "各级政府要坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的"
POST = "精神,全面推进严格规范公正文明执法,加快建设法治政府。"


def _spans(a: str, b: str, **options) -> list[tuple[str, str]]:
    one = [(p.text_a, p.text_b) for p in align(a, b, **options)]
    many = passages_of_pairs([a, b], [(0, 1)], **options)[0]
    assert [(a[s:e], b[t:u]) for s, e, t, u, _ in many] == one  # both paths agree
    return one


@pytest.mark.parametrize(
    "x,y,before,after",
    [
        ("二十大", "十九大", "", "大"),
        ("2022年", "2023年", "", "年"),
        ("第十四次", "第十五次", "第", "次"),
        ("达到90%", "达到95%", "达到", "%"),
        ("三项", "五项", "", "项"),
        ("两个", "个", "", "个"),  # a number dropped
    ],
)
def test_a_changed_number_splits_the_passage(x, y, before, after):
    # Two passages, around the number: neither holds a digit of it.
    got = _spans(PRE + x + POST, PRE + y + POST)
    assert got == [(PRE + before, PRE + before), (after + POST, after + POST)]


@pytest.mark.parametrize("x,y", [("推进", "推动"), ("二十大", "二十大"), ("统一", "统筹"), ("任职", "晋升")])
def test_a_wording_variant_is_still_one_passage(x, y):
    got = _spans(PRE + x + POST, PRE + y + POST)
    assert len(got) == 1
    assert got[0][0] == PRE + x + POST


@pytest.mark.parametrize("seed", range(4))
def test_passages_of_pairs_equal_align_with_numbers(seed):
    rng = random.Random(300 + seed)
    texts = _copies(rng, 25, "法治政府建设二十九2023年"[: 8 + seed], rng.randint(30, 150))
    pairs = [(a, b) for a in range(len(texts)) for b in range(len(texts)) if a != b and rng.random() < 0.5]
    for min_length in (6, 15):
        expected = [[(p.start_a, p.end_a, p.start_b, p.end_b, p.matched) for p in align(texts[a], texts[b], min_length=min_length)] for a, b in pairs]
        assert sum(map(len, expected)) > 0
        assert passages_of_pairs(texts, pairs, min_length=min_length) == expected


def test_numbers_change_the_founding_corpus_passages(corpus):
    # The founding corpus: "实施纲要(2021—2025年)" against "(2015—2020年)" and the like were
    # passages (6 of 58); 党的二十大 against 党的十九大 was bridged.  53 passages remain.
    r = corpus.reuse
    assert len(r) == 53
    assert not r["text_a"].str.contains(r"\(20\d\d[—-]20\d$|二十大$").any()
    both = r[(r["text_a"].str.contains("党的二十大")) | (r["text_b"].str.contains("党的二十大"))]
    assert (both["text_a"].str.contains("二十大") == both["text_b"].str.contains("二十大")).all()
