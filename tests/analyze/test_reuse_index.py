"""The vectorised pieces of the shared-text search, against plain Python on random cases."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.analyze.stage import substrings
from fazhi.analyze.reuse import candidate_pairs, flatten

# One-, two-, three- and four-byte UTF-8 characters.
TEXTS = st.lists(st.text(alphabet="ab é法治，\n𠀀", max_size=25), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.data())
def test_substrings_equal_python_slices(texts, data):
    picks = data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=60))
    cuts = [sorted(data.draw(st.lists(st.integers(0, len(texts[r])), min_size=2, max_size=2))) for r in picks]
    rows = np.array(picks, dtype=np.int64)
    starts = np.array([c[0] for c in cuts], dtype=np.int64)
    ends = np.array([c[1] for c in cuts], dtype=np.int64)
    expected = [texts[r][a:b] for r, (a, b) in zip(picks, cuts)]
    half = len(texts) // 2
    chunked = pa.chunked_array([pa.array(texts[:half], pa.string()), pa.array(texts[half:], pa.string())])
    assert substrings(chunked, rows, starts, ends).to_pylist() == expected
    shifted = pa.array(["前"] + texts, pa.string()).slice(1)  # an array that starts inside its buffers
    assert substrings(shifted, rows, starts, ends).to_pylist() == expected


def _pairs_by_brute_force(doc_of, prints, max_df):
    df: dict[int, int] = {}
    for p in prints:
        for h in p.tolist():
            df[h] = df.get(h, 0) + 1
    shared = {}
    for i, j in itertools.combinations(range(len(prints)), 2):
        if doc_of[i] == doc_of[j]:
            continue
        # Fingerprint occurrences: each h in i's list meets each h in j's list once.
        n = sum(1 for a in prints[i].tolist() for b in prints[j].tolist() if a == b and 2 <= df[a] <= max_df)
        if n:
            shared[(i, j)] = n
    return shared


def test_candidate_pairs_count_the_same_by_sorting_and_by_hashing():
    rng = np.random.default_rng(7)
    for vocabulary in (150, 3_000):  # mostly repeated hashes, mostly distinct ones
        pool = rng.integers(0, 2**64, vocabulary, dtype=np.uint64)
        prints = [pool[rng.integers(0, vocabulary, rng.integers(0, 12))] for _ in range(120)]
        doc_of = rng.integers(0, 15, len(prints))
        flat, offsets = flatten(prints)
        expected = _pairs_by_brute_force(doc_of, prints, max_df=6)
        for by_hash in (False, True, None):
            i, j, shared = candidate_pairs(doc_of, flat, offsets, max_df=6, by_hash=by_hash)
            assert dict(zip(zip(i.tolist(), j.tolist()), shared.tolist())) == expected
            assert list(zip(i.tolist(), j.tolist())) == sorted(expected)
        assert len(expected) > 20
