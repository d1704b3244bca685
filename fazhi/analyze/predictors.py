"""Fitted models as plain arrays: predictions with numpy alone.

:class:`fazhi.analyze.themes.ThemeAssigner` and :class:`fazhi.analyze.clusters.ProvisionClusterer` are
fitted with scikit-learn; what they learn (a TF-IDF vocabulary and idf weights, theme
centroids, LSA components, k-means centres) is handed to the predictors here, which
need neither scikit-learn nor SciPy.  The estimators' own ``predict`` methods call
them, and the build caches them instead of the estimators, so a rebuild that predicts
one changed segment does not load those libraries (about 130 MB of files to read from
a cold disk, over a second of imports) and every build predicts with the same code.

>>> tf = Tfidf({"复议": 0, "纠错": 1}, np.array([1.0, 2.0]))
>>> rows = tf.transform([["复议", "复议", "未知"], []])
>>> rows.indptr.tolist(), rows.indices.tolist(), np.round(rows.data, 3).tolist()
([0, 1, 1], [0], [1.0])
>>> project(tf.transform([["复议", "纠错"]]), np.eye(2)).round(3).tolist()
[[0.447, 0.894]]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from fazhi.schema import THEME_IDS


class Rows(NamedTuple):
    """Sparse rows (CSR arrays): row ``i`` has ``data[indptr[i]:indptr[i+1]]`` at ``indices[…]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray


@dataclass(frozen=True)
class Tfidf:
    """A fitted ``TfidfVectorizer`` over token lists (l2-normalised rows, maybe sublinear tf).

    ``transform`` gives what scikit-learn's ``transform`` gives for the same vocabulary
    and idf: counts of known tokens (sorted by column), ``1 + log(tf)`` if sublinear,
    times idf, each row scaled to unit length.
    """

    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear_tf: bool = True

    @classmethod
    def of(cls, vectorizer) -> Tfidf:
        if vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise ValueError("only l2-normalised TF-IDF with idf weights is supported")
        return cls(dict(vectorizer.vocabulary_), np.asarray(vectorizer.idf_, dtype=np.float64), bool(vectorizer.sublinear_tf))

    def transform(self, docs: Sequence[Sequence[str]]) -> Rows:
        get = self.vocabulary.get
        row, col = [], []
        for i, doc in enumerate(docs):
            ids = [j for j in map(get, doc) if j is not None]
            col.extend(ids)
            row.extend([i] * len(ids))
        width = max(len(self.idf), 1)
        # One sort gives every row's distinct columns, in order, with their counts.
        keys, counts = np.unique(np.asarray(row, np.int64) * width + np.asarray(col, np.int64), return_counts=True)
        rows, indices = np.divmod(keys, width)
        data = counts.astype(np.float64)
        if self.sublinear_tf:
            np.log(data, out=data)
            data += 1
        data *= self.idf[indices]
        indptr = np.searchsorted(rows, np.arange(len(docs) + 1)).astype(np.int64)
        norms = np.sqrt(_row_sums(data * data, indptr))
        norms[norms == 0] = 1.0
        data /= np.repeat(norms, np.diff(indptr))
        return Rows(indptr, indices, data)


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sum of each row's ``values`` (rows along the first axis; empty rows give 0)."""
    out = np.zeros((len(indptr) - 1,) + values.shape[1:])
    starts = indptr[:-1]
    full = np.flatnonzero(np.diff(indptr))
    if len(full):
        out[full] = np.add.reduceat(values, starts[full], axis=0)
    return out


def project(rows: Rows, matrix: np.ndarray) -> np.ndarray:
    """``rows @ matrix`` for sparse rows and a dense (features × k) matrix.

    >>> project(Rows(np.array([0, 2, 2]), np.array([0, 2]), np.array([1.0, 2.0])), np.arange(6.0).reshape(3, 2)).tolist()
    [[8.0, 11.0], [0.0, 0.0]]
    """
    return _row_sums(rows.data[:, None] * matrix[rows.indices], rows.indptr)


