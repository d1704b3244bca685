"""Unsupervised clusters of provisions: the data's own grouping, next to the outline's.

TF-IDF over word tokens (sublinear tf, terms in at least two provisions) is reduced
by TruncatedSVD to ``n_components`` latent dimensions (LSA; 10 by default, which on
the founding corpus gave far more stable clusters than 20–100) and clustered by
k-means on the unit-normalised vectors; the silhouette is measured there (cosine).
Predictions go through ``predictor_`` (:class:`fazhi.analyze.predictors.ClusterPredictor`,
plain arrays: no scikit-learn needed to use a fitted model).  The number of
clusters is chosen over ``k_range`` by a stated criterion: the highest silhouette
among the k whose stability (mean adjusted Rand index of ``n_stability`` reruns with
other seeds against the reference run) reaches ``min_stability``; if none does, the
most stable k.  The reference run of each k is the best of ``n_init`` k-means starts;
a rerun, the best of ``n_init_stability`` (10): a cheaper rerun makes the stability a
slightly stricter measure and the selection 2.3 times cheaper (founding corpus: the same
k = 11, labels, silhouette 0.465 and purity; stability 0.879 → 0.837).  Every random
step takes ``random_state``.

Stability is measured lazily, in order of silhouette: the first k that reaches
``min_stability`` is the one the rule picks, so the reruns of the other k are skipped
(founding corpus: one k's reruns instead of eleven — the same k = 11, silhouette 0.465,
stability 0.837 and labels; ``stability_by_k_`` holds only the k measured).

The selection runs many tiny k-means fits (11 reference runs and 20 reruns per k measured, on a matrix
of at most :data:`fazhi.analyze.stage.MAX_FIT_TASKS` × 10): they run on one thread
(``threadpoolctl``), because OpenMP threads spinning for such small jobs are pure
overhead, and on a shared CPU they wait for each other (founding corpus beside another
busy process: 13.9 s → 3.9 s, the same clusters).

Each cluster is named for a reader (:func:`cluster_names`): its three defining terms and
the nearest outline task area, the area most of its task provisions are assigned to.

>>> import numpy as np
>>> docs = [["行政复议", "纠错"], ["行政复议", "调解"], ["应急", "预案"], ["应急", "演练"]] * 3
>>> ProvisionClusterer(k_range=(2, 3), n_stability=3, n_components=2).fit(docs).k_
2
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from fazhi.analyze.predictors import ClusterPredictor, Tfidf


def identity(tokens):
    """Analyzer for already tokenised text (a named function, so fitted models pickle)."""
    return tokens


class ProvisionClusterer(ClusterMixin, BaseEstimator):
    def __init__(
        self,
        k_range: tuple[int, int] = (4, 14),
        n_components: int = 10,
        n_stability: int = 20,
        min_stability: float = 0.8,
        min_df: int = 2,
        random_state: int = 0,
        n_init: int = 30,
        n_init_stability: int = 10,
    ):
        self.k_range = k_range
        self.n_components = n_components
        self.n_stability = n_stability
        self.min_stability = min_stability
        self.min_df = min_df
        self.random_state = random_state
        self.n_init = n_init
        self.n_init_stability = n_init_stability

    def _kmeans(self, k: int, seed: int, n_init: int | None = None):
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=n_init or self.n_init, random_state=seed)

    def fit(self, token_lists: list[list[str]]) -> ProvisionClusterer:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):  # tiny fits: threads cost more than they give
            return self._fit(token_lists)

    def _fit(self, token_lists: list[list[str]]) -> ProvisionClusterer:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics import adjusted_rand_score, silhouette_score
        from sklearn.preprocessing import normalize

        n = len(token_lists)
        min_df = self.min_df if n >= 2 * self.min_df else 1
        self.vectorizer_ = TfidfVectorizer(analyzer=identity, min_df=min_df, sublinear_tf=True)
        X = self.vectorizer_.fit_transform(token_lists)
        n_comp = max(1, min(self.n_components, X.shape[1] - 1, n - 1))
        self.svd_ = TruncatedSVD(n_components=n_comp, random_state=self.random_state)
        Z = normalize(self.svd_.fit_transform(X))
        self.tfidf_ = X
        lo, hi = self.k_range
        # k-means cannot find more clusters than there are distinct vectors (duplicated provisions).
        n_distinct = len(np.unique(Z.round(9), axis=0))
        ks = [k for k in range(lo, hi + 1) if 2 <= k < n and k <= n_distinct]
        if not ks:
            raise ValueError(f"cannot cluster {n} provisions ({n_distinct} distinct) into {lo}–{hi} clusters")
        self.silhouette_, self.stability_by_k_, runs = {}, {}, {}
        for k in ks:
            ref = self._kmeans(k, self.random_state).fit(Z)
            runs[k] = ref
            self.silhouette_[k] = float(silhouette_score(Z, ref.labels_, metric="cosine"))
        # The rule picks the best silhouette among stable k: so stability is measured in
        # order of silhouette, and the first stable k ends the search.  Same fits, same
        # seeds, same choice as measuring every k; the k below it in silhouette are never
        # needed (their stability stays unmeasured).  Only when none is stable are all measured.
        for k in sorted(ks, key=lambda k: (-self.silhouette_[k], k)):
            aris = [
                adjusted_rand_score(runs[k].labels_, self._kmeans(k, self.random_state + 1 + s, self.n_init_stability).fit(Z).labels_)
                for s in range(self.n_stability)
            ]
            self.stability_by_k_[k] = float(np.mean(aris)) if aris else 1.0
            if self.stability_by_k_[k] >= self.min_stability:
                break
        stable = [k for k in self.stability_by_k_ if self.stability_by_k_[k] >= self.min_stability]
        if stable:
            self.k_ = max(stable, key=lambda k: (self.silhouette_[k], -k))
            self.criterion_ = f"highest silhouette among k with stability ≥ {self.min_stability}"
        else:
            self.k_ = max(ks, key=lambda k: (self.stability_by_k_[k], -k))
            self.criterion_ = f"no k reached stability {self.min_stability}: most stable k"
        model = self.kmeans_ = runs[self.k_]
        self.labels_ = self._relabel(model.labels_)
        self.label_map_ = {int(a): int(b) for a, b in zip(model.labels_, self.labels_)}
        self.stability_ = self.stability_by_k_[self.k_]
        self.svd2_ = TruncatedSVD(n_components=2, random_state=self.random_state) if X.shape[1] > 2 else None
        self.embedding_ = self.svd2_.fit_transform(X) if self.svd2_ is not None else np.zeros((n, 2))
        self.top_terms_ = self._class_tfidf(token_lists)
        self.predictor_ = ClusterPredictor(
            Tfidf.of(self.vectorizer_),
            self.svd_.components_.T.copy(),
            np.asarray(model.cluster_centers_, dtype=np.float64),
            self.label_map_,
            self.svd2_.components_.T.copy() if self.svd2_ is not None else None,
        )
        return self

    def predict(self, token_lists: list[list[str]]) -> np.ndarray:
        """Cluster of each (new) provision, numbered as in ``labels_``."""
        return self.predictor_.predict_embed(token_lists)[0]

    def embed(self, token_lists: list[list[str]]) -> np.ndarray:
        """2-D map position of each (new) provision."""
        return self.predictor_.predict_embed(token_lists)[1]

    def predict_embed(self, token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`predict` and :meth:`embed` from one TF-IDF transform (half the work)."""
        return self.predictor_.predict_embed(token_lists)

    @staticmethod
    def _relabel(labels) -> np.ndarray:
        """Number clusters by size (0 = largest), ties by first appearance: stable ids."""
        counts = Counter(labels)
        first = {}
        for i, lab in enumerate(labels):
            first.setdefault(lab, i)
        order = sorted(counts, key=lambda lab: (-counts[lab], first[lab]))
        mapping = {lab: i for i, lab in enumerate(order)}
        return np.array([mapping[lab] for lab in labels])

    def _class_tfidf(self, token_lists, top: int = 12) -> dict[int, list[tuple[str, float]]]:
        """Class-based TF-IDF: terms frequent in a cluster and rare across clusters."""
        per_cluster: dict[int, Counter] = {}
        for toks, lab in zip(token_lists, self.labels_):
            per_cluster.setdefault(int(lab), Counter()).update(toks)
        total = Counter()
        for c in per_cluster.values():
            total.update(c)
        avg = sum(total.values()) / max(1, len(per_cluster))
        out = {}
        for lab, counts in sorted(per_cluster.items()):
            size = sum(counts.values()) or 1
            scored = [(t, (n / size) * math.log(1 + avg / total[t])) for t, n in counts.items()]
            scored.sort(key=lambda ts: (-ts[1], ts[0]))
            out[lab] = [(t, round(s, 6)) for t, s in scored[:top]]
        return out


# Naming lives in fazhi.analyze.clusternames (no scikit-learn); re-exported for callers of this module.
from fazhi.analyze.clusternames import NAME_SEPARATOR, NAME_TERMS, cluster_names, defining_terms, nearest_area  # noqa: E402,F401
