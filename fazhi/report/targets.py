"""Page 2 · target comparison: who sets which target, how strict, by when, and what was
reported; every statement, mapped or not.

>>> headline_ids()
['court_appearance_rate', 'enforcement_training_hours', 'reconsideration_correction_rate']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, province_label, scope_name, unit_name, unit_slug, word
from fazhi.report.view import THEME_COLOURS, SYMBOL, esc, wrap, label, theme_names, figure_layout
from fazhi.report.provenance import printed_label, statement_link, statement_links as _statement_links, with_provenance


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
    if status == "relative":  # the benchmark is the document's own words: a quote on both pages
        return f"{kind} {SYMBOL.get(row['relative_comparator'], row['relative_comparator'])} “{row['relative_to']}”{year}{_scope_words(row, lang)}"
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
    return f"{kind} {op}{number}{space}{unit}{cadence}{year}{_scope_words(row, lang)}"


def scope_label(scope, lang: str):
    """The ``scope`` value a table or row label shows: as written on zh pages, in words on en
    pages; the whole jurisdiction stays empty.

    >>> scope_label("市本级", "zh"), scope_label("市本级", "en"), scope_label(None, "en")
    ('市本级', "city government's own level only", None)
    """
    if not isinstance(scope, str) or not scope:
        return None
    return scope if lang == "zh" else scope_name(scope, lang)


def year_and_scope(year, scope, lang: str) -> str:
    """What a chart row's label adds to its name: the year and the part of the jurisdiction
    (escaped for plotly).

    >>> year_and_scope(2023.0, "市本级", "en"), year_and_scope(None, None, "zh")
    (' 2023 · city government&#x27;s own level only', '')
    """
    return (f" {int(year)}" if pd.notna(year) else "") + (f" · {esc(scope_label(scope, lang))}" if isinstance(scope, str) and scope else "")


def _scope_words(row, lang: str) -> str:
    """`` · 仅市本级`` / ``, city government's own level only`` for a figure of a part of the jurisdiction."""
    part = scope_name(row.get("scope"), lang)
    return "" if not part else (f" · {part}" if lang == "zh" else f", {part}")


#: The grid's classes of cell, in legend order: a target with a figure, a reported figure, a
#: relative target, a mention without a figure, nothing.  Targets and reported figures are tints
#: of their kind's colour (the panels use the same hues), the rest greys.
GRID_CLASSES = {
    "target": ("#a9c6e8", "目标(有数值)", "target with a figure"),
    "reported": ("#f3c08f", "报告值", "reported figure"),
    "relative": ("#dce8f6", "相对目标(无数值)", "relative target (no figure)"),
    "qualitative": ("#e4e4e4", "仅提及,无数值", "mentioned, no figure"),
    "not set": ("#fafafa", "未设定", "not set"),
}


#: The grid's z value of each class: the colour bar counts upwards, so targets (first in
#: :data:`GRID_CLASSES`) get the highest value and sit at its top.
GRID_Z = list(GRID_CLASSES)[::-1]


def grid_class(row) -> str:
    """Which of :data:`GRID_CLASSES` a headline cell is.

    >>> grid_class({"status": "numeric", "kind": "reported"}), grid_class({"status": "qualitative", "kind": "target"})
    ('reported', 'qualitative')
    """
    status = str(row["status"])
    if status == "numeric":
        return "reported" if row["kind"] == "reported" else "target"
    return status


def cell_text(row, lang: str = "zh", *, draft: bool = False) -> str:
    """A headline cell in words: the strongest statement, how many more the documents make,
    and whether it comes from a draft.

    >>> cell_text({"statement": "target ≥ 90% (2024)", "status": "numeric", "n_statements": 3}, "en", draft=True)
    'target ≥ 90% (2024) (+2 more) · draft for comment'
    """
    more = int(row["n_statements"]) - 1 if str(row["status"]) != "not set" else 0
    text = str(row["statement"]) + (label(lang, f"(另有 {more} 条)", f" (+{more} more)") if more > 0 else "")
    return text + (f" · {word('draft', lang)}" if draft and str(row["status"]) != "not set" else "")


