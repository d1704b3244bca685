"""Summaries the briefings and the evaluation compute from the built tables.

They read DataFrames of :func:`fazhi.load` only, never the build's machinery.

>>> import pandas as pd
>>> purity([0, 0, 1], ["T7", "T3", "T5"])[0]
0.6666666666666666
"""

from __future__ import annotations

from typing import NamedTuple

from fazhi.schema import THEME_IDS


def purity(clusters, themes) -> tuple[float, "pd.DataFrame"]:  # noqa: F821
    """Cluster × theme cross-tab and purity (share of provisions in their cluster's majority theme).

    >>> share, table = purity(pd.Series([0, 0, 1]), pd.Series(["T5", "T5", "T7"]))
    >>> share
    1.0
    """
    import pandas as pd

    tab = pd.crosstab(pd.Series(clusters, name="cluster_id"), pd.Series(themes, name="theme_id"))
    return (float(tab.max(axis=1).sum() / tab.values.sum()) if tab.values.sum() else 0.0), tab


def counted_provisions(provisions_df):
    """The provisions a jurisdiction's emphasis is counted over: its tasks, or — for a
    document that sets none (a report narrating what was done) — all its items.

    >>> len(counted_provisions(corpus.provisions)) > int(corpus.provisions["is_task"].sum())
    True
    """
    p = provisions_df
    has_tasks = set(p.loc[p["is_task"], "doc_id"])
    return p[p["is_task"] | (~p["doc_id"].isin(has_tasks) & (p["kind"] != "preamble"))]


def coverage(themes_df, provisions_df, documents_df, *, tasks_only: bool = True, lang: str = "zh"):
    """Share of each jurisdiction's provisions per theme; empty cells are 0, not missing.

    With ``tasks_only``, a document that sets no tasks (a report narrating what was done)
    counts all its items, so every jurisdiction has a row.

    >>> coverage(corpus.themes, corpus.provisions, corpus.documents, lang="en").index.tolist()[:2]
    ['Huaibei', "Tai'an"]
    """
    import pandas as pd

    p = counted_provisions(provisions_df) if tasks_only else provisions_df
    t = themes_df.merge(p[["provision_id", "doc_id"]], on=["provision_id", "doc_id"])
    t = t.merge(documents_df[["doc_id", "jurisdiction_zh", "jurisdiction_en"]], on="doc_id")
    col = "jurisdiction_zh" if lang == "zh" else "jurisdiction_en"
    table = pd.crosstab(t[col], t["theme_id"], normalize="index")
    order = list(dict.fromkeys(documents_df[col]))
    table = table.reindex(index=[j for j in order if j in table.index], columns=list(THEME_IDS), fill_value=0.0).fillna(0.0)
    table.columns.name = "theme_id"
    return table


def similarity_matrix(reuse_df, documents_df):
    """Document × document: share of the row document's characters in passages shared with the column document.

    The characters covered are the union of the passages' spans, merged interval by interval
    (sorted by start, each span counts only past the furthest end before it) — not a mask per
    pair of documents, which at 300 documents of one genre took 800 MB.

    >>> similarity_matrix(corpus.reuse, corpus.documents).shape
    (5, 5)
    """
    import numpy as np
    import pandas as pd

    ids = list(documents_df["doc_id"])
    n_chars = pd.Series(documents_df["n_chars"].values, index=documents_df["doc_id"].values)
    m = pd.DataFrame(0.0, index=pd.Index(ids, name="doc_id"), columns=pd.Index(ids, name="shared_with"))
    r = reuse_df
    if len(r):
        spans = pd.DataFrame(
            {
                "doc": np.concatenate([r["doc_id_a"].to_numpy(object), r["doc_id_b"].to_numpy(object)]),
                "other": np.concatenate([r["doc_id_b"].to_numpy(object), r["doc_id_a"].to_numpy(object)]),
                "s": np.concatenate([r["start_a"].to_numpy("int64"), r["start_b"].to_numpy("int64")]),
                "e": np.concatenate([r["end_a"].to_numpy("int64"), r["end_b"].to_numpy("int64")]),
            }
        ).sort_values(["doc", "other", "s", "e"], kind="stable")
        keys = [spans["doc"], spans["other"]]
        reach = spans.groupby(keys, sort=False)["e"].cummax()
        before = reach.groupby(keys, sort=False).shift(1, fill_value=0)
        covered = (spans["e"] - np.maximum(spans["s"], before)).clip(lower=0)
        sums = covered.groupby(keys, sort=False).sum()
        share = sums / np.maximum(1, n_chars.reindex(sums.index.get_level_values(0)).to_numpy())
        wide = share.unstack(fill_value=0.0).reindex(index=ids, columns=ids, fill_value=0.0)
        m.loc[:, :] = wide.to_numpy(dtype=float)
    for d in ids:
        m.loc[d, d] = 1.0
    return m


#: A baseline resting on fewer pairs of unrelated documents than this is indicative only
#: (its 90th percentile is then one of its few largest shares).
MIN_BASELINE_PAIRS = 45


class ShareBaseline(NamedTuple):
    """What two unrelated documents of a corpus share (see :func:`share_baseline`)."""

    typical: float  # median share (nan without pairs)
    high: float  # the ``high`` quantile: shares above it stand out
    pairs: int  # pairs of unrelated documents the two numbers rest on
    indicative: bool  # fewer than MIN_BASELINE_PAIRS pairs


def share_baseline(matrix, documents_df, *, high: float = 0.9, min_pairs: int = MIN_BASELINE_PAIRS) -> ShareBaseline:
    """What two documents of this corpus share by chance or common boilerplate: the median
    and the ``high`` quantile of the shares (both directions of a pair: the matrix is not
    symmetric) of pairs of *unrelated* documents — of different jurisdictions and different
    provinces, since a city copies its province's plan and a jurisdiction its own earlier
    one.  Much of what they share is wording both quote from central documents
    (习近平法治思想, 法治政府建设实施纲要), which is why the baseline is not zero.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "jurisdiction_zh": ["淮北市", "台安县", "青海省"],
    ...                      "jurisdiction_en": ["Huaibei", "Tai'an", "Qinghai"], "province_zh": ["安徽省", "辽宁省", "青海省"]})
    >>> m = pd.DataFrame([[1, .02, 0], [.04, 1, .01], [0, .03, 1]], index=docs.doc_id, columns=docs.doc_id)
    >>> b = share_baseline(m, docs)
    >>> round(b.typical, 4), round(b.high, 4), b.pairs, b.indicative
    (0.015, 0.035, 3, True)
    """
    import numpy as np

    d = documents_df.set_index("doc_id").reindex(matrix.index)
    jur = (d["jurisdiction_zh"].astype(str) + "\0" + d["jurisdiction_en"].astype(str)).to_numpy()
    prov = d["province_zh"].astype(str).to_numpy()
    unrelated = (jur[:, None] != jur[None, :]) & (prov[:, None] != prov[None, :])
    shares = np.asarray(matrix.to_numpy(dtype=float))[unrelated]
    pairs = int(np.triu(unrelated, 1).sum())
    if not len(shares):
        return ShareBaseline(float("nan"), float("nan"), 0, True)
    return ShareBaseline(float(np.median(shares)), float(np.quantile(shares, high)), pairs, pairs < min_pairs)


def reuse_summary(reuse_df, thresholds=(15, 20, 30, 50)):
    """How much is shared at each minimum passage length (matched characters).

    >>> reuse_summary(corpus.reuse).columns.tolist()[:2]
    ['min_matched', 'passages']
    """
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
