"""Display primitives every briefing page uses: text for hover labels, colours, layout, and
the calls that put a figure or a table on the page (plotly's mimetype in JupyterLab, HTML with a
CSV download in the exported briefing).  Rules:

* Text that comes from documents is HTML-escaped before it reaches a hover label or a cell.
* Status colours are greys, so they never look like a jurisdiction or a kind.
* One language per page: every word comes from :mod:`fazhi.report.i18n`.

>>> wrap("Administrative law enforcement", 12)
'Administrative<br>law<br>enforcement'
"""

from __future__ import annotations

import functools
import html
import os
import re
import textwrap

import pandas as pd

from fazhi.report import render
from fazhi.report.i18n import jurisdiction_column, word


FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


#: Status greys: never a jurisdiction colour.


THEME_COLOURS = dict(zip(("T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10"), COLOURS[:9]))


NEUTRAL = "#444444"
#: No figure is taller than this (pixels): at 100 jurisdictions a row per name must change its view, not grow.
MAX_HEIGHT = 1600


SYMBOL = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈", "between": "–"}


ITABLES_ZH = {
    "search": "搜索:", "lengthMenu": "每页 _MENU_ 行", "info": "第 _START_–_END_ 行,共 _TOTAL_ 行", "infoEmpty": "共 0 行",
    "infoFiltered": "(从 _MAX_ 行中筛选)", "zeroRecords": "没有匹配的行", "emptyTable": "没有数据",
    "paginate": {"first": "首页", "last": "末页", "next": "下页", "previous": "上页"},
}  # fmt: skip


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


@functools.lru_cache(maxsize=1)
def light_template():
    """plotly_white's look for the axes and background only: the whole template carries
    defaults for every trace type, and copying it into each figure was a third of the time
    of a page of small charts (a profile at a hundred jurisdictions).

    >>> light_template().layout.plot_bgcolor
    'white'
    """
    import plotly.graph_objects as go

    axis = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "ticks": "", "title": {"standoff": 15}, "zerolinecolor": "#EBF0F8", "automargin": True, "zerolinewidth": 2}
    return go.layout.Template(layout={"font": {"color": "#2a3f5f"}, "hovermode": "closest", "hoverlabel": {"align": "left"}, "paper_bgcolor": "white",
                                      "plot_bgcolor": "white", "xaxis": axis, "yaxis": axis, "title": {"x": 0.05}, "coloraxis": {"colorbar": {"outlinewidth": 0, "ticks": ""}},
                                      "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"]})  # fmt: skip


def figure_layout(fig, title: str, x: str | None = None, y: str | None = None, height: int = 460):
    """The briefings' common look: escaped title, CJK font, white template, axis titles.
    ``height`` is capped at :data:`MAX_HEIGHT` (a figure taller than a screen and a half
    cannot be read whole; callers that could grow past it change their view instead).

    >>> import plotly.graph_objects as go
    >>> figure_layout(go.Figure(), "出庭应诉率", height=5000).layout.height
    1600
    """
    fig.update_layout(
        title={"text": esc(title)},
        font={"family": FONT, "size": 13},
        height=min(int(height), MAX_HEIGHT),
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
        template=light_template(),
        hoverlabel={"font": {"family": FONT}},
    )
    if x is not None:
        fig.update_xaxes(title_text=esc(x))
    if y is not None:
        fig.update_yaxes(title_text=esc(y))
    return fig


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


#: Set in the kernels `fazhi brief` starts: figures are displayed as page HTML only.
PAGE_ONLY = "FAZHI_PAGE_ONLY"


#: Chart configuration: no "share chart" button (it uploads the chart to Plotly's cloud, and a
#: briefing stays on the reader's machine).
def chart_config(lang: str) -> dict:
    """plotly's config for a briefing chart in ``lang``.

    >>> chart_config("zh")["locale"]
    'zh'
    """
    return {"displaylogo": False, "responsive": True, "locale": lang, "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud"]}


