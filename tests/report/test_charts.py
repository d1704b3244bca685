"""The briefings' charts and tables checked against the indicators table, not by eye."""

import json

import pandas as pd
import pytest

from fazhi.report import view, overview, provenance, sharedtext, targets, themepage, profile
from fazhi.report.compare import headline_matrix
from fazhi.report.fulltext import page as fulltext_page
from fazhi.report.i18n import WORDS, unit_name, word
from fazhi.report.render import csv_text


def _marks(fig):
    """Every statement mark of an indicator figure: (jurisdiction, x, link), one per point with customdata."""
    out = []
    for t in fig.data:
        if t.customdata is not None and len(t.customdata):
            out += [(c[1], float(x), c[0]) for x, c in zip(t.x, t.customdata)]
    return out


@pytest.fixture(scope="module")
def headline(corpus):
    rows = targets.numeric_statements(corpus, targets.headline_ids(), "zh")
    return rows, targets.indicator_views(rows, corpus, "zh")


def test_every_headline_figure_is_drawn_where_the_table_says(headline, corpus):
    rows, views = headline
    marks = [m for fig, *_ in views for m in _marks(fig)]
    assert len(marks) == len(rows) == 7
    # Each statement's mark sits at its value (exact) or at its bound (open interval).
    expected = sorted((r.jurisdiction_zh, float(r.lower if r.comparator in (">=", ">") else r.upper if r.comparator in ("<=", "<") else r.value),
                       provenance.statement_link(r.doc_id, r.provision_id, r.start, r.end)) for r in rows.itertuples())  # fmt: skip
    assert sorted(marks) == expected
    # One view per indicator and unit; the 60-hour training targets of Huaibei and Daxing are there, in class hours.
    assert [file for _, _, file, _ in views] == ["court_appearance_rate_pct.csv", "enforcement_training_hours_class-hours.csv", "reconsideration_correction_rate_pct.csv"]
    hours = rows[rows["indicator_id"] == "enforcement_training_hours"]
    assert sorted(hours["jurisdiction_zh"]) == ["大兴区", "淮北市"] and set(hours["unit"]) == {"学时"}
    assert "学时" in views[1][0].layout.title.text
    # Every view's CSV has one row per mark.
    assert all(len(drawn) == len(_marks(fig)) for fig, drawn, _, _ in views)


def test_open_ended_targets_are_bounds_pointing_the_open_way_not_bars_to_an_invented_ceiling(headline):
    rows, views = headline
    open_rows = rows[rows["upper"].isna() & rows["comparator"].isin([">=", ">"])]
    bounds = [(x, t) for fig, *_ in views for t in fig.data if t.customdata is not None and t.marker.symbol == "triangle-right" for x in t.x]
    assert len(bounds) == len(open_rows) == 4
    assert sorted(float(x) for x, _ in bounds) == sorted(open_rows["lower"].astype(float))
    labels = {text for fig, *_ in views for t in fig.data if t.text is not None for text in t.text if text}
    assert {"≥90", "≥60", "≥100"} <= labels
    # The thin line from a bound runs to the panel's edge (past every value): the interval is open, not capped.
    for fig, *_ in views:
        lines = [t for t in fig.data if t.mode == "lines"]
        for t in lines:
            ends = [x for x in t.x[1::3]]
            assert all(e == fig.layout.xaxis.range[1] for e in ends)


def test_one_meaning_per_shape_and_colour_is_the_kind(headline):
    _, views = headline
    for fig, *_ in views:
        for t in fig.data:
            if t.customdata is None:
                continue
            kind = "target" if t.marker.color == targets.KIND_COLOURS["target"] else "reported"
            assert t.marker.color == targets.KIND_COLOURS[kind]
            assert t.marker.symbol in {sym for (k, _), (sym, *_) in targets.SHAPES.items() if k == kind}
            # Exact targets are filled: an open shape means approximate and nothing else.
            assert ("open" in t.marker.symbol) == ("约数" in t.name)
    # The grid tints its cells by kind too: targets and reported figures never share a colour.
    grid = {k: c for k, (c, *_) in targets.GRID_CLASSES.items()}
    assert len(set(grid.values())) == len(grid) and not set(grid.values()) & set(targets.KIND_COLOURS.values())


def test_rows_are_named_and_sorted_by_value_up_to_the_limit_then_strips(headline):
    rows, views = headline
    fig = views[0][0]  # court appearance: 4 statements of 3 jurisdictions
    assert list(fig.layout.yaxis.categoryarray) == ["青海省 2024", "淮北市 2022", "淮北市", "十堰市 2023"][::-1] or fig.layout.yaxis.type == "category"
    many = pd.concat([rows[rows["indicator_id"] == "court_appearance_rate"]] * 30, ignore_index=True)
    many["jurisdiction"] = [f"县{k:03d}" for k in range(len(many))]
    strip = targets.indicator_figure(many, "zh")
    assert strip.layout.height <= 1600 and list(strip.layout.yaxis.ticktext) == ["目标", "报告值"]
    assert len(_marks(strip)) == len(many)
    named = targets.indicator_figure(many.head(targets.MAX_NAMED_ROWS), "zh")
    assert named.layout.height <= 1600 and len(named.layout.yaxis.categoryarray) == targets.MAX_NAMED_ROWS


