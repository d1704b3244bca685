"""Page 4 · shared text: which wording jurisdictions share, and the longest shared passages.

>>> passages(corpus, top=1)[["path_label_a", "path_label_b"]].columns.tolist()
['path_label_a', 'path_label_b']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import esc, label, figure_layout
from fazhi.report.provenance import text_link


#: Up to this many documents the shares are a document × document heatmap; past it, the pairs
#: that share most are bars (a 300 × 300 grid cannot be read).
MAX_HEATMAP_DOCS = 40
TOP_PAIRS = 30


def document_labels(corpus, lang: str = "zh") -> dict[str, str]:
    """A label per document that tells a jurisdiction's documents apart: name, type, period.

    >>> document_labels(corpus, "en")["qinghai_2024_key_points"]
    'Qinghai · key points 2024'
    """
    d = corpus.documents
    return {
        r.doc_id: f"{getattr(r, jurisdiction_column(lang))} · {word(r.doc_type, lang)} {r.period_start}" + (f"–{r.period_end}" if r.period_end != r.period_start else "")
        for r in d.itertuples()
    }


def similarity_figure(corpus, lang: str = "zh"):
    """Share of each document's text in passages it shares with each other document: a
    heatmap up to :data:`MAX_HEATMAP_DOCS` documents, else the :data:`TOP_PAIRS` pairs that
    share most, as bars.

    >>> similarity_figure(corpus, "en").data[0].type
    'heatmap'
    """
    import plotly.graph_objects as go

    from fazhi.report.summaries import similarity_matrix

    names = document_labels(corpus, lang)
    if len(corpus.documents) > MAX_HEATMAP_DOCS:
        top = similarity_drawn_rows(corpus, lang)
        fig = go.Figure(
            go.Bar(
                x=top["share"], y=[esc(f"{names[a]} → {names[b]}") for a, b in zip(top["doc_id"], top["shared_with_doc_id"])], orientation="h",
                marker_color="#d9730d", text=[f"{v:.1%}" for v in top["share"]], textposition="outside", hovertemplate="%{y}<br>%{text}<extra></extra>",
            )
        )  # fmt: skip
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(tickformat=".0%")
        title = label(lang, f"共享文字最多的 {len(top)} 对文件(行文件中与另一文件共享段落的字数占比)", f"The {len(top)} pairs of documents that share most (share of the first document's text)")
        return figure_layout(fig, title, word("share", lang), None, 160 + 24 * max(1, len(top)))
    m = similarity_matrix(corpus.reuse, corpus.documents)
    z = m.values.copy()
    for k in range(len(z)):
        z[k][k] = float("nan")  # the diagonal (1) would drown the scale
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[esc(names[c]) for c in m.columns], y=[esc(names[r]) for r in m.index], colorscale="Oranges",
            text=[[("" if a == b else f"{v:.1%}") for b, v in zip(m.columns, row)] for a, row in zip(m.index, m.values)],
            texttemplate="%{text}" if len(m) <= 15 else "", hovertemplate="%{y} → %{x}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return figure_layout(fig, label(lang, "行文本中与列文本共享段落的字数占比", "Share of the row document's text in passages shared with the column document"),
                         word("shared with", lang), word("document", lang), 260 + 24 * len(m))  # fmt: skip


def similarity_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """The similarity figure's numbers, long (for the CSV): every pair of documents that shares
    any passage (pairs that share nothing are left out: at 300 documents they are most of 90,000).

    >>> similarity_rows(corpus, "en").columns.tolist()[:3]
    ['doc_id', 'shared_with_doc_id', 'share']
    """
    from fazhi.report.summaries import similarity_matrix

    m = similarity_matrix(corpus.reuse, corpus.documents)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    long = m.stack().rename("share").reset_index()
    long.columns = ["doc_id", "shared_with_doc_id", "share"]
    long = long[(long["doc_id"] != long["shared_with_doc_id"]) & (long["share"] > 0)]
    return long.assign(jurisdiction=long["doc_id"].map(names), shared_with=long["shared_with_doc_id"].map(names), data_version=corpus.data_version).reset_index(drop=True)


def similarity_drawn_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """What :func:`similarity_figure` draws, for its CSV: every pair that shares text while the
    figure is a heatmap, the :data:`TOP_PAIRS` pairs that share most when it is bars (at 300
    documents the full list of pairs was 4 MB of every page).

    >>> len(similarity_drawn_rows(corpus, "en")) == len(similarity_rows(corpus, "en"))
    True
    """
    rows = similarity_rows(corpus, lang)
    if len(corpus.documents) <= MAX_HEATMAP_DOCS:
        return rows
    return rows.sort_values(["share", "doc_id", "shared_with_doc_id"], ascending=[False, True, True]).head(TOP_PAIRS).reset_index(drop=True)


def passages_table(corpus, lang: str = "zh", top: int = 50) -> pd.DataFrame:
    """The longest shared passages, both sides as written, with their provision numbers.

    >>> passages_table(corpus, "en", top=3).columns.tolist()
    ['characters shared', 'document A', 'text in A', 'document B', 'text in B']
    """
    r = passages(corpus, top)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    return pd.DataFrame(
        {
            word("matched", lang): r["matched"],
            word("document A", lang): r["doc_id_a"].map(names) + " " + r["path_label_a"],
            word("text in A", lang): r["text_a"],
            word("document B", lang): r["doc_id_b"].map(names) + " " + r["path_label_b"],
            word("text in B", lang): r["text_b"],
        }
    ).reset_index(drop=True)


def passages(corpus, top: int | None = 50) -> pd.DataFrame:
    """The longest shared passages with both provisions' printed numbers.

    >>> passages(corpus, top=1)[["path_label_a", "path_label_b"]].columns.tolist()
    ['path_label_a', 'path_label_b']
    """
    r = corpus.reuse.sort_values(["matched", "passage_id"], ascending=[False, True])
    if top:
        r = r.head(top)
    printed = dict(zip(corpus.provisions["provision_id"], corpus.provisions["path_label"]))
    return r.assign(path_label_a=r["provision_id_a"].map(printed).fillna(""), path_label_b=r["provision_id_b"].map(printed).fillna("")).reset_index(drop=True)


def passage_links(corpus, top: int = 50) -> dict[str, pd.Series]:
    """Links of :func:`passages_table`'s two document columns to the full texts.

    >>> sorted(passage_links(corpus, top=2))
    ['a', 'b']
    """
    r = passages(corpus, top)
    return {
        "a": pd.Series([text_link(d, p) for d, p in zip(r["doc_id_a"], r["provision_id_a"])], dtype=object),
        "b": pd.Series([text_link(d, p) for d, p in zip(r["doc_id_b"], r["provision_id_b"])], dtype=object),
    }
