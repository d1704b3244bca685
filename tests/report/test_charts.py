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
    """Every statement mark of a panel figure: (jurisdiction, x, link) of traces with customdata."""
    out = []
    for t in fig.data:
        if t.customdata is not None and len(t.customdata):
            out.append((t.legendgroup, float(t.x[0]), t.customdata[0][0]))
    return out


@pytest.fixture(scope="module")
def headline(corpus):
    rows = targets.numeric_statements(corpus, targets.headline_ids(), "zh")
    return rows, targets.indicator_panels_figure(rows, corpus, "zh")


def test_every_headline_figure_is_drawn_where_the_table_says(headline, corpus):
    rows, fig = headline
    marks = _marks(fig)
    assert len(marks) == len(rows) == 7
    # Each statement's mark sits at its value (exact) or at its bound (open interval).
    expected = sorted((r.jurisdiction_zh, float(r.lower if r.comparator in (">=", ">") else r.upper if r.comparator in ("<=", "<") else r.value),
                       provenance.text_link(r.doc_id, r.provision_id)) for r in rows.itertuples())  # fmt: skip
    assert sorted(marks) == expected
    # The 60-hour training targets of Huaibei and Daxing are there, in class hours.
    hours = rows[rows["indicator_id"] == "enforcement_training_hours"]
    assert sorted(hours["jurisdiction_zh"]) == ["大兴区", "淮北市"] and set(hours["unit"]) == {"学时"}
    assert any("学时" in a.text for a in fig.layout.annotations)


def test_open_ended_targets_are_arrows_not_an_invented_ceiling(headline):
    rows, fig = headline
    arrows = [t for t in fig.data if t.marker is not None and t.marker.symbol in ("triangle-right", "triangle-left")]
    open_rows = rows[rows["upper"].isna() & rows["comparator"].isin([">=", ">"])]
    assert len(arrows) == len(open_rows) == 4
    labels = {t.text[0] for t in fig.data if t.mode == "markers+text"}
    assert {"≥90", "≥60", "≥100"} <= labels
    # An arrow sits at its panel's edge, past every value of the panel: the interval is open, not capped.
    for t in arrows:
        axis = fig.layout[("xaxis" + t.xaxis[1:]) if t.xaxis != "x" else "xaxis"]
        assert t.x[0] == axis.range[1]


def test_jurisdictions_are_named_in_the_legend_and_status_greys_are_not_theirs(headline, corpus):
    rows, fig = headline
    legend = {t.name for t in fig.data if t.showlegend}
    assert set(rows["jurisdiction_zh"]) <= legend
    assert {"目标(确切值)", "报告值"} <= legend
    assert not set(view.STATUS_COLOURS.values()) & set(view.COLOURS)


def test_no_unit_is_dropped_from_the_theme_charts(corpus):
    rows = targets.numeric_statements(corpus, None, "en")
    panels = set()
    for theme, g in targets.theme_figures(corpus, "en"):
        fig = targets.indicator_panels_figure(g, corpus, "en", title=theme)
        panels |= {a.text for a in fig.layout.annotations}
        assert len(_marks(fig)) == len(g)
    assert sum(len(g) for _, g in targets.theme_figures(corpus, "en")) == len(rows)
    for ind, unit in set(zip(rows["indicator_en"], rows["unit"])):
        assert any(a.startswith(ind.split(" ")[0]) and f"({unit_name(unit, 'en')})" in a for a in panels), (ind, unit)


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
    for r in t.itertuples():
        text, (link, hover) = cells[(r.jurisdiction, view.wrap(r.indicator, 10))]
        assert text.replace("<br>", "").replace(" ", "") == view.esc(r.statement).replace(" ", "")
        if isinstance(r.quote, str):
            assert hover.split("<br>", 1)[0] == view.esc(r.path_label) and hover.split("<br>", 1)[1].replace("<br>", "").replace(" ", "") == view.esc(r.quote).replace(" ", "")
            assert link.endswith("#" + provenance.anchor(r.provision_id))
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
    shared = profile.shared_text(corpus, taian, "en")
    r = corpus.reuse
    assert len(shared) == (r["doc_id_a"].eq("taian_2017_plan") ^ r["doc_id_b"].eq("taian_2017_plan")).sum()
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
        targets.indicator_panels_figure(targets.numeric_statements(corpus, None, "en"), corpus, "en"),
    ]  # fmt: skip
    used = {t.type for f in figures for t in f.data}
    assert used <= allowed, used - allowed


def test_the_page_bundle_registers_the_traces_used():
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
