"""Page 2 · target comparison: who sets which target, how strict, by when, and what was
reported; every statement, mapped or not.

>>> headline_ids()
['court_appearance_rate', 'enforcement_training_hours', 'reconsideration_correction_rate']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, unit_name, word
from fazhi.report.view import STATUS_COLOURS, THEME_COLOURS, NEUTRAL, SYMBOL, esc, wrap, label, palette, theme_names, figure_layout
from fazhi.report.provenance import text_link, with_provenance, provision_links


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
    return figure_layout(fig, label(lang, "重点指标:谁设定了什么", "Headline indicators: who sets what"), word("indicator", lang), word("jurisdiction", lang), 140 + 80 * len(js))


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
        return figure_layout(fig, title or "", height=200)
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
    fig = figure_layout(fig, title or label(lang, "目标与报告数值", "Targets and reported figures"), height=int(height))
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