def headline_status_figure(corpus, indicators=None, lang: str = "zh"):
    """Jurisdiction × indicator grid coloured by what each cell holds (a target with a figure,
    a reported figure, a relative target, a mention, nothing); each cell says the statement,
    how many more there are and whether it comes from a draft, its hover the provision number
    and the sentence the cell comes from.

    >>> headline_status_figure(corpus, None, "en").data[0].y
    ('Daxing', 'Huaibei', 'Qinghai', 'Shiyan', 'Tai&#x27;an (draft for comment)')
    """
    import plotly.graph_objects as go

    from fazhi.extract.catalogue import HEADLINE

    t = headline_rows(corpus, indicators or HEADLINE, lang)
    d = corpus.documents
    drafts = set(d.loc[d["is_draft"].astype(bool), "doc_id"])
    draft_places = set(d.loc[d["is_draft"].astype(bool), jurisdiction_column(lang)])
    js = list(dict.fromkeys(t["jurisdiction"]))
    inds = list(dict.fromkeys(t["indicator"]))
    classes = GRID_Z
    cells = t.set_index(["jurisdiction", "indicator"])
    z, text, hover, links = [], [], [], []
    for j in js:
        zr, tr, hr, lr = [], [], [], []
        for i in inds:
            row = cells.loc[(j, i)]
            zr.append(classes.index(grid_class(row)))
            tr.append(esc(cell_text(row, lang, draft=row["doc_id"] in drafts), 16))
            if isinstance(row.get("quote"), str):
                hr.append(esc(printed_label(row["path_label"])) + "<br>" + esc(row["quote"], 30))
                lr.append(statement_link(row["doc_id"], row["provision_id"], row["start"], row["end"], str(row["status"])))
            else:
                hr.append(esc(word("not set", lang)))
                lr.append("")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
        links.append(lr)
    n = len(classes)
    scale = []
    for k, c in enumerate(classes):
        scale += [[k / n, GRID_CLASSES[c][0]], [(k + 1) / n, GRID_CLASSES[c][0]]]
    custom = [[[lk, hv] for lk, hv in zip(lr, hr)] for lr, hr in zip(links, hover)]
    names = [esc(j) + (f" ({esc(word('draft', lang))})" if j in draft_places else "") for j in js]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[wrap(i, 10 if lang == "zh" else 24) for i in inds], y=names, text=text, customdata=custom,
            texttemplate="%{text}", hovertemplate="%{y} · %{x}<br>%{customdata[1]}<extra></extra>", colorscale=scale, zmin=-0.5, zmax=n - 0.5,
            xgap=2, ygap=2, colorbar={"tickvals": list(range(n)), "ticktext": [esc(label(lang, *GRID_CLASSES[c][1:])) for c in classes], "title": {"text": ""}},
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
                    "lower", "upper", "year", "scope", "n_statements", "path_label", "quote"]  # fmt: skip


#: The status grid (a heatmap, a row per jurisdiction) is drawn up to this many jurisdictions;
#: the who-sets-what table below it serves any number.
MAX_GRID_ROWS = 18


def grid_fits(head: pd.DataFrame) -> bool:
    """Whether the headline status grid stays readable (≤ :data:`MAX_GRID_ROWS` jurisdictions).

    >>> grid_fits(headline_rows(corpus, headline_ids(), "zh"))
    True
    """
    return head["jurisdiction"].nunique() <= MAX_GRID_ROWS


def who_sets_what(head: pd.DataFrame, corpus, lang: str = "zh") -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """The headline comparison as a matrix to sort and filter at any number of jurisdictions:
    one row per jurisdiction (with province, level and draft status), one column per indicator
    holding the strongest statement in words (and how many more the documents make), and the
    links of each indicator column to the provision it quotes.

    >>> m, links = who_sets_what(headline_rows(corpus, headline_ids(), "en"), corpus, "en")
    >>> m.columns.tolist()[:3], len(m), links[m.columns[3]].iloc[2]
    (['jurisdiction', 'province', 'level'], 5, 'text/qinghai_2024_key_points.html#s-3231-3251')
    """
    d = corpus.documents
    drafts = set(d.loc[d["is_draft"].astype(bool), "jurisdiction_zh"])
    province = dict(zip(d["jurisdiction_zh"], d["province_zh"]))
    people = list(dict.fromkeys(zip(head["jurisdiction_zh"], head["jurisdiction"], head["level"])))
    rows = {
        word("jurisdiction", lang): [n + (f" ({word('draft', lang)})" if zh in drafts else "") for zh, n, _ in people],
        word("province_name", lang): [province_label(province.get(zh), lang) for zh, _, _ in people],
        word("level", lang): [word(lv, lang) for _, _, lv in people],
    }
    links = {}
    for ind in dict.fromkeys(head["indicator"]):
        cells = head[head["indicator"] == ind].set_index("jurisdiction_zh")
        col = str(ind)
        texts, hrefs = [], []
        for zh, _, _ in people:
            r = cells.loc[zh]
            texts.append(cell_text(r, lang))
            hrefs.append(statement_link(r["doc_id"], r["provision_id"], r["start"], r["end"], str(r["status"])) if isinstance(r.get("provision_id"), str) else "")
        rows[col] = texts
        links[col] = pd.Series(hrefs, dtype=object)
    return pd.DataFrame(rows), links


