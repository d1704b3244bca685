"""Figures and tables for the notebooks and briefings.

Everything a notebook shows is built here, so notebooks stay a list of calls.  Rules:

* Text that comes from documents (quotes, provision text, titles, subjects) is
  HTML-escaped before it reaches a hover label or a table cell.
* Each jurisdiction keeps one colour in every figure (:func:`palette`); status colours
  are greys, so they never look like a jurisdiction.
* One language per page: every word comes from :mod:`fazhi.report.i18n`; quotes stay in
  the original Chinese.
* Every value carries its provenance: document, provision number as printed
  (``二(九)39``), the exact quote, and a link to the full-text page's anchor.
* Every chart and table offers its rows as CSV from inside the page
  (:mod:`fazhi.report.render`), with source, document number, date, data version and a
  citation line; a chart that leaves statements out says which and why, under it.

>>> wrap("Administrative law enforcement", 12)
'Administrative<br>law<br>enforcement'
"""

from __future__ import annotations

import html
import re
import textwrap

import pandas as pd

from fazhi.report import render
from fazhi.report.i18n import jurisdiction_column, unit_name, word

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
#: Status greys: never a jurisdiction colour.
STATUS_COLOURS = {"numeric": "#8f8f8f", "relative": "#b5b5b5", "qualitative": "#dcdcdc", "not set": "#fafafa"}
THEME_COLOURS = dict(zip(("T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10"), COLOURS[:9]))
NEUTRAL = "#444444"
SYMBOL = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈", "between": "–"}
ITABLES_ZH = {
    "search": "搜索:", "lengthMenu": "每页 _MENU_ 行", "info": "第 _START_–_END_ 行,共 _TOTAL_ 行", "infoEmpty": "共 0 行",
    "infoFiltered": "(从 _MAX_ 行中筛选)", "zeroRecords": "没有匹配的行", "emptyTable": "没有数据",
    "paginate": {"first": "首页", "last": "末页", "next": "下页", "previous": "上页"},
}  # fmt: skip


# -- text --------------------------------------------------------------------------------------
def esc(value, width: int = 0) -> str:
    """HTML-escaped text, wrapped with <br> every ``width`` characters (plotly hover labels).

    >>> esc("<b>不低于90%</b>")
    '&lt;b&gt;不低于90%&lt;/b&gt;'
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if width:
        text = "\n".join(textwrap.wrap(text, width)) if text else text
    return html.escape(text).replace("\n", "<br>")


def wrap(text: str, width: int) -> str:
    """A label wrapped at word boundaries (English) or every ``width`` characters (Chinese),
    so long axis labels wrap instead of squashing the chart.

    >>> wrap("行政机关负责人出庭应诉率", 6)
    '行政机关负责<br>人出庭应诉率'
    """
    if re.search(r"[\u4e00-\u9fff]", text) and " " not in text:
        return "<br>".join(esc(text[k : k + width]) for k in range(0, len(text), width))
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width, break_long_words=False)) or esc(text)


def label(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en`` by ``lang``: ``label("en", "目标", "target")`` → ``'target'``.

    >>> label("en", "目标", "target")
    'target'
    """
    return zh if lang == "zh" else en


def palette(documents: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """Jurisdiction name → colour, fixed by manifest order (the same in every notebook).

    >>> palette(pd.DataFrame({"jurisdiction_zh": ["淮北市", "台安县"]}))
    {'淮北市': '#1f77b4', '台安县': '#d62728'}
    """
    names = list(dict.fromkeys(documents[jurisdiction_column(lang)]))
    return {n: COLOURS[i % len(COLOURS)] for i, n in enumerate(names)}


def theme_names(lang: str = "zh") -> dict[str, str]:
    """Theme id → ``"T5 行政执法工作体系"`` (or the English name).

    >>> theme_names("en")["T5"]
    'T5 Administrative law enforcement'
    """
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


# -- provenance --------------------------------------------------------------------------------
def anchor(provision_id: str) -> str:
    """The id of a provision on its document's full-text page.

    >>> anchor("taian_2017_plan:2.9.39")
    'p-2.9.39'
    """
    return "p-" + str(provision_id).split(":", 1)[1]


def text_link(doc_id: str, provision_id: str | None = None) -> str:
    """Relative link from a briefing to a document's full-text page (and a provision on it).

    >>> text_link("taian_2017_plan", "taian_2017_plan:2.9.39")
    'text/taian_2017_plan.html#p-2.9.39'
    """
    return f"text/{doc_id}.html" + (f"#{anchor(provision_id)}" if provision_id else "")


def citation(doc: pd.Series, data_version: str, lang: str) -> str:
    """How to cite a figure: jurisdiction, title, number, date, extractor and data version.

    >>> doc = pd.Series({"jurisdiction_zh": "青海省", "jurisdiction_en": "Qinghai", "title": "青海省2024年法治政府建设工作要点",
    ...                  "doc_number": "青政办函〔2024〕19号", "issued_date": "2024-02-01"})
    >>> citation(doc, "ab12cd34ef", "en")
    'Qinghai, 《青海省2024年法治政府建设工作要点》 (青政办函〔2024〕19号, issued 2024-02-01); extracted by fazhi 0.1.0, data version ab12cd34ef.'
    """
    from fazhi.version import __version__

    def text(v) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    number, date = text(doc.get("doc_number")), text(doc.get("issued_date"))[:10]
    if lang == "zh":
        meta = ",".join(x for x in (number, f"{date}印发" if date else "") if x)
        return f"{doc['jurisdiction_zh']}《{text(doc.get('title'))}》" + (f"({meta})" if meta else "") + f";fazhi {__version__} 提取,数据版本 {data_version}。"
    meta = ", ".join(x for x in (number, f"issued {date}" if date else "") if x)
    return f"{doc['jurisdiction_en']}, 《{text(doc.get('title'))}》" + (f" ({meta})" if meta else "") + f"; extracted by fazhi {__version__}, data version {data_version}."


def with_provenance(rows: pd.DataFrame, corpus, lang: str) -> pd.DataFrame:
    """``rows`` (with a ``doc_id`` column) plus where each comes from, for downloads:
    source URL, document number, issue date, data version and a citation line (blank for
    a row that belongs to no single document, such as a "not set" cell).

    >>> with_provenance(pd.DataFrame({"doc_id": ["qinghai_2024_key_points"]}), corpus, "zh")["doc_number"].item()
    '青政办函〔2024〕19号'
    """
    d = corpus.documents.set_index("doc_id")
    docs = rows["doc_id"]
    cites = {doc_id: citation(d.loc[doc_id], corpus.data_version, lang) for doc_id in dict.fromkeys(docs) if doc_id in d.index}
    return rows.assign(
        source_url=docs.map(d["source_url"]),
        doc_number=docs.map(d["doc_number"]),
        issued_date=docs.map(d["issued_date"]).astype(str).replace({"NaT": None, "None": None}),
        data_version=corpus.data_version,
        citation=docs.map(cites),
    )


# -- display ----------------------------------------------------------------------------------------
def setup() -> None:
    """Call once at the top of a notebook: offline tables, plotly.js to be inlined once.

    >>> setup()  # doctest: +SKIP
    """
    import itables

    render.reset()
    itables.init_notebook_mode(all_interactive=False, connected=False)


def start(processed_dir=None, jurisdictions=None):
    """Notebook start: :func:`setup`, then the corpus (restricted to ``jurisdictions``).

    >>> corpus = start(None, ["淮北市"])  # doctest: +SKIP
    """
    from fazhi.corpus import load

    setup()
    return load(processed_dir).subset(jurisdictions)


def show(fig, data: pd.DataFrame | None = None, *, file: str | None = None, notes: list[str] | None = None, lang: str = "zh") -> None:
    """Display a figure: plotly's mimetype in JupyterLab; in the exported page, the figure
    (drawn when scrolled to), a CSV download of ``data`` (the rows drawn) and ``notes``.

    >>> show(theme_heatmap(corpus, "zh"), theme_shares(corpus, "zh"), file="theme_shares.csv", lang="zh")  # doctest: +SKIP
    """
    from IPython.display import display

    # No "share chart" button: it uploads the chart to Plotly's cloud, and a briefing stays on the reader's machine.
    config = {"displaylogo": False, "responsive": True, "locale": lang, "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud"]}
    page, fid = render.figure_html(fig, config)
    if data is not None:
        page += render.download_html(data, file or "figure.csv", word("download csv", lang), target=fid)
    page += render.note_html(notes or [])
    spec = fig.to_plotly_json()
    display({"application/vnd.plotly.v1+json": {"data": spec["data"], "layout": spec["layout"], "config": config}, "text/html": page}, raw=True)


