"""Page 3 · themes: what each jurisdiction stresses by the national outline's task areas,
and the data's own clusters, each named by its defining terms and nearest outline area.

>>> cluster_terms_table(corpus, "en").columns.tolist()[:2]
['cluster', 'provisions']
"""

from __future__ import annotations

import re

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import THEME_COLOURS, esc, wrap, label, theme_names, figure_layout
from fazhi.report.provenance import provision_links
from fazhi.taxonomy import OUTLINE, before_outline, load_themes, outline_of


#: Up to this many jurisdictions the theme shares are a heatmap with a named row each; past it,
#: one box per theme of every jurisdiction's share (names on hover).
MAX_HEATMAP_ROWS = 60
#: Pixels per heatmap row: a 13 px name and its gap, so plotly never skips a name (Chromium,
#: 20 and 60 jurisdictions, zh and en).
ROW_PX = 22
#: Pixels per line of a column label under the heatmap (13 px text).
LINE_PX = 17
#: Documents listed by name in the note on documents older than the outline; the rest counted.
MAX_LISTED = 20


def short_name(name: str) -> str:
    """An area's name without its parenthetical list (an axis label or a cluster's name; the
    hover and the seed-word table keep the whole name).

    >>> short_name("T7 Dispute prevention and resolution (mediation, reconsideration, litigation, petitions)")
    'T7 Dispute prevention and resolution'
    """
    return re.sub(r"\s*[((][^()()]*[))]$", "", name)


def area_labels(lang: str = "zh") -> dict[str, str]:
    """Theme id → a column label that fits under a heatmap column: the id on a line of its own,
    then the short name wrapped (7 Chinese characters or 14 letters a line), never rotated.

    >>> area_labels("zh")["T7"]
    'T7<br>社会矛盾纠纷行<br>政预防调处化解<br>体系'
    """
    names = theme_names(lang)
    return {t: f"{t}<br>{wrap(short_name(n)[len(t) + 1 :], 7 if lang == 'zh' else 14)}" for t, n in names.items()}