def headline_ids(indicators=None) -> list[str]:
    """The indicators of the headline comparison: those asked for, else the catalogue's headline three.

    >>> headline_ids()
    ['court_appearance_rate', 'enforcement_training_hours', 'reconsideration_correction_rate']
    """
    from fazhi.extract.catalogue import HEADLINE

    return list(indicators) if indicators else list(HEADLINE)


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


#: Colours of the kinds of statement (the full-text pages underline them alike); never a jurisdiction's.
KIND_COLOURS = {"target": "#1f5fa8", "reported": "#d9730d"}
#: One meaning per shape: a filled circle is an exact target, a filled diamond a reported figure, an
#: open shape an approximate one (约, 左右), a triangle the bound of an open-ended target pointing
#: the way it is open, a bar with two ticks a closed range.
SHAPES = {
    ("target", "exact"): ("circle", "目标(确切值)", "target (exact)"),
    ("target", "approx"): ("circle-open", "目标(约数)", "target (approximate)"),
    ("target", "at least"): ("triangle-right", "目标下限(▶ 不低于、以上)", "target floor (▶ at least)"),
    ("target", "at most"): ("triangle-left", "目标上限(◀ 不超过、以内)", "target ceiling (◀ at most)"),
    ("target", "range"): ("line-ns", "目标区间", "target range"),
    ("reported", "exact"): ("diamond", "报告值", "reported figure"),
    ("reported", "approx"): ("diamond-open", "报告值(约数)", "reported figure (approximate)"),
    ("reported", "at least"): ("triangle-right", "报告值(▶ 以上)", "reported (▶ more than)"),
    ("reported", "at most"): ("triangle-left", "报告值(◀ 以内)", "reported (◀ less than)"),
    ("reported", "range"): ("line-ns", "报告值区间", "reported range"),
}
#: A per-indicator figure names one row per jurisdiction (and year) up to this many rows; past it,
#: every statement is a point on one strip per kind (names on hover, in the table and by highlight).
MAX_NAMED_ROWS = 60
ROW_PX = 20


def _shape(r) -> str:
    """Which of :data:`SHAPES` a statement takes (by comparator and bounds)."""
    if r.comparator == "~":
        return "approx"
    if r.comparator == "between" and pd.notna(r.upper):
        return "range"
    if r.comparator in (">=", ">") and pd.notna(r.lower):
        return "at least"
    if r.comparator in ("<=", "<") and pd.notna(r.upper):
        return "at most"
    return "exact"


def _position(r, shape: str) -> float:
    """Where a statement's mark sits: its bound for an open interval, else its value."""
    if shape == "at least":
        return float(r.lower)
    if shape == "at most":
        return float(r.upper)
    return float(r.value)