def test_implausible_shares_are_flagged_not_drawn_silently(corpus):
    rows = targets.numeric_statements(corpus, ["reconsideration_correction_rate"], "en").copy()
    rows.loc[:, "value"] = 112.5
    fig, drawn, file, notes = targets.indicator_views(rows, corpus, "en")[0]
    assert any("implausible" in n and "112" not in n or "implausible" in n for n in notes)
    point = next(t for t in fig.data if t.customdata is not None)
    assert list(point.marker.line.color) == ["#c00000"] and "implausible" in point.hovertext[0]


def test_no_unit_is_dropped_from_the_theme_charts(corpus):
    rows = targets.numeric_statements(corpus, None, "en")
    seen = set()
    for theme, g in targets.theme_figures(corpus, "en"):
        for fig, drawn, file, notes in targets.indicator_views(g, corpus, "en"):
            assert len(_marks(fig)) == len(drawn)
            seen |= set(zip(drawn["indicator_id"], drawn["unit"]))
            assert fig.layout.height <= 1600
    assert sum(len(g) for _, g in targets.theme_figures(corpus, "en")) == len(rows)
    assert seen == {(i, unit_name(u, "en")) for i, u in zip(rows["indicator_id"], rows["unit"])}


def test_who_sets_what_keeps_a_row_per_jurisdiction_with_draft_and_more(corpus):
    head = targets.headline_rows(corpus, targets.headline_ids(), "zh")
    m, links = targets.who_sets_what(head, corpus, "zh")
    assert len(m) == 5 and m["辖区"].iloc[4] == "台安县 (征求意见稿)"
    cell = head[(head["jurisdiction_zh"] == "淮北市") & (head["indicator_id"] == "court_appearance_rate")].iloc[0]
    assert int(cell["n_statements"]) == 2 and "(另有 1 条)" in m.loc[1, cell["indicator"]]
    assert targets.grid_fits(head)


def test_notes_say_what_is_left_out(corpus):
    rows = targets.numeric_statements(corpus, targets.headline_ids(), "en")
    notes = targets.left_out_notes(corpus, targets.headline_ids(), targets.drawn_rows(rows, corpus, "en"), "en")
    relative = corpus.indicators[(corpus.indicators["status"] == "relative") & corpus.indicators["indicator_id"].isin(targets.headline_ids())]
    assert len(relative) == 1 and notes[0].startswith("Not drawn: 1 relative target") and relative["quote"].iloc[0] in notes[0]
    unmapped = ((corpus.indicators["status"] == "numeric") & corpus.indicators["indicator_id"].isna()).sum()
    every = targets.left_out_notes(corpus, None, targets.numeric_statements(corpus, None, "en"), "en")
    assert any(f"{unmapped} numeric statement(s) that fit no catalogue indicator" in n for n in every)


def test_heatmap_cells_and_hovers_come_from_the_same_statement(corpus):
    fig = targets.headline_status_figure(corpus, None, "zh")
    t = targets.headline_rows(corpus, targets.headline_ids(), "zh")
    hm = fig.data[0]
    cells = {(y, x): (text, custom) for y, xs, cs in zip(hm.y, hm.text, hm.customdata) for x, text, custom in zip(hm.x, xs, cs)}
    drafts = set(corpus.documents.loc[corpus.documents["is_draft"], "doc_id"])
    for r in t.itertuples():
        y = r.jurisdiction + (" (征求意见稿)" if r.doc_id in drafts else "")
        text, (link, hover) = cells[(y, view.wrap(r.indicator, 10))]
        expected = targets.cell_text(t.loc[r.Index], "zh", draft=r.doc_id in drafts)
        assert text.replace("<br>", "").replace(" ", "") == view.esc(expected).replace(" ", "")
        if isinstance(r.quote, str):
            assert hover.split("<br>", 1)[0] == view.esc(provenance.printed_label(r.path_label)) and hover.split("<br>", 1)[1].replace("<br>", "").replace(" ", "") == view.esc(r.quote).replace(" ", "")
            # A figure links to its own span, a mention to its provision (issue 27: not the whole 总体目标).
            want = provenance.anchor(r.provision_id) if r.status == "qualitative" else provenance.statement_anchor(r.start, r.end)
            assert link.endswith("#" + want)
        else:
            assert hover == "未设定" and link == ""
    qinghai = t[(t["jurisdiction_zh"] == "青海省") & (t["indicator_id"] == "court_appearance_rate")].iloc[0]
    assert qinghai["statement"] == "目标 ≥ 90%(2024)" and qinghai["path_label"] == "七21"