def figure_block(fig, data: pd.DataFrame | None = None, *, file: str | None = None, notes: list[str] | None = None, lang: str = "zh") -> str:
    """The page HTML of a figure (drawn when scrolled to), a CSV download of ``data`` (the rows
    drawn) and ``notes``.

    >>> import plotly.graph_objects as go
    >>> render.reset()
    >>> 'data-rows="1"' in figure_block(go.Figure(go.Bar(x=[1], y=[2])), pd.DataFrame({"a": [1]}), file="a.csv", lang="en")
    True
    """
    page, fid = render.figure_html(fig, chart_config(lang))
    if data is not None:
        page += render.download_html(data, file or "figure.csv", word("download csv", lang), target=fid)
    return page + render.note_html(notes or [])


def show(fig, data: pd.DataFrame | None = None, *, file: str | None = None, notes: list[str] | None = None, lang: str = "zh") -> None:
    """Display a figure: plotly's mimetype in JupyterLab; in the exported page, :func:`figure_block`.

    >>> show(theme_heatmap(corpus, "zh"), theme_shares(corpus, "zh"), file="theme_shares.csv", lang="zh")  # doctest: +SKIP
    """
    from IPython.display import display

    page = figure_block(fig, data, file=file, notes=notes, lang=lang)
    if os.environ.get(PAGE_ONLY):  # a kernel run by `fazhi brief`: the export keeps only the page's HTML, so don't hold the figure twice
        display({"text/html": page}, raw=True)
        return
    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    display({"application/vnd.plotly.v1+json": {"data": spec["data"], "layout": spec["layout"], "config": chart_config(lang)}, "text/html": page}, raw=True)


def table_html(df: pd.DataFrame, caption: str | None = None, *, lang: str = "zh", file: str | None = None, data: pd.DataFrame | None = None,
               links: dict[str, pd.Series] | None = None, **options) -> str:  # fmt: skip
    """An interactive table (itables, offline, labelled in ``lang``) and a CSV download of
    ``data`` (default: the table itself).  Every cell is escaped here; ``links`` maps a
    column to the hrefs its cells link to (full-text anchors).

    >>> html = table_html(pd.DataFrame({"辖区": ["<b>台安县</b>"], "数值": [float("nan")]}), lang="zh", file="a.csv")
    >>> "&lt;b&gt;台安县" in html and 'data-rows="1"' in html and "NaN" not in html
    True
    """
    import itables

    shown = df.copy()
    for col in shown.columns:  # every text cell, whatever the column's dtype (object or pandas' str); a missing one blank
        if not pd.api.types.is_numeric_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: html.escape(v) if isinstance(v, str) else "" if v is None or v is pd.NA or v != v else v).astype(object)
        elif shown[col].isna().any():  # a missing number is blank, not "NaN" (DataTables sorts blanks with numbers)
            shown[col] = [("" if pd.isna(v) else v) for v in shown[col].astype(object)]
    for col, hrefs in (links or {}).items():
        shown[col] = [f'<a href="{html.escape(h)}">{t}</a>' if isinstance(h, str) and h else t for t, h in zip(shown[col], hrefs)]
    options.setdefault("classes", "display compact")
    options.setdefault("columnDefs", [{"className": "dt-left", "targets": "_all"}])
    if lang == "zh":
        options.setdefault("language", ITABLES_ZH)
    out = itables.to_html_datatable(shown, caption=caption, allow_html=True, connected=False, **options)
    if file:
        out += render.download_html(df if data is None else data, file, word("download csv", lang))
    return out


