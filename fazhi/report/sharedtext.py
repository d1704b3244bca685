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
    out = {
        r.doc_id: f"{getattr(r, jurisdiction_column(lang))} · {word(r.doc_type, lang)} {r.period_start}" + (f"–{r.period_end}" if r.period_end != r.period_start else "")
        for r in d.itertuples()
    }
    # Two documents of one jurisdiction, type and period would be one row of the heatmap
    # (a category axis merges equal labels): those carry their doc_id too.
    seen = pd.Series(list(out.values()))
    twice = set(seen[seen.duplicated()])
    return {k: (f"{v} · {k}" if v in twice else v) for k, v in out.items()}


_MATRIX: dict = {}


def shares(corpus) -> pd.DataFrame:
    """:func:`fazhi.report.summaries.similarity_matrix` of the corpus, computed once per
    corpus (the figure, its CSV and the baseline all read it: 0.5 s at 300 documents).

    >>> shares(corpus).shape
    (5, 5)
    """
    from fazhi.report.summaries import similarity_matrix

    key = (corpus.reuse, corpus.documents)
    if _MATRIX.get("key") is None or any(a is not b for a, b in zip(_MATRIX["key"], key)):  # the tables themselves: an id could be reused
        _MATRIX.update(key=key, matrix=similarity_matrix(own_passages(corpus.reuse), corpus.documents))
    return _MATRIX["matrix"]


def own_passages(reuse: pd.DataFrame) -> pd.DataFrame:
    """The passages two documents share that neither took from a document above both
    (``reuse.from_above`` null): what the shares count.  Tables built before the column
    existed count every passage.

    >>> own_passages(pd.DataFrame({"from_above": ["省方案", None]})).index.tolist()
    [1]
    """
    if "from_above" not in reuse.columns:
        return reuse
    return reuse[reuse["from_above"].isna()]


def from_above_notes(corpus, lang: str = "zh") -> list[str]:
    """What the shares leave out: how many passages (and characters matched) two documents
    share only because both took them from a document above both, and which documents.

    >>> from types import SimpleNamespace
    >>> docs = pd.DataFrame({"doc_id": ["p", "a"], "jurisdiction_zh": ["某某省", "甲市"], "jurisdiction_en": ["Mou", "Jia"],
    ...     "doc_type": ["plan", "plan"], "period_start": [2021, 2022], "period_end": [2025, 2025]})
    >>> reuse = pd.DataFrame({"matched": [30, 20, 16], "from_above": ["p", None, "p"]})
    >>> from_above_notes(SimpleNamespace(documents=docs, reuse=reuse), "en")
    ['2 of 3 shared passages (46 of 66 characters matched) are text both documents took from a document a level above both, and are not counted in the shares: Mou · implementation plan 2021–2025 (2 passages).']
    """
    r = corpus.reuse
    if "from_above" not in r.columns or not len(r):
        return []
    above = r[r["from_above"].notna()]
    if not len(above):
        return [label(lang, "没有两份文件都取自同一上级文件的共享段落:语料中高于双方的文件都不含这些段落。",
                      "No shared passage is text both documents took from a document a level above both: no such document of the corpus has them.")]  # fmt: skip
    names = document_labels(corpus, lang)
    counts = sorted(above["from_above"].value_counts().items(), key=lambda kv: (-kv[1], kv[0]))  # most first, then by doc_id
    if lang == "zh":
        sources = "、".join(f"{names.get(d, d)}({n} 段)" for d, n in counts)
        return [f"{len(r)} 段共享文字中有 {len(above)} 段(共享 {int(r['matched'].sum())} 字中的 {int(above['matched'].sum())} 字)是两份文件都取自高于双方的同一上级文件的文字,不计入占比:{sources}。"]
    sources = ", ".join(f"{names.get(d, d)} ({n} passage{'s' if n != 1 else ''})" for d, n in counts)
    return [f"{len(above)} of {len(r)} shared passages ({int(above['matched'].sum())} of {int(r['matched'].sum())} characters matched) are text both documents "
            f"took from a document a level above both, and are not counted in the shares: {sources}."]  # fmt: skip


def baseline(corpus):
    """What two unrelated documents of the corpus share
    (:func:`fazhi.report.summaries.share_baseline`).

    >>> baseline(corpus).pairs
    10
    """
    from fazhi.report.summaries import share_baseline

    return share_baseline(shares(corpus), corpus.documents)