def test_statements_in_words_in_each_language():
    row = {"status": "numeric", "kind": "target", "comparator": ">=", "value": 60.0, "unit": "学时", "cadence": "per person per year", "year": 2024}
    assert targets.describe(row, "zh") == "目标 ≥ 60学时 每人每年(2024)"
    assert targets.describe(row, "en") == "target ≥ 60 class hours per person per year (2024)"
    assert targets.describe({"status": "not set"}, "en") == "not set"


def test_corpus_api_for_notebooks(corpus):
    assert {"jurisdiction_zh", "jurisdiction_en", "doc_type", "path_label"} <= set(corpus.indicators.columns)
    assert {"documents", "provisions", "indicators", "themes", "reuse", "quality"} <= set(dir(corpus))
    values = headline_matrix(corpus, values="value")
    assert values.loc["青海省", "行政机关负责人出庭应诉率"] == 90.0 and values.loc["十堰市", "行政复议纠错率"] == 11.25
    assert pd.isna(values.loc["台安县", "行政复议纠错率"])
    assert headline_matrix(corpus, values="path_label", lang="en").loc["Qinghai", "Court appearance rate of agency heads"] == "七21"
    with pytest.raises(ValueError, match="values must be one of"):
        headline_matrix(corpus, values="nonsense")
    assert len(corpus.data_version) == 10


def test_printed_paths_match_the_labels(corpus):
    p = corpus.provisions.set_index("provision_id")
    assert p.loc["taian_2017_plan:2.9.39", "path_label"] == "二(九)39"
    assert p.loc["qinghai_2024_key_points:7.21", "path_label"] == "七21" if "qinghai_2024_key_points:7.21" in p.index else True
    # Every printed path ends with the item's own label, punctuation dropped.
    for label, path in zip(p["label"], p["path_label"]):
        assert path.endswith(label.strip().rstrip(".、．,， "))


def test_downloads_carry_provenance_and_join_lists(corpus):
    rows = targets.download_rows(corpus, "en")
    assert len(rows) == (corpus.indicators["status"] != "qualitative").sum()
    assert {"source_url", "doc_number", "issued_date", "data_version", "citation"} <= set(rows.columns)
    qinghai = rows[rows["doc_id"] == "qinghai_2024_key_points"].iloc[0]
    assert qinghai["doc_number"] == "青政办函〔2024〕19号" and qinghai["issued_date"] == "2024-02-01"
    assert qinghai["citation"].startswith("Qinghai, 《青海省2024年法治政府建设工作要点》 (青政办函〔2024〕19号, issued 2024-02-01)")
    text = csv_text(rows)
    back = pd.read_csv(__import__("io").StringIO(text))
    assert len(back) == len(rows)
    assert "; " in text  # review_reasons joined, not a Python list repr
    assert "['" not in text


def test_fulltext_page_anchors_every_provision_and_marks_statements(corpus):
    doc = "taian_2017_plan"
    html = fulltext_page(corpus, doc, "zh")
    for pid in corpus.provisions.loc[corpus.provisions["doc_id"] == doc, "provision_id"]:
        assert f'id="{provenance.anchor(pid)}"' in html
    statements = corpus.indicators[(corpus.indicators["doc_id"] == doc) & (corpus.indicators["status"] != "qualitative")]
    assert html.count("<mark ") >= statements[["start", "end"]].drop_duplicates().shape[0]
    # The text is all there: tags removed, the page holds the normalised text.
    import re
    from html import unescape

    body = unescape(re.sub(r"<[^>]+>", "", html.split('<div class="doc">', 1)[1].rsplit("</div>", 1)[0]))
    assert body == corpus.text(doc)


def test_profile_parts(corpus):
    names = profile.jurisdictions(corpus)
    assert [s for _, _, s in names] == ["huaibei", "tai-an", "qinghai", "shiyan", "daxing"]
    taian = profile.own(corpus, "台安县")
    assert any("征求意见稿" in n for n in profile.scope_notes(taian, "zh"))
    counts = profile.tasks_by_theme(taian)
    assert counts.sum() == len(corpus.themes.merge(taian.tasks[["provision_id"]]).dropna(subset=["theme_id"]))
    units = profile.units_table(profile.own(corpus, "Huaibei"), "en")
    assert list(units.columns) == ["unit", "lead units", "partner units"] and len(units) > 0
    shared = profile.shared_text(corpus, taian, "en", top=None)
    r = corpus.reuse
    assert len(shared) == (r["doc_id_a"].eq("taian_2017_plan") ^ r["doc_id_b"].eq("taian_2017_plan")).sum()
    assert len(profile.shared_text(corpus, taian, "en")) == min(len(shared), profile.TOP_PASSAGES)
    whom = profile.shared_with(corpus, taian, "en")
    assert whom["passages"].sum() == len(shared) and whom["characters shared"].sum() == shared["characters shared"].sum()
    assert set(shared["doc_id"]) <= {"taian_2017_plan"}
    with pytest.raises(KeyError, match="unknown jurisdiction"):
        profile.own(corpus, "Atlantis")