def table(df: pd.DataFrame, caption: str | None = None, *, lang: str = "zh", file: str | None = None, data: pd.DataFrame | None = None,
          links: dict[str, pd.Series] | None = None, **options) -> None:  # fmt: skip
    """Display :func:`table_html` (in JupyterLab and in the exported page).

    >>> table(documents_table(corpus, "zh"), lang="zh", file="documents.csv", links={"标题": document_links(corpus)})  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(table_html(df, caption, lang=lang, file=file, data=data, links=links, **options)))


#: The note every English page ends with, whatever its other notes.
LANGUAGE_NOTE = ("Language", "This page is in English; quotes, provision text, subjects and cluster terms stay in the original Chinese, as the documents wrote them.")


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
        LANGUAGE_NOTE,
    ],
}


def methodology_html(lang: str = "zh", notes: list[tuple[str, str]] | None = None) -> str:
    """The methodology and coverage notes every briefing ends with, as HTML: the indicator
    notes (:data:`METHODOLOGY`), or a page's own ``(title, text)`` ``notes`` in ``lang``
    (themes and shared text are not about comparators); English pages keep :data:`LANGUAGE_NOTE`.

    >>> "Methodology and coverage" in methodology_html("en")
    True
    >>> "比较词" in methodology_html("zh", [("聚类", "k-means")])
    False
    """
    title = label(lang, "方法与覆盖范围说明", "Methodology and coverage")
    chosen = METHODOLOGY[lang] if notes is None else [*notes, *([LANGUAGE_NOTE] if lang == "en" else [])]
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v).replace('*', '')}</dd>" for k, v in chosen)
    extra = limitations_html(lang) if notes is None else ""
    return f'<section class="fz-method"><h2>{html.escape(title)}</h2><dl>{items}</dl>{extra}</section>'


#: Field names of the limitations table (``fazhi/data/limitations.csv``, written by ``make eval``).
LIMITATION_FIELDS = {
    "value and unit": ("数值与单位(召回)", "value and unit (recall)"), "comparator": ("比较词", "comparator"),
    "qualifier": ("限定词", "qualifier"), "kind": ("目标/报告值", "target or reported"), "year": ("年份", "year"),
    "indicator": ("归入的指标(人工核对)", "catalogue indicator (hand-checked)"), "title": ("标题", "title"),
    "date": ("印发日期", "issue date"), "number": ("文号", "document number"), "tasks": ("任务数(完全一致)", "task count (exact)"),
}  # fmt: skip


#: The sets of the limitations table, in column order (``fazhi.evaluate`` writes them).
LIMITATION_SETS = ("in-sample", "out-of-sample", "holdout", "holdout, written", "holdout, one line")


def limitation_cells(percent: str = ".0%", of: str = "/") -> dict[str, dict[str, str]]:
    """``make eval``'s per-field accuracies (``fazhi/data/limitations.csv``) as cells to show:
    ``{field: {set: "100% (27/27)"}}``, fields in the file's order (the page and the README).

    >>> cell = limitation_cells()["value and unit"]["out-of-sample"]  # 100% (29/29)
    >>> cell.endswith(")") and "% (" in cell and "/" in cell
    True
    """
    import csv
    from importlib import resources

    with resources.files("fazhi.data").joinpath("limitations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cells: dict[str, dict[str, str]] = {}
    for r in rows:
        acc = format(float(r["accuracy"]), percent) if r["accuracy"] else "—"
        cells.setdefault(r["field"], {})[r["set"]] = f"{acc} ({r['right']}{of}{r['statements']})"
    return cells


def limitations_html(lang: str = "zh") -> str:
    """How often extraction is right, per field, in-sample (the founding documents, which the
    rules were written on) and out-of-sample (documents of other jurisdictions), with how many
    statements each figure rests on; from ``make eval`` (``fazhi/data/limitations.csv``).

    >>> "out-of-sample" in limitations_html("en") and "27" in limitations_html("en")
    True
    """
    cells = limitation_cells()
    head = [label(lang, "字段", "field"), label(lang, "样本内(规则据以编写的五份文件)", "in-sample (the five documents the rules were written on)"),
            label(lang, "样本外(其他辖区的文件)", "out-of-sample (documents of other jurisdictions)"),
            label(lang, "留出集(真实文件,首次运行前人工标注)", "holdout (real documents, annotated before their first run)"),
            label(lang, "留出集(助手按文体撰写的全文报告,非真实文件)", "holdout (full-length reports a helper wrote for the genre, not real documents)"),
            label(lang, "全部留出集,正文连成一行(爬虫常见)", "all holdouts, body joined into one line (as crawlers deliver it)")]  # fmt: skip
    body = "".join(
        f"<tr><td>{html.escape(label(lang, *LIMITATION_FIELDS.get(field, (field, field))))}</td>"
        + "".join(f"<td>{html.escape(sets.get(which, '—'))}</td>" for which in LIMITATION_SETS)
        + "</tr>"
        for field, sets in cells.items()
    )
    note = label(
        lang,
        "括号内是正确数/人工标注数:样本外只有几十条表述,数字越少越不确定。抽取看不到的:扫描件与图片中的数字、表格里的数值(以年份为列、每行一项的文本表格除外)、只在附件中的目标、"
        "需要上下文推理的主语(“该项工作”)、跨句的比较。以上数字由 make eval 依据 tests/annotations 中的人工标注计算。",
        "In brackets: right / hand-annotated. Out of sample rests on a few dozen statements: the fewer, the less certain. Extraction cannot see "
        "figures in scanned pages or images, values inside tables (except text tables with a column per year and a row per measure), targets stated only in attachments, subjects that need the context "
        "(“this work”), comparisons across sentences. Computed by make eval from the hand annotations in tests/annotations.",
    )
    title = label(lang, "抽取的准确度与局限", "How accurate extraction is, and its limits")
    return (f'<h3>{html.escape(title)}</h3><table class="fz-limits"><thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in head)}</tr></thead>'
            f"<tbody>{body}</tbody></table><p class=\"fz-note\">{html.escape(note)}</p>")  # fmt: skip


def methodology(lang: str = "zh", notes: list[tuple[str, str]] | None = None) -> None:
    """Display :func:`methodology_html`.

    >>> methodology("en", themepage.method_notes("en"))  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(methodology_html(lang, notes)))


