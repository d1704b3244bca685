"""Page 3 · themes: what each jurisdiction stresses by the national outline's task areas,
and the data's own clusters.

>>> cluster_terms_table(corpus, "en").columns.tolist()[:2]
['cluster', 'provisions']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import THEME_COLOURS, esc, wrap, label, theme_names, figure_layout
from fazhi.report.provenance import provision_links


#: Up to this many jurisdictions the theme shares are a heatmap with a named row each; past it,
#: one box per theme of every jurisdiction's share (names on hover).
MAX_HEATMAP_ROWS = 60


def theme_heatmap(corpus, lang: str = "zh"):
    """Share of each jurisdiction's tasks per outline task area (labels wrap instead of
    squashing; a row of 22 px each so no name is dropped); past :data:`MAX_HEATMAP_ROWS`
    jurisdictions, a box per area with every jurisdiction a point.

    >>> theme_heatmap(corpus, "zh").data[0].y[:2]
    ('淮北市', '台安县')
    """
    import plotly.graph_objects as go

    from fazhi.report.summaries import coverage

    cov = coverage(corpus.themes, corpus.provisions, corpus.documents, lang=lang)
    names = theme_names(lang)
    title = label(lang, "各辖区任务条目的主题分布", "Share of each jurisdiction's tasks by outline theme")
    columns = [wrap(names[t], 8 if lang == "zh" else 18) for t in cov.columns]
    if len(cov) > MAX_HEATMAP_ROWS:
        fig = go.Figure()
        for t, col in zip(cov.columns, columns):
            fig.add_trace(go.Box(y=cov[t].values, name=col, boxpoints="all", jitter=0.5, pointpos=0, marker={"size": 4, "color": THEME_COLOURS.get(t, "#444")},
                                 line={"color": THEME_COLOURS.get(t, "#444")}, text=[esc(j) for j in cov.index], showlegend=False,
                                 hovertemplate="%{text}<br>%{x}: %{y:.0%}<extra></extra>"))  # fmt: skip
        fig.update_yaxes(tickformat=".0%")
        fig = figure_layout(fig, title + label(lang, f"({len(cov)} 个辖区,每点一个)", f" ({len(cov)} jurisdictions, a point each)"), label(lang, "纲要任务领域", "national outline task area"), word("share", lang), 560)
        fig.update_layout(margin={"b": 140})
        return fig
    fig = go.Figure(
        go.Heatmap(
            z=cov.values, x=columns, y=[esc(j) for j in cov.index], colorscale="Blues",
            text=[[f"{v:.0%}" for v in row] for row in cov.values], texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", dtick=1)
    fig = figure_layout(fig, title, label(lang, "纲要任务领域", "national outline task area"), word("jurisdiction", lang), max(460, 260 + 22 * len(cov)))
    fig.update_layout(margin={"b": 140})
    return fig


def theme_shares(corpus, lang: str = "zh") -> pd.DataFrame:
    """The heatmap's numbers, long: jurisdiction, theme, share of its tasks (for the CSV).

    >>> round(theme_shares(corpus, "en").groupby("jurisdiction")["share"].sum().min(), 6)
    np.float64(1.0)
    """
    from fazhi.report.summaries import coverage

    cov = coverage(corpus.themes, corpus.provisions, corpus.documents, lang=lang)
    names = theme_names(lang)
    long = cov.stack().rename("share").reset_index()
    long.columns = ["jurisdiction", "theme_id", "share"]
    return long.assign(theme=long["theme_id"].map(names), data_version=corpus.data_version)


def cluster_terms_table(corpus, lang: str = "zh", top: int = 8) -> pd.DataFrame:
    """Each cluster's size, top terms (in Chinese), majority outline theme and purity.

    >>> cluster_terms_table(corpus, "en").columns.tolist()
    ['cluster', 'provisions', 'top terms', 'majority theme', 'purity']
    """
    ct = corpus.cluster_terms
    names = theme_names(lang)
    rows = []
    for cid, g in ct.groupby("cluster_id"):
        g = g.sort_values("rank")
        rows.append(
            {
                word("cluster", lang): int(cid),
                word("provisions", lang): int(g["n_provisions"].iloc[0]),
                word("top terms", lang): " ".join(g["term"].head(top)),
                word("majority theme", lang): names.get(g["majority_theme_id"].iloc[0], ""),
                word("purity", lang): round(float(g["majority_share"].iloc[0]), 3),
            }
        )
    return pd.DataFrame(rows)


def cluster_theme_crosstab(corpus, lang: str = "zh") -> pd.DataFrame:
    """Task provisions per cluster (rows) and outline theme (columns).

    >>> cluster_theme_crosstab(corpus, "en").index.name
    'cluster'
    """
    from fazhi.report.summaries import purity

    t = corpus.themes.dropna(subset=["cluster_id"])
    _, tab = purity(t["cluster_id"].astype(int), t["theme_id"].fillna("none"))
    tab.columns = [theme_names(lang).get(c, c) for c in tab.columns]
    tab.index.name = word("cluster", lang)
    return tab


def theme_map_figure(corpus, lang: str = "zh"):
    """The 2-D map of task provisions coloured by theme, the provision text on hover.

    >>> theme_map_figure(corpus, "en").layout.xaxis.title.text
    'SVD 1'
    """
    import plotly.graph_objects as go

    t = corpus.themes.dropna(subset=["x"]).merge(corpus.provisions[["provision_id", "path_label", "heading", "text"]], on="provision_id")
    t = t.merge(corpus.documents[["doc_id", "jurisdiction_zh", "jurisdiction_en"]], on="doc_id")
    names = theme_names(lang)
    fig = go.Figure()
    for th in THEME_COLOURS:
        g = t[t["theme_id"] == th]
        if g.empty:
            continue
        hover = [
            esc(f"{j} {p} · {word('cluster', lang)} {int(c)}") + "<br>" + esc(txt[:100] + ("…" if len(txt) > 100 else ""), 30)
            for j, p, c, txt in zip(g[jurisdiction_column(lang)], g["path_label"], g["cluster_id"], g["text"])
        ]
        fig.add_trace(
            go.Scatter(x=g["x"], y=g["y"], mode="markers", name=esc(names[th]), marker={"color": THEME_COLOURS[th], "size": 9, "opacity": 0.8},
                       text=hover, customdata=provision_links(g).tolist(), hovertemplate="%{text}<extra></extra>")
        )  # fmt: skip
    return figure_layout(fig, label(lang, "任务条目的二维分布(按主题着色)", "Task provisions in two dimensions, coloured by theme"), label(lang, "潜在语义维度 1", "SVD 1"), label(lang, "潜在语义维度 2", "SVD 2"), 560)


def theme_map_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """The map's points: provision, theme, cluster, coordinates.

    >>> len(theme_map_rows(corpus)) == int(corpus.provisions["is_task"].sum())
    True
    """
    t = corpus.themes.dropna(subset=["x"]).merge(corpus.provisions[["provision_id", "path_label"]], on="provision_id")
    return t[["doc_id", "provision_id", "path_label", "theme_id", "cluster_id", "x", "y"]].reset_index(drop=True)


def stability_figure(corpus, lang: str = "zh"):
    """Silhouette and stability for each number of clusters tried; the choice dashed.

    >>> [t.name for t in stability_figure(corpus, "en").data]
    ['silhouette', 'stability (mean ARI)']
    """
    import plotly.graph_objects as go

    s = corpus.cluster_selection
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=s["k"], y=s["silhouette"], mode="lines+markers", name=label(lang, "轮廓系数", "silhouette")))
    fig.add_trace(go.Scatter(x=s["k"], y=s["stability"], mode="lines+markers", name=label(lang, "稳定性(平均ARI)", "stability (mean ARI)")))
    chosen = s[s["chosen"]]
    if len(chosen):
        fig.add_vline(x=int(chosen["k"].iloc[0]), line_dash="dash", line_color="#555")
    fig.add_hline(y=0.8, line_dash="dot", line_color="#aaa")
    return figure_layout(fig, label(lang, "聚类数的选择", "Choosing the number of clusters"), label(lang, "聚类数 k", "number of clusters k"), label(lang, "得分", "score"), 420)