def test_every_word_has_both_languages():
    assert all(len(pair) == 2 and all(pair) for pair in WORDS.values())
    for status in ("target", "reported", "not set", "qualitative", "relative", "numeric"):
        assert word(status, "zh") != status


def test_render_escapes_script_json():
    from fazhi.report.render import script_json

    assert "</script>" not in script_json({"q": "</script><script>alert(1)</script>"})
    assert json.loads(script_json({"q": "</b>"})) == {"q": "</b>"}


def test_figures_use_only_the_trace_types_the_page_bundle_registers(corpus):
    from fazhi.report.render import TRACES_USED

    allowed = {"scatter", *TRACES_USED}
    taian = profile.own(corpus, "台安县")
    figures = [
        targets.headline_status_figure(corpus, None, "en"), overview.normalisation_figure(corpus, "en"), overview.provision_length_figure(corpus, "en"),
        themepage.theme_heatmap(corpus, "en"), themepage.theme_map_figure(corpus, "en"), themepage.stability_figure(corpus, "en"),
        sharedtext.similarity_figure(corpus, "en"), profile.tasks_by_theme_figure(taian, "en"), profile.deadlines_figure(taian, "en"),
        *[fig for fig, *_ in targets.indicator_views(targets.numeric_statements(corpus, None, "en"), corpus, "en")],
    ]  # fmt: skip
    used = {t.type for f in figures for t in f.data}
    assert used <= allowed, used - allowed


def test_the_pages_load_the_vendored_cartesian_bundle_with_every_trace_used():
    import hashlib

    from fazhi.report.render import CARTESIAN, CARTESIAN_TRACES, TRACES_USED, page_bundle

    assert hashlib.sha256(CARTESIAN.read_bytes()).hexdigest() == "79542150855a52c567260e3137095dbe2b744e6d702a5cabe67da246942fba7a"  # unchanged from npm
    assert page_bundle() == CARTESIAN.read_text("utf-8") and len(page_bundle()) < 1_600_000
    assert {"scatter", *TRACES_USED} <= set(CARTESIAN_TRACES) and (CARTESIAN.parent / "plotly-cartesian-4.1.1.LICENSE").exists()


def test_the_fallback_bundle_registers_the_traces_used():
    import re

    from fazhi.report.render import BUNDLE_ORDER, TRACES_USED, plotly_bundle

    js = plotly_bundle()
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", js[:300]).group(1)
    if version not in BUNDLE_ORDER:
        pytest.skip(f"plotly.js {version} is not one whose register list was checked: the whole bundle is used")
    calls = re.search(r"\w+\.register\(\[([^\]]*)\]\)", js).group(1).split(",")
    assert len(calls) == len(TRACES_USED)


def test_a_mention_without_the_figure_says_which_figure_is_missing(corpus):
    # Qinghai's sentence holds numbers (不少于5次, 不少于1次), but no training hours: the cell says so.
    t = targets.headline_rows(corpus, targets.headline_ids(), "zh").set_index(["jurisdiction_zh", "indicator_id"])
    assert t.loc[("青海省", "enforcement_training_hours"), "statement"] == "目标:仅提及,无学时数值(2024)"
    en = targets.headline_rows(corpus, targets.headline_ids(), "en").set_index(["jurisdiction_en", "indicator_id"])
    assert en.loc[("Daxing", "court_appearance_rate"), "statement"] == "target: qualitative, no figure in percent"
    assert targets.status_notes(corpus, "zh") == ["台安县:《台安县法治政府建设实施方案(2017-2020年)》是征求意见稿,不是正式文本。"]


def test_fulltext_segments_follow_the_first_listed_mark_in_one_sweep():
    import random

    from fazhi.report.fulltext import segments

    def brute(provisions, marks, n):  # the rule, written out: each segment's first covering mark
        cuts = sorted({0, n} | {c for s, e, _ in provisions + marks for c in (s, e)})
        out = []
        for a, b in zip(cuts, cuts[1:]):
            prov = next((p for s, e, p in provisions if s <= a < e), None)
            out.append((a, b, prov, next((m for s, e, m in marks if s <= a < e), None)))
        return out

    rng = random.Random(0)
    for _ in range(500):
        n = rng.randint(1, 40)
        bounds = sorted(rng.sample(range(n + 1), min(n + 1, rng.randint(2, 6))))
        provisions = [(a, b, f"p{a}") for a, b in zip(bounds, bounds[1:]) if rng.random() < 0.8]
        marks = [(a, rng.randint(a, n), f"m{k}") for k, a in enumerate(rng.randint(0, n) for _ in range(rng.randint(0, 6)))]
        assert segments(provisions, marks, n) == brute(provisions, marks, n)


