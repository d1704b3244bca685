"""Page 1 · corpus overview: the documents, their status, how their text was cleaned, how
long their tasks are.

>>> step_name("pinyin", "en")
'pinyin annotations'
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import esc, label, figure_layout
from fazhi.report.provenance import text_link
from fazhi.report.compare import alphabetical


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
    """Raw characters each normalisation step changed, stacked per jurisdiction, one bar per
    row (names stay readable at a hundred; past 80 the names go to the hover).

    >>> normalisation_figure(corpus, "en").data[0].orientation
    'h'
    """
    import plotly.express as px

    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    counts = normalisation_rows(corpus)
    counts["jurisdiction"] = counts["doc_id"].map(names)
    counts["step"] = counts["kind"].map(lambda k: step_name(k, lang))
    order = list(dict.fromkeys(names.values()))
    fig = px.bar(counts, y="jurisdiction", x="chars", color="step", barmode="stack", orientation="h", category_orders={"jurisdiction": order})
    fig.update_traces(hovertemplate="%{y}<br>%{fullData.name}: %{x} " + word("characters", lang) + "<extra></extra>")
    fig.update_layout(legend_title_text=esc(word("kind of change", lang)))
    fig.update_yaxes(showticklabels=len(order) <= 80, dtick=1)
    return figure_layout(fig, label(lang, "规范化改动的原文字符数(按步骤)", "Raw characters changed by each normalisation step"), word("characters", lang), word("jurisdiction", lang),
                         max(400, 160 + 18 * len(order)))  # fmt: skip


#: quality.kind in words.
STEP_NAMES = {
    "encoding": ("编码", "encoding"), "newline": ("换行", "line breaks"), "correction": ("人工校正", "reviewed correction"),
    "garbled": ("乱码", "garbled text"), "width": ("全半角", "character width"), "whitespace": ("空白", "whitespace"),
    "web_debris": ("网页杂项", "web page debris"), "layout": ("PDF转文本的页码", "page numbers of a converted PDF"), "pinyin": ("拼音注音", "pinyin annotations"), "script": ("繁转简", "traditional → simplified"),
    "outline_gap": ("编号缺漏", "numbering gap"), "no_outline": ("无编号", "no numbering"), "metadata": ("元数据", "metadata"),
    "conversion": ("格式转换", "format conversion (page furniture, page numbers, running headers)"),
}  # fmt: skip


#: Up to this many jurisdictions the task lengths are a box each; past it, a box per document type.
MAX_BOXES = 40


def provision_length_figure(corpus, lang: str = "zh"):
    """The length of every task provision, one box per jurisdiction (click a point for its
    text); past :data:`MAX_BOXES` jurisdictions, one box per document type (names on hover).

    >>> len(provision_length_figure(corpus, "en").data)
    5
    """
    import plotly.graph_objects as go

    d = corpus.documents
    names = dict(zip(d["doc_id"], d[jurisdiction_column(lang)]))
    by_type = d[jurisdiction_column(lang)].nunique() > MAX_BOXES
    groups = {}
    # Boxes in the order of the comparison tables (English name, i.e. pinyin), one colour: each
    # box is named on the axis, and ten colours would repeat past ten jurisdictions.
    order = alphabetical(d)
    for doc_id, name, doc_type in zip(order["doc_id"], order[jurisdiction_column(lang)], order["doc_type"]):
        groups.setdefault(word(doc_type, lang) if by_type else name, []).append(doc_id)
    fig = go.Figure()
    tasks = corpus.tasks
    for k, (group, ids) in enumerate(groups.items()):
        t = tasks[tasks["doc_id"].isin(ids)]
        fig.add_trace(
            go.Box(
                x=t["n_chars"], name=esc(group), marker_color="#1f5fa8", boxpoints="all", jitter=0.4,
                marker={"size": 4 if by_type else 6}, orientation="h",
                text=[esc(f"{names[doc]} {p} {h if isinstance(h, str) else ''}", 30) for doc, p, h in zip(t["doc_id"], t["path_label"], t["heading"])],
                customdata=[text_link(doc, pid) for doc, pid in zip(t["doc_id"], t["provision_id"])],
                hovertemplate="%{text}<br>%{x} " + word("characters", lang) + "<extra></extra>", showlegend=False,
            )
        )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    title = label(lang, "任务条目的长度", "Length of task provisions") + (label(lang, "(按文件类型)", " (by document type)") if by_type else "")
    return figure_layout(fig, title, word("characters", lang), word("type", lang) if by_type else word("jurisdiction", lang), max(400, 160 + 34 * len(groups)))


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