def baseline_notes(corpus, lang: str = "zh") -> list[str]:
    """The baseline in words, for the notes under the shares: what two unrelated documents
    typically share, above what a pair stands out, and how many pairs that rests on.

    >>> baseline_notes(corpus, "en")[0]
    'Two unrelated documents of this corpus typically share 1.1 % of their text; pairs above 3.2 % stand out.'
    """
    from fazhi.report.summaries import MIN_BASELINE_PAIRS

    b = baseline(corpus)
    if not b.pairs:
        return [word("no share baseline", lang)]
    out = [word("share baseline", lang).format(typical=_pct(b.typical), high=_pct(b.high))]
    out.append(word("share baseline lines", lang) if len(corpus.documents) > MAX_HEATMAP_DOCS else word("share baseline outlined", lang).format(high=_pct(b.high)))
    out.append(word("share baseline basis", lang).format(pairs=b.pairs))
    if b.indicative:
        out.append(word("share baseline indicative", lang).format(pairs=b.pairs, min=MIN_BASELINE_PAIRS))
    return out


def _pct(v: float) -> str:
    return f"{v * 100:.1f} %"


def similarity_figure(corpus, lang: str = "zh"):
    """Share of each document's text in passages it shares with each other document: a
    heatmap up to :data:`MAX_HEATMAP_DOCS` documents, else the :data:`TOP_PAIRS` pairs that
    share most, as bars.

    >>> similarity_figure(corpus, "en").data[0].type
    'heatmap'
    """
    import plotly.graph_objects as go

    names = document_labels(corpus, lang)
    b = baseline(corpus)
    if len(corpus.documents) > MAX_HEATMAP_DOCS:
        top = similarity_drawn_rows(corpus, lang)
        fig = go.Figure(
            go.Bar(
                x=top["share"], y=[esc(f"{names[a]} → {names[c]}") for a, c in zip(top["doc_id"], top["shared_with_doc_id"])], orientation="h",
                marker_color="#d9730d", text=[f"{v:.1%}" for v in top["share"]], textposition="outside", cliponaxis=False, hovertemplate="%{y}<br>%{text}<extra></extra>",
            )
        )  # fmt: skip
        if b.pairs:  # the baseline as two lines across the bars
            for value, dash, key in ((b.typical, "dot", "typical share"), (b.high, "dash", "stands out above")):
                fig.add_vline(x=value, line={"color": "#555", "dash": dash, "width": 1},
                              annotation={"text": esc(f"{word(key, lang)} {_pct(value)}"), "font": {"size": 11, "color": "#555"}}, annotation_position="top")  # fmt: skip
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(tickformat=".0%")
        title = label(lang, f"共享文字最多的 {len(top)} 对文件(行文件中与另一文件共享段落的字数占比)", f"The {len(top)} pairs of documents that share most (share of the first document's text)")
        return figure_layout(fig, title, word("share", lang), None, 190 + 24 * max(1, len(top)))
    m = shares(corpus)
    z = m.values.copy()
    for k in range(len(z)):
        z[k][k] = float("nan")  # the diagonal (1) would drown the scale
    rows, cols = [esc(names[r]) for r in m.index], [esc(names[c]) for c in m.columns]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=cols, y=rows, colorscale="Oranges",
            text=[[("" if a == c else f"{v:.1%}") for c, v in zip(m.columns, row)] for a, row in zip(m.index, m.values)],
            texttemplate="%{text}" if len(m) <= 15 else "", hovertemplate="%{y} → %{x}<br>%{text}<extra></extra>", colorbar={"title": {"text": word("share", lang)}},
        )
    )  # fmt: skip
    if b.pairs:  # cells above the baseline's high quantile are outlined: the pairs that stand out
        for i, j in zip(*(z > b.high).nonzero()):
            fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, line={"color": "#222", "width": 1.5}, layer="above")
    # Every document's label on both axes (plotly would skip some on a crowded axis), and room
    # for them: HEATMAP_ROW_PX a row plus the band the column labels take below the grid.
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(autorange="reversed", dtick=1)
    fig.update_traces(colorbar_tickformat=".1%")
    widths = [label_px(names[d]) for d in m.index]
    height = 130 + max(HEATMAP_MIN_PX, HEATMAP_ROW_PX * len(m)) + column_label_band(max(widths), len(m), FIGURE_WIDTH - max(widths) - 200)
    return figure_layout(fig, label(lang, "行文本中与列文本共享段落的字数占比", "Share of the row document's text in passages shared with the column document"),
                         word("shared with", lang), word("document", lang), height)  # fmt: skip