def test_similarity_is_the_union_of_spans_as_a_mask_would_count_it():
    """Merged intervals (overlapping, nested, touching, repeated) cover what a character mask covers."""
    import random

    import numpy as np

    from fazhi.report.summaries import similarity_matrix

    rng = random.Random(7)
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_chars": [120, 90, 60]})
    size = dict(zip(docs["doc_id"], docs["n_chars"]))
    rows = []
    for _ in range(200):
        x, y = rng.sample(["a", "b", "c"], 2)
        sa, sb = rng.randrange(size[x] - 5), rng.randrange(size[y] - 5)
        n = rng.randrange(1, 6)
        rows.append({"doc_id_a": x, "doc_id_b": y, "start_a": sa, "end_a": min(size[x], sa + n), "start_b": sb, "end_b": min(size[y], sb + n)})
    reuse = pd.DataFrame(rows)
    masks = {}
    for r in reuse.itertuples():
        for d, o, s, e in ((r.doc_id_a, r.doc_id_b, r.start_a, r.end_a), (r.doc_id_b, r.doc_id_a, r.start_b, r.end_b)):
            masks.setdefault((d, o), np.zeros(size[d], bool))[s:e] = True
    m = similarity_matrix(reuse, docs)
    for (d, o), mask in masks.items():
        assert m.loc[d, o] == pytest.approx(mask.sum() / size[d])
    assert m.loc["a", "a"] == 1.0


def label_of(grid_class: str, lang: str) -> str:
    """A grid class's legend words in ``lang``."""
    _, zh, en = targets.GRID_CLASSES[grid_class]
    return zh if lang == "zh" else en


def flat(cell: str) -> str:
    """A grid cell's text without its line breaks, escapes and spaces."""
    import html

    return html.unescape(cell).replace("<br>", "").replace(" ", "")


def test_the_grid_says_kind_scope_draft_and_how_many_more(corpus):
    """Issue 27: a 市本级 rate read as the city's, targets and reported figures in one grey, the
    draft only in a footnote, a second statement of a cell hidden."""
    for lang, own, draft, more in (("zh", "仅市本级", "征求意见稿", "(另有 1 条)"), ("en", "city government's own level only", "draft for comment", "(+1 more)")):
        hm = targets.headline_status_figure(corpus, None, lang).data[0]
        text = {(y.split(" (")[0], x): (cell, z) for y, xs, zs in zip(hm.y, hm.text, hm.z) for x, cell, z in zip(hm.x, xs, zs)}
        head = targets.headline_rows(corpus, targets.headline_ids(), lang)
        rows = dict(zip(head["jurisdiction_zh"], head["jurisdiction"].map(view.esc)))
        # rows in alphabetical order of the English name (pinyin): findable in both languages
        assert [y.split(" (")[0] for y in hm.y] == [rows[z] for z in ("大兴区", "淮北市", "青海省", "十堰市", "台安县")]
        shiyan = [(c, z) for (y, _), (c, z) in text.items() if y == rows["十堰市"]]
        correction = next(c for c, z in shiyan if "11.25" in c)
        assert flat(own) in flat(correction)
        classes = targets.GRID_Z
        # the colour bar names each colour by its own class (the bar counts upwards: targets on top)
        bar = targets.headline_status_figure(corpus, None, lang).data[0]
        scale = {round(v * len(classes)): col for v, col in bar.colorscale[::2]}
        assert [flat(t) for t in bar.colorbar.ticktext] == [flat(label_of(c, lang)) for c in classes]
        assert [scale[k] for k in range(len(classes))] == [targets.GRID_CLASSES[c][0] for c in classes]
        assert {classes[z] for c, z in shiyan if "11.25" in c or "100%" in c} == {"reported"}
        huaibei = [(c, z) for (y, _), (c, z) in text.items() if y == rows["淮北市"]]
        assert {classes[z] for c, z in huaibei if "60" in c} == {"target"}
        assert any(flat(more) in flat(c) for c, _ in huaibei)
        taian = [c for (y, _), (c, z) in text.items() if y == rows["台安县"] and classes[z] != "not set"]
        assert taian and all(flat(draft) in flat(c) for c in taian)
    head = targets.headline_rows(corpus, targets.headline_ids(), "en")
    cell = head[(head["jurisdiction_zh"] == "十堰市") & (head["indicator_id"] == "reconsideration_correction_rate")].iloc[0]
    assert cell["scope"] == "市本级" and "scope" in targets.HEADLINE_COLUMNS


def test_several_targets_of_one_jurisdiction_get_a_row_each_with_their_subject(corpus):
    """Issue 27: 淮北's 专职人民调解员 ≥1 / ≥2 / ≥3 (村居, 镇街, 行业性) sat on one unlabeled row."""
    rows = targets.numeric_statements(corpus, ["mediator_staffing"], "en")
    fig = targets.indicator_figure(rows, "en")
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(labels) == len(rows) == 3
    assert all(lab.startswith("Huaibei · “") for lab in labels)
    assert any("村(居)" in lab for lab in labels) and any("镇(街道)" in lab for lab in labels)
    # one statement per jurisdiction keeps the plain name
    single = targets.indicator_figure(targets.numeric_statements(corpus, ["reconsideration_correction_rate"], "en"), "en")
    assert list(single.layout.yaxis.categoryarray) == ["Shiyan 2023 · city government&#x27;s own level only"]