def table(df: pd.DataFrame, caption: str | None = None, *, lang: str = "zh", file: str | None = None, data: pd.DataFrame | None = None,
          links: dict[str, pd.Series] | None = None, **options) -> None:  # fmt: skip
    """An interactive table (itables, offline, labelled in ``lang``) and a CSV download of
    ``data`` (default: the table itself).  Every cell is escaped here; ``links`` maps a
    column to the hrefs its cells link to (full-text anchors).

    >>> table(documents_table(corpus, "zh"), lang="zh", file="documents.csv", links={"标题": document_links(corpus)})  # doctest: +SKIP
    """
    import itables
    from IPython.display import HTML, display

    shown = df.copy()
    for col in shown.columns:  # every text cell, whatever the column's dtype (object or pandas' str); a missing one blank
        if not pd.api.types.is_numeric_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: html.escape(v) if isinstance(v, str) else "" if v is None or v is pd.NA or v != v else v).astype(object)
    for col, hrefs in (links or {}).items():
        shown[col] = [f'<a href="{html.escape(h)}">{t}</a>' if isinstance(h, str) and h else t for t, h in zip(shown[col], hrefs)]
    options.setdefault("classes", "display compact")
    options.setdefault("columnDefs", [{"className": "dt-left", "targets": "_all"}])
    if lang == "zh":
        options.setdefault("language", ITABLES_ZH)
    itables.show(shown, caption=caption, allow_html=True, **options)
    if file:
        display(HTML(render.download_html(df if data is None else data, file, word("download csv", lang))))


METHODOLOGY = {
    "zh": [
        ("怎么读", "“未设定”表示文件没有提到该指标;“仅提及”表示提到了但没有给出数值;“相对目标”表示与某个基准比较(如“高于本地区同期行政诉讼一审纠错率”),没有数值。这些都是答案,不是缺失。"),
        ("比较词如何变成区间", "“不低于90%”“90%以上”是从90起的区间(含90);“高于”“余”“多”“逾”不含端点;“低于”“不足”“近”在端点以下;“以内”“不超过”含端点;“保持”“达到”“为”是确切值;“约”“左右”是约数,没有区间宽度,画作空心点;“90%—95%”是闭区间。开放区间画到面板边缘并加箭头,从不画到一个编造的上限。"),
        ("画出了什么", "图中只画已归入指标目录的数值表述,每个面板一个指标、一种单位,每行一个辖区(及年份)。未归入目录的数值、相对目标和仅提及的表述不画,但在图下说明数量,并全部列在“全部表述”表中。"),
        ("提取看不到什么", "提取规则读的是句子:表格中的数字、附件、图片中的文字、没有量词的汉字数字(如“两轮”)以及跨句的指代都可能漏掉;目标或报告值、年份若由文件类型推断,会在“需核对”一栏注明。请点击条目编号核对原文。"),
    ],
    "en": [
        ("How to read", "*not set* means the document does not mention the indicator; *qualitative* that it mentions it without a number; *relative* that it compares with a benchmark (\"above the local first-instance correction rate\") without a number. These are answers, not gaps."),
        ("How wording becomes an interval", "不低于90% and 90%以上 are the interval from 90 up (90 included); 高于, 余, 多, 逾 exclude the bound; 低于, 不足, 近 lie below it; 以内 and 不超过 include it; 保持, 达到, 为 state an exact value; 约 and 左右 are approximate, with no stated width, drawn as open shapes; 90%—95% is a closed range. Open-ended intervals run to the panel's edge with an arrow, never to an invented ceiling."),
        ("What is drawn", "Charts draw numeric statements mapped to a catalogue indicator: one panel per indicator and unit, one row per jurisdiction (and year). Unmapped figures, relative targets and mentions without a number are not drawn; the note under each chart counts them and the “All statements” table lists them all."),
        ("What extraction cannot see", "The rules read sentences: figures inside tables, attachments or images, Chinese-numeral counts without a measure word (两轮) and references across sentences can be missed; where target/reported or the year was inferred from the document type, the review column says so. Follow a provision number to check the original."),
        ("Language", "This page is in English; quotes, provision text, subjects and cluster terms stay in the original Chinese, as the documents wrote them."),
    ],
}