def heading(text: str) -> None:
    """A page heading whose text comes from the data (escaped).

    >>> heading("台安县")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(f"<h1>{esc(text)}</h1>"))


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


def subheading(text: str) -> None:
    """A section title whose text comes from the data (escaped).

    >>> subheading("T5 行政执法工作体系")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(f"<h3>{esc(text)}</h3>"))


def highlight_html(names, lang: str = "zh") -> str:
    """A box that stays at the top of the page: type or pick a jurisdiction and every chart
    shows its points and fades the others (a hundred names cannot each have a colour).

    >>> 'value="淮北市"' in highlight_html(["淮北市", "台安县"], "zh")
    True
    """
    options = "".join(f'<option value="{html.escape(str(n))}">' for n in dict.fromkeys(names))
    text = label(lang, "突出显示辖区:", "Highlight a jurisdiction:")
    hint = label(lang, "输入或选择名称;清空则显示全部", "type or pick a name; clear to show all")
    return (
        '<div class="fz-highlight" style="position:sticky;top:0;z-index:10;background:#fff;padding:.4em 0;font-size:14px">'
        f'<label>{html.escape(text)} <input list="fz-names" placeholder="{html.escape(hint)}" size="32" '
        "oninput=\"var v=this.value,o=[...document.querySelectorAll('#fz-names option')].some(function(x){return x.value===v});"
        "if(window.fazhi&&(o||!v))window.fazhi.highlight(v)\"></label>"
        f'<datalist id="fz-names">{options}</datalist></div>'
    )