# -- shared text: the baseline and the heatmap's size ---------------------------------------------
def test_share_baseline_is_what_unrelated_documents_share():
    from fazhi.report.summaries import share_baseline

    # a, b: one jurisdiction (two documents); c in b's province; d and e elsewhere.
    docs = pd.DataFrame({
        "doc_id": list("abcde"), "jurisdiction_zh": ["淮北市", "淮北市", "阜阳市", "台安县", "青海省"],
        "jurisdiction_en": ["Huaibei", "Huaibei", "Fuyang", "Tai'an", "Qinghai"], "province_zh": ["安徽省", "安徽省", "安徽省", "辽宁省", "青海省"],
    })  # fmt: skip
    m = pd.DataFrame(
        [[1, .50, .30, .02, .01], [.40, 1, .20, .03, 0], [.25, .15, 1, .04, .02], [.01, .02, .05, 1, .06], [0, .01, .03, .08, 1]],
        index=docs["doc_id"], columns=docs["doc_id"],
    )
    b = share_baseline(m, docs)
    # Unrelated: {a,b,c} × {d,e} and d-e: 7 pairs, 14 shares — the 50 % and 30 % of a province's own are left out.
    shares = sorted([.02, .01, .03, 0, .04, .02, .01, .02, .05, .06, 0, .01, .03, .08])
    assert b.pairs == 7 and b.indicative
    assert b.typical == pytest.approx(0.02) == pytest.approx(sorted(shares)[6] / 2 + sorted(shares)[7] / 2)
    assert b.high == pytest.approx(0.057)  # numpy's linear 90th percentile: .05 + 0.7 × (.06 − .05)
    assert not share_baseline(m, docs, min_pairs=7).indicative
    alone = share_baseline(m.loc[list("abc"), list("abc")], docs)
    assert alone.pairs == 0 and alone.typical != alone.typical  # no unrelated pair: no baseline (nan)


def test_shares_carry_the_baseline_in_the_csv_the_notes_and_the_heatmap(corpus):
    b = sharedtext.baseline(corpus)
    # Founding corpus: five jurisdictions in five provinces, every pair unrelated: 10 pairs, 20 shares.
    assert (b.pairs, b.indicative) == (10, True)
    assert round(b.typical, 4) == 0.0115 and round(b.high, 4) == 0.0322
    rows = sharedtext.similarity_rows(corpus, "en")
    assert {"typical_share", "stands_out_above", "stands_out", "baseline_pairs", "baseline_indicative"} <= set(rows.columns)
    out = rows[rows["stands_out"]]
    assert sorted(zip(out["doc_id"], out["shared_with_doc_id"])) == [("daxing_2022_opinion", "taian_2017_plan"), ("huaibei_2022_action_plan", "daxing_2022_opinion")]
    fig = sharedtext.similarity_figure(corpus, "en")
    assert len(fig.layout.shapes) == 2  # the two cells that stand out, outlined
    for lang in ("zh", "en"):
        notes = sharedtext.baseline_notes(corpus, lang)
        assert "1.1 %" in notes[0] and "3.2 %" in notes[0] and any("10" in n for n in notes[2:])
    assert "indicative only" in sharedtext.baseline_notes(corpus, "en")[-1]
    assert "仅供参考" in sharedtext.baseline_notes(corpus, "zh")[-1]


def _synthetic_shares_corpus(n: int, lang_names: bool = False):
    """A corpus of ``n`` documents in n // 2 jurisdictions (two of each: one pair shares type and
    period) for the shares figure: only its documents and an empty reuse table matter."""
    from types import SimpleNamespace

    docs = pd.DataFrame({
        "doc_id": [f"d{k:02}" for k in range(n)], "jurisdiction_zh": [f"某某市第{k // 2}区" for k in range(n)],
        "jurisdiction_en": [f"Somewhere District {k // 2}" for k in range(n)], "province_zh": [f"省{k % 7}" for k in range(n)],
        "doc_type": ["action_plan"] * n, "period_start": [2022] * n, "period_end": [2024 + k % 2 * (k > 1) for k in range(n)], "n_chars": [1000] * n,
    })  # fmt: skip
    reuse = pd.DataFrame({c: pd.Series(dtype=t) for c, t in [("doc_id_a", object), ("doc_id_b", object), ("start_a", "int64"), ("end_a", "int64"), ("start_b", "int64"), ("end_b", "int64")]})
    return SimpleNamespace(documents=docs, reuse=reuse, data_version="test")


def test_the_heatmap_grows_with_its_rows_and_labels_every_document():
    for lang in ("zh", "en"):
        heights = []
        for n in (5, 20, 40):
            fig = sharedtext.similarity_figure(_synthetic_shares_corpus(n), lang)
            assert fig.data[0].type == "heatmap" and len(set(fig.data[0].y)) == n  # every document a row of its own
            assert fig.layout.xaxis.dtick == 1 and fig.layout.yaxis.dtick == 1  # every label drawn
            heights.append(fig.layout.height)
            assert fig.layout.height >= 130 + sharedtext.HEATMAP_ROW_PX * n
        assert heights == sorted(heights) and len(set(heights)) == 3, (lang, heights)
        assert heights[2] <= view.MAX_HEIGHT