def methodology(lang: str = "zh") -> None:
    """The methodology and coverage notes every briefing ends with.

    >>> methodology("en")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    title = label(lang, "方法与覆盖范围说明", "Methodology and coverage")
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v).replace('*', '')}</dd>" for k, v in METHODOLOGY[lang])
    display(HTML(f'<section class="fz-method"><h2>{html.escape(title)}</h2><dl>{items}</dl></section>'))


def heading(text: str) -> None:
    """A page heading whose text comes from the data (escaped).

    >>> heading("台安县")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(f"<h1>{esc(text)}</h1>"))


def provision_links(rows: pd.DataFrame) -> pd.Series:
    """Full-text links of rows that have ``doc_id`` and ``provision_id``.

    >>> provision_links(pd.DataFrame({"doc_id": ["taian_2017_plan"], "provision_id": ["taian_2017_plan:2.9.39"]}))[0]
    'text/taian_2017_plan.html#p-2.9.39'
    """
    return pd.Series([text_link(d, p) for d, p in zip(rows["doc_id"], rows["provision_id"])], dtype=object)


def markdown(text: str) -> None:
    """A paragraph of prose whose variable parts may come from documents (escaped).

    >>> markdown("淮北市 sets 7 targets")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(f"<p>{esc(text)}</p>"))


def notes(lines: list[str]) -> None:
    """Notes in the page's small print (escaped).

    >>> notes(["未绘出 1 条相对目标"])  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(render.note_html(lines)))


# -- 1. corpus overview -----------------------------------------------------------------------
def document_status(doc: pd.Series, lang: str) -> str:
    """Draft or final text, in words: ``征求意见稿`` / ``draft for comment``.

    >>> document_status(corpus.documents.iloc[1], "zh")
    '征求意见稿'
    """
    return word("draft" if bool(doc["is_draft"]) else "final", lang)


def documents_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """One row per document: who, what, status, period, size.

    >>> documents_table(corpus, "en").iloc[1][["jurisdiction", "status"]].tolist()
    ["Tai'an", 'draft for comment']
    """
    d = corpus.documents
    n_ind = corpus.indicators[corpus.indicators["status"] == "numeric"].groupby("doc_id").size()
    return pd.DataFrame(
        {
            word("jurisdiction", lang): d[jurisdiction_column(lang)],
            word("level", lang): d["level"].map(lambda v: word(v, lang)),
            word("type", lang): d["doc_type"].map(lambda v: word(v, lang)),
            word("status", lang): d.apply(document_status, axis=1, lang=lang),
            word("period", lang): d["period_start"].astype(str) + "–" + d["period_end"].astype(str),
            word("title", lang): d["title"],
            word("doc_number", lang): d["doc_number"],
            word("issued", lang): d["issued_date"].astype(str).replace({"NaT": "", "None": ""}),
            word("provisions", lang): d["n_provisions"],
            word("tasks", lang): d["n_tasks"],
            word("quantities", lang): d["doc_id"].map(n_ind).fillna(0).astype(int),
            word("characters", lang): d["n_chars"],
            word("source script", lang): d["script"].map(lambda v: word(v, lang)),
        }
    ).reset_index(drop=True)


def document_links(corpus) -> pd.Series:
    """Full-text page of each document, in documents' order.

    >>> document_links(corpus)[0]
    'text/huaibei_2022_action_plan.html'
    """
    return corpus.documents["doc_id"].map(text_link).reset_index(drop=True)


def normalisation_figure(corpus, lang: str = "zh"):
    """Raw characters each normalisation step changed, stacked per jurisdiction.

    >>> normalisation_figure(corpus, "en").data[0].type
    'bar'
    """
    import plotly.express as px

    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    counts = normalisation_rows(corpus)
    counts["jurisdiction"] = counts["doc_id"].map(names)
    counts["step"] = counts["kind"].map(lambda k: step_name(k, lang))
    fig = px.bar(counts, x="jurisdiction", y="chars", color="step", barmode="stack", category_orders={"jurisdiction": list(names.values())})
    fig.update_traces(hovertemplate="%{x}<br>%{fullData.name}: %{y} " + word("characters", lang) + "<extra></extra>")
    fig.update_layout(legend_title_text=esc(word("kind of change", lang)))
    return _layout(fig, label(lang, "规范化改动的原文字符数(按步骤)", "Raw characters changed by each normalisation step"), word("jurisdiction", lang), word("characters", lang))


#: quality.kind in words.
STEP_NAMES = {
    "encoding": ("编码", "encoding"), "newline": ("换行", "line breaks"), "correction": ("人工校正", "reviewed correction"),
    "garbled": ("乱码", "garbled text"), "width": ("全半角", "character width"), "whitespace": ("空白", "whitespace"),
    "web_debris": ("网页杂项", "web page debris"), "pinyin": ("拼音注音", "pinyin annotations"), "script": ("繁转简", "traditional → simplified"),
    "outline_gap": ("编号缺漏", "numbering gap"), "no_outline": ("无编号", "no numbering"), "metadata": ("元数据", "metadata"),
}  # fmt: skip