def with_marks(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (from :func:`numeric_statements`) with where each statement's mark goes: its
    ``shape`` (a key of :data:`SHAPES`' second part), its ``pos`` (the bound of an open
    interval, else the value) and ``rec``, the row as a plain record — per-row pandas access
    (itertuples builds a class per call, a Series per row) was most of the time of a profile's
    small charts.

    >>> with_marks(numeric_statements(corpus, ["enforcement_training_hours"], "en"))[["shape", "pos"]].values.tolist()
    [['at least', 60.0], ['at least', 60.0]]
    """
    from types import SimpleNamespace

    recs = [SimpleNamespace(**r) for r in rows.to_dict("records")]
    shapes = [_shape(r) for r in recs]
    return rows.assign(shape=shapes, pos=[_position(r, sh) for r, sh in zip(recs, shapes)], rec=recs)


#: A row label quotes at most this many characters of a statement's subject.
SUBJECT_CHARS = 14


def row_keys(p: pd.DataFrame) -> list[tuple]:
    """One chart row per (jurisdiction, year, scope) — and per subject where one row would hold
    several statements about different things (村(居)调解委员会 ≥1名, 镇(街道) ≥2名: three
    targets of one plan), so each mark has its own label.  The fourth part is the subject as
    the label quotes it, empty when the row needs none.

    >>> p = pd.DataFrame({"jurisdiction": ["淮北", "淮北", "大兴"], "year": [None, None, 2022], "scope": [None, None, None],
    ...                   "subject": ["村(居)人民调解委员会配备", "镇(街道)人民调解委员会配备", "每人每年"]})
    >>> [k[3] for k in row_keys(p)]
    ['村(居)人民调解委员会配备', '镇(街道)人民调解委员会配备', '']
    """
    base = list(zip(p["jurisdiction"], p["year"].fillna(-1), p["scope"].fillna("")))
    subjects = [s if isinstance(s, str) else "" for s in p["subject"]]
    seen: dict[tuple, set] = {}
    for b, subj in zip(base, subjects):
        seen.setdefault(b, set()).add(subj)
    short = [subj if len(subj) <= SUBJECT_CHARS else subj[: SUBJECT_CHARS - 1] + "…" for subj in subjects]
    return [(*b, sh if len(seen[b]) > 1 else "") for b, sh in zip(base, short)]


def implausible(value: float, unit: str) -> bool:
    """A figure that cannot be what it says: a rate above 100 % or below 0.

    >>> implausible(112.0, "%"), implausible(95.0, "%"), implausible(120.0, "学时")
    (True, False, False)
    """
    return unit in ("%", "‰") and (value < 0 or value > (100 if unit == "%" else 1000))


def indicator_figure(p: pd.DataFrame, lang: str = "zh", title: str | None = None):
    """One indicator in one unit: every jurisdiction's targets and reported figures.  Up to
    :data:`MAX_NAMED_ROWS` rows (jurisdiction, year, scope) it is a dot plot sorted by value,
    one named row each; past that a strip per kind, the names on hover.  An open-ended target
    is a triangle at its bound pointing the open way (with a thin line to the panel's edge when
    rows are named) — never a bar to an invented ceiling; a range is a line between its ends.
    Colour is the kind (target or reported), so a hundred jurisdictions need no hundred colours;
    each point's customdata is (link, jurisdiction) for the click-through and the highlight.

    >>> rows = numeric_statements(corpus, ["enforcement_training_hours"], "en")
    >>> fig = indicator_figure(rows, "en")
    >>> fig.layout.height <= 1600, sorted({t.marker.symbol for t in fig.data if t.customdata is not None})
    (True, ['triangle-right'])
    """
    import plotly.graph_objects as go

    p = with_marks(p)
    recs = list(p["rec"])
    unit = p["unit"].iloc[0] if len(p) else ""
    unit_shown = unit_name(unit, lang)
    keys = row_keys(p)
    named = len(set(keys)) <= MAX_NAMED_ROWS
    values = pd.concat([p["pos"], p["upper"].where(p["shape"] == "range")]).dropna()
    lo_edge = min(0.0, float(values.min()) if len(values) else 0.0)
    vmax = float(values.max()) if len(values) else 1.0
    hi_edge = vmax * 1.15 if vmax > 0 else 1.0
    if unit == "%":
        hi_edge = max(105.0, hi_edge) if vmax > 100 else 105.0
    kind_name = {k: word(k, lang) for k in KIND_COLOURS}
    if named:
        # Rows sorted by where their mark sits (highest first), then by name: a ranking a reader scans.
        label_of = {}
        for r, key in zip(recs, keys):
            label_of[key] = esc(r.jurisdiction) + year_and_scope(r.year, r.scope, lang) + (f" · “{esc(key[3])}”" if key[3] else "")
        order = p.assign(key=keys).groupby("key", sort=False)["pos"].max().sort_values(ascending=True, kind="stable")
        categories = [label_of[k] for k in order.index]
        y_of = [label_of[k] for k in keys]
    else:
        # One strip per kind; points spread vertically by a fixed hash of their row, so the same data draw the same picture.
        import zlib

        y_of = [(0.0 if k == "target" else 1.0) + ((zlib.crc32(f"{a}|{b}|{c}|{n}".encode()) % 1000) / 1000 - 0.5) * 0.6
                for k, (a, b, c, _), n in zip(p["kind"], keys, range(len(p)))]  # fmt: skip
    p = p.assign(y=y_of)
    fig = go.Figure()
    if named:  # open-ended bounds: a thin line to the panel's edge, ranges: a line between their ends
        for kind, colour in KIND_COLOURS.items():
            xs, ys = [], []
            bounded = p[(p["kind"] == kind) & p["shape"].isin(["at least", "at most", "range"])]
            for r, shape, pos, y in zip(bounded["rec"], bounded["shape"], bounded["pos"], bounded["y"]):
                a, b = (pos, hi_edge) if shape == "at least" else (lo_edge, pos) if shape == "at most" else (r.value, r.upper)
                xs += [a, b, None]
                ys += [y, y, None]
            if xs:
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 2 if kind == "target" else 1.5, "dash": "dot" if kind == "reported" else "solid"},
                                         opacity=0.45, hoverinfo="skip", showlegend=False))  # fmt: skip
    for (kind, shape), (symbol, zh, en) in SHAPES.items():
        g = p[(p["kind"] == kind) & (p["shape"] == shape)]
        if g.empty:
            continue
        colour = KIND_COLOURS[kind]
        bad = [implausible(v, unit) for v in g["pos"]]
        hover = [
            f"{esc(r.jurisdiction)} · {esc(r.indicator)}<br>{esc(describe(vars(r), lang))}"
            + ("<br><b>" + esc(label(lang, "数值不合理:比例超出 0–100%,请核对原文", "implausible: a share outside 0–100 %; check the source")) + "</b>" if b else "")
            + f"<br>{esc(printed_label(r.path_label))} · {esc(r.quote, 30)}"
            for r, b in zip(g["rec"], bad)
        ]
        text = [esc(SYMBOL.get(c, "") + f"{v:g}") if sh in ("at least", "at most") and named else "" for c, v, sh in zip(g["comparator"], g["pos"], g["shape"])]
        fig.add_trace(
            go.Scatter(
                x=g["pos"], y=g["y"], mode="markers+text" if any(text) else "markers", text=text, textposition="middle left" if shape == "at least" else "middle right",
                textfont={"color": colour, "size": 11}, name=esc(label(lang, zh, en)),
                marker={"symbol": symbol, "size": 12 if named else 9, "color": colour, "opacity": 0.9 if named else 0.7,
                        "line": {"width": [3 if b else (2 if "open" in symbol or symbol == "line-ns" else 0.5) for b in bad], "color": ["#c00000" if b else colour for b in bad]}},
                customdata=[[statement_link(d, pid, a, b), j] for d, pid, a, b, j in zip(g["doc_id"], g["provision_id"], g["start"], g["end"], g["jurisdiction"])],
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            )
        )  # fmt: skip
    name = title or f"{wrap(p['indicator'].iloc[0], 40 if lang == 'zh' else 70) if len(p) else ''} ({esc(unit_shown)})"
    if named:
        height = 150 + ROW_PX * max(1, len(categories))
        fig.update_yaxes(categoryorder="array", categoryarray=categories, type="category")
    else:
        height = 360
        fig.update_yaxes(tickvals=[0, 1], ticktext=[esc(kind_name["target"]), esc(kind_name["reported"])], range=[-0.6, 1.6], zeroline=False)
    fig.update_xaxes(range=[lo_edge, hi_edge], zeroline=True, title_text=esc(unit_shown))
    fig = figure_layout(fig, name, height=height)
    # The legend sits between the title and the plot, in one line: it explains shapes and colours, not names.
    fig.update_layout(margin={"t": 100, "b": 50}, legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}, title={"y": 0.995, "yanchor": "top"})
    return fig


def indicator_views(rows: pd.DataFrame, corpus, lang: str = "zh") -> list[tuple]:
    """For every (indicator, unit) of ``rows`` (from :func:`numeric_statements`): its figure, the
    rows it draws (the CSV), a file name and notes (how many jurisdictions, implausible values).
    No unit is merged into another: 期 and 次 of one indicator are two views.

    >>> [(f.layout.height <= 1600, file) for f, _, file, _ in indicator_views(numeric_statements(corpus, ["court_appearance_rate"], "en"), corpus, "en")]
    [(True, 'court_appearance_rate_pct.csv')]
    """
    out = []
    for (ind_id, unit), g in rows.groupby(["indicator_id", "unit"], sort=False):
        fig = indicator_figure(g, lang)
        drawn = drawn_rows(g, corpus, lang)
        n_j = g["jurisdiction"].nunique()
        kinds = g.groupby("kind")["jurisdiction"].nunique()
        notes = [label(lang, f"{n_j} 个辖区:{kinds.get('target', 0)} 个设定目标,{kinds.get('reported', 0)} 个报告数值。",
                       f"{n_j} jurisdiction(s): {kinds.get('target', 0)} set a target, {kinds.get('reported', 0)} report a figure.")]  # fmt: skip
        marked = with_marks(g)
        bad = [r for r, pos in zip(marked["rec"], marked["pos"]) if implausible(pos, unit)]
        if bad:
            items = "; ".join(f"{r.jurisdiction} {r.path_label}: {r.quote}" for r in bad)
            notes.append(label(lang, f"{len(bad)} 个数值不合理(比例超出 0–100%),以红框标出,请核对原文:{items}", f"{len(bad)} implausible value(s) (a share outside 0–100 %), outlined in red — check the source: {items}"))
        if n_j > MAX_NAMED_ROWS:
            notes.append(label(lang, "辖区太多,不逐行列名:悬停看名称,用页首的“突出显示”查找一个辖区,或在下面的表中搜索。",
                               "Too many jurisdictions to name a row each: hover for names, use “Highlight” at the top of the page, or search the table below."))  # fmt: skip
        out.append((fig, drawn, f"{ind_id}_{unit_slug(unit)}.csv", notes))
    return out


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
            "scope": rows["scope"].map(lambda v: scope_label(v, lang)),
            "provision": rows["path_label"].map(printed_label),
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
    notes = [
        label(lang, f"{j}:《{t}》是征求意见稿,不是正式文本。", f"{j}: 《{t}》 is a draft for comment, not the final text.")
        for j, t in zip(d[jurisdiction_column(lang)], d["title"])
    ]
    docs = corpus.documents
    own = docs[docs["issuer_level"] != "government"] if "issuer_level" in docs else docs.iloc[0:0]
    if len(own):
        listed = "; ".join(f"{j} 《{t if isinstance(t, str) else doc}》 ({word(lv, lang)})" for j, t, doc, lv in zip(own[jurisdiction_column(lang)], own["title"], own["doc_id"], own["issuer_level"]))
        notes.append(label(lang, f"比较只用代表整个辖区(政府)的文件;{len(own)} 份部门或街道乡镇自己的文件不计入:{listed}。",
                           f"Comparisons use only documents that speak for the whole jurisdiction (its government); {len(own)} document(s) of a department or sub-district are left out: {listed}."))  # fmt: skip
    return notes


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
            word("provision", lang): r["path_label"].map(printed_label),
            word("quote", lang): r["quote"],
        }
    ).reset_index(drop=True)


def statement_links(corpus, indicators=None, mapped_only: bool = True) -> pd.Series:
    """Full-text links of the rows of :func:`statements_table` (or :func:`all_statements_table`).

    >>> statement_links(corpus, ["reconsideration_correction_rate"])[0]
    'text/shiyan_2023_report.html#s-4901-4910'
    """
    return _statement_links(statement_rows(corpus, indicators, mapped_only=mapped_only))


def deadlines_table(d: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Deadlines (from :func:`fazhi.report.profile.deadlines`) as a table in ``lang``.

    >>> from fazhi.report.profile import deadlines
    >>> deadlines_table(deadlines(corpus), "en").columns.tolist()
    ['provision', 'deadline (as written)', 'year', 'month', 'recurring', 'task (as written)']
    """
    yes, no = label(lang, "是", "yes"), label(lang, "否", "no")
    return pd.DataFrame(
        {
            word("provision", lang): d["path_label"].map(printed_label),
            word("deadline", lang): d["deadline"],
            word("year", lang): d["year"].astype("Int64"),
            label(lang, "月", "month"): d["month"].astype("Int64"),
            label(lang, "经常性", "recurring"): d["recurring"].map({True: yes, False: no}),
            label(lang, "任务(原文)", "task (as written)"): d["task"],
        }
    ).reset_index(drop=True)


def _comparator_words(comparator, relative_comparator, relative_to, lang: str) -> str:
    """A comparator as a table shows it: ``≥``; a relative target's comparison and benchmark in words."""
    if comparator == "relative":
        return f"{SYMBOL.get(relative_comparator, relative_comparator)} “{relative_to}”"
    return SYMBOL.get(comparator, comparator)


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
            word("provision", lang): i["path_label"].map(printed_label),
            word("subject", lang): i["subject"],
            word("indicator", lang): i[label(lang, "indicator_zh", "indicator_en")].fillna(word("unmapped", lang)),
            word("kind", lang): i["kind"].map(lambda v: word(v, lang)),
            word("comparator", lang): [_comparator_words(c, rc, rt, lang) for c, rc, rt in zip(i["comparator"], i["relative_comparator"], i["relative_to"])],
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