# -- page 03 · themes ----------------------------------------------------------------------------
def _many_jurisdictions(corpus, n: int):
    """The founding corpus's documents repeated as ``n`` jurisdictions (names, doc and provision
    ids renamed): what the theme heatmap reads (documents, provisions, themes)."""
    from types import SimpleNamespace

    docs, provs, themes = [], [], []
    for k in range(n):
        src = corpus.documents.iloc[[k % len(corpus.documents)]]
        old = src["doc_id"].iloc[0]
        new = f"{old}_{k:03}"
        docs.append(src.assign(doc_id=new, jurisdiction_zh=f"某某县{k:03}", jurisdiction_en=f"Moumou County {k:03}"))
        p = corpus.provisions[corpus.provisions["doc_id"] == old]
        provs.append(p.assign(doc_id=new, provision_id=new + ":" + p["provision_id"]))
        t = corpus.themes[corpus.themes["doc_id"] == old]
        themes.append(t.assign(doc_id=new, provision_id=new + ":" + t["provision_id"]))
    return SimpleNamespace(documents=pd.concat(docs), provisions=pd.concat(provs), themes=pd.concat(themes), data_version="test")


def test_theme_heatmap_has_a_row_of_its_own_height_per_jurisdiction(corpus):
    for lang in ("zh", "en"):
        for n in (5, 20, 60):
            fig = themepage.theme_heatmap(_many_jurisdictions(corpus, n), lang)
            assert fig.data[0].type == "heatmap" and len(set(fig.data[0].y)) == n and fig.layout.yaxis.dtick == 1
            m = fig.layout.margin
            # Every row its ROW_PX (22 px for 13 px names: Chromium draws all 20 and 60), the column labels flat in the margin below.
            assert fig.layout.height - m.t - m.b >= themepage.ROW_PX * n and fig.layout.height <= view.MAX_HEIGHT
            assert fig.layout.xaxis.tickangle == 0 and m.b >= themepage.LINE_PX * max(x.count("<br>") + 1 for x in fig.data[0].x)
        assert themepage.theme_heatmap(_many_jurisdictions(corpus, themepage.MAX_HEATMAP_ROWS + 1), lang).data[0].type == "box"


def test_theme_map_axes_say_what_they_are(corpus):
    for lang, words in (("zh", "用词的第一主方向"), ("en", "first direction of word use")):
        fig = themepage.theme_map_figure(corpus, lang)
        assert words in fig.layout.xaxis.title.text and "潜在语义维度" not in fig.layout.xaxis.title.text + fig.layout.yaxis.title.text
        assert fig.layout.xaxis.showticklabels is False and fig.layout.yaxis.showticklabels is False
        assert "LSA" in themepage.theme_map_notes(lang)[0]
    # Hover names the cluster, not its number.
    hover = next(t for t in themepage.theme_map_figure(corpus, "zh").data if t.text)
    assert all("聚类: " in h and "(≈ T" in h for h in hover.text)


def test_theme_tables_name_the_clusters_and_the_areas(corpus):
    names = themepage.cluster_labels(corpus, "en")
    assert len(names) == 11 and names[5] == "“行政复议·化解·行政调解” (≈ T7 Dispute prevention and resolution)"
    terms = themepage.cluster_terms_table(corpus, "zh")
    assert terms["聚类"].tolist()[5] == "行政复议·化解·行政调解 (≈ T7 社会矛盾纠纷行政预防调处化解体系)" and terms["属于该领域的占比"].tolist()[5] == "82%"
    assert list(themepage.cluster_theme_crosstab(corpus, "zh").index) == list(themepage.cluster_labels(corpus, "zh").values())
    # Jurisdiction × cluster, long: a row per cluster a jurisdiction has provisions in, largest share first;
    # Shiyan's report has no tasks: one row, 0, no cluster. Every clustered task counted once, shares summing to 100 %.
    table = themepage.jurisdiction_cluster_table(corpus, "en")
    assert list(table.columns) == ["jurisdiction", "cluster", "provisions", "share of its clustered tasks"]
    assert list(dict.fromkeys(table["jurisdiction"])) == ["Huaibei", "Tai'an", "Qinghai", "Shiyan", "Daxing"]
    assert table.groupby("jurisdiction", sort=False)["provisions"].sum().tolist() == [37, 50, 26, 0, 43]
    assert table[table["jurisdiction"] == "Shiyan"].values.tolist() == [["Shiyan", "", 0, ""]]
    assert set(table["cluster"]) - {""} <= set(names.values())
    taian = table[table["jurisdiction"] == "Tai'an"].iloc[0]
    assert (taian["cluster"], taian["provisions"], taian["share of its clustered tasks"]) == (names[4], 11, "22%")
    long = themepage.cluster_shares(corpus, "en")
    assert len(long) == len(table) == 44 and long["share"].groupby(long["jurisdiction"]).sum().round(9).to_dict() == {"Daxing": 1.0, "Huaibei": 1.0, "Qinghai": 1.0, "Shiyan": 0.0, "Tai'an": 1.0}
    # The seed words come from the taxonomy data, not retyped.
    from fazhi.taxonomy import load_themes

    seeds = themepage.seed_words_table("zh")
    assert seeds["种子词"].tolist() == [" ".join(t.seeds) for t in load_themes()] and seeds["英文名称"].iloc[0] == "Government functions and services"


