"""One jurisdiction's profile: its documents and their status, every figure it sets or
reports, what became of its targets and which it took from above, its tasks by theme, the units it names, its deadlines and the text it shares.

``corpus`` is the whole corpus (shared text needs the others); ``jurisdiction`` a name
(zh or en) or a doc_id.

>>> slug("Tai'an"), slug("Huaibei"), slug("大兴区")
('tai-an', 'huaibei', '')
"""

from __future__ import annotations

import re

import pandas as pd

from fazhi.report.i18n import full_name, jurisdiction_column, scope_name, unit_name, unit_slug, word
from fazhi.report.view import NEUTRAL, THEME_COLOURS, esc, figure_layout, label, palette, theme_names
from fazhi.report.provenance import provision_links


def slug(name: str) -> str:
    """A file-name part from an English name: lowercase ASCII words joined by ``-``.

    >>> slug("Tai'an")
    'tai-an'
    """
    return "-".join(re.findall(r"[a-z0-9]+", str(name).lower()))


def jurisdictions(corpus) -> list[tuple[str, str, str]]:
    """(jurisdiction_zh, jurisdiction_en, page slug) of every jurisdiction, in manifest order;
    the slug falls back to the first doc_id where the English name gives none or repeats.

    >>> jurisdictions(corpus)[1]
    ('台安县', "Tai'an", 'tai-an')
    """
    from fazhi.report.compare import latest_names

    out, seen = [], set()
    # One profile per jurisdiction (its Chinese name), named as its latest document names it in English.
    names = latest_names(corpus.documents)
    for zh, g in corpus.documents.groupby("jurisdiction_zh", sort=False):
        en = names[zh][0]
        s = slug(en)
        if not s or s in seen:
            s = g["doc_id"].iloc[0]
        seen.add(s)
        out.append((zh, en, s))
    return out


def own(corpus, jurisdiction: str):
    """The corpus restricted to one jurisdiction (all its documents).

    >>> own(corpus, "Tai'an").documents["doc_id"].tolist()
    ['taian_2017_plan']
    """
    d = corpus.documents
    hit = d[(d["jurisdiction_zh"] == jurisdiction) | (d["jurisdiction_en"] == jurisdiction) | (d["doc_id"] == jurisdiction)]
    if hit.empty:
        raise KeyError(f"unknown jurisdiction {jurisdiction!r}; known: {', '.join(dict.fromkeys(d['jurisdiction_en']))}")
    return corpus.subset(list(dict.fromkeys(hit["jurisdiction_zh"])))


def name(corpus, lang: str) -> str:
    """The jurisdiction's name in ``lang`` (the first document's).

    >>> name(own(corpus, "台安县"), "en")
    "Tai'an"
    """
    return str(corpus.documents[jurisdiction_column(lang)].iloc[0])


def full_title(corpus, lang: str) -> str:
    """The jurisdiction's name with its level and province, as a profile's heading gives it
    (``Tai'an`` alone reads as 泰安 of Shandong).

    >>> full_title(own(corpus, "台安县"), "en"), full_title(own(corpus, "台安县"), "zh")
    ("Tai'an County, Liaoning (台安县)", '辽宁省台安县')
    """
    d = corpus.documents.iloc[0]
    return full_name(d["jurisdiction_zh"], d["jurisdiction_en"], d["level"], d["province_zh"], lang)