def unit_rows(z: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as ``sklearn.preprocessing.normalize``."""
    norms = np.sqrt(np.einsum("ij,ij->i", z, z))
    norms[norms == 0] = 1.0
    return z / norms[:, None]


# -- themes ------------------------------------------------------------------------------
@dataclass
class SeedVotes:
    """Votes of a provision's tokens for the theme of the longest seed each contains
    (weighted by where the token is: heading, parent heading, text).

    >>> v = SeedVotes({"行政复议": ["T7"], "执法": ["T6"]})
    >>> v.vote_of(["行政复议"], [], ["执法"])
    ('T7', 0.75)
    """

    index: dict[str, list[str]]  # seed term → the themes it belongs to
    heading_weight: float = 3.0
    parent_weight: float = 2.0
    text_weight: float = 1.0

    def __post_init__(self):
        self._by_length = sorted(self.index, key=lambda s: (-len(s), s))
        self._memo: dict[str, list[str]] = {}

    def __getstate__(self):  # the memo is rebuilt, not pickled
        return {k: v for k, v in vars(self).items() if k != "_memo"}

    def __setstate__(self, state):
        vars(self).update(state, _memo={})

    def token_votes(self, token: str) -> list[str]:
        memo = self._memo
        if token not in memo:
            best = ""
            for seed in self._by_length:
                if len(seed) < len(best):
                    break
                if seed in token and len(seed) > len(best):
                    best = seed
            memo[token] = self.index[best] if best else []
        return memo[token]

    def votes(self, heading, parent_heading, text) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for toks, w in ((heading, self.heading_weight), (parent_heading, self.parent_weight), (text, self.text_weight)):
            for tok in toks:
                themes = self.token_votes(tok)
                for th in themes:
                    out[th] += w / len(themes)
        return out

    def vote_of(self, heading, parent_heading, text) -> tuple[str | None, float]:
        """The winning theme and its share of all votes; ties go to the theme listed first in the outline."""
        v = self.votes(heading, parent_heading, text)
        total = sum(v.values())
        if not total:
            return None, 0.0
        best = max(THEME_IDS, key=lambda th: (v.get(th, 0.0), -THEME_IDS.index(th)))
        return best, v[best] / total


@dataclass
class ThemePredictor:
    """Seed votes, then the nearest theme centroid (cosine) for a provision no seed labels."""

    seeds: SeedVotes
    tfidf: Tfidf | None
    centroids: dict[str, np.ndarray]  # theme → unit vector over the TF-IDF vocabulary

    def predict(self, provisions) -> list[tuple[str | None, float, str]]:
        """``(theme_id, score, method)`` per :class:`fazhi.analyze.corpusinputs.ProvisionTokens`."""
        votes = [self.seeds.vote_of(p.heading, p.parent_heading, p.text) for p in provisions]
        unlabelled = [i for i, (theme, _) in enumerate(votes) if not theme and (provisions[i].text or provisions[i].heading)]
        sims = {}
        if self.tfidf is not None and self.centroids and unlabelled:
            order = [th for th in THEME_IDS if th in self.centroids]
            matrix = np.stack([self.centroids[th] for th in order], axis=1)
            scores = project(self.tfidf.transform([provisions[i].text + provisions[i].heading for i in unlabelled]), matrix)
            sims = {i: dict(zip(order, row)) for i, row in zip(unlabelled, scores.tolist())}
        out = []
        for i, (theme, score) in enumerate(votes):
            if theme:
                out.append((theme, round(score, 6), "seed"))
                continue
            s = sims.get(i, {})
            th = max(THEME_IDS, key=lambda t: (s.get(t, -1.0), -THEME_IDS.index(t)))
            if s.get(th, 0.0) > 0:
                out.append((th, round(s[th], 6), "centroid"))
            else:
                out.append((None, 0.0, "none"))
        return out


# -- clusters ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ClusterPredictor:
    """TF-IDF → LSA components → unit length → nearest k-means centre (renumbered by
    ``label_map``); and the 2-D map position from a second projection."""

    tfidf: Tfidf
    components: np.ndarray  # features × LSA dimensions
    centers: np.ndarray  # clusters × LSA dimensions
    label_map: dict[int, int]
    map_components: np.ndarray | None  # features × 2, None if there are too few features

    def predict_embed(self, token_lists) -> tuple[np.ndarray, np.ndarray]:
        rows = self.tfidf.transform(token_lists)
        z = unit_rows(project(rows, self.components))
        # Squared distances up to the constant |z|², as k-means computes them.
        d = (self.centers * self.centers).sum(axis=1)[None, :] - 2 * (z @ self.centers.T)
        labels = np.array([self.label_map[int(c)] for c in d.argmin(axis=1)], dtype=np.int64)
        xy = project(rows, self.map_components) if self.map_components is not None else np.zeros((len(token_lists), 2))
        return labels, xy