def test_documents_older_than_the_outline_are_named(corpus):
    assert themepage.outline_notes(corpus, "zh") == ["1 份文件的期间在《法治政府建设实施纲要(2021—2025年)》开始(2021年)之前就已结束,仍按其任务领域归类。写于2015–2020年纲要之下的:台安县 实施方案 2017–2020。"]
    assert themepage.outline_notes(corpus.subset(["Huaibei", "Daxing"]), "en") == []


def test_a_document_without_a_source_address_says_so(corpus):
    assert corpus.documents["source_url"].isna().all() or (corpus.documents["source_url"].fillna("") == "").all()
    assert "<dt>URL</dt><dd>no source address recorded</dd>" in fulltext_page(corpus, "daxing_2022_opinion", "en")
    assert "<dt>URL</dt><dd>未记录来源网址</dd>" in fulltext_page(corpus, "daxing_2022_opinion", "zh")


def test_the_limitations_of_extraction_are_stated_with_their_counts():
    """Issue 30: per field, in-sample and out-of-sample accuracy and the statements behind it."""
    import csv
    from pathlib import Path

    from fazhi.evaluate import LIMITATION_COLUMNS, LIMITATIONS

    with open(LIMITATIONS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == LIMITATION_COLUMNS
    fields = {r["field"] for r in rows}
    assert {"value and unit", "comparator", "kind", "year", "indicator", "title", "date", "number", "tasks"} <= fields
    assert {r["set"] for r in rows if r["field"] == "value and unit"} == {"in-sample", "out-of-sample", "holdout", "holdout, written", "holdout, one line"}
    assert all(0 <= int(r["right"]) <= int(r["statements"]) for r in rows)
    for lang, word_ in (("zh", "样本外"), ("en", "out-of-sample")):
        page = view.methodology_html(lang)
        assert word_ in page and "fz-limits" in page
    assert "fz-limits" not in view.methodology_html("en", [("Clusters", "k-means")])  # only the indicator pages
    assert Path(LIMITATIONS).parent.name == "data"


def test_a_jurisdiction_with_documents_that_spell_it_differently_is_one_row(corpus):
    """Founding + companions: 大兴区 is 'Daxing' in one manifest row and 'Daxing District, Beijing'
    in another; the headline grid failed on its two rows, and it got two profiles."""
    from fazhi.report.compare import compare_indicators

    docs = corpus.documents
    extra = docs[docs["jurisdiction_zh"] == "大兴区"].assign(doc_id="daxing_2023_report_x", jurisdiction_en="Daxing District, Beijing", period_start=2023, period_end=2023)

    class Twin:  # the corpus with a second Daxing document under another English name
        documents = pd.concat([docs, extra], ignore_index=True)
        indicators = corpus.indicators

    t = compare_indicators(Twin, targets.headline_ids(), lang="en")
    assert len(t) == 15 and t[t["jurisdiction_zh"] == "大兴区"]["jurisdiction"].unique().tolist() == ["Daxing District, Beijing"]
    assert [zh for zh, _, _ in profile.jurisdictions(Twin)].count("大兴区") == 1


def test_every_quality_kind_has_a_name_in_both_languages():
    from fazhi.schema import QUALITY_KINDS

    assert set(QUALITY_KINDS) <= set(overview.STEP_NAMES)


def test_a_departments_own_figures_are_not_the_jurisdictions(corpus):
    """Issue 30: a department's report speaks for the department; its 出庭应诉率100% is not the
    city's headline cell, and the page says which documents were left out."""
    from fazhi.report.compare import compare_indicators

    assert (corpus.documents["issuer_level"] == "government").all()  # the founding five (大兴's issuer is its law-based-governance committee)

    class AsDepartment:  # 十堰's report as if a bureau of the city had written it
        documents = corpus.documents.assign(issuer_level=corpus.documents["doc_id"].map(lambda d: "department" if d == "shiyan_2023_report" else "government"))
        indicators = corpus.indicators

    t = compare_indicators(AsDepartment, targets.headline_ids(), lang="en")
    assert set(t[t["jurisdiction_zh"] == "十堰市"]["status"].astype(str)) == {"not set"}
    notes = targets.status_notes(AsDepartment, "en")
    assert any("left out" in n and "十堰市人民政府关于2023年" in n and "(department)" in n for n in notes)
