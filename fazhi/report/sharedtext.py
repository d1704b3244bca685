"""Page 4 · shared text: which wording jurisdictions share, and the longest shared passages.

>>> passages(corpus, top=1)[["path_label_a", "path_label_b"]].columns.tolist()
['path_label_a', 'path_label_b']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import esc, label, figure_layout
from fazhi.report.provenance import text_link


def similarity_figure(corpus, lang: str = "zh"):
    """Share of each document's text in passages it shares with each other document.

    >>> similarity_figure(corpus, "en").data[0].type
    'heatmap'
    """
    import plotly.graph_objects as go

    from fazhi.report.summaries import similarity_matrix

    m = similarity_matrix(corpus.reuse, corpus.documents)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    z = m.values.copy()
    for k in range(len(z)):
        z[k][k] = float("nan")  # the diagonal (1) would drown the scale
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[esc(names[c]) for c in m.columns], y=[esc(names[r]) for r in m.index], colorscale="Oranges",
            text=[[("" if a == b else f"{v:.1%}") for b, v in zip(m.columns, row)] for a, row in zip(m.index, m.values)],
            texttemplate="%{text}", hovertemplate="%{y} → %{x}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return figure_layout(fig, label(lang, "行文本中与列文本共享段落的字数占比", "Share of the row document's text in passages shared with the column document"),
                   word("shared with", lang), word("document", lang), 480)  # fmt: skip


def similarity_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """The similarity heatmap's numbers, long (for the CSV).

    >>> similarity_rows(corpus, "en").columns.tolist()[:3]
    ['doc_id', 'shared_with_doc_id', 'share']
    """
    from fazhi.report.summaries import similarity_matrix

    m = similarity_matrix(corpus.reuse, corpus.documents)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    long = m.stack().rename("share").reset_index()
    long.columns = ["doc_id", "shared_with_doc_id", "share"]
    long = long[long["doc_id"] != long["shared_with_doc_id"]]
    return long.assign(jurisdiction=long["doc_id"].map(names), shared_with=long["shared_with_doc_id"].map(names), data_version=corpus.data_version).reset_index(drop=True)


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
