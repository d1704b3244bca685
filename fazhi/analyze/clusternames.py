"""Names of clusters for a reader: their defining terms and nearest outline area.

Plain Python, no scikit-learn: a rebuild from cached models names its clusters without
loading the model libraries (tests/store/test_scale.py).

>>> cluster_names({0: [("应急", 0.5), ("预案", 0.4)]}, [0, 0], ["T6", "T6"], ["T6"])
{0: ('应急·预案', 'T6', 1.0)}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


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