def provision_length_figure(corpus, lang: str = "zh"):
    """The length of every task provision, one box per jurisdiction (click a point for its text).

    >>> len(provision_length_figure(corpus, "en").data)
    5
    """
    import plotly.graph_objects as go

    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    colours = palette(corpus.documents, lang)
    fig = go.Figure()
    tasks = corpus.tasks
    for doc_id, name in names.items():
        t = tasks[tasks["doc_id"] == doc_id]
        fig.add_trace(
            go.Box(
                y=t["n_chars"], name=esc(name), marker_color=colours[name], boxpoints="all", jitter=0.4,
                text=[esc(f"{p} {h if isinstance(h, str) else ''}", 30) for p, h in zip(t["path_label"], t["heading"])],
                customdata=[text_link(doc_id, pid) for pid in t["provision_id"]],
                hovertemplate="%{text}<br>%{y} " + word("characters", lang) + "<extra></extra>",
            )
        )  # fmt: skip
    return _layout(fig, label(lang, "任务条目的长度", "Length of task provisions"), word("jurisdiction", lang), word("characters", lang))


def step_name(kind: str, lang: str) -> str:
    """A quality.kind in words (an unknown one as it is).

    >>> step_name("pinyin", "en"), step_name("script", "zh")
    ('pinyin annotations', '繁转简')
    """
    return STEP_NAMES.get(kind, (kind, kind))[0 if lang == "zh" else 1]


def normalisation_rows(corpus) -> pd.DataFrame:
    """The normalisation chart's numbers: raw characters changed per document and step.

    >>> sorted(set(normalisation_rows(corpus)["kind"]))[:3]
    ['correction', 'pinyin', 'script']
    """
    q = corpus.quality[corpus.quality["action"] != "flagged"]
    counts = q.assign(chars=(q["raw_end"] - q["raw_start"]).clip(lower=1)).groupby(["doc_id", "kind"])["chars"].sum().reset_index()
    return counts.assign(data_version=corpus.data_version)


def task_rows(corpus) -> pd.DataFrame:
    """The task-length chart's points: one row per task provision.

    >>> task_rows(corpus).iloc[0]["path_label"]
    '二(一)1'
    """
    t = corpus.tasks
    return t[["doc_id", "provision_id", "path_label", "heading", "n_chars"]].reset_index(drop=True)


