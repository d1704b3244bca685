"""Page 1 · corpus overview: the documents, their status, how their text was cleaned, how
long their tasks are.

>>> step_name("pinyin", "en")
'pinyin annotations'
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.view import esc, label, palette, figure_layout
from fazhi.report.provenance import text_link


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
    return figure_layout(fig, label(lang, "规范化改动的原文字符数(按步骤)", "Raw characters changed by each normalisation step"), word("jurisdiction", lang), word("characters", lang))


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
    return figure_layout(fig, label(lang, "任务条目的长度", "Length of task provisions"), word("jurisdiction", lang), word("characters", lang))


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