#: Height of a heatmap row (room for a label at the page's 13 px font), and of the smallest grid.
HEATMAP_ROW_PX = 22
HEATMAP_MIN_PX = 160
#: About how wide a figure is drawn on a briefing page (its column is 1,180 px).
FIGURE_WIDTH = 1150


def column_label_band(label_width: int, columns: int, plot_width: int, line: int = 16) -> int:
    """About how tall the column labels of a grid are drawn: plotly keeps them level while
    they fit their column, turns them 30° while the columns are at least two lines apart, else
    upright (its tick angles 0, 30, 90).

    >>> column_label_band(100, 5, 800), column_label_band(230, 5, 700), column_label_band(300, 40, 700)
    (16, 129, 300)
    """
    column = plot_width / max(1, columns)
    if label_width <= column:
        return line
    if column >= 2 * line:
        return round(label_width / 2 + line * 0.87)
    return label_width


def label_px(text: str, size: int = 13) -> int:
    """About how wide ``text`` is drawn at ``size`` px: a Chinese character is as wide as the
    font is high, a Latin one a little over half.

    >>> label_px("淮北市"), label_px("Huaibei")
    (39, 49)
    """
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return round(wide * size + (len(text) - wide) * size * 0.54)


def similarity_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """The similarity figure's numbers, long (for the CSV): every pair of documents that shares
    any passage (pairs that share nothing are left out: at 300 documents they are most of 90,000).

    >>> similarity_rows(corpus, "en").columns.tolist()[:3]
    ['doc_id', 'shared_with_doc_id', 'share']
    """
    m = shares(corpus)
    b = baseline(corpus)
    names = dict(zip(corpus.documents["doc_id"], corpus.documents[jurisdiction_column(lang)]))
    long = m.stack().rename("share").reset_index()
    long.columns = ["doc_id", "shared_with_doc_id", "share"]
    long = long[(long["doc_id"] != long["shared_with_doc_id"]) & (long["share"] > 0)]
    return long.assign(
        jurisdiction=long["doc_id"].map(names), shared_with=long["shared_with_doc_id"].map(names),
        # The baseline on every row, so the file says what its shares are measured against.
        stands_out=long["share"] > b.high if b.pairs else False, typical_share=b.typical, stands_out_above=b.high,
        baseline_pairs=b.pairs, baseline_indicative=b.indicative, data_version=corpus.data_version,
    ).reset_index(drop=True)  # fmt: skip


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
    """The longest shared passages, both sides as written, with their provision numbers, and
    the document above both that both took a passage from (blank when none: their own).

    >>> passages_table(corpus, "en", top=3).columns.tolist()
    ['characters shared', 'document A', 'text in A', 'document B', 'text in B', 'taken from above']
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
            label(lang, "取自上级文件", "taken from above"): above_labels(corpus, r, lang),
        }
    ).reset_index(drop=True)


def above_labels(corpus, r: pd.DataFrame, lang: str) -> list[str | None]:
    """Each passage's ``from_above`` document by its label (its doc_id when the corpus shown
    leaves it out); None for the passages two documents share on their own.

    >>> above_labels(corpus, pd.DataFrame({"from_above": [None, "qinghai_2024_key_points"]}), "en")[0] is None
    True
    """
    if "from_above" not in r.columns:
        return [None] * len(r)
    names = document_labels(corpus, lang)
    return [names.get(d, d) if isinstance(d, str) else None for d in r["from_above"]]


def passages(corpus, top: int | None = 50) -> pd.DataFrame:
    """The ``top`` longest shared passages, and the ``top`` longest that both documents took from
    a document above both (shorter, as a rule: cited titles and opening formulas, which would
    otherwise never make the list), longest first, with both provisions' printed numbers.

    >>> passages(corpus, top=1)[["path_label_a", "path_label_b"]].columns.tolist()
    ['path_label_a', 'path_label_b']
    """
    r = corpus.reuse.sort_values(["matched", "passage_id"], ascending=[False, True])
    if top:
        above = r["from_above"].notna().to_numpy() if "from_above" in r.columns else pd.Series(False, index=r.index).to_numpy()
        r = r[(pd.RangeIndex(len(r)) < top) | (above & (above.cumsum() <= top))]
    printed = dict(zip(corpus.provisions["provision_id"], corpus.provisions["path_label"]))
    return r.assign(path_label_a=r["provision_id_a"].map(printed).fillna(""), path_label_b=r["provision_id_b"].map(printed).fillna("")).reset_index(drop=True)


def passage_links(corpus, top: int = 50) -> dict[str, pd.Series]:
    """Links of :func:`passages_table`'s two document columns to the full texts.

    >>> sorted(passage_links(corpus, top=2))
    ['a', 'above', 'b']
    """
    r = passages(corpus, top)
    shown = set(corpus.documents["doc_id"])  # a document above both that the corpus shown leaves out has no page to link
    above = r["from_above"] if "from_above" in r.columns else pd.Series([None] * len(r))
    return {
        "a": pd.Series([text_link(d, p) for d, p in zip(r["doc_id_a"], r["provision_id_a"])], dtype=object),
        "b": pd.Series([text_link(d, p) for d, p in zip(r["doc_id_b"], r["provision_id_b"])], dtype=object),
        "above": pd.Series([text_link(d) if d in shown else None for d in above], dtype=object),
    }


#: The aligner's thresholds the method notes state: shortest passage, widest gap bridged,
#: provisions a boilerplate run is found in (``fazhi.analyze.reuse.find_reuse_indexed``'s
#: defaults; reports do not import the analysis, a test checks they agree).
MIN_PASSAGE, MAX_GAP, BOILERPLATE_PROVISIONS = 15, 2, 50
#: Share of a passage a document above both must cover to have given it (``fazhi.analyze.fromabove.MIN_COVER``).
FROM_ABOVE_COVER = 0.8


def method_notes(lang: str = "zh") -> list[tuple[str, str]]:
    """The method notes of the shared-text page (:func:`fazhi.report.view.methodology_html`
    shows them instead of the indicator notes).

    >>> method_notes("en")[0][1][:46]
    'A passage is at least 15 characters that provi'
    """
    n, gap, df, cover = MIN_PASSAGE, MAX_GAP, BOILERPLATE_PROVISIONS, round(FROM_ABOVE_COVER * 100)
    if lang == "zh":
        return [
            ("什么算共享文字", f"两份文件的条目中至少 {n} 个字相同的段落(不计标点和空格;至多 {gap} 个字的差异可以跨过,但数字不同的地方不跨过,所以“(2015—2020年)”与“(2021—2025年)”不算相同)。"),
            ("占比怎么算", "每格是行文件中被与列文件共享的段落覆盖的字数(重叠只计一次)占行文件全部字数的比例,所以甲对乙与乙对甲不同。"),
            ("套话与来源", f"在 {df} 个以上条目中都出现的字串是套话,不会单独引出一对共享段落。相同的文字常常是双方都引用了同一份上级文件,并不说明谁抄了谁。"),
            ("取自上级文件", f"语料中若有一份级别高于双方的文件(全国文件高于所有文件;省、市文件高于本省的下级文件)、发布不晚于双方,且它与双方各自共享的段落覆盖了这段文字的至少 {cover}%,这段文字就算双方都取自该上级文件,不计入占比,在段落表中注明。语料之外的上级文件无从判断。"),
        ]
    return [
        ("What counts as shared text", f"A passage is at least {n} characters that provisions of two documents have in common (punctuation and spaces ignored; differences of up to {gap} characters are bridged, except where numbers differ, so (2015—2020年) and (2021—2025年) do not match)."),
        ("How a share is counted", "A cell is the characters of the row document covered by passages it shares with the column document (overlaps counted once), as a share of all its characters: A in B and B in A differ."),
        ("Boilerplate and sources", f"Wording found in more than {df} provisions is boilerplate and does not on its own make two provisions a pair. Shared wording often means both quote the same higher-level document; it does not say who copied whom."),
        ("Taken from above", f"When a document of the corpus a level above both (a national one above all; a province's or a city's above the lower levels of its province), issued no later than either, shares at least {cover} % of a passage with each of them, both took the passage from it: it is not counted in the shares, and the passages table names it. A higher-level document outside the corpus cannot be seen."),
    ]