def warnings_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Warnings left after the build (garbled text, numbering gaps, metadata disagreeing with the text).

    >>> list(warnings_table(corpus, "en").columns)
    ['jurisdiction', 'kind of change', 'raw line', 'text', 'detail']
    """
    q = corpus.quality
    w = q[q["action"] == "flagged"]
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    return pd.DataFrame(
        {
            word("jurisdiction", lang): w["doc_id"].map(names),
            word("kind of change", lang): w["kind"].map(lambda k: step_name(k, lang)),
            word("raw line", lang): w["line"],
            word("text", lang): w["before"].str.slice(0, 60),
            word("detail", lang): w["detail"],
        }
    ).reset_index(drop=True)


# -- 2. targets ----------------------------------------------------------------------------------------
def describe(row, lang: str = "zh") -> str:
    """A statement in words, in ``lang``: ``目标 ≥ 90%(2024)`` / ``target ≥ 90% (2024)``.

    >>> describe({"status": "numeric", "kind": "target", "comparator": ">=", "value": 90.0, "unit": "%", "year": 2024}, "zh")
    '目标 ≥ 90%(2024)'
    """
    status = str(row["status"])
    if status == "not set":
        return word("not set", lang)
    year = row.get("year")
    year = (f"({int(year)})" if lang == "zh" else f" ({int(year)})") if pd.notna(year) else ""
    kind = word(row["kind"], lang)
    if status == "qualitative":
        # Say which figure is missing: the quote may hold other numbers (培训不少于1次 under training hours).
        expected = row.get("catalogue_unit")
        if isinstance(expected, str) and expected:
            if lang == "zh":
                return f"{kind}:{word('qualitative', lang)},无{'百分比' if expected == '%' else expected}数值{year}"
            return f"{kind}: {word('qualitative', lang)}, no figure in {'percent' if expected == '%' else unit_name(expected, lang)}{year}"
        return f"{kind}:{word('qualitative', lang)}{year}" if lang == "zh" else f"{kind}: {word('qualitative', lang)}{year}"
    if status == "relative":
        return f"{kind} {SYMBOL.get(row['relative_comparator'], row['relative_comparator'])} {row['relative_to']}{year}"
    unit = unit_name(row["unit"], lang)
    space = "" if lang == "zh" or unit in ("%", "‰", "") else " "
    number = f"{row['value']:g}"
    if row["comparator"] == "between" and pd.notna(row.get("upper")):
        number = f"{row['value']:g}–{row['upper']:g}"
        op = ""
    else:
        op = SYMBOL.get(row["comparator"], row["comparator"]) + " "
    cadence = row.get("cadence")
    cadence = f" {word(cadence, lang)}" if isinstance(cadence, str) else ""
    return f"{kind} {op}{number}{space}{unit}{cadence}{year}"


def headline_status_figure(corpus, indicators=None, lang: str = "zh"):
    """Jurisdiction × indicator grid coloured by status (greys); each cell says the statement,
    its hover the provision number and the sentence the cell comes from.

    >>> headline_status_figure(corpus, None, "en").data[0].y
    ('Huaibei', 'Tai&#x27;an', 'Qinghai', 'Shiyan', 'Daxing')
    """
    import plotly.graph_objects as go

    from fazhi.extract.catalogue import HEADLINE
    from fazhi.report.compare import STATUS_ORDER

    t = headline_rows(corpus, indicators or HEADLINE, lang)
    js = list(dict.fromkeys(t["jurisdiction"]))
    inds = list(dict.fromkeys(t["indicator"]))
    z, text, hover, links = [], [], [], []
    for j in js:
        zr, tr, hr, lr = [], [], [], []
        for i in inds:
            row = t[(t["jurisdiction"] == j) & (t["indicator"] == i)].iloc[0]
            zr.append(STATUS_ORDER.index(str(row["status"])))
            tr.append(esc(row["statement"], 16))
            if isinstance(row.get("quote"), str):
                hr.append(esc(row["path_label"]) + "<br>" + esc(row["quote"], 30))
                lr.append(text_link(row["doc_id"], row["provision_id"]))
            else:
                hr.append(esc(word("not set", lang)))
                lr.append("")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
        links.append(lr)
    n = len(STATUS_ORDER) - 1
    scale = []
    for k, s in enumerate(STATUS_ORDER):
        scale += [[k / (n + 1), STATUS_COLOURS[s]], [(k + 1) / (n + 1), STATUS_COLOURS[s]]]
    custom = [[[lk, hv] for lk, hv in zip(lr, hr)] for lr, hr in zip(links, hover)]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[wrap(i, 10 if lang == "zh" else 24) for i in inds], y=[esc(j) for j in js], text=text, customdata=custom,
            texttemplate="%{text}", hovertemplate="%{y} · %{x}<br>%{customdata[1]}<extra></extra>", colorscale=scale, zmin=-0.5, zmax=n + 0.5,
            xgap=2, ygap=2, colorbar={"tickvals": list(range(n + 1)), "ticktext": [word(s, lang) for s in STATUS_ORDER], "title": {"text": word("status", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_traces(textfont={"color": "#000"})
    return _layout(fig, label(lang, "重点指标:谁设定了什么", "Headline indicators: who sets what"), word("indicator", lang), word("jurisdiction", lang), 140 + 80 * len(js))


def headline_rows(corpus, indicators, lang: str = "zh") -> pd.DataFrame:
    """The comparison behind :func:`headline_status_figure`, one row per jurisdiction ×
    indicator, with the statement in words and its provenance.

    >>> headline_rows(corpus, headline_ids(), "en").iloc[6]["statement"]
    'target ≥ 90% (2024)'
    """
    from fazhi.report.compare import compare_indicators

    from fazhi.extract.catalogue import load_catalogue

    t = compare_indicators(corpus, indicators, lang=lang)
    catalogue = load_catalogue()
    t = t.assign(catalogue_unit=t["indicator_id"].map(lambda i: catalogue[i].unit))
    return t.assign(statement=t.apply(describe, axis=1, lang=lang))


HEADLINE_COLUMNS = ["doc_id", "jurisdiction", "indicator_id", "indicator", "status", "statement", "kind", "comparator", "value", "unit",
                    "lower", "upper", "year", "path_label", "quote"]  # fmt: skip


def headline_ids(indicators=None) -> list[str]:
    """The indicators of the headline comparison: those asked for, else the catalogue's headline three.

    >>> headline_ids()
    ['court_appearance_rate', 'enforcement_training_hours', 'reconsideration_correction_rate']
    """
    from fazhi.extract.catalogue import HEADLINE

    return list(indicators) if indicators else list(HEADLINE)


def headline_links(t: pd.DataFrame) -> pd.Series:
    """Full-text links of the headline rows ("" where nothing is set).

    >>> headline_links(headline_rows(corpus, headline_ids(), "zh"))[6]
    'text/qinghai_2024_key_points.html#p-7.21'
    """
    return pd.Series([text_link(d, p) if isinstance(p, str) else "" for d, p in zip(t["doc_id"], t["provision_id"])], dtype=object)


def headline_table(t: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The headline comparison as a table (what the grid shows, with the quotes).

    >>> headline_table(headline_rows(corpus, headline_ids(), "en"), "en").columns.tolist()
    ['jurisdiction', 'indicator', 'statement', 'provision', 'quote']
    """
    return pd.DataFrame(
        {
            word("jurisdiction", lang): t["jurisdiction"],
            word("indicator", lang): t["indicator"],
            word("statement", lang): t["statement"],
            word("provision", lang): t["path_label"].fillna(""),
            word("quote", lang): t["quote"].fillna(""),
        }
    ).reset_index(drop=True)


def numeric_statements(corpus, indicators=None, lang: str = "zh") -> pd.DataFrame:
    """Every numeric target and reported figure mapped to the catalogue (optionally some
    indicators), with ``jurisdiction`` and ``indicator`` in ``lang``.

    >>> len(numeric_statements(corpus, ["court_appearance_rate"], "zh"))
    4
    """
    i = statement_rows(corpus, indicators)
    return i.assign(jurisdiction=i[jurisdiction_column(lang)], indicator=i[label(lang, "indicator_zh", "indicator_en")])


def statement_rows(corpus, indicators=None, *, mapped_only: bool = True) -> pd.DataFrame:
    """The indicators rows a statements table shows: numeric rows mapped to the catalogue
    (``mapped_only``), else every numeric and relative row; optionally only ``indicators``.

    >>> len(statement_rows(corpus, mapped_only=False)) == (corpus.indicators["status"] != "qualitative").sum()
    np.True_
    """
    i = corpus.indicators
    i = i[(i["status"] == "numeric") & i["indicator_id"].notna()] if mapped_only else i[i["status"] != "qualitative"]
    if indicators:
        i = i[i["indicator_id"].isin(indicators)]
    return i


def _symbol(r) -> str:
    """A statement's marker: circles are targets, diamonds reported figures; open shapes approximate ones."""
    approx = r.comparator == "~"
    if r.kind == "target":
        return "circle-open-dot" if approx else "circle-open"
    return "diamond-open" if approx else "diamond"


SHAPE_LEGEND = {
    "target interval": ("目标区间(箭头:开放区间)", "target range (arrow: open-ended)"),
    "target exact": ("目标(确切值)", "target (exact)"),
    "target approx": ("目标(约数)", "target (approximate)"),
    "reported": ("报告值", "reported figure"),
    "reported approx": ("报告值(约数)", "reported figure (approximate)"),
}


