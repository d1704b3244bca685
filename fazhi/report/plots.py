"""Figures and tables for the notebooks and briefings.

Everything a notebook shows is built here, so notebooks stay a list of calls.  Rules:

* Text that comes from documents (quotes, provision text, titles, subjects) is
  HTML-escaped before it reaches a hover label, and tables are shown with itables'
  ``allow_html=False``, so a document containing ``<script>`` shows it as text.
* Each jurisdiction keeps one colour in every figure (:func:`palette`).
* Labels come in Chinese or English (``lang``) from declared data: jurisdiction
  names from the manifest, indicator names from the catalogue, theme names from
  ``fazhi/data/themes.csv``.
* :func:`show` emits plotly's own mimetype (JupyterLab renders it) and an HTML
  fallback with plotly.js inline (nbconvert keeps that), so briefings work offline.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
STATUS_COLOURS = {"numeric": "#2b8cbe", "relative": "#74a9cf", "qualitative": "#fdae6b", "not set": "#e5e5e5"}
THEME_COLOURS = dict(zip(("T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10"), COLOURS[:9]))
_state = {"plotlyjs_done": False}


# -- text --------------------------------------------------------------------------------------
def esc(value, width: int = 0) -> str:
    """HTML-escaped text, wrapped with <br> every ``width`` characters (plotly hover labels)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if width:
        text = "\n".join(textwrap.wrap(text, width)) if text else text
    return html.escape(text).replace("\n", "<br>")


def label(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def palette(documents: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """Jurisdiction name → colour, fixed by manifest order (the same in every notebook)."""
    names = list(dict.fromkeys(documents["jurisdiction_zh" if lang == "zh" else "jurisdiction_en"]))
    return {n: COLOURS[i % len(COLOURS)] for i, n in enumerate(names)}


def theme_names(lang: str = "zh") -> dict[str, str]:
    from fazhi.taxonomy import load_themes

    return {t.theme_id: f"{t.theme_id} {t.theme_zh if lang == 'zh' else t.theme_en}" for t in load_themes()}


def _layout(fig, title: str, x: str | None = None, y: str | None = None, height: int = 460):
    fig.update_layout(
        title={"text": esc(title)},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
        template="plotly_white",
        hoverlabel={"font": {"family": FONT}},
    )
    if x is not None:
        fig.update_xaxes(title_text=esc(x))
    if y is not None:
        fig.update_yaxes(title_text=esc(y))
    return fig


# -- display ----------------------------------------------------------------------------------------
def setup() -> None:
    """Call once at the top of a notebook: offline tables, plotly.js to be inlined once."""
    import itables

    _state["plotlyjs_done"] = False
    itables.init_notebook_mode(all_interactive=False, connected=False)


def start(processed_dir=None, jurisdictions=None):
    """Notebook start: :func:`setup`, then the corpus (restricted to ``jurisdictions``)."""
    from fazhi.corpus import load

    setup()
    return load(processed_dir).subset(jurisdictions)


def show(fig) -> None:
    """Display a figure in JupyterLab (plotly mimetype) and in exported HTML (inline plotly.js)."""
    from IPython.display import display

    config = {"displaylogo": False, "responsive": True}
    first = not _state["plotlyjs_done"]
    _state["plotlyjs_done"] = True
    fallback = fig.to_html(full_html=False, include_plotlyjs=True if first else False, include_mathjax=False, config=config)
    bundle = {"application/vnd.plotly.v1+json": {"data": fig.to_plotly_json()["data"], "layout": fig.to_plotly_json()["layout"], "config": config}, "text/html": fallback}
    display(bundle, raw=True)


def table(df: pd.DataFrame, caption: str | None = None, **options) -> None:
    """An interactive table (itables, offline). Cells are shown as text, never as HTML:
    ``allow_html=False`` makes itables escape them (so they are not escaped twice here)."""
    import itables

    options.setdefault("classes", "display compact")
    itables.show(df, caption=caption, allow_html=False, **options)


def markdown(text: str) -> None:
    """A paragraph of prose whose variable parts may come from documents (escaped)."""
    from IPython.display import HTML, display

    display(HTML(f"<p>{esc(text)}</p>"))


# -- 1. corpus overview -----------------------------------------------------------------------
def documents_table(corpus, lang: str = "zh") -> pd.DataFrame:
    d = corpus.documents
    n_ind = corpus.indicators[corpus.indicators["status"] == "numeric"].groupby("doc_id").size()
    out = pd.DataFrame(
        {
            label(lang, "辖区", "jurisdiction"): d[label(lang, "jurisdiction_zh", "jurisdiction_en")],
            label(lang, "层级", "level"): d["level"],
            label(lang, "类型", "type"): d["doc_type"],
            label(lang, "期间", "period"): d["period_start"].astype(str) + "–" + d["period_end"].astype(str),
            label(lang, "标题", "title"): d["title"],
            label(lang, "条目", "provisions"): d["n_provisions"],
            label(lang, "任务", "tasks"): d["n_tasks"],
            label(lang, "量化表述", "quantities"): d["doc_id"].map(n_ind).fillna(0).astype(int),
            label(lang, "字数", "characters"): d["n_chars"],
            label(lang, "原文字体", "source script"): d["script"],
        }
    )
    return out.reset_index(drop=True)


def normalisation_figure(corpus, lang: str = "zh"):
    import plotly.express as px

    q = corpus.quality[corpus.quality["action"] != "flagged"]
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[label(lang, "jurisdiction_zh", "jurisdiction_en")]))
    counts = q.assign(chars=(q["raw_end"] - q["raw_start"]).clip(lower=1)).groupby(["doc_id", "kind"])["chars"].sum().reset_index()
    counts["jurisdiction"] = counts["doc_id"].map(names)
    fig = px.bar(counts, x="jurisdiction", y="chars", color="kind", barmode="stack", category_orders={"jurisdiction": list(names.values())})
    fig.update_traces(hovertemplate="%{x}<br>%{fullData.name}: %{y} " + label(lang, "字符", "characters") + "<extra></extra>")
    return _layout(fig, label(lang, "规范化改动的原文字符数(按步骤)", "Raw characters changed by each normalisation step"), None, label(lang, "字符数", "characters"))