def theme_heatmap(corpus, lang: str = "zh"):
    """Share of each jurisdiction's tasks per outline task area: a row of :data:`ROW_PX` per
    jurisdiction (the figure grows with the rows, so no name is skipped) and column labels
    wrapped flat under the columns (the bottom margin sized to them); past
    :data:`MAX_HEATMAP_ROWS` jurisdictions, a box per area with every jurisdiction a point.

    >>> theme_heatmap(corpus, "zh").data[0].y[:2]
    ('淮北市', '台安县')
    """
    import plotly.graph_objects as go

    from fazhi.report.summaries import coverage

    cov = coverage(corpus.themes, corpus.provisions, corpus.documents, lang=lang)
    names = theme_names(lang)
    title = label(lang, "各辖区任务条目的主题分布", "Share of each jurisdiction's tasks by outline theme")
    ticks = area_labels(lang)
    columns = [ticks[t] for t in cov.columns]
    bottom = 50 + LINE_PX * max(c.count("<br>") + 1 for c in columns)  # the labels, then the axis title
    x_title = label(lang, "纲要任务领域", "national outline task area")
    if len(cov) > MAX_HEATMAP_ROWS:
        fig = go.Figure()
        for t, col in zip(cov.columns, columns):
            fig.add_trace(go.Box(y=cov[t].values, name=col, boxpoints="all", jitter=0.5, pointpos=0, marker={"size": 4, "color": THEME_COLOURS.get(t, "#444")},
                                 line={"color": THEME_COLOURS.get(t, "#444")}, text=[esc(j) for j in cov.index], showlegend=False,
                                 hovertemplate="%{text}<br>" + esc(names[t]) + ": %{y:.0%}<extra></extra>"))  # fmt: skip
        fig.update_yaxes(tickformat=".0%")
        fig.update_xaxes(tickangle=0)
        fig = figure_layout(fig, title + label(lang, f"({len(cov)} 个辖区,每点一个)", f" ({len(cov)} jurisdictions, a point each)"), x_title, word("share", lang), 420 + bottom)
        fig.update_layout(margin={"b": bottom})
        return fig
    full = [esc(names[t]) for t in cov.columns]
    fig = go.Figure(
        go.Heatmap(
            z=cov.values, x=columns, y=[esc(j) for j in cov.index], colorscale="Blues",
            text=[[f"{v:.0%}" for v in row] for row in cov.values], texttemplate="%{text}", customdata=[full] * len(cov),
            hovertemplate="%{y}<br>%{customdata}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed", dtick=1)
    fig.update_xaxes(tickangle=0)
    fig = figure_layout(fig, title, x_title, word("jurisdiction", lang), heatmap_height(len(cov), bottom))
    fig.update_layout(margin={"b": bottom})
    return fig


def heatmap_height(rows: int, bottom: int) -> int:
    """The heatmap's height: :data:`ROW_PX` per row, the title above and ``bottom`` pixels of
    column labels below (at least 460, so a few rows still look like a chart).

    >>> heatmap_height(60, 135)
    1535
    """
    return max(460, 70 + 10 + ROW_PX * rows + bottom)


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


def cluster_labels(corpus, lang: str = "zh") -> dict[int, str]:
    """Cluster id → its name for a reader: its defining terms (``label_zh``, Chinese on every
    page, quoted on an English one) and its nearest outline area (``nearest_theme_id``; both
    computed by :func:`fazhi.analyze.clusters.cluster_names` when the corpus is built).

    >>> cluster_labels(corpus, "zh")[5]
    '行政复议·化解·行政调解 (≈ T7 社会矛盾纠纷行政预防调处化解体系)'
    >>> cluster_labels(corpus, "en")[5]
    '“行政复议·化解·行政调解” (≈ T7 Dispute prevention and resolution)'
    """
    names = theme_names(lang)
    first = corpus.cluster_terms.drop_duplicates("cluster_id").sort_values("cluster_id")
    out = {}
    for cid, terms, area in zip(first["cluster_id"], first["label_zh"], first["nearest_theme_id"]):
        where = f"≈ {short_name(names[area])}" if isinstance(area, str) and area in names else word("no outline area", lang)
        out[int(cid)] = f"{terms} ({where})" if lang == "zh" else f"“{terms}” ({where})"
    return out


def cluster_terms_table(corpus, lang: str = "zh", top: int = 8) -> pd.DataFrame:
    """Each cluster's name, size, top terms (in Chinese) and the share of its provisions in
    its nearest outline area (low: the cluster cuts across areas).

    >>> cluster_terms_table(corpus, "en").columns.tolist()
    ['cluster', 'provisions', 'top terms', 'share in that area']
    """
    ct = corpus.cluster_terms
    names = cluster_labels(corpus, lang)
    rows = []
    for cid, g in ct.groupby("cluster_id"):
        g = g.sort_values("rank")
        rows.append(
            {
                word("cluster", lang): names[int(cid)],
                word("provisions", lang): int(g["n_provisions"].iloc[0]),
                word("top terms", lang): " ".join(g["term"].head(top)),
                word("share in nearest area", lang): f"{float(g['nearest_share'].iloc[0]):.0%}",
            }
        )
    return pd.DataFrame(rows)


def cluster_theme_crosstab(corpus, lang: str = "zh") -> pd.DataFrame:
    """Task provisions per cluster (rows, by name) and outline theme (columns).

    >>> tab = cluster_theme_crosstab(corpus, "en")
    >>> tab.index.name, tab.columns[-1]
    ('cluster', 'T10 Leadership, training, assessment and legal services')
    """
    from fazhi.report.summaries import purity

    t = corpus.themes.dropna(subset=["cluster_id"])
    _, tab = purity(t["cluster_id"].astype(int), t["theme_id"].fillna("none"))
    tab = tab[[c for c in (*theme_names(lang), "none") if c in tab.columns]]  # the outline's order (T10 last), not the alphabet's
    tab.columns = [theme_names(lang).get(c, word("no outline area", lang)) for c in tab.columns]
    tab.index = tab.index.map(cluster_labels(corpus, lang))
    tab.index.name = word("cluster", lang)
    return tab


def cluster_shares(corpus, lang: str = "zh") -> pd.DataFrame:
    """Where each jurisdiction's clustered task provisions fall, long: a row per jurisdiction and
    cluster it has provisions in (largest share first), with the share of its clustered
    provisions; a jurisdiction without any (a report sets no tasks) keeps one row with 0 and no
    cluster.  The rows of :func:`jurisdiction_cluster_table` and its CSV.

    >>> s = cluster_shares(corpus, "en")
    >>> s.loc[s["jurisdiction"] == "Shiyan", ["cluster_id", "provisions"]].values.tolist(), round(s.groupby("jurisdiction")["share"].sum().max(), 6)
    ([[<NA>, 0]], np.float64(1.0))
    """
    col = jurisdiction_column(lang)
    names = cluster_labels(corpus, lang)
    t = corpus.themes.dropna(subset=["cluster_id"]).merge(corpus.documents[["doc_id", col]], on="doc_id")
    counts = t.groupby([col, t["cluster_id"].astype(int)]).size().rename("provisions").reset_index()
    counts.columns = ["jurisdiction", "cluster_id", "provisions"]
    counts["share"] = counts["provisions"] / counts.groupby("jurisdiction")["provisions"].transform("sum")
    order = {j: k for k, j in enumerate(dict.fromkeys(corpus.documents[col]))}
    missing = [j for j in order if j not in set(counts["jurisdiction"])]
    empty = pd.DataFrame({"jurisdiction": missing, "cluster_id": pd.NA, "provisions": 0, "share": float("nan")})
    long = pd.concat([counts, empty], ignore_index=True) if missing else counts
    long["cluster_id"] = long["cluster_id"].astype("Int64")
    long = long.assign(_j=long["jurisdiction"].map(order)).sort_values(["_j", "share", "cluster_id"], ascending=[True, False, True]).drop(columns="_j")
    cluster = [names.get(int(c), "") if c is not pd.NA else "" for c in long["cluster_id"]]
    return long.assign(cluster=cluster, data_version=corpus.data_version)[["jurisdiction", "cluster_id", "cluster", "provisions", "share", "data_version"]].reset_index(drop=True)


def jurisdiction_cluster_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Jurisdiction × cluster, a row each (:func:`cluster_shares`): the named cluster, how many
    of the jurisdiction's task provisions it holds and their share of its clustered ones.  Long,
    not a grid: at a hundred jurisdictions and a dozen long names a grid cannot be read, and a
    long table can be searched (a jurisdiction, a cluster) and sorted (by share).

    >>> jurisdiction_cluster_table(corpus, "en").iloc[0, [0, 1, 3]].tolist()
    ['Huaibei', '“行政执法·机关·监督” (≈ T5 Administrative law enforcement)', '14%']
    """
    long = cluster_shares(corpus, lang)
    return pd.DataFrame(
        {
            word("jurisdiction", lang): long["jurisdiction"],
            word("cluster", lang): long["cluster"],
            word("provisions", lang): long["provisions"].astype(int),
            word("share of clustered tasks", lang): [f"{v:.0%}" if v == v else "" for v in long["share"]],
        }
    )


def name_column(df: pd.DataFrame, lang: str = "zh", cap: int = 8) -> list[dict]:
    """itables ``columnDefs`` that keep a table's first column (jurisdiction or cluster names)
    readable beside many long headers: a width hint from the longest name (a CJK character is
    about 1 em, a Latin letter 0.6), at most ``cap`` em (1.5 × ``cap`` on an English page).

    >>> name_column(pd.DataFrame({"辖区": ["淮北市", "鄂尔多斯市"]}))[1]
    {'width': '5em', 'targets': 0}
    """
    longest = max((len(str(v)) for v in df.iloc[:, 0]), default=1)
    em = min(longest, cap) if lang == "zh" else min(round(longest * 0.6 + 0.5), round(cap * 1.5))
    return [{"className": "dt-left", "targets": "_all"}, {"width": f"{em}em", "targets": 0}]


def theme_map_figure(corpus, lang: str = "zh"):
    """The 2-D map of task provisions coloured by theme, the cluster's name and the provision
    text on hover.  The axes are the two strongest directions of word use (LSA): a position
    means near or far from other provisions, its numbers have no unit, so no ticks are shown.

    >>> theme_map_figure(corpus, "en").layout.xaxis.title.text
    'first direction of word use →'
    """
    import plotly.graph_objects as go

    t = corpus.themes.dropna(subset=["x"]).merge(corpus.provisions[["provision_id", "path_label", "heading", "text"]], on="provision_id")
    t = t.merge(corpus.documents[["doc_id", "jurisdiction_zh", "jurisdiction_en"]], on="doc_id")
    names = theme_names(lang)
    clusters = cluster_labels(corpus, lang)
    fig = go.Figure()
    for th in THEME_COLOURS:
        g = t[t["theme_id"] == th]
        if g.empty:
            continue
        hover = [
            esc(f"{j} {p}") + "<br>" + esc(f"{word('cluster', lang)}: {clusters.get(int(c), int(c))}", 40) + "<br>" + esc(txt[:100] + ("…" if len(txt) > 100 else ""), 30)
            for j, p, c, txt in zip(g[jurisdiction_column(lang)], g["path_label"], g["cluster_id"], g["text"])
        ]
        fig.add_trace(
            go.Scatter(x=g["x"], y=g["y"], mode="markers", name=esc(names[th]), marker={"color": THEME_COLOURS[th], "size": 9, "opacity": 0.8},
                       text=hover, customdata=provision_links(g).tolist(), hovertemplate="%{text}<extra></extra>")
        )  # fmt: skip
    fig.update_xaxes(showticklabels=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, zeroline=False)
    return figure_layout(fig, label(lang, "任务条目的用词地图(按纲要领域着色)", "Task provisions by their wording, coloured by outline area"),
                         label(lang, "用词的第一主方向 →", "first direction of word use →"), label(lang, "用词的第二主方向 →", "second direction of word use →"), 560)  # fmt: skip


def theme_map_notes(lang: str = "zh") -> list[str]:
    """What the map's axes are, under it.

    >>> theme_map_notes("en")[0][:40]
    'The two axes are the two strongest direc'
    """
    return [label(lang, "两个坐标轴是所有任务条目用词(TF-IDF)中最强的两个方向(潜在语义分析,LSA):用词相近的条目靠在一起。位置只表示远近,坐标数字没有单位,所以不标刻度。",
                  "The two axes are the two strongest directions of word use (TF-IDF) across the task provisions (latent semantic analysis, LSA): provisions worded alike lie close together. Positions only mean near or far; the numbers have no unit, so no ticks are shown.")]  # fmt: skip


def theme_map_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """The map's points: provision, theme, cluster (id and name), coordinates.

    >>> len(theme_map_rows(corpus)) == int(corpus.provisions["is_task"].sum())
    True
    """
    t = corpus.themes.dropna(subset=["x"]).merge(corpus.provisions[["provision_id", "path_label"]], on="provision_id")
    t = t.assign(cluster=t["cluster_id"].astype(int).map(cluster_labels(corpus, lang)))
    return t[["doc_id", "provision_id", "path_label", "theme_id", "cluster_id", "cluster", "x", "y"]].reset_index(drop=True)


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


def seed_words_table(lang: str = "zh") -> pd.DataFrame:
    """The outline's task areas and the seed words that decide a provision's area, from the
    taxonomy (``fazhi/data/themes.csv``): id, Chinese and English name, seed words.

    >>> seed_words_table("en").iloc[5, :2].tolist()
    ['T7', '社会矛盾纠纷行政预防调处化解体系']
    """
    return pd.DataFrame(
        [
            {word("area", lang): t.theme_id, word("name zh", lang): t.theme_zh, word("name en", lang): t.theme_en,
             word("number of seed words", lang): len(t.seeds), word("seed words", lang): " ".join(t.seeds)}
            for t in load_themes()
        ]
    )  # fmt: skip


def outline_notes(corpus, lang: str = "zh") -> list[str]:
    """A note naming the documents whose period ends before the outline (:data:`fazhi.taxonomy.OUTLINE`)
    starts: they are scored against its areas all the same, though they were written under an
    earlier one (grouped by the outline of their years, :func:`fazhi.taxonomy.outline_of`).
    At most :data:`MAX_LISTED` are named, the rest counted.  Empty if there are none.

    >>> outline_notes(corpus, "en")[0].endswith("Written under the 2015–2020 outline: Tai'an implementation plan 2017–2020.")
    True
    """
    d = corpus.documents
    d = d[d["period_end"].notna() & (d["doc_type"] != "outline")]
    old = d[[before_outline(int(e)) for e in d["period_end"]]]
    if old.empty:
        return []
    groups: dict[str, list[str]] = {}
    for r in old.head(MAX_LISTED).itertuples():
        start, end = (int(r.period_start) if r.period_start == r.period_start else int(r.period_end)), int(r.period_end)
        own = outline_of(start, end)
        name = f"{getattr(r, jurisdiction_column(lang))} {word(r.doc_type, lang)} {start}" + (f"–{end}" if end != start else "")
        groups.setdefault(own.years if own is not None else "", []).append(name)
    parts = []
    for years, names in groups.items():
        under = label(lang, f"写于{years}年纲要之下的:" if years else "早于已知各纲要的:", f"Written under the {years} outline: " if years else "Older than any outline listed: ")
        parts.append(under + label(lang, ";".join(names), "; ".join(names)))
    more = len(old) - min(len(old), MAX_LISTED)
    if more:
        parts.append(label(lang, f"另有 {more} 份", f"and {more} more"))
    head = label(lang, f"{len(old)} 份文件的期间在《{OUTLINE.title_zh}》开始({OUTLINE.start}年)之前就已结束,仍按其任务领域归类。",
                 f"{len(old)} document(s) end before the {OUTLINE.years} outline ({OUTLINE.title_zh}) starts, yet are scored against its task areas. ")  # fmt: skip
    return [head + label(lang, "。".join(parts) + "。", ". ".join(parts) + ".")]


def method_notes(lang: str = "zh") -> list[tuple[str, str]]:
    """The method notes of the themes page (:func:`fazhi.report.view.methodology_html` shows
    them instead of the indicator notes).

    >>> [k for k, _ in method_notes("en")][:2]
    ['Which outline', 'How a provision gets its area']
    """
    o = OUTLINE
    if lang == "zh":
        return [
            ("依据哪份纲要", f"任务领域 T2–T10 来自《{o.title_zh}》。每份文件都按这些领域归类,不论其年份;期间在{o.start}年之前结束的文件写于更早的纲要之下,在热图下列出。"),
            ("条目的领域如何确定", "每个领域有一组种子词(见“各领域的种子词”表)。条目中出现的种子词为其领域投票(取最长的种子词,所以“行政执法监督”投给监督而不是执法):条目标题计 3 票,所在部分的标题计 2 票,正文计 1 票,得票最多的领域胜出。没有任何种子词的条目归入 TF-IDF 空间中最近的领域中心。"),
            ("计数范围", "占比按各辖区的任务条目计算;没有任务条目的文件(如情况报告)计其全部条目。聚类只包括任务条目,所以没有任务条目的辖区在辖区 × 聚类表中只有一行空白。"),
            ("聚类及其名称", "聚类用条目自身的用词(TF-IDF、潜在语义分析 10 维、k-means),与纲要无关;聚类数按上图的规则选择。每类的名称是其最有代表性的三个词(按类别 TF-IDF 排序;一个词让位于包含它、代表性至少一半的复合词,如“行政”让位于“行政执法”),“≈”后是最接近的纲要领域,即该类多数条目被归入的领域(并列时按纲要顺序)。“属于该领域的占比”低,说明这一类横跨几个领域。"),
            ("用词地图", "地图的两个坐标是所有任务条目用词最强的两个方向(潜在语义分析):位置只表示远近,数字没有单位。"),
        ]
    return [
        ("Which outline", f"The task areas T2–T10 are those of the national outline {o.title_zh} ({o.years}). Every document is scored against them whatever its years; documents whose period ends before {o.start} were written under an earlier outline and are listed under the heatmap."),
        ("How a provision gets its area", "Each area has seed words (table “Seed words of each area”). The seed words in a provision vote for their area (the longest seed counts, so 行政执法监督 votes for oversight, not enforcement): 3 votes in its heading, 2 in its section's heading, 1 in its text; the area with most votes wins. A provision with no seed word takes the nearest area centroid in TF-IDF space."),
        ("What is counted", "Shares are of each jurisdiction's task provisions; a document that sets no tasks (an annual report) counts all its items. Clusters hold task provisions only, so a jurisdiction without any has an empty row in the jurisdiction × cluster table."),
        ("Clusters and their names", "Clusters group provisions by their own wording (TF-IDF, latent semantic analysis in 10 dimensions, k-means), not by the outline; their number is chosen by the rule in the chart above. A cluster's name is its three most characteristic terms (class-based TF-IDF; a term gives way to a compound holding it that is at least half as characteristic, 行政 to 行政执法), and after ≈ its nearest outline area: the area most of its provisions are assigned to (ties: the outline's order). A low share in that area means the cluster cuts across areas."),
        ("The map of wording", "The map's axes are the two strongest directions of word use across the task provisions (latent semantic analysis): positions mean near or far, the numbers have no unit."),
    ]