def scope_notes(corpus, lang: str) -> list[str]:
    """Status and scope a reader must know before comparing: drafts, figures limited to a
    level (市级, 县级), several documents over different periods.

    >>> scope_notes(own(corpus, "Tai'an"), "en")[0][:40]
    '《台安县法治政府建设实施方案(2017-2020年)》 is a draft f'
    """
    notes = []
    d = corpus.documents
    for r in d.itertuples():
        if r.is_draft:
            notes.append(label(lang, f"《{r.title}》是征求意见稿,不是正式文本:其目标可能在定稿时改变。", f"《{r.title}》 is a draft for comment, not the final text: its targets may change."))
    scopes = corpus.indicators["scope"].dropna()
    if len(scopes):
        listed = "、".join(dict.fromkeys(scopes)) if lang == "zh" else "; ".join(dict.fromkeys(scope_name(v, "en") for v in scopes))
        notes.append(label(lang, f"有 {len(scopes)} 条数值只适用于部分层级({listed}),不是全辖区的数值。", f"{len(scopes)} figure(s) apply to one level only ({listed}), not to the whole jurisdiction."))
    if len(d) > 1:
        periods = ", ".join(f"{a}–{b}" for a, b in zip(d["period_start"], d["period_end"]))
        notes.append(label(lang, f"本辖区有 {len(d)} 份文件(期间 {periods}):同一指标可能在不同年份有不同目标。", f"{len(d)} documents (periods {periods}): one indicator may have different targets in different years."))
    return notes


