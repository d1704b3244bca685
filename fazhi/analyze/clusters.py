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
from collections.abc import Sequence

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


#: Terms in a cluster's name.
NAME_TERMS = 3
#: Joins the terms of a cluster's name (执法·检查·处罚).
NAME_SEPARATOR = "·"


def defining_terms(terms: Sequence[tuple[str, float]], n: int = NAME_TERMS) -> list[str]:
    """The ``n`` terms that name a cluster, from its characteristic ``(term, score)`` pairs in
    rank order.  A term gives way to the best-ranked longer term of the list that contains it
    and is at least half as characteristic (行政 → 行政执法): the data has the compound, so
    the bare stem says less.  A much weaker compound (法治政府建设 → 法治政府建设示范) would
    narrow the name, and does not.  A term inside a chosen one, or holding one, is left out:
    a name never holds a word and its own compound.

    >>> defining_terms([("应急", 0.13), ("突发事件", 0.12), ("处置", 0.08), ("应急处置", 0.07), ("演练", 0.05)])
    ['应急处置', '突发事件', '演练']
    >>> defining_terms([("法治政府建设", 0.17), ("领导", 0.05), ("法治", 0.05), ("法治政府建设示范", 0.04), ("考核", 0.03)])
    ['法治政府建设', '领导', '考核']
    """
    out: list[str] = []
    for term, score in terms:
        # Climb to the best-ranked strong enough compound holding the term, then to one holding that, …
        while (longer := next(((t, s) for t, s in terms if t != term and term in t and s >= score / 2), None)) is not None:
            term, score = longer
        if not any(term in o or o in term for o in out):
            out.append(term)
        if len(out) == n:
            break
    return out


def nearest_area(themes: Sequence[str | None], order: Sequence[str]) -> tuple[str | None, float]:
    """The outline area most of a cluster's provisions carry and its share of them (all the
    cluster's provisions, those without an area included); provisions without an area (None
    or ``"none"``) never win; ties go to the area first in ``order`` (the outline's).

    >>> nearest_area(["T5", "T8", "none", "T8", "T5"], ["T2", "T5", "T8"])
    ('T5', 0.4)
    >>> nearest_area(["none", None], ["T2"])
    (None, 0.0)
    """
    counts = Counter(t for t in themes if t is not None and t != "none")
    if not counts:
        return None, 0.0
    rank = {t: i for i, t in enumerate(order)}
    best = min(counts, key=lambda t: (-counts[t], rank.get(t, len(rank)), t))
    return best, counts[best] / len(themes)


def cluster_names(
    top_terms: dict[int, Sequence[tuple[str, float]]], clusters: Sequence[int], themes: Sequence[str | None], order: Sequence[str], n: int = NAME_TERMS
) -> dict[int, tuple[str, str | None, float]]:
    """Each cluster's name, nearest outline area and the share of its provisions there:
    ``{cluster: (label_zh, nearest_theme_id, share)}``, from each cluster's characteristic
    ``(term, score)`` pairs in rank order (``top_terms``, as :attr:`ProvisionClusterer.top_terms_`).

    The name is its :func:`defining_terms` joined by :data:`NAME_SEPARATOR`; clusters whose
    names would be the same take one more term each until they differ (or run out of terms).
    The nearest area is a rule about the provisions, not the words: the area most of the
    cluster's provisions are assigned to (:func:`nearest_area`; ``themes`` holds the theme of
    each provision in ``clusters``, ``order`` the outline's areas).

    >>> top = {0: [("行政", 0.4), ("行政执法", 0.3), ("处罚", 0.2), ("检查", 0.1)], 1: [("应急", 0.5), ("预案", 0.4)]}
    >>> cluster_names(top, [0, 0, 1], ["T5", "T8", "T6"], ["T5", "T6", "T8"])
    {0: ('行政执法·处罚·检查', 'T5', 0.5), 1: ('应急·预案', 'T6', 1.0)}
    """
    members: dict[int, list] = {}
    for c, t in zip(clusters, themes):
        members.setdefault(int(c), []).append(t)
    full = {c: defining_terms(terms, len(terms)) for c, terms in top_terms.items()}
    size = {c: min(n, len(terms)) for c, terms in full.items()}
    while True:  # lengthen only the names that collide, one term at a time
        names = {c: NAME_SEPARATOR.join(full[c][: size[c]]) for c in full}
        seen = Counter(names.values())
        grow = [c for c in full if seen[names[c]] > 1 and size[c] < len(full[c])]
        if not grow:
            break
        for c in grow:
            size[c] += 1
    return {c: (names[c], *nearest_area(members.get(c, []), order)) for c in sorted(full)}