def highlight_box(corpus, lang: str = "zh") -> None:
    """Display :func:`highlight_html` for the corpus's jurisdictions.

    >>> highlight_box(corpus, "zh")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(highlight_html(corpus.documents[jurisdiction_column(lang)], lang)))


def section_html(title: str, text: str = "", level: int = 2) -> str:
    """A section title and its prose (escaped).

    >>> section_html("时限", "有具体年月的时限按时间排列。")
    '<h2>时限</h2><p class="fz-prose">有具体年月的时限按时间排列。</p>'
    """
    return f"<h{level}>{esc(title)}</h{level}>" + (f'<p class="fz-prose">{esc(text)}</p>' if text else "")


class Notebook:
    """Where a page's blocks go in JupyterLab: displayed one after the other.  A page written
    once against this interface (``out.section``, ``out.figure``, ``out.table`` …) also renders
    without a kernel through :class:`Page`.

    >>> Notebook("en").lang
    'en'
    """

    def __init__(self, lang: str = "zh"):
        self.lang = lang

    def _put(self, fragment: str) -> None:
        from IPython.display import HTML, display

        display(HTML(fragment))

    def heading(self, text: str) -> None:
        """The page's title (escaped).

        >>> out.heading("台安县")  # doctest: +SKIP
        """
        self._put(f"<h1>{esc(text)}</h1>")

    def section(self, zh: str, en: str, text_zh: str = "", text_en: str = "") -> None:
        """A section title and prose in the page's language.

        >>> out.section("时限", "Deadlines")  # doctest: +SKIP
        """
        self._put(section_html(label(self.lang, zh, en), label(self.lang, text_zh, text_en)))

    def figure(self, fig, data: pd.DataFrame | None = None, **kw) -> None:
        """A chart with its CSV and notes.

        >>> out.figure(fig, rows, file="a.csv")  # doctest: +SKIP
        """
        show(fig, data, lang=self.lang, **kw)

    def table(self, df: pd.DataFrame, **kw) -> None:
        """A searchable table with its CSV.

        >>> out.table(df, file="a.csv")  # doctest: +SKIP
        """
        table(df, lang=self.lang, **kw)

    def notes(self, lines: list[str]) -> None:
        """Small print.

        >>> out.notes(["未绘出 1 条相对目标"])  # doctest: +SKIP
        """
        if lines:
            self._put(render.note_html(lines))

    def methodology(self) -> None:
        """The methodology notes.

        >>> out.methodology()  # doctest: +SKIP
        """
        self._put(methodology_html(self.lang))


PAGE_STYLE = """body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:1180px;margin:1em auto;padding:0 1em;line-height:1.6;color:#222}
h1{font-size:1.8em} h2{margin-top:1.6em;border-bottom:1px solid #eee} .fazhi-footer{color:#777;font-size:12px;margin:2em 0}
.fz-method dt{font-weight:bold;margin-top:.6em} .fz-method dd{margin-left:1.2em} table.dataTable{font-size:13px}
.fz-limits{border-collapse:collapse;font-size:13px} .fz-limits th,.fz-limits td{border-bottom:1px solid #ddd;padding:3px 10px;text-align:left} .fz-note{color:#555;font-size:13px}"""


class Page(Notebook):
    """A briefing page rendered from the tables, without a kernel or nbconvert: the blocks
    collected as HTML, then :meth:`html` the whole offline page (its figures and tables drawn
    by the same scripts as the notebook pages).

    >>> page = Page("en")
    >>> page.heading("Tai'an")
    >>> "<h1>Tai&#x27;an</h1>" in page.html("Profile")
    True
    """

    def __init__(self, lang: str = "zh"):
        super().__init__(lang)
        self.parts: list[str] = []
        self._has_table = False
        render.reset()

    def _put(self, fragment: str) -> None:
        self.parts.append(fragment)

    def figure(self, fig, data: pd.DataFrame | None = None, **kw) -> None:
        """A chart with its CSV and notes.

        >>> page.figure(fig, rows, file="a.csv")  # doctest: +SKIP
        """
        self._put(figure_block(fig, data, lang=self.lang, **kw))

    def table(self, df: pd.DataFrame, **kw) -> None:
        """A searchable table with its CSV.

        >>> page.table(df, file="a.csv")  # doctest: +SKIP
        """
        self._has_table = True
        self._put(table_html(df, lang=self.lang, **kw))

    def html(self, title: str, footer: str = "", nav: str = "") -> str:
        """The whole page.

        >>> page.html("辖区概况:台安县")  # doctest: +SKIP
        """
        head = ""
        if self._has_table:  # the table library, once, before the first table (itables' offline loader)
            import itables.options
            from itables.javascript import generate_init_offline_itables_html

            head = generate_init_offline_itables_html(itables.options.dt_bundle)
        lang_attr = "zh-Hans" if self.lang == "zh" else "en"
        return (f'<!DOCTYPE html>\n<html lang="{lang_attr}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}</style></head>\n<body>{head}<nav class=\"fazhi-nav\">{nav}</nav>\n<main>"
                + "\n".join(self.parts)
                + f'</main>\n<p class="fazhi-footer">{html.escape(footer)}</p>\n</body></html>\n')  # fmt: skip