def tasks_by_theme_figure(corpus, lang: str = "zh"):
    """How many of the jurisdiction's tasks fall in each outline task area (a report without
    a forward-looking part counts all its items).

    >>> tasks_by_theme_figure(own(corpus, "Qinghai"), "en").data[0].type
    'bar'
    """
    import plotly.graph_objects as go

    counts = tasks_by_theme(corpus)
    names = theme_names(lang)
    fig = go.Figure(
        go.Bar(
            x=counts.values, y=[esc(names.get(t, t)) for t in counts.index], orientation="h",
            marker_color=[THEME_COLOURS.get(t, NEUTRAL) for t in counts.index], hovertemplate="%{y}: %{x}<extra></extra>", showlegend=False,
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return figure_layout(fig, label(lang, "任务条目按纲要任务领域", "Tasks by national outline task area"), word("count", lang), None, 120 + 34 * max(1, len(counts)))


def tasks_by_theme(corpus) -> pd.Series:
    """Theme id → number of task provisions (outline order; themes without tasks left out).

    >>> int(tasks_by_theme(own(corpus, "Qinghai")).sum()) > 0
    True
    """
    from fazhi.report.summaries import counted_provisions

    t = corpus.themes[corpus.themes["provision_id"].isin(counted_provisions(corpus.provisions)["provision_id"])]
    counts = t["theme_id"].value_counts()
    return counts.reindex([k for k in THEME_COLOURS if k in counts.index]).astype(int)


def units_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """Units named as lead or partner, with how many provisions name them.

    >>> units_table(own(corpus, "Huaibei"), "zh").columns.tolist()
    ['单位名称', '牵头单位', '配合单位']
    """
    p = corpus.provisions
    rows = []
    for role in ("lead_units", "partner_units"):
        e = p[["provision_id", role]].explode(role).dropna()
        for unit, n in e[role].value_counts().items():
            rows.append({word("unit name", lang): unit, word("lead units" if role == "lead_units" else "partner units", lang): int(n)})
    if not rows:
        return pd.DataFrame(columns=[word("unit name", lang), word("lead units", lang), word("partner units", lang)])
    t = pd.DataFrame(rows).groupby(word("unit name", lang), sort=False).sum(min_count=1).reset_index()
    for col in (word("lead units", lang), word("partner units", lang)):
        if col not in t:
            t[col] = 0
        t[col] = t[col].fillna(0).astype(int)
    return t.sort_values([word("lead units", lang), word("partner units", lang)], ascending=False, kind="stable").reset_index(drop=True)


def deadlines(corpus) -> pd.DataFrame:
    """One row per time limit named in a provision: when (year, month), whether recurring,
    the words, and the provision.

    >>> deadlines(own(corpus, "Huaibei")).columns.tolist()[-4:]
    ['year', 'month', 'recurring', 'deadline']
    """
    from fazhi.extract.indicators import sentence_span

    p = corpus.provisions
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    rows = []
    for r in p.itertuples():
        for d in r.deadlines:
            # The task a deadline belongs to: the sentence that names it, within its provision.
            text = texts[r.doc_id]
            a, b = sentence_span(text, int(d["start"])) if d.get("start") is not None else (r.start, r.start)
            task = text[max(a, r.start) : min(b, r.end)].strip() or (r.heading if isinstance(r.heading, str) else "")
            rows.append({"doc_id": r.doc_id, "provision_id": r.provision_id, "path_label": r.path_label, "heading": r.heading, "task": task,
                         "year": d["year"], "month": d["month"], "recurring": bool(d["recurring"]), "deadline": d["text"]})  # fmt: skip
    return pd.DataFrame(rows, columns=["doc_id", "provision_id", "path_label", "heading", "task", "year", "month", "recurring", "deadline"])


def deadlines_figure(corpus, lang: str = "zh"):
    """Dated deadlines on a timeline (year, and month where given), one mark per provision;
    recurring ones (每年) are listed in the table, not placed on the line.

    >>> deadlines_figure(own(corpus, "Huaibei"), "en").layout.xaxis.dtick
    1
    """
    import plotly.graph_objects as go

    d = deadlines(corpus)
    d = d[~d["recurring"] & d["year"].notna()]
    colour = next(iter(palette(corpus.documents, lang).values()), NEUTRAL)
    when = d["year"].astype(float) + (d["month"].fillna(12).astype(float) - 0.5) / 12
    fig = go.Figure(
        go.Scatter(
            x=when, y=[esc(p) for p in d["path_label"]], mode="markers", marker={"size": 11, "color": colour, "symbol": "square"},
            text=[esc(p) + " · " + esc(t) + "<br>" + esc(task, 30) for p, task, t in zip(d["path_label"], d["task"], d["deadline"])],
            customdata=provision_links(d).tolist(), hovertemplate="%{text}<extra></extra>", showlegend=False,
        )
    )  # fmt: skip
    fig.update_xaxes(dtick=1, tickformat="d")
    return figure_layout(fig, label(lang, "时限(按年月)", "Deadlines (by year and month)"), word("year", lang), word("provision", lang), 160 + 18 * max(1, d["path_label"].nunique()))


#: A profile lists this many of its longest shared passages (at a hundred jurisdictions of one
#: genre a document shares thousands); :func:`shared_with` sums up all of them.
TOP_PASSAGES = 20


def shared_with(full, mine, lang: str = "zh", *, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Whom this jurisdiction shares text with: one row per other jurisdiction, the passages
    and characters shared, most first (every passage counted, not only those listed, but those
    both took from a document above them, as on the shared-text page;
    ``passages``: :func:`shared_text` with ``top=None``, if already at hand).

    >>> shared_with(corpus, own(corpus, "Daxing"), "en").columns.tolist()
    ['shared with', 'passages', 'characters shared']
    """
    t = shared_text(full, mine, lang, top=None) if passages is None else passages
    t = t[t[ABOVE[lang]].isna()]  # what both took from a document above them is not shared between them
    other = t[word("shared with", lang)].str.rsplit(" ", n=1).str[0]
    g = t.assign(other=other).groupby("other", sort=False).agg(passages=("doc_id", "size"), chars=(word("matched", lang), "sum"))
    g = g.sort_values(["chars", "passages"], ascending=False, kind="stable").reset_index()
    g.columns = [word("shared with", lang), word("passages", lang), word("matched", lang)]
    return g


#: The column naming the document above both that a passage was taken from (empty: their own).
ABOVE = {"zh": "取自上级文件", "en": "taken from above"}
_REUSE_BY_DOC: dict = {}


def _reuse_rows(full, ids) -> list[int]:
    """Positions of the reuse rows that involve any of ``ids`` (an index by document, built
    once per corpus: scanning every passage for each of a thousand profiles was a third of
    their time)."""
    import numpy as np

    r = full.reuse
    if _REUSE_BY_DOC.get("table") is not r:  # the cache holds the table itself: an id could be reused by another corpus
        docs = np.concatenate([r["doc_id_a"].to_numpy(object), r["doc_id_b"].to_numpy(object)])
        groups = pd.Series(docs).groupby(docs).indices if len(r) else {}  # positions in a+b: row = position mod len
        _REUSE_BY_DOC.update(table=r, index={d: np.unique(pos % len(r)) for d, pos in groups.items()})
    index = _REUSE_BY_DOC["index"]
    found = [index[d] for d in ids if d in index]
    return sorted(set(np.concatenate(found).tolist())) if found else []


def shared_text(full, mine, lang: str = "zh", top: int | None = TOP_PASSAGES) -> pd.DataFrame:
    """Passages this jurisdiction's documents share with other jurisdictions' (longest first;
    the ``top`` longest, or all with ``top=None``).

    >>> shared_text(corpus, own(corpus, "Daxing"), "en").columns.tolist()[2:5]
    ['provision', 'shared with', 'characters shared']
    """
    from fazhi.report.sharedtext import above_labels

    ids = set(mine.documents["doc_id"])
    r = full.reuse.iloc[_reuse_rows(full, ids)]
    r = r[r["doc_id_a"].isin(ids) ^ r["doc_id_b"].isin(ids)]
    flip = r["doc_id_b"].isin(ids)
    names = dict(zip(full.documents["doc_id"], full.documents[jurisdiction_column(lang)]))
    printed = dict(zip(full.provisions["provision_id"], full.provisions["path_label"]))
    own_pid = r["provision_id_b"].where(flip, r["provision_id_a"])
    other_pid = r["provision_id_a"].where(flip, r["provision_id_b"])
    other_doc = r["doc_id_a"].where(flip, r["doc_id_b"])
    out = pd.DataFrame(
        {
            "doc_id": r["doc_id_b"].where(flip, r["doc_id_a"]),
            "provision_id": own_pid,
            word("provision", lang): own_pid.map(printed),
            word("shared with", lang): other_doc.map(names) + " " + other_pid.map(printed).fillna(""),
            word("matched", lang): r["matched"],
            word("text", lang): r["text_b"].where(flip, r["text_a"]),
            ABOVE[lang]: above_labels(full, r, lang),
        }
    )
    out = out.sort_values(word("matched", lang), ascending=False, kind="stable").reset_index(drop=True)
    return out if top is None else out.head(top)


_DISTRIBUTIONS: dict = {}


def distributions(full, lang: str = "zh") -> pd.DataFrame:
    """Where every jurisdiction's marks sit, per (indicator, unit, kind): quartiles, extremes,
    how many jurisdictions, and the sorted positions (for ranks).  Computed once per corpus and
    language (a profile page at a hundred jurisdictions reuses it).

    >>> d = distributions(corpus, "en")
    >>> int(d.loc[("court_appearance_rate", "%", "target"), "n"])
    2
    """
    from fazhi.report import targets

    if _DISTRIBUTIONS.get("table") is not full.indicators or lang not in _DISTRIBUTIONS:  # keyed by the table itself (ids are reused)
        if _DISTRIBUTIONS.get("table") is not full.indicators:
            _DISTRIBUTIONS.clear()
            _DISTRIBUTIONS["table"] = full.indicators
        rows = targets.with_marks(targets.numeric_statements(full, None, lang))
        best = rows.groupby(["indicator_id", "unit", "kind", "jurisdiction_zh"])["pos"].max().reset_index()
        g = best.groupby(["indicator_id", "unit", "kind"])["pos"]
        _DISTRIBUTIONS[lang] = pd.DataFrame({"n": g.size(), "q1": g.quantile(0.25), "median": g.median(), "q3": g.quantile(0.75), "low": g.min(), "high": g.max(),
                                            "sorted": g.apply(lambda v: sorted(v, reverse=True))})  # fmt: skip
    return _DISTRIBUTIONS[lang]


def place_views(full, mine, lang: str = "zh", *, rows: pd.DataFrame | None = None) -> list[tuple]:
    """The jurisdiction's figures among everyone's: one chart per unit, a row per indicator
    (and year), its own marks in the shapes and colours of the comparison page over a grey band
    from the lower to the upper quartile of all jurisdictions (the median a tick; hover for the
    count and its rank).  Built as plain plotly data (no validation: a hundred profiles are
    cheap).  Returns (figure spec, rows drawn, file, notes) per unit (``rows``: the
    jurisdiction's :func:`~fazhi.report.targets.numeric_statements`, if already at hand).

    >>> spec, drawn, file, notes = place_views(corpus, own(corpus, "Daxing"), "en")[0]
    >>> file.startswith("figures_"), len(drawn) == sum(len(t["customdata"]) for t in spec["data"] if "customdata" in t)
    (True, True)
    """
    from fazhi.report import targets
    from fazhi.report.provenance import statement_link
    from fazhi.report.view import FONT, MAX_HEIGHT

    rows = targets.numeric_statements(mine, None, lang) if rows is None else rows
    dist = distributions(full, lang)
    out = []
    for unit, g in rows.groupby("unit", sort=False):
        marked = targets.with_marks(g)
        cats, data = [], []
        lines: dict[str, list] = {"x": [], "y": []}
        ticks: dict[str, list] = {"x": [], "y": [], "text": []}
        marks: dict[tuple, dict] = {}
        hi = 0.0
        for r, shape, pos in zip(marked["rec"].map(vars), marked["shape"], marked["pos"]):
            cat = esc(r["indicator"]) + targets.year_and_scope(r["year"], r["scope"], lang)
            cats.append(cat)
            hi = max(hi, pos, float(r["upper"]) if pd.notna(r["upper"]) else 0.0)
            rank = ""
            key = (r["indicator_id"], r["unit"], r["kind"])
            if key in dist.index:
                d = dist.loc[key]
                hi = max(hi, float(d["high"]))
                above = sum(1 for v in d["sorted"] if v > pos)
                rank = label(lang, f"在 {int(d['n'])} 个辖区中排第 {above + 1}", f"rank {above + 1} of {int(d['n'])} jurisdictions")
                if int(d["n"]) > 1:
                    lines["x"] += [float(d["q1"]), float(d["q3"]), None]
                    lines["y"] += [cat, cat, None]
                    ticks["x"].append(float(d["median"]))
                    ticks["y"].append(cat)
                    ticks["text"].append(esc(label(lang, f"全部 {int(d['n'])} 个辖区({word(r['kind'], lang)}):中位数 {d['median']:g},四分位 {d['q1']:g}–{d['q3']:g},范围 {d['low']:g}–{d['high']:g}",
                                                      f"all {int(d['n'])} jurisdictions ({word(r['kind'], lang)}): median {d['median']:g}, quartiles {d['q1']:g}–{d['q3']:g}, range {d['low']:g}–{d['high']:g}")))  # fmt: skip
            m = marks.setdefault((r["kind"], shape), {"x": [], "y": [], "customdata": [], "hovertext": []})
            m["x"].append(pos)
            m["y"].append(cat)
            m["customdata"].append([statement_link(r["doc_id"], r["provision_id"], r["start"], r["end"]), r["jurisdiction"]])
            m["hovertext"].append(f"{esc(targets.describe(r, lang))}<br>{esc(rank)}<br>{esc(r['path_label'])} · {esc(r['quote'], 30)}")
        if lines["x"]:
            data.append({"type": "scatter", "mode": "lines", "x": lines["x"], "y": lines["y"], "line": {"color": "#d0d0d0", "width": 9}, "hoverinfo": "skip",
                         "name": label(lang, "全部辖区的四分位区间", "all jurisdictions: quartile band")})  # fmt: skip
            data.append({"type": "scatter", "mode": "markers", "x": ticks["x"], "y": ticks["y"], "marker": {"symbol": "line-ns-open", "size": 14, "color": "#777", "line": {"width": 2}},
                         "hovertext": ticks["text"], "hovertemplate": "%{hovertext}<extra></extra>", "name": label(lang, "全部辖区的中位数", "all jurisdictions: median")})  # fmt: skip
        for (kind, shape), m in marks.items():
            symbol, zh, en = targets.SHAPES[(kind, shape)]
            colour = targets.KIND_COLOURS[kind]
            data.append({"type": "scatter", "mode": "markers", **m, "hovertemplate": "%{hovertext}<extra></extra>", "name": esc(label(lang, zh, en)),
                         "marker": {"symbol": symbol, "size": 12, "color": colour, "line": {"width": 2, "color": colour}}})  # fmt: skip
        cats = list(dict.fromkeys(cats))
        unit_shown = unit_name(unit, lang)
        right = max(105.0, hi * 1.05) if unit == "%" else (hi * 1.15 or 1.0)
        axis = {"gridcolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "automargin": True}
        spec = {"data": data, "layout": {
            "title": {"text": esc(label(lang, f"本辖区的数值在全部辖区中的位置({unit_shown})", f"Its figures among all jurisdictions ({unit_shown})"))},
            "font": {"family": FONT, "size": 13}, "height": min(MAX_HEIGHT, 170 + 30 * len(cats)), "paper_bgcolor": "white", "plot_bgcolor": "white",
            "margin": {"l": 60, "r": 30, "t": 100, "b": 50}, "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}, "hoverlabel": {"font": {"family": FONT}},
            "xaxis": {**axis, "range": [0, right], "title": {"text": esc(unit_shown)}},
            "yaxis": {**axis, "type": "category", "categoryorder": "array", "categoryarray": cats[::-1]}}}  # fmt: skip
        out.append((spec, targets.drawn_rows(g, mine, lang), f"figures_{unit_slug(unit)}.csv", []))
    return out


def write(out, full, jurisdiction: str):
    """One jurisdiction's profile, section by section, into ``out`` — a
    :class:`fazhi.report.view.Notebook` in JupyterLab (``05_profile.py``) or a
    :class:`fazhi.report.view.Page` when ``fazhi brief`` writes the site: defined once,
    rendered without a kernel at a hundred jurisdictions.

    >>> from fazhi.report.view import Page
    >>> out = Page("en")
    >>> _ = write(out, corpus, "Daxing")
    >>> "Deadlines" in out.html("Daxing")
    True
    """
    from fazhi.report import follow, overview, targets
    from fazhi.report.provenance import provision_links, with_provenance

    lang = out.lang
    mine = own(full, jurisdiction)
    out.heading(full_title(mine, lang))
    out.section("文件与状态", "Documents and their status")
    docs = overview.documents_table(mine, lang)
    out.table(docs, file="documents.csv", data=with_provenance(docs.assign(doc_id=mine.documents["doc_id"].values), mine, lang),
              links={docs.columns[5]: overview.document_links(mine)}, paging=False)  # fmt: skip
    out.notes(scope_notes(mine, lang))
    out.section("全部目标与报告值", "Every target and reported figure",
                "图中是归入指标目录的数值表述;表中是全部数值与相对表述(包括未归入目录的),附需核对的原因。",
                "The chart draws numeric statements mapped to the catalogue; the table lists every figure and relative statement, mapped or not, with why it may need checking.")  # fmt: skip
    rows = targets.numeric_statements(mine, None, lang)
    for spec, drawn, file, notes in place_views(full, mine, lang, rows=rows):
        out.figure(spec, drawn, file=file, notes=notes)
    out.notes(targets.left_out_notes(mine, None, rows, lang))
    everything = targets.all_statements_table(mine, lang)
    out.table(everything, file="statements_all.csv", data=targets.download_rows(mine, lang),
              links={everything.columns[1]: targets.statement_links(mine, mapped_only=False)})  # fmt: skip
    out.section("目标落实与承袭", "Targets followed and taken from above",
                "规划类文件的每个数值目标与本辖区其后报告中同一指标、同一单位、同一范围的数值;以及与上级文件(同省上级、国家)目标的关系。",
                "Each numeric target of the plans against the figures later reports of this jurisdiction give for the same indicator, unit and scope; and how each target relates to those of documents of the levels above (the province, the nation).")  # fmt: skip
    out.notes(follow.follow_summary(mine, lang))
    # The rows a later report speaks in; a target no report has spoken of yet is counted above and
    # listed on the follow-through page (at a hundred jurisdictions these rows were a tenth of the site).
    evidence = follow.with_report(mine)
    if not evidence.follow_through.empty:
        followed = follow.follow_table(evidence, lang)
        out.table(followed, file="follow_through.csv", data=evidence.follow_through, links=follow.follow_links(evidence, lang))
    silent = len(mine.follow_through) - len(evidence.follow_through)
    if silent:
        out.notes([label(lang, f"另有 {silent} 行目标尚无后续报告提及(无后续报告、未到目标年份或报告未提及),见“目标落实”页。",
                         f"{silent} more rows are targets no later report speaks of yet (no later report, target year not reached, or not reported): see the follow-through page.")])  # fmt: skip
    out.notes(follow.cascade_summary(mine, lang))
    taken = follow.cascade_table(mine, lang, full.documents)
    if not taken.empty:
        out.table(taken, file="cascade.csv", data=mine.cascade[mine.cascade["relation"] != "own"], links=follow.cascade_links(mine, lang))
    out.section("任务按纲要任务领域", "Tasks by outline task area")
    counts = tasks_by_theme(mine)
    out.figure(tasks_by_theme_figure(mine, lang), counts.rename("tasks").rename_axis("theme_id").reset_index(), file="tasks_by_theme.csv")
    out.section("牵头与配合单位", "Lead and partner units", "文件在各条目中点名的牵头单位和配合单位,以及点名的条目数。",
                "Units the documents name as lead or partner in their provisions (as written, in Chinese), and how many provisions name each.")  # fmt: skip
    out.table(units_table(mine, lang), file="units.csv")
    out.section("时限", "Deadlines", "有具体年月的时限按时间排列;“每年”之类的经常性时限列在表中。",
                "Dated deadlines on a timeline; recurring ones (每年, every year) are in the table.")  # fmt: skip
    dl = deadlines(mine)
    if (~dl["recurring"] & dl["year"].notna()).any():
        out.figure(deadlines_figure(mine, lang), dl, file="deadlines.csv")
    dates = targets.deadlines_table(dl, lang)
    out.table(dates, file="deadlines_all.csv", data=dl, links={dates.columns[0]: provision_links(dl)})
    out.section("与其他辖区共享的文字", "Text shared with other jurisdictions",
                f"与每个其他辖区共享的段落数与字数(双方都取自上级文件的段落不计),以及最长的 {TOP_PASSAGES} 个共享段落(注明取自哪份上级文件)。",
                f"Passages and characters shared with each other jurisdiction (not counting what both took from a document above them), and the {TOP_PASSAGES} longest shared passages (naming the document above they were taken from).")  # fmt: skip
    passages = shared_text(full, mine, lang, top=None)
    out.table(shared_with(full, mine, lang, passages=passages), file="shared_with.csv", paging=True)
    shared = passages.head(TOP_PASSAGES)
    out.table(shared.drop(columns=["doc_id", "provision_id"]), file="shared_text.csv", data=shared, links={shared.columns[2]: provision_links(shared)})
    out.methodology()
    return mine


def page(full, jurisdiction: str, lang: str = "zh", *, footer: str = "", nav: str = "") -> str:
    """The profile as one offline HTML page (no kernel).

    >>> "<h1>北京市大兴区</h1>" in page(corpus, "Daxing", "zh")
    True
    """
    from fazhi.report.view import Page

    out = Page(lang)
    mine = write(out, full, jurisdiction)
    title = ("辖区概况:" if lang == "zh" else "Profile: ") + full_title(mine, lang)
    return out.html(title, footer, nav)
