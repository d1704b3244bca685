"""Page 6 · follow-through: per indicator, what each jurisdiction's plans set and what its
later reports say they achieved, along the years (issue 29).

Reads ``corpus.follow_through`` (:mod:`fazhi.analyze.followthrough`): one row per target and
later figure.  A figure shows an indicator (in one unit) only when some target of it met a
comparable figure (a row with a ``bound``); the rest is said in notes, never drawn empty.
One chart row per target: its line over the years it holds, its mark where it is due, the
reported figures on it coloured by status.  Past :data:`MAX_ROWS` rows a chart counts the
statuses per year instead.

>>> [s for s in STATUS_COLOURS][:3]
['met', 'not met', 'target year not reached']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.follow import _bound_words, best_status, figure_words, follow_links, follow_table, report_status
from fazhi.report.i18n import scope_name, unit_name, unit_slug, word
from fazhi.report.provenance import printed_label, statement_link, with_provenance
from fazhi.report.targets import GRID_CLASSES, KIND_COLOURS
from fazhi.report.view import COLOURS, NEUTRAL, esc, figure_layout, label, wrap
from fazhi.schema import FOLLOW_STATUSES

#: Status → colour, from the site's palettes (no new one): green and red of the chart palette
#: for met and not met (this page colours no jurisdiction), the reported figures' orange for a
#: figure short of a bound not yet due, greys for what holds no comparison.
STATUS_COLOURS = {
    "met": COLOURS[2],
    "not met": COLOURS[1],
    "target year not reached": KIND_COLOURS["reported"],
    "no comparable figure": NEUTRAL,
    "not reported": GRID_CLASSES["qualitative"][0],
    "no later report": GRID_CLASSES["relative"][0],
    "report year unknown": GRID_CLASSES["not set"][0],
}
#: A target's mark where it is due: the way its bound is open (▲ at least, ▼ at most; the x axis
#: is the year, so the open way is up or down), a filled circle for an exact figure.
TARGET_SHAPES = {
    "at least": ("triangle-up", "目标下限(▲ 不低于)", "target floor (▲ at least)"),
    "at most": ("triangle-down", "目标上限(▼ 不超过)", "target ceiling (▼ at most)"),
    "exact": ("circle", "目标(确切值)", "target (exact)"),
    "approx": ("circle-open", "目标(约数)", "target (approximate)"),
    "range": ("line-ns", "目标区间", "target range"),
}
#: A chart names one row per target up to this many; past it, it counts statuses per year.
MAX_ROWS = 60
ROW_PX = 22


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def target_shape(comparator) -> str:
    """Which of :data:`TARGET_SHAPES` a target's comparator takes.

    >>> target_shape(">="), target_shape("<"), target_shape("="), target_shape("between")
    ('at least', 'at most', 'exact', 'range')
    """
    return {">=": "at least", ">": "at least", "<=": "at most", "<": "at most", "~": "approx", "between": "range"}.get(comparator, "exact")


def place_names(documents: pd.DataFrame, lang: str) -> dict[str, str]:
    """Jurisdiction (``jurisdiction_zh``) → its name in ``lang``, from its first document.

    >>> place_names(pd.DataFrame({"jurisdiction_zh": ["大兴区", "大兴区"], "jurisdiction_en": ["Daxing", "Daxing District"]}), "en")
    {'大兴区': 'Daxing'}
    """
    column = "jurisdiction_zh" if lang == "zh" else "jurisdiction_en"
    names: dict[str, str] = {}
    for zh, shown in zip(documents["jurisdiction_zh"], documents[column]):
        names.setdefault(zh, shown if isinstance(shown, str) and shown else zh)
    return names


def indicator_name(indicator_id: str, lang: str) -> str:
    """A catalogue indicator's name in ``lang`` (its id if the catalogue does not know it).

    >>> indicator_name("pre_meeting_law_study", "zh"), indicator_name("no_such", "en")
    ('会前学法次数', 'no_such')
    """
    from fazhi.extract.catalogue import load_catalogue

    found = load_catalogue().by_id.get(indicator_id)
    return indicator_id if found is None else (found.indicator_zh if lang == "zh" else found.indicator_en)


def follow_rows(corpus, lang: str = "zh") -> pd.DataFrame:
    """``corpus.follow_through`` with what the page shows of each row: the jurisdiction's and
    the indicator's names in ``lang``, the plan's period, the target as its bound in words,
    both provision numbers and both links.

    >>> r = follow_rows(corpus, "en").iloc[0]
    >>> r["jurisdiction"], int(r["period_start"]), r["target_link"].startswith("text/taian_2017_plan.html#s-")
    ("Tai'an", 2017, True)
    """
    f = corpus.follow_through.reset_index(drop=True)
    d = corpus.documents.set_index("doc_id")
    names = place_names(corpus.documents, lang)
    own_name = d["jurisdiction_zh" if lang == "zh" else "jurisdiction_en"]
    labels: dict = {}
    i = getattr(corpus, "indicators", None)
    if i is not None and len(i) and "path_label" in i:
        labels = dict(zip(zip(i["doc_id"], i["seq"]), i["path_label"]))
    return f.assign(
        jurisdiction=[names.get(zh) or own_name.get(doc, zh) for zh, doc in zip(f["jurisdiction_zh"], f["target_doc_id"])],
        indicator=f["indicator_id"].map(lambda v: indicator_name(v, lang)),
        period_start=f["target_doc_id"].map(d["period_start"]).astype("Int64"),
        period_end=f["target_doc_id"].map(d["period_end"]).astype("Int64"),
        target_words=[_bound_words(c, lo, hi, u, lang) for c, lo, hi, u in zip(f["target_comparator"], f["target_lower"], f["target_upper"], f["unit"])],
        target_label=[printed_label(labels.get((doc, seq))) for doc, seq in zip(f["target_doc_id"], f["target_seq"])],
        report_label=[printed_label(labels.get((doc, seq))) if isinstance(doc, str) else "" for doc, seq in zip(f["report_doc_id"], f["report_seq"])],
        target_link=[statement_link(doc, p, a, b) for doc, p, a, b in zip(f["target_doc_id"], f["target_provision_id"], f["target_start"], f["target_end"])],
        report_link=[statement_link(doc, p, a, b, report_status(v)) if isinstance(doc, str) else "" for doc, p, a, b, v in
                     zip(f["report_doc_id"], f["report_provision_id"], f["report_start"], f["report_end"], f["report_value"])],
    )  # fmt: skip


def compared(rows: pd.DataFrame) -> pd.DataFrame:
    """The (indicator, unit) pairs a figure shows: those with a target that met a comparable
    figure (a ``bound``), in the catalogue's order; ``n_rows`` is how many of its targets a
    later report gives a figure for (the chart's rows), ``n_targets`` how many it has.

    >>> f = pd.DataFrame({"indicator_id": ["pre_meeting_law_study"] * 2 + ["audit_coverage"], "unit": ["次", "次", "%"], "bound": [4.0, None, None],
    ...                   "report_doc_id": ["r", None, None], "target_doc_id": ["p", "q", "p"], "target_seq": [0, 0, 1]})
    >>> compared(f).values.tolist()
    [['pre_meeting_law_study', '次', 1, 2]]
    """
    from fazhi.extract.catalogue import load_catalogue

    order = {ind.indicator_id: k for k, ind in enumerate(load_catalogue().indicators)}
    with_bound = rows[rows["bound"].notna()][["indicator_id", "unit"]].drop_duplicates()
    keys = ["indicator_id", "unit"]
    targets = rows.drop_duplicates(["target_doc_id", "target_seq"]).groupby(keys).size().rename("n_targets")
    drawn = rows[rows["report_doc_id"].notna()].drop_duplicates(["target_doc_id", "target_seq"]).groupby(keys).size().rename("n_rows")
    out = with_bound.merge(drawn.reset_index(), on=keys, how="left").merge(targets.reset_index(), on=keys, how="left")
    out = out.assign(rank=out["indicator_id"].map(lambda v: order.get(v, len(order)))).sort_values(["rank", "indicator_id", "unit"], kind="stable")
    return out.drop(columns="rank").reset_index(drop=True)


def with_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the targets a later report gives a figure for (comparable or not): a chart's rows.

    >>> f = pd.DataFrame({"target_doc_id": ["p", "p", "q"], "target_seq": [0, 0, 0], "report_doc_id": [None, "r", None]})
    >>> with_figures(f).index.tolist()
    [0, 1]
    """
    keys = list(zip(rows["target_doc_id"], rows["target_seq"]))
    followed = {k for k, r in zip(keys, rows["report_doc_id"]) if isinstance(r, str)}
    return rows[[k in followed for k in keys]]


def row_labels(rows: pd.DataFrame, lang: str) -> pd.Series:
    """One chart row per target: the jurisdiction, the part of it the target is for, its bound
    (``大兴区 · ≥ 4次``); where one jurisdiction has two targets alike, the plan's period if
    that tells them apart, else a number.

    >>> r = pd.DataFrame({"jurisdiction": ["甲市", "甲市", "甲市", "甲市", "乙县"], "scope": [None, "市本级", None, None, None],
    ...                   "target_words": ["≥ 4次", "≥ 4次", "≥ 4次", "≥ 4次", "= 100%"], "target_doc_id": ["a", "a", "c", "c", "b"],
    ...                   "target_seq": [0, 1, 0, 1, 0], "period_start": [2021, 2021, 2026, 2026, 2022], "period_end": [2025, 2025, 2030, 2030, 2024]})
    >>> row_labels(r, "zh").tolist()
    ['甲市 · ≥ 4次 (2021–2025)', '甲市 · 仅市本级 · ≥ 4次', '甲市 · ≥ 4次 (2026–2030)', '甲市 · ≥ 4次 (2026–2030) #2', '乙县 · = 100%']
    """
    base = [" · ".join(x for x in (j, scope_name(s, lang), w) if x) for j, s, w in zip(rows["jurisdiction"], rows["scope"], rows["target_words"])]
    keys = list(zip(rows["target_doc_id"], rows["target_seq"]))
    periods = [f"{a}–{z}" for a, z in zip(rows["period_start"], rows["period_end"])]
    spans: dict[str, set] = {}
    for b, span in zip(base, periods):
        spans.setdefault(b, set()).add(span)
    out, seen = [], {}
    for b, k, span in zip(base, keys, periods):
        shown = f"{b} ({span})" if len(spans[b]) > 1 else b
        taken = seen.setdefault(shown, [])
        if k not in taken:
            taken.append(k)
        out.append(shown if taken.index(k) == 0 else f"{shown} #{taken.index(k) + 1}")
    return pd.Series(out, index=rows.index, dtype=object)


def target_years(g: pd.DataFrame) -> tuple[int, int, list[int]]:
    """A target's span (from its plan's first year to the year it names, else to the plan's
    end) and the years it is due: the named year or the plan's end, or every year of the span
    for a yearly target (its rows are due in other years than the plan's end).

    >>> g = pd.DataFrame({"period_start": [2022, 2022], "period_end": [2025, 2025], "target_year": [None, None], "due_year": [2022, 2023]})
    >>> target_years(g), target_years(g.assign(due_year=[2025, 2025])), target_years(g.assign(target_year=[2024, 2024], due_year=[2024, 2024]))
    ((2022, 2025, [2022, 2023, 2024, 2025]), (2022, 2025, [2025]), (2022, 2024, [2024]))
    """
    first = g["period_start"].iloc[0]
    named = g["target_year"].iloc[0]
    last = int(named) if not _blank(named) else int(g["period_end"].iloc[0])
    first = int(first) if not _blank(first) else last
    due = sorted({int(y) for y in g["due_year"] if not _blank(y)}) or [last]
    first, last = min(first, last, *due), max(last, *due)
    if _blank(named) and due != [last]:
        due = list(range(first, last + 1))
    return first, last, due


def _status_words(g: pd.DataFrame, lang: str) -> str:
    counts = g["status"].value_counts()
    return ", ".join(f"{word(s, lang)} {counts[s]}" for s in FOLLOW_STATUSES if s in counts)


def _hover_target(g: pd.DataFrame, lang: str) -> str:
    r = g.iloc[0]
    return (f"{esc(r['jurisdiction'])} · {esc(r['indicator'])}<br>{esc(word('target', lang))} {esc(r['target_words'])}"
            f" ({r['period_start']}–{r['period_end']})<br>{esc(_status_words(g, lang))}"
            f"<br>{esc(r['target_label'])} · {esc(r['target_quote'], 30)}")  # fmt: skip


def _hover_report(r, lang: str) -> str:
    gap = "" if _blank(r["gap"]) else f" · {word('gap', lang)} {r['gap']:+g}"
    reasons = "; ".join(word(v, lang) for v in (r["review_reasons"] if r["review_reasons"] is not None else []))
    return (f"{esc(r['jurisdiction'])} · {int(r['report_year'])}<br>{esc(word('reported', lang))} {esc(figure_words(r['report_value'], r['report_unit'], lang))}"
            f" · <b>{esc(word(r['status'], lang))}</b>{esc(gap)}" + (f"<br>{esc(word('review', lang))}: {esc(reasons)}" if reasons else "")
            + f"<br>{esc(r['report_label'])} · {esc(r['report_quote'], 30)}")  # fmt: skip


def timeline_figure(rows: pd.DataFrame, lang: str = "zh"):
    """One indicator in one unit along the years: a row per target (its line over the years it
    holds, its mark where it is due), the reported figures on it as diamonds coloured by status,
    their value beside them.  Each mark's customdata is (link, jurisdiction) for the click.

    >>> fig = timeline_figure(follow_rows(corpus, "en").head(2), "en")
    >>> fig.layout.height, sorted({t.marker.symbol for t in fig.data if t.mode == "markers"})
    (194, ['circle'])
    """
    import plotly.graph_objects as go

    rows = rows.assign(row=row_labels(rows, lang))
    order = sorted(dict.fromkeys(rows["row"]), key=lambda v: (str(v).casefold()))
    target_colour = KIND_COLOURS["target"]
    fig = go.Figure()
    lines_x, lines_y, marks = [], [], {}
    for _, g in rows.groupby(["target_doc_id", "target_seq"], sort=False):
        first, last, due = target_years(g)
        y = g["row"].iloc[0]
        lines_x += [first - 0.3, last, None]
        lines_y += [y, y, None]
        m = marks.setdefault(target_shape(g["target_comparator"].iloc[0]), {"x": [], "y": [], "hover": [], "custom": []})
        for year in due:
            m["x"].append(year)
            m["y"].append(y)
            m["hover"].append(_hover_target(g, lang))
            m["custom"].append([g["target_link"].iloc[0], g["jurisdiction"].iloc[0]])
    fig.add_trace(go.Scatter(x=lines_x, y=lines_y, mode="lines", line={"color": target_colour, "width": 2}, opacity=0.45, hoverinfo="skip", showlegend=False))
    for shape, m in marks.items():
        symbol, zh, en = TARGET_SHAPES[shape]
        fig.add_trace(go.Scatter(x=m["x"], y=m["y"], mode="markers", name=esc(label(lang, zh, en)), hovertext=m["hover"], hovertemplate="%{hovertext}<extra></extra>",
                                 customdata=m["custom"], marker={"symbol": symbol, "size": 11, "color": target_colour, "line": {"width": 2, "color": target_colour}}))  # fmt: skip
    figures = rows[rows["report_doc_id"].notna() & rows["report_year"].notna()]
    # Two figures of one row and year side by side, and beside the target's mark of that year, not on it.
    taken = {(y, x) for m in marks.values() for x, y in zip(m["x"], m["y"])}
    nth = figures.groupby(["row", "report_year"]).cumcount() + [int((r, int(y)) in taken) for r, y in zip(figures["row"], figures["report_year"])]
    # One label per row and year, after its last diamond: the figures in order (a label each would overprint the next diamond).
    texts = pd.Series("", index=figures.index, dtype=object)
    for _, grp in figures.groupby(["row", "report_year"], sort=False):
        texts[grp.index[-1]] = " / ".join(figure_words(v, u, lang) or "—" for v, u in zip(grp["report_value"], grp["report_unit"]))
    for status in FOLLOW_STATUSES:
        g = figures[figures["status"] == status]
        if g.empty:
            continue
        fig.add_trace(go.Scatter(
            x=[int(y) + 0.15 * k for y, k in zip(g["report_year"], nth[g.index])], y=g["row"], mode="markers+text",
            text=[esc(texts[k]) for k in g.index], textposition="middle right", textfont={"size": 11, "color": NEUTRAL},
            name=esc(label(lang, "报告值:", "reported: ") + word(status, lang)), hovertext=[_hover_report(r, lang) for _, r in g.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>", customdata=[[lk, j] for lk, j in zip(g["report_link"], g["jurisdiction"])],
            marker={"symbol": "diamond", "size": 12, "color": STATUS_COLOURS[status], "line": {"width": 1, "color": NEUTRAL}},
        ))  # fmt: skip
    years = [y for y in lines_x if y is not None] + [int(y) for y in figures["report_year"]]
    unit = unit_name(rows["unit"].iloc[0], lang)
    title = f"{wrap(rows['indicator'].iloc[0], 40 if lang == 'zh' else 70)}" + (f" ({esc(unit)})" if unit else "")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(range=[min(years) - 0.6, max(years) + 1.0], dtick=1, tickformat="d", title_text=esc(word("year", lang)))
    fig = figure_layout(fig, "", height=150 + ROW_PX * len(order))
    fig.update_layout(title={"text": title, "y": 0.995, "yanchor": "top"}, margin={"t": 100, "b": 50},
                      legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})  # fmt: skip
    return fig


def _counted(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with the year a summary counts them in: the report's, else the year the target is due."""
    year = rows["report_year"].where(rows["report_year"].notna(), rows["due_year"])
    return rows.assign(year=year)[year.notna()]


def summary_rows(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """What :func:`summary_figure` draws, as its CSV: year, status and how many rows.

    >>> f = pd.DataFrame({"status": ["met", "met", "no later report"], "report_year": [2022, 2022, None], "due_year": [2022, 2023, 2025]})
    >>> summary_rows(f, "en").values.tolist()
    [[2022, 'met', 2], [2025, 'no later report', 1]]
    """
    rank = {s: k for k, s in enumerate(FOLLOW_STATUSES)}
    c = _counted(rows).groupby(["year", "status"]).size().rename("n").reset_index()
    c = c.assign(rank=c["status"].map(rank)).sort_values(["year", "rank"], kind="stable")
    return pd.DataFrame({word("year", lang): c["year"].astype(int).values, word("status", lang): c["status"].map(lambda v: word(v, lang)).values,
                         label(lang, "对数", "pairs"): c["n"].values})  # fmt: skip


def summary_figure(rows: pd.DataFrame, lang: str = "zh"):
    """Too many targets for a row each: how many rows of each status there are per year (the
    report's year, else the year the target is due), stacked, in the status colours.

    >>> f = pd.DataFrame({"indicator": ["出庭率"] * 3, "unit": ["%"] * 3, "status": ["met", "met", "no later report"],
    ...                   "report_year": [2022, 2023, None], "due_year": [2022, 2023, 2025]})
    >>> [(t.name, list(t.x), list(t.y)) for t in summary_figure(f, "en").data]
    [('met', [2022, 2023], [1, 1]), ('no later report', [2025], [1])]
    """
    import plotly.graph_objects as go

    counted = _counted(rows)
    fig = go.Figure()
    for status in FOLLOW_STATUSES:
        g = counted[counted["status"] == status].groupby("year").size()
        if g.empty:
            continue
        fig.add_trace(go.Bar(x=[int(y) for y in g.index], y=[int(n) for n in g.values], name=esc(word(status, lang)),
                             marker={"color": STATUS_COLOURS[status], "line": {"width": 1, "color": "#999999"}},
                             hovertemplate="%{x} · " + esc(word(status, lang)) + ": %{y}<extra></extra>"))  # fmt: skip
    unit = unit_name(rows["unit"].iloc[0], lang)
    title = f"{rows['indicator'].iloc[0]}" + (f" ({unit})" if unit else "") + label(lang, ":各年状态计数", ": statuses per year")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(dtick=1, tickformat="d")
    return figure_layout(fig, title, word("year", lang), label(lang, "对数(目标与其后的数值)", "pairs (a target and a later figure)"), 380)


def drawn_rows(rows: pd.DataFrame, corpus, lang: str = "zh") -> pd.DataFrame:
    """The rows behind one chart, as its CSV download yields them (with the target's document's
    provenance and both links).

    >>> drawn_rows(follow_rows(corpus, "en").head(1), corpus, "en")[["jurisdiction", "status", "target_doc_id"]].values.tolist()
    [["Tai'an", 'no later report', 'taian_2017_plan']]
    """
    keep = ["jurisdiction", "indicator_id", "indicator", "unit", "scope", "target_doc_id", "target_words", "target_year", "due_year", "status",
            "report_doc_id", "report_year", "report_value_text", "report_value", "report_unit", "bound", "gap", "target_label", "target_quote", "report_label", "report_quote",
            "target_link", "report_link"]  # fmt: skip
    out = rows[keep].assign(doc_id=rows["target_doc_id"], status=rows["status"].map(lambda v: word(v, lang)))
    return with_provenance(out.reset_index(drop=True), corpus, lang).drop(columns="doc_id")


def follow_views(corpus, lang: str = "zh", indicators=None) -> list[tuple]:
    """For every indicator and unit with a target compared to a figure (only ``indicators``,
    if given): its chart (a row per target, or status counts past :data:`MAX_ROWS` targets),
    the rows it draws, a file name and its notes.

    >>> follow_views(corpus, "en")   # the founding corpus holds no later report of a plan's jurisdiction
    []
    """
    rows = follow_rows(corpus, lang)
    out = []
    for ind, unit, n, n_targets in compared(rows).itertuples(index=False):
        if indicators and ind not in indicators:
            continue
        g = rows[(rows["indicator_id"] == ind) & (rows["unit"] == unit)]
        n_j = g["jurisdiction_zh"].nunique()
        best = best_status(g)["status"].value_counts()
        listed = ", ".join(f"{word(s, lang)} {best[s]}" for s in FOLLOW_STATUSES if s in best)
        notes = [label(lang, f"{n_j} 个辖区的 {n_targets} 个目标(每个目标按其最好的状态计):{listed}。",
                       f"{n_targets} target(s) of {n_j} jurisdiction(s), each counted by its best status: {listed}.")]  # fmt: skip
        if n < n_targets and n <= MAX_ROWS:
            notes.append(label(lang, f"图中只画其后报告给出数值的 {n} 个目标;其余 {n_targets - n} 个目标没有其后的数值,状态见下表。",
                               f"Drawn: the {n} target(s) a later report gives a figure for; the other {n_targets - n} have none (their status is in the table below)."))  # fmt: skip
        unplaced = int((g["report_doc_id"].notna() & g["report_year"].isna()).sum())
        if unplaced:
            notes.append(label(lang, f"{unplaced} 个报告数值的年份不明,未画出(见下表)。", f"{unplaced} reported figure(s) of an unknown year are not drawn (see the table below)."))
        if n > MAX_ROWS:
            fig, drawn = summary_figure(g, lang), summary_rows(g, lang)
            notes.append(label(lang, f"其后报告给出数值的目标有 {n} 个,超过 {MAX_ROWS} 个,不逐行画出:图中是各年各状态的对数(全部目标);每一对都在下表中,可搜索。",
                               f"{n} targets have a later figure, more than {MAX_ROWS}: instead of a row each, the chart counts the pairs of each status per year (of every target); every pair is in the table below, to search."))  # fmt: skip
        else:
            shown = with_figures(g)
            fig, drawn = timeline_figure(shown, lang), drawn_rows(shown, corpus, lang)
        out.append((fig, drawn, f"follow_{ind}_{unit_slug(unit)}.csv", notes))
    return out


#: A note names at most this many jurisdictions or indicators (the table below lists them all).
MAX_LISTED = 30


def _listed(names, lang: str, most: int = MAX_LISTED) -> str:
    """Names for a note: all of them up to ``most``, else the first ``most`` and how many more.

    >>> _listed(["甲", "乙", "丙"], "zh", 2), _listed(["a", "b"], "en")
    ('甲、乙 等 3 个', 'a; b')
    """
    names = list(names)
    joined = ("、" if lang == "zh" else "; ").join(names[:most])
    if len(names) <= most:
        return joined
    return joined + label(lang, f" 等 {len(names)} 个", f" and {len(names) - most} more")


def page_notes(corpus, lang: str = "zh") -> list[str]:
    """What the charts cannot show, said plainly: no target of the corpus met a comparable
    figure (and which jurisdictions' reports to add), or which indicators' targets no report
    speaks of.

    >>> page_notes(corpus, "en")[0][:45]
    'No pairs: no report in the corpus gives a fig'
    """
    rows = follow_rows(corpus, lang)
    if rows.empty:
        return [label(lang, "语料中的规划类文件没有可跟踪的数值目标。", "The corpus's plans set no numeric target to follow.")]
    out = []
    shown = set(map(tuple, compared(rows)[["indicator_id", "unit"]].values.tolist()))
    if not shown:
        need = rows.drop_duplicates(["jurisdiction_zh", "period_start", "period_end"]).sort_values("jurisdiction", key=lambda v: v.str.casefold(), kind="stable")
        listed = _listed([f"{j} ({a}–{z})" for j, a, z in zip(need["jurisdiction"], need["period_start"], need["period_end"])], lang)
        out.append(label(lang, f"没有可比的对:语料中没有任何报告给出与规划目标可比的数值,故不画图。请加入这些辖区在规划期内的报告:{listed}。",
                         f"No pairs: no report in the corpus gives a figure comparable to a plan's target, so nothing is charted. Add the reports of these jurisdictions for their plans' years: {listed}."))  # fmt: skip
    rest = rows[[(i, u) not in shown for i, u in zip(rows["indicator_id"], rows["unit"])]]
    if len(rest) and shown:
        names = list(dict.fromkeys(rest["indicator"]))
        out.append(label(lang, f"另有 {len(names)} 个指标的目标没有可比的报告数值,未画图(见下表):{_listed(names, lang)}。",
                         f"Targets of {len(names)} more indicator(s) meet no comparable reported figure and are not charted (see the table below): {_listed(names, lang)}."))  # fmt: skip
    missing = rows[rows["status"] == "no later report"].drop_duplicates("jurisdiction_zh").sort_values("jurisdiction", key=lambda v: v.str.casefold(), kind="stable")
    if len(missing) and shown:
        listed = _listed(missing["jurisdiction"], lang)
        out.append(label(lang, f"以下辖区在语料中没有规划期内的报告,其目标无从跟踪:{listed}。",
                         f"These jurisdictions have no report of their plans' years in the corpus, so their targets cannot be followed: {listed}."))  # fmt: skip
    return out


def status_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Every target and later figure (:func:`fazhi.report.follow.follow_table`) with its
    jurisdiction first and the report's clause last, in ``lang``.

    >>> status_table(corpus, "en").columns.tolist()[:3], len(status_table(corpus, "en")) == len(corpus.follow_through)
    (['jurisdiction', 'indicator', 'target'], True)
    """
    rows = follow_rows(corpus, lang)
    t = follow_table(corpus, lang)
    t.insert(0, word("jurisdiction", lang), rows["jurisdiction"].values)
    t[label(lang, "报告原文", "report clause")] = rows["report_quote"].values
    return t


def status_links(corpus, lang: str = "zh") -> dict[str, list]:
    """Links of :func:`status_table`: the target's clause and the reported figure, each to its statement.

    >>> status_links(corpus, "en")["quote"][0].startswith("text/taian_2017_plan.html#s-")
    True
    """
    return follow_links(corpus, lang)


def status_counts(corpus, lang: str = "zh") -> pd.DataFrame:
    """Targets per jurisdiction and status (each target counted once, by its best status),
    a column per status that occurs, jurisdictions by name.

    >>> status_counts(corpus, "en").columns.tolist(), status_counts(corpus, "en").iloc[0].astype(str).tolist()
    (['jurisdiction', 'targets', 'no later report'], ['Daxing', '8', '8'])
    """
    rows = follow_rows(corpus, lang)
    head = [word("jurisdiction", lang), label(lang, "目标数", "targets")]
    if rows.empty:
        return pd.DataFrame(columns=head)
    best = best_status(rows)
    grid = best.groupby(["jurisdiction", "status"]).size().unstack(fill_value=0)
    present = [s for s in FOLLOW_STATUSES if s in grid.columns]
    grid = grid[present].sort_index(key=lambda ix: ix.str.casefold())
    out = pd.DataFrame({head[0]: grid.index, head[1]: grid.sum(axis=1).values})
    for s in present:
        out[word(s, lang)] = grid[s].values
    return out.reset_index(drop=True)


def method_notes(lang: str = "zh") -> list[tuple[str, str]]:
    """The page's methodology notes, ``(title, text)`` in ``lang``: how a pair is made, what
    the gap is and what the statuses cannot see.

    >>> [t for t, _ in method_notes("en")]
    ['How a pair is made', 'The gap', 'What it cannot see']
    """
    if lang == "zh":
        return [
            ("怎样配对", "只比较同一辖区、同一目录指标、同一单位(目录已合并计同一事物的量词,如期与次)、同一范围(市本级不等于全市)的目标与报告值;"
                         "报告值的年份须在目标适用的年份内。“每年”类目标每年到期;其余目标在其写明的年份到期,未写年份的在规划期末到期。辖区改名按现名计。"),
            ("差距", "差距 = 报告值 − 目标的界限(不低于类目标取下限,不超过类目标取上限);正数表示高于界限。约数(余、约)照原文比较,并在“需核对”一栏注明。"),
            ("看不到什么", "只看语料中的文件:没有收入的报告、报告中表格或附件里的数值、用不同说法报告的同一事项,都会显示为“报告未提及”或“无后续报告”。请点击原句核对。"),
        ]
    return [
        ("How a pair is made", "A target and a figure are compared only for the same jurisdiction, catalogue indicator, unit (the catalogue has already merged "
                               "measure words that count the same thing, such as 期 and 次) and part of the jurisdiction (市本级 is not the whole city), "
                               "and only when the figure's year lies within the target's years. A yearly target (每年) is due every year; any other is due in "
                               "the year it names, else at the plan's end. A renamed jurisdiction counts under its current name."),
        ("The gap", "gap = reported figure − the target's bound (its floor for an at-least target, its ceiling for an at-most one); positive means above "
                    "the bound. Approximate figures (余, 约) are compared as written and flagged in the review column."),
        ("What it cannot see", "Only the documents in the corpus: a report not collected, figures inside a report's tables or attachments, and the same "
                               "work reported in other words all show as not reported or no later report. Follow the clause to check the original."),
    ]