def indicator_panels_figure(rows: pd.DataFrame, corpus, lang: str = "zh", title: str | None = None):
    """Small multiples, one panel per indicator and unit, one row per jurisdiction (and year):
    targets as intervals — an open-ended one (≥ 60学时) as a line from its bound with an
    arrow to the panel's edge and the bound written beside it, never to an invented
    ceiling — exact targets as circles, reported figures as diamonds.  Colour is the
    jurisdiction (legend); shape is target or reported (grey legend entries).

    >>> fig = indicator_panels_figure(numeric_statements(corpus, headline_ids(), "en"), corpus, "en")
    >>> [a.text for a in fig.layout.annotations][1]
    'Training hours per enforcement officer per year (class hours)'
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    colours = palette(corpus.documents, lang)
    rows = rows.assign(unit_shown=rows["unit"].map(lambda u: unit_name(u, lang)))
    panels = list(dict.fromkeys(zip(rows["indicator"], rows["unit_shown"])))
    if not panels:
        fig = go.Figure()
        fig.add_annotation(text=esc(label(lang, "没有可绘制的数值表述", "No numeric statement to draw")), showarrow=False)
        return _layout(fig, title or "", height=200)
    sizes = []
    for ind, unit in panels:
        p = rows[(rows["indicator"] == ind) & (rows["unit_shown"] == unit)]
        sizes.append(max(1, len(set(zip(p["jurisdiction"], p["year"].fillna(-1), p["scope"].fillna(""))))))
    titles = [f"{wrap(ind, 40 if lang == 'zh' else 70)} ({esc(unit)})" for ind, unit in panels]
    # Pixel layout: each panel as tall as its rows, a fixed gap for the next panel's title and
    # this one's tick labels, and at least the legend's height (jurisdictions + five shapes).
    plot_px = [36 + 30 * s for s in sizes]
    gap, top, bottom = 80, 80, 40
    n_legend = rows["jurisdiction"].nunique() + len(SHAPE_LEGEND)
    height = max(top + bottom + sum(plot_px) + gap * (len(panels) - 1), top + bottom + 24 * n_legend)
    inner = height - top - bottom
    spacing = gap / inner if len(panels) > 1 else 0.0
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=titles, row_heights=plot_px, vertical_spacing=spacing)
    in_legend: set[str] = set()
    for n, (ind, unit) in enumerate(panels, start=1):
        p = rows[(rows["indicator"] == ind) & (rows["unit_shown"] == unit)].sort_values(["jurisdiction", "year"], kind="stable")
        values = pd.concat([p["value"], p["lower"], p["upper"]]).dropna()
        vmax = float(values.max()) if len(values) else 1.0
        lo_edge = min(0.0, float(values.min()) if len(values) else 0.0)
        hi_edge = vmax * 1.18 if vmax > 0 else 1.0
        if unit == "%":
            hi_edge = max(hi_edge, 100.0) if vmax > 100 else 105.0
        categories = []
        for r in p.itertuples():
            cat = esc(r.jurisdiction) + (f" {int(r.year)}" if pd.notna(r.year) else "") + (f" {esc(r.scope)}" if isinstance(r.scope, str) else "")
            categories.append(cat)
            colour = colours.get(r.jurisdiction, NEUTRAL)
            hover = (
                f"{esc(r.jurisdiction)} · {esc(r.indicator)}<br>{esc(describe(pd.Series(r._asdict()), lang))}"
                f"<br>{esc(r.path_label)} · {esc(r.quote, 30)}<extra></extra>"
            )
            link = text_link(r.doc_id, r.provision_id)
            legend = {"legendgroup": r.jurisdiction, "name": esc(r.jurisdiction), "showlegend": r.jurisdiction not in in_legend, "legendrank": 1}
            in_legend.add(r.jurisdiction)
            lo = r.lower if pd.notna(r.lower) else None
            hi = r.upper if pd.notna(r.upper) else None
            if r.comparator in (">=", ">", "<=", "<", "between") and (lo is not None or hi is not None):
                a = lo if lo is not None else lo_edge
                b = hi if hi is not None else hi_edge
                dash = "solid" if r.kind == "target" else "dot"
                fig.add_trace(go.Scatter(x=[a, b], y=[cat, cat], mode="lines", line={"color": colour, "width": 7 if r.kind == "target" else 3, "dash": dash},
                                         opacity=0.55, hoverinfo="skip", **legend), row=n, col=1)  # fmt: skip
                legend = {**legend, "showlegend": False}
                bound = lo if lo is not None else hi
                if hi is None or lo is None:  # open-ended: an arrow at the open end, the bound written at the closed one
                    arrow = "triangle-right" if hi is None else "triangle-left"
                    fig.add_trace(go.Scatter(x=[b if hi is None else a], y=[cat], mode="markers", marker={"symbol": arrow, "size": 12, "color": colour},
                                             hoverinfo="skip", **legend), row=n, col=1)  # fmt: skip
                fig.add_trace(
                    go.Scatter(x=[bound], y=[cat], mode="markers+text", text=[esc(SYMBOL.get(r.comparator, "") + f"{bound:g}")], textposition="middle left",
                               marker={"symbol": "line-ns-open" if r.kind == "target" else "diamond", "size": 14, "color": colour, "line": {"width": 3, "color": colour}},
                               customdata=[[link]], hovertemplate=hover, **legend),
                    row=n, col=1,
                )  # fmt: skip
            else:
                fig.add_trace(
                    go.Scatter(x=[r.value], y=[cat], mode="markers", marker={"symbol": _symbol(r), "size": 13, "color": colour, "line": {"width": 2, "color": colour}},
                               customdata=[[link]], hovertemplate=hover, **legend),
                    row=n, col=1,
                )  # fmt: skip
        fig.update_yaxes(categoryorder="array", categoryarray=list(dict.fromkeys(categories))[::-1], row=n, col=1)
        fig.update_xaxes(range=[lo_edge, hi_edge], row=n, col=1, zeroline=True)
    for key, symbol in (("target interval", "line-ew"), ("target exact", "circle-open"), ("target approx", "circle-open-dot"), ("reported", "diamond"), ("reported approx", "diamond-open")):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker={"symbol": symbol, "size": 12, "color": NEUTRAL, "line": {"width": 2, "color": NEUTRAL}},
                                 name=esc(label(lang, *SHAPE_LEGEND[key])), legendgroup="shapes", legendrank=2, showlegend=True, hoverinfo="skip"))  # fmt: skip
    fig.update_layout(legend={"tracegroupgap": 4})
    fig = _layout(fig, title or label(lang, "目标与报告数值", "Targets and reported figures"), height=int(height))
    fig.update_layout(margin={"t": top, "b": bottom})
    return fig


def drawn_rows(rows: pd.DataFrame, corpus, lang: str = "zh") -> pd.DataFrame:
    """The rows a panel figure draws, as its CSV download yields them (one per mark).

    >>> drawn_rows(numeric_statements(corpus, ["reconsideration_correction_rate"], "en"), corpus, "en")[["jurisdiction", "value", "provision"]].values.tolist()
    [['Shiyan', 11.25, '八(二)']]
    """
    out = pd.DataFrame(
        {
            "doc_id": rows["doc_id"],
            "jurisdiction": rows["jurisdiction"],
            "indicator_id": rows["indicator_id"],
            "indicator": rows["indicator"],
            "kind": rows["kind"].map(lambda v: word(v, lang)),
            "comparator": rows["comparator"],
            "value": rows["value"],
            "lower": rows["lower"],
            "upper": rows["upper"],
            "unit": rows["unit"].map(lambda u: unit_name(u, lang)),
            "year": rows["year"].astype("Int64"),
            "scope": rows["scope"],
            "provision": rows["path_label"],
            "quote": rows["quote"],
        }
    )
    return with_provenance(out, corpus, lang).reset_index(drop=True)


def status_notes(corpus, lang: str = "zh") -> list[str]:
    """What a reader must know before comparing the rows: which documents are drafts.

    >>> status_notes(corpus, "en")
    ["Tai'an: 《台安县法治政府建设实施方案(2017-2020年)》 is a draft for comment, not the final text."]
    """
    d = corpus.documents[corpus.documents["is_draft"]]
    return [
        label(lang, f"{j}:《{t}》是征求意见稿,不是正式文本。", f"{j}: 《{t}》 is a draft for comment, not the final text.")
        for j, t in zip(d[jurisdiction_column(lang)], d["title"])
    ]


def left_out_notes(corpus, indicators, drawn: pd.DataFrame, lang: str = "zh") -> list[str]:
    """What a chart of ``indicators`` (None: every catalogue indicator) does not draw, and why.

    >>> rows = numeric_statements(corpus, headline_ids(), "en")
    >>> left_out_notes(corpus, headline_ids(), rows, "en")[-1]
    'Drawn: 7 numeric statement(s).'
    """
    i = corpus.indicators
    if indicators:
        i = i[i["indicator_id"].isin(indicators)]
        unmapped = 0
    else:
        unmapped = int(((corpus.indicators["status"] == "numeric") & corpus.indicators["indicator_id"].isna()).sum())
        i = i[i["indicator_id"].notna()]
    relative = i[i["status"] == "relative"]
    qualitative = i[i["status"] == "qualitative"]
    out = []
    if len(relative):
        items = "; ".join(f"{j} {p}: {q}" for j, p, q in zip(relative[jurisdiction_column(lang)], relative["path_label"], relative["quote"]))
        out.append(label(lang, f"未绘出 {len(relative)} 条相对目标(没有数值,只与基准比较):{items}", f"Not drawn: {len(relative)} relative target(s) (no number, only a comparison with a benchmark): {items}"))
    if len(qualitative):
        out.append(label(lang, f"未绘出 {len(qualitative)} 条仅提及而无数值的表述(见上方网格与“全部表述”)。", f"Not drawn: {len(qualitative)} mention(s) without a number (see the grid above and “All statements”)."))
    if unmapped:
        out.append(label(lang, f"未绘出 {unmapped} 条未归入指标目录的数值表述:它们列在“全部表述”中。", f"Not drawn: {unmapped} numeric statement(s) that fit no catalogue indicator; they are listed under “All statements”."))
    out.append(label(lang, f"已绘出 {len(drawn)} 条数值表述。", f"Drawn: {len(drawn)} numeric statement(s)."))
    return out


def statements_table(corpus, indicators=None, lang: str = "zh") -> pd.DataFrame:
    """Every numeric statement mapped to the catalogue, in ``lang``, with its provision number.

    >>> statements_table(corpus, ["reconsideration_correction_rate"], "zh").iloc[0]["原文"]
    '纠错率11.25%'
    """
    r = numeric_statements(corpus, indicators, lang)
    names = theme_names(lang)
    return pd.DataFrame(
        {
            word("jurisdiction", lang): r["jurisdiction"],
            word("theme", lang): r["theme_id"].map(names),
            word("indicator", lang): r["indicator"],
            word("kind", lang): r["kind"].map(lambda v: word(v, lang)),
            word("comparator", lang): r["comparator"].map(lambda c: SYMBOL.get(c, c)),
            word("value", lang): r["value"],
            word("unit", lang): r["unit"].map(lambda u: unit_name(u, lang)),
            word("year", lang): r["year"].astype("Int64"),
            word("cadence", lang): r["cadence"].map(lambda c: word(c, lang) if isinstance(c, str) else c),
            word("provision", lang): r["path_label"],
            word("quote", lang): r["quote"],
        }
    ).reset_index(drop=True)


def statement_links(corpus, indicators=None, mapped_only: bool = True) -> pd.Series:
    """Full-text links of the rows of :func:`statements_table` (or :func:`all_statements_table`).

    >>> statement_links(corpus, ["reconsideration_correction_rate"])[0]
    'text/shiyan_2023_report.html#p-8.2'
    """
    return provision_links(statement_rows(corpus, indicators, mapped_only=mapped_only))


def deadlines_table(d: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Deadlines (from :func:`fazhi.report.profile.deadlines`) as a table in ``lang``.

    >>> from fazhi.report.profile import deadlines
    >>> deadlines_table(deadlines(corpus), "en").columns.tolist()
    ['provision', 'deadline', 'year', 'month', 'recurring', 'heading']
    """
    yes, no = label(lang, "是", "yes"), label(lang, "否", "no")
    return pd.DataFrame(
        {
            word("provision", lang): d["path_label"],
            word("deadline", lang): d["deadline"],
            word("year", lang): d["year"].astype("Int64"),
            label(lang, "月", "month"): d["month"].astype("Int64"),
            label(lang, "经常性", "recurring"): d["recurring"].map({True: yes, False: no}),
            label(lang, "标题", "heading"): d["heading"],
        }
    ).reset_index(drop=True)