def provision_length_figure(corpus, lang: str = "zh"):
    import plotly.graph_objects as go

    col = label(lang, "jurisdiction_zh", "jurisdiction_en")
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[col]))
    colours = palette(corpus.documents, lang)
    fig = go.Figure()
    tasks = corpus.tasks
    for doc_id, name in names.items():
        t = tasks[tasks["doc_id"] == doc_id]
        fig.add_trace(
            go.Box(
                y=t["n_chars"],
                name=esc(name),
                marker_color=colours[name],
                boxpoints="all",
                jitter=0.4,
                text=[esc(f"{lab} {h if isinstance(h, str) else ''}", 30) for lab, h in zip(t["label"], t["heading"])],
                hovertemplate="%{text}<br>%{y} " + label(lang, "字", "characters") + "<extra></extra>",
            )
        )
    return _layout(fig, label(lang, "任务条目的长度", "Length of task provisions"), None, label(lang, "字数", "characters"))


def warnings_table(corpus, lang: str = "zh") -> pd.DataFrame:
    q = corpus.quality
    w = q[q["action"] == "flagged"]
    return pd.DataFrame({"doc_id": w["doc_id"], "kind": w["kind"], label(lang, "原文行", "raw line"): w["line"], label(lang, "文本", "text"): w["before"].str.slice(0, 60), "detail": w["detail"]}).reset_index(drop=True)


# -- 2. targets ----------------------------------------------------------------------------------------
def headline_status_figure(corpus, indicators=None, lang: str = "zh"):
    """Jurisdiction × indicator grid coloured by status, the statement written in each cell."""
    import plotly.graph_objects as go

    from fazhi.extract.catalogue import HEADLINE
    from fazhi.report.compare import STATUS_ORDER, compare_indicators

    t = compare_indicators(corpus, indicators or HEADLINE, lang=lang)
    js = list(dict.fromkeys(t["jurisdiction"]))
    inds = list(dict.fromkeys(t["indicator"]))
    z, text, hover = [], [], []
    for j in js:
        zr, tr, hr = [], [], []
        for i in inds:
            row = t[(t["jurisdiction"] == j) & (t["indicator"] == i)].iloc[0]
            zr.append(STATUS_ORDER.index(str(row["status"])))
            tr.append(esc(row["display"], 18))
            hr.append(esc(row["quote"], 30) if isinstance(row.get("quote"), str) else esc(label(lang, "未设定", "not set")))
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    n = len(STATUS_ORDER) - 1
    scale = []
    for k, s in enumerate(STATUS_ORDER):
        scale += [[k / (n + 1), STATUS_COLOURS[s]], [(k + 1) / (n + 1), STATUS_COLOURS[s]]]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[esc(i) for i in inds], y=[esc(j) for j in js], text=text, customdata=hover, texttemplate="%{text}",
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>", colorscale=scale, zmin=-0.5, zmax=n + 0.5,
            colorbar={"tickvals": list(range(n + 1)), "ticktext": list(STATUS_ORDER), "title": label(lang, "状态", "status")},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, label(lang, "重点指标:谁设定了什么", "Headline indicators: who sets what"), label(lang, "指标", "indicator"), label(lang, "辖区", "jurisdiction"), 120 + 80 * len(js))


