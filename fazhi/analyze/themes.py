"""Taxonomy themes: each provision mapped onto the national outline's task areas T2–T10.

The method, in one paragraph: each theme has seed terms (``fazhi/data/themes.csv``,
:mod:`fazhi.taxonomy`).
A provision's tokens vote for the theme of the longest seed they contain (so
``行政执法监督`` votes for oversight, not enforcement): its heading's tokens count 3,
its parent section's heading 2, its own text 1.  The theme with most votes wins;
``theme_score`` is its share of all votes (1.0 = unanimous).  A provision with no
seed at all takes the nearest theme centroid in TF-IDF space, learned from the
provisions the seeds did label (``method = centroid``).

>>> m = ThemeAssigner().fit([ProvisionTokens(["行政复议", "化解"], [], [])])
>>> m.predict([ProvisionTokens(["出庭应诉", "行政诉讼"], ["行政应诉"], [])])[0][:2]
('T7', 1.0)
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from sklearn.base import BaseEstimator

from fazhi.analyze.corpusinputs import ProvisionTokens
from fazhi.analyze.predictors import SeedVotes, ThemePredictor, Tfidf
from fazhi.schema import THEME_IDS
from fazhi.taxonomy import load_themes



class ThemeAssigner(BaseEstimator):
    """Seed-term voting with a nearest-centroid fallback (scikit-learn style).

    Parameters are stored as given; ``fit`` learns the vocabulary and the theme
    centroids (``vectorizer_``, ``centroids_``) and hands them to ``predictor_``
    (a :class:`fazhi.analyze.predictors.ThemePredictor`, which needs no scikit-learn);
    ``predict`` returns ``(theme_id, score, method)`` per provision.
    """

    def __init__(self, heading_weight: float = 3.0, parent_weight: float = 2.0, text_weight: float = 1.0, centroid_min_score: float = 0.5):
        self.heading_weight = heading_weight
        self.parent_weight = parent_weight
        self.text_weight = text_weight
        self.centroid_min_score = centroid_min_score

    def _seed_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for t in load_themes():
            for s in t.seeds:
                index[s].append(t.theme_id)
        return dict(index)

    def fit(self, provisions: list[ProvisionTokens]) -> ThemeAssigner:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from fazhi.analyze.clusters import identity

        seeds = SeedVotes(self._seed_index(), self.heading_weight, self.parent_weight, self.text_weight)
        self.vectorizer_ = TfidfVectorizer(analyzer=identity, min_df=1, sublinear_tf=True)
        docs = [p.text + p.heading for p in provisions]
        X = self.vectorizer_.fit_transform(docs) if any(docs) else None
        labelled = [seeds.vote_of(p.heading, p.parent_heading, p.text) for p in provisions]
        centroids = {}
        if X is not None:
            for th in THEME_IDS:
                rows = [i for i, (t, s) in enumerate(labelled) if t == th and s >= self.centroid_min_score]
                if rows:
                    c = np.asarray(X[rows].mean(axis=0)).ravel()
                    n = np.linalg.norm(c)
                    if n:
                        centroids[th] = c / n
        self.centroids_ = centroids
        self.predictor_ = ThemePredictor(seeds, Tfidf.of(self.vectorizer_) if X is not None else None, centroids)
        return self

    def predict(self, provisions: list[ProvisionTokens]) -> list[tuple[str | None, float, str]]:
        return self.predictor_.predict(provisions)