def all_statements_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Every quantity statement of every document, mapped to the catalogue or not, with why
    it may need checking (``review_reasons``): what the charts do not show is here.
    One row per numeric or relative row of ``corpus.indicators``, in its order.

    >>> len(all_statements_table(corpus, "en")) == (corpus.indicators["status"] != "qualitative").sum()
    np.True_
    """
    i = statement_rows(corpus, mapped_only=False)
    reasons = i["review_reasons"].map(lambda rs: "; ".join(word(r, lang) for r in rs))
    return pd.DataFrame(
        {
            word("jurisdiction", lang): i[jurisdiction_column(lang)],
            word("provision", lang): i["path_label"],
            word("subject", lang): i["subject"],
            word("indicator", lang): i[label(lang, "indicator_zh", "indicator_en")].fillna(word("unmapped", lang)),
            word("kind", lang): i["kind"].map(lambda v: word(v, lang)),
            word("comparator", lang): i["comparator"].map(lambda c: SYMBOL.get(c, c)),
            word("qualifier", lang): i["qualifier"].map(lambda q: word(q, lang) if isinstance(q, str) else q),
            word("value", lang): i["value"],
            word("unit", lang): i["unit"].map(lambda u: unit_name(u, lang)),
            word("year", lang): i["year"].astype("Int64"),
            word("review", lang): reasons,
            word("quote", lang): i["quote"],
        }
    ).reset_index(drop=True)


def download_rows(corpus, lang: str = "zh", *, mapped_only: bool = False, indicators=None) -> pd.DataFrame:
    """The indicators rows behind a statements table, with provenance, for its CSV.

    >>> download_rows(corpus, "en", indicators=["reconsideration_correction_rate"], mapped_only=True)["citation"].item()[:36]
    'Shiyan, 《十堰市人民政府关于2023年法治政府建设情况的报告》 '
    """
    i = statement_rows(corpus, indicators, mapped_only=mapped_only)
    keep = ["doc_id", "jurisdiction_zh", "jurisdiction_en", "path_label", "provision_id", "indicator_id", "indicator_zh", "indicator_en", "subject",
            "kind", "status", "comparator", "qualifier", "value", "unit", "lower", "upper", "year", "cadence", "scope", "review_reasons", "quote"]  # fmt: skip
    return with_provenance(i[keep].reset_index(drop=True), corpus, lang)


def theme_figures(corpus, lang: str = "zh") -> list[tuple[str, pd.DataFrame]]:
    """The catalogue indicators stated anywhere, grouped by outline theme: (theme name, rows).

    >>> [name for name, rows in theme_figures(corpus, "en")][:2]
    ['T2 Government functions and services', 'T3 Rule-making and normative documents']
    """
    rows = numeric_statements(corpus, None, lang)
    names = theme_names(lang)
    order = {t: k for k, t in enumerate(THEME_COLOURS)}
    groups = sorted(rows.groupby("theme_id"), key=lambda kv: order.get(kv[0], 99)) if len(rows) else []
    return [(names.get(th, th), g) for th, g in groups]


# -- 3. themes -----------------------------------------------------------------------------------
def theme_heatmap(corpus, lang: str = "zh"):
    """Share of each jurisdiction's tasks per outline task area (labels wrap instead of squashing).

    >>> theme_heatmap(corpus, "zh").data[0].y[:2]
    ('淮北市', '台安县')
    """
    import plotly.graph_objects as go

    from fazhi.report.summaries import coverage

    cov = coverage(corpus.themes, corpus.provisions, corpus.documents, lang=lang)
    names = theme_names(lang)
    fig = go.Figure(
        go.Heatmap(
            z=cov.values, x=[wrap(names[t], 8 if lang == "zh" else 18) for t in cov.columns], y=[esc(j) for j in cov.index], colorscale="Blues",
            text=[[f"{v:.0%}" for v in row] for row in cov.values], texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig = _layout(fig, label(lang, "各辖区任务条目的主题分布", "Share of each jurisdiction's tasks by outline theme"), label(lang, "纲要任务领域", "national outline task area"), word("jurisdiction", lang), 560)
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
            esc(f"{j} {p} · {word('cluster', lang)} {int(c)}") + "<br>" + esc(txt[:160], 30)
            for j, p, c, txt in zip(g[jurisdiction_column(lang)], g["path_label"], g["cluster_id"], g["text"])
        ]
        fig.add_trace(
            go.Scatter(x=g["x"], y=g["y"], mode="markers", name=esc(names[th]), marker={"color": THEME_COLOURS[th], "size": 9, "opacity": 0.8},
                       text=hover, customdata=provision_links(g).tolist(), hovertemplate="%{text}<extra></extra>")
        )  # fmt: skip
    return _layout(fig, label(lang, "任务条目的二维分布(按主题着色)", "Task provisions in two dimensions, coloured by theme"), label(lang, "潜在语义维度 1", "SVD 1"), label(lang, "潜在语义维度 2", "SVD 2"), 560)


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
    return _layout(fig, label(lang, "聚类数的选择", "Choosing the number of clusters"), label(lang, "聚类数 k", "number of clusters k"), label(lang, "得分", "score"), 420)


# -- 4. shared text --------------------------------------------------------------------------------
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
    return _layout(fig, label(lang, "行文本中与列文本共享段落的字数占比", "Share of the row document's text in passages shared with the column document"),
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