def numeric_statements(corpus, indicators=None, lang: str = "zh") -> pd.DataFrame:
    """Every numeric target and reported figure mapped to the catalogue (optionally some indicators)."""
    i = corpus.indicators
    i = i[(i["status"] == "numeric") & i["indicator_id"].notna()]
    if indicators:
        i = i[i["indicator_id"].isin(indicators)]
    d = corpus.documents.set_index("doc_id")
    col = label(lang, "jurisdiction_zh", "jurisdiction_en")
    out = i.assign(jurisdiction=i["doc_id"].map(d[col]), indicator=i[label(lang, "indicator_zh", "indicator_en")])
    return out


def interval_figure(corpus, indicators=None, lang: str = "zh", unit: str = "%"):
    """Targets as intervals (≥ 90% is a bar from 90 up) and reported figures as points, per indicator."""
    import plotly.graph_objects as go

    rows = numeric_statements(corpus, indicators, lang)
    rows = rows[rows["unit"] == unit]
    colours = palette(corpus.documents, lang)
    ymax = 100.0 if unit == "%" else float(max(rows["value"].max() * 1.2, 1)) if len(rows) else 1.0
    fig = go.Figure()
    order = list(dict.fromkeys(rows.sort_values(["theme_id", "indicator_id"])["indicator"]))
    shown = set()
    for r in rows.itertuples():
        lo = r.lower if pd.notna(r.lower) else 0.0
        hi = r.upper if pd.notna(r.upper) else ymax
        hover = (
            f"{esc(r.jurisdiction)} · {esc(r.indicator)}<br>{esc(r.kind)} {esc(r.comparator)} {r.value:g}{esc(r.unit)}"
            f"{' (' + str(int(r.year)) + ')' if pd.notna(r.year) else ''}<br>{esc(r.quote, 30)}"
        )
        name = esc(r.jurisdiction)
        common = {"legendgroup": name, "showlegend": name not in shown, "name": name, "hovertemplate": hover + "<extra></extra>"}
        shown.add(name)
        if r.kind == "target" and hi > lo:
            fig.add_trace(go.Bar(x=[esc(r.indicator)], y=[hi - lo], base=[lo], marker_color=colours[r.jurisdiction], opacity=0.55, offsetgroup=name, **common))
        else:
            fig.add_trace(
                go.Scatter(x=[esc(r.indicator)], y=[r.value], mode="markers", marker={"color": colours[r.jurisdiction], "size": 13, "symbol": "diamond" if r.kind == "reported" else "line-ew-open", "line": {"width": 2}}, **common)
            )  # fmt: skip
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(categoryorder="array", categoryarray=[esc(o) for o in order], tickangle=-35)
    title = label(lang, f"目标区间(条)与报告数值(◆),单位 {unit}", f"Targets as intervals (bars) and reported figures (◆), unit {unit}")
    return _layout(fig, title, label(lang, "指标", "indicator"), label(lang, f"数值({unit})", f"value ({unit})"), 560)


def target_vs_reported_figure(corpus, indicators=None, lang: str = "zh"):
    """For each indicator with percentages: targets and reported figures side by side."""
    import plotly.graph_objects as go

    rows = numeric_statements(corpus, indicators, lang)
    rows = rows[rows["unit"] == "%"]
    fig = go.Figure()
    for kind, symbol in (("target", "circle-open"), ("reported", "diamond")):
        r = rows[rows["kind"] == kind]
        fig.add_trace(
            go.Scatter(
                x=[esc(v) for v in r["indicator"]], y=r["value"], mode="markers", name=label(lang, "目标" if kind == "target" else "报告", kind),
                marker={"symbol": symbol, "size": 12, "line": {"width": 2}},
                text=[esc(f"{j} {'' if pd.isna(y) else int(y)}", 30) + "<br>" + esc(q, 30) for j, y, q in zip(r["jurisdiction"], r["year"], r["quote"])],
                hovertemplate="%{x}: %{y}%<br>%{text}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_xaxes(tickangle=-35)
    return _layout(fig, label(lang, "目标与报告数值对照(%)", "Targets and reported figures side by side (%)"), label(lang, "指标", "indicator"), "%", 520)


def statements_table(corpus, indicators=None, lang: str = "zh") -> pd.DataFrame:
    r = numeric_statements(corpus, indicators, lang)
    return pd.DataFrame(
        {
            label(lang, "辖区", "jurisdiction"): r["jurisdiction"],
            label(lang, "主题", "theme"): r["theme_id"],
            label(lang, "指标", "indicator"): r["indicator"],
            label(lang, "类型", "kind"): r["kind"],
            label(lang, "比较", "comparator"): r["comparator"],
            label(lang, "数值", "value"): r["value"],
            label(lang, "单位", "unit"): r["unit"],
            label(lang, "年份", "year"): r["year"].astype("Int64"),
            label(lang, "频次", "cadence"): r["cadence"],
            label(lang, "原文", "quote"): r["quote"],
        }
    ).reset_index(drop=True)


#: review_reasons in Chinese (the indicators table keeps them in English).
REASONS_ZH = {
    "approximate": "约数", "range": "区间", "relative to a benchmark": "相对目标", "subject unmapped": "未归入指标目录",
    "no figure": "无数值", "number in words": "汉字数字", "kind from document type": "类型按文件推断",
    "year from document": "年份按文件推断", "year unknown": "年份不明",
}  # fmt: skip


def all_statements_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Every quantity statement of every document, mapped to the catalogue or not, with why
    it may need checking (``review_reasons``): what the charts do not show is here.
    One row per numeric or relative row of ``corpus.indicators``, in its order.
    """
    i = corpus.indicators
    i = i[i["status"] != "qualitative"]
    d = corpus.documents.set_index("doc_id")
    col = label(lang, "jurisdiction_zh", "jurisdiction_en")
    unmapped = label(lang, "(未归入)", "(unmapped)")
    reasons = i["review_reasons"].map(lambda rs: "; ".join(REASONS_ZH.get(r, r) if lang == "zh" else r for r in rs))
    return pd.DataFrame(
        {
            label(lang, "辖区", "jurisdiction"): i["doc_id"].map(d[col]),
            label(lang, "条目", "provision"): i["provision_id"].str.split(":", n=1).str[1],
            label(lang, "所测对象", "subject"): i["subject"],
            label(lang, "指标", "indicator"): i[label(lang, "indicator_zh", "indicator_en")].fillna(unmapped),
            label(lang, "类型", "kind"): i["kind"],
            label(lang, "比较", "comparator"): i["comparator"],
            label(lang, "限定", "qualifier"): i["qualifier"],
            label(lang, "数值", "value"): i["value"],
            label(lang, "单位", "unit"): i["unit"],
            label(lang, "年份", "year"): i["year"].astype("Int64"),
            label(lang, "需核对", "review"): reasons,
            label(lang, "原文", "quote"): i["quote"],
        }
    ).reset_index(drop=True)


# -- 3. themes -----------------------------------------------------------------------------------
def theme_heatmap(corpus, lang: str = "zh"):
    import plotly.graph_objects as go

    from fazhi.report.summaries import coverage

    cov = coverage(corpus.themes, corpus.provisions, corpus.documents, lang=lang)
    names = theme_names(lang)
    fig = go.Figure(
        go.Heatmap(
            z=cov.values, x=[esc(names[t]) for t in cov.columns], y=[esc(j) for j in cov.index], colorscale="Blues",
            text=[[f"{v:.0%}" for v in row] for row in cov.values], texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>", colorbar={"title": label(lang, "占比", "share")},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, label(lang, "各辖区任务条目的主题分布", "Share of each jurisdiction's tasks by outline theme"), label(lang, "纲要任务领域", "national outline task area"), label(lang, "辖区", "jurisdiction"), 520)


def cluster_terms_table(corpus, lang: str = "zh", top: int = 8) -> pd.DataFrame:
    ct = corpus.cluster_terms
    names = theme_names(lang)
    rows = []
    for cid, g in ct.groupby("cluster_id"):
        g = g.sort_values("rank")
        rows.append(
            {
                label(lang, "聚类", "cluster"): int(cid),
                label(lang, "条目数", "provisions"): int(g["n_provisions"].iloc[0]),
                label(lang, "特征词", "top terms"): " ".join(g["term"].head(top)),
                label(lang, "主要主题", "majority theme"): names.get(g["majority_theme_id"].iloc[0], ""),
                label(lang, "纯度", "purity"): round(float(g["majority_share"].iloc[0]), 3),
            }
        )
    return pd.DataFrame(rows)


def cluster_theme_crosstab(corpus, lang: str = "zh") -> pd.DataFrame:
    from fazhi.report.summaries import purity

    t = corpus.themes.dropna(subset=["cluster_id"])
    _, tab = purity(t["cluster_id"].astype(int), t["theme_id"].fillna("none"))
    tab.columns = [theme_names(lang).get(c, c) for c in tab.columns]
    return tab


def theme_map_figure(corpus, lang: str = "zh"):
    """The 2-D map of task provisions coloured by theme, the provision text on hover."""
    import plotly.graph_objects as go

    t = corpus.themes.dropna(subset=["x"]).merge(corpus.provisions[["provision_id", "label", "heading", "text"]], on="provision_id")
    t = t.merge(corpus.documents[["doc_id", "jurisdiction_zh", "jurisdiction_en"]], on="doc_id")
    names = theme_names(lang)
    fig = go.Figure()
    for th in THEME_COLOURS:
        g = t[t["theme_id"] == th]
        if g.empty:
            continue
        hover = [
            esc(f"{j} {lab} · {label(lang, '聚类', 'cluster')} {int(c)}") + "<br>" + esc(txt[:160], 30)
            for j, lab, c, txt in zip(g[label(lang, "jurisdiction_zh", "jurisdiction_en")], g["label"], g["cluster_id"], g["text"])
        ]
        fig.add_trace(
            go.Scatter(x=g["x"], y=g["y"], mode="markers", name=esc(names[th]), marker={"color": THEME_COLOURS[th], "size": 9, "opacity": 0.8},
                       text=hover, hovertemplate="%{text}<extra></extra>")
        )  # fmt: skip
    return _layout(fig, label(lang, "任务条目的二维分布(按主题着色)", "Task provisions in two dimensions, coloured by theme"), "SVD 1", "SVD 2", 560)


def stability_figure(corpus, lang: str = "zh"):
    import plotly.graph_objects as go

    s = corpus.cluster_selection
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=s["k"], y=s["silhouette"], mode="lines+markers", name=label(lang, "轮廓系数", "silhouette")))
    fig.add_trace(go.Scatter(x=s["k"], y=s["stability"], mode="lines+markers", name=label(lang, "稳定性(平均ARI)", "stability (mean ARI)")))
    chosen = s[s["chosen"]]
    if len(chosen):
        fig.add_vline(x=int(chosen["k"].iloc[0]), line_dash="dash", line_color="#555")
    fig.add_hline(y=0.8, line_dash="dot", line_color="#aaa")
    return _layout(fig, label(lang, "聚类数的选择", "Choosing the number of clusters"), label(lang, "聚类数 k", "number of clusters k"), label(lang, "得分", "score"), 420)


# -- 4. shared text --------------------------------------------------------------------------------
def similarity_figure(corpus, lang: str = "zh"):
    import plotly.graph_objects as go

    from fazhi.report.summaries import similarity_matrix

    m = similarity_matrix(corpus.reuse, corpus.documents)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[label(lang, "jurisdiction_zh", "jurisdiction_en")]))
    z = m.values.copy()
    for k in range(len(z)):
        z[k][k] = float("nan")  # the diagonal (1) would drown the scale
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[esc(names[c]) for c in m.columns], y=[esc(names[r]) for r in m.index], colorscale="Oranges",
            text=[[("" if a == b else f"{v:.1%}") for b, v in zip(m.columns, row)] for a, row in zip(m.index, m.values)],
            texttemplate="%{text}", hovertemplate="%{y} → %{x}<br>%{text}<extra></extra>", colorbar={"title": label(lang, "占比", "share")},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, label(lang, "行文本中与列文本共享段落的字数占比", "Share of the row document's text in passages shared with the column document"),
                   label(lang, "与之共享", "shared with"), label(lang, "文件", "document"), 480)  # fmt: skip


def passages_table(corpus, lang: str = "zh", top: int = 50) -> pd.DataFrame:
    r = corpus.reuse.sort_values(["matched", "passage_id"], ascending=[False, True]).head(top)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[label(lang, "jurisdiction_zh", "jurisdiction_en")]))
    return pd.DataFrame(
        {
            label(lang, "共享字数", "matched"): r["matched"],
            label(lang, "文件甲", "document A"): r["doc_id_a"].map(names) + " " + r["provision_id_a"].str.split(":").str[1],
            label(lang, "甲文", "text in A"): r["text_a"],
            label(lang, "文件乙", "document B"): r["doc_id_b"].map(names) + " " + r["provision_id_b"].str.split(":").str[1],
            label(lang, "乙文", "text in B"): r["text_b"],
        }
    ).reset_index(drop=True)
