"""Page 6, follow-through (issue 29): synthetic follow_through frames for every status, an
empty corpus, a corpus without pairs, a hundred jurisdictions; both languages; and the 大兴
会前学法 pair of the founding documents plus the companion openings, with its link."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from fazhi.report import followpage as fp
from fazhi.schema import FOLLOW_STATUSES, FOLLOW_THROUGH

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [c.name for c in FOLLOW_THROUGH.columns]


def row(place, seq, status, *, indicator="pre_meeting_law_study", unit="次", comparator=">=", lower=4.0, upper=None, report=None,
        year=None, value=None, report_unit=None, target_year=None, due=2025, scope=None):  # fmt: skip
    """One follow_through row of plan ``<place>_plan`` (2022–2025), reported in ``<place>_r<year>`` when ``report``."""
    doc = f"{place}_plan"
    r = dict.fromkeys(COLUMNS)
    r.update(jurisdiction_zh=place, province_zh="某省", indicator_id=indicator, unit=unit, scope=scope, target_doc_id=doc, target_seq=seq,
             target_provision_id=f"{doc}:1", target_start=10 * seq, target_end=10 * seq + 6, target_quote=f"会前学法不少于{lower if lower is not None else upper:g}次",
             target_comparator=comparator, target_lower=lower, target_upper=upper, target_year=target_year, due_year=due, status=status,
             n_reports=1 if report else 0, review_reasons=[])  # fmt: skip
    if report:
        rd = f"{place}_r{year}"
        bound = lower if lower is not None else upper
        compared = value is not None and status in ("met", "not met", "target year not reached")
        r.update(report_doc_id=rd, report_seq=seq, report_provision_id=f"{rd}:2", report_start=100 + seq, report_end=106 + seq,
                 report_quote=f"会前学法{value:g}次" if value is not None else "开展会前学法", report_value=value,
                 report_value_text=None if value is None else f"{value:g}次", report_unit=report_unit or (unit if value is not None else None),
                 report_year=year, bound=bound if compared else None, gap=value - bound if compared else None)  # fmt: skip
    return r


def corpus_of(rows, places=None):
    """A corpus-like namespace: the follow_through rows, and a plan and reports per jurisdiction."""
    f = pd.DataFrame(rows, columns=COLUMNS)
    places = places or sorted(set(f["jurisdiction_zh"]))
    docs = []
    for k, p in enumerate(places):
        docs.append({"doc_id": f"{p}_plan", "jurisdiction_zh": p, "jurisdiction_en": f"Place{k}", "period_start": 2022, "period_end": 2025,
                     "source_url": None, "doc_number": None, "issued_date": None, "title": f"{p}法治政府建设实施方案"})  # fmt: skip
        for y in (2022, 2023):
            docs.append({"doc_id": f"{p}_r{y}", "jurisdiction_zh": p, "jurisdiction_en": f"Place{k}", "period_start": y, "period_end": y,
                         "source_url": None, "doc_number": None, "issued_date": None, "title": f"{p}{y}年报告"})  # fmt: skip
    return SimpleNamespace(follow_through=f, documents=pd.DataFrame(docs), indicators=pd.DataFrame(columns=["doc_id", "seq", "path_label", "indicator_id", "indicator_zh", "indicator_en"]), data_version="test")


def every_status():
    """One target per status of 甲区, and one more each for 乙县 (≤ target) and 丙市 (exact target, 市本级); names sort 丙 乙 甲 (Place0–2)."""
    return [
        row("甲区", 0, "met", report=True, year=2022, value=7.0),
        row("甲区", 1, "not met", lower=5.0, report=True, year=2023, value=3.0, target_year=2023, due=2023),
        row("甲区", 2, "target year not reached", lower=6.0, report=True, year=2022, value=2.0),
        row("甲区", 3, "no comparable figure", lower=7.0, report=True, year=2023, value=None),
        row("甲区", 4, "not reported", lower=8.0, due=2025),
        row("甲区", 5, "report year unknown", lower=9.0, report=True, year=None, value=5.0),
        row("乙县", 0, "no later report", indicator="info_release_hours", unit="小时", comparator="<=", lower=None, upper=24.0),
        row("乙县", 1, "met", indicator="info_release_hours", unit="小时", comparator="<=", lower=None, upper=24.0, report=True, year=2023, value=20.0),
        row("丙市", 0, "met", comparator="=", lower=4.0, upper=4.0, report=True, year=2022, value=4.0, scope="市本级"),
    ]


def test_every_status_is_drawn_or_listed_with_its_colour_shape_and_link():
    c = corpus_of(every_status())
    views = {file: (fig, drawn, notes) for fig, drawn, file, notes in fp.follow_views(c, "en")}
    assert sorted(views) == ["follow_info_release_hours_hours.csv", "follow_pre_meeting_law_study_times.csv"]
    fig, drawn, notes = views["follow_pre_meeting_law_study_times.csv"]
    figures = {t.name: t for t in fig.data if t.mode == "markers+text"}
    # reported figures: one trace per status, in its colour; a figure without a year is not drawn, and a note says so
    assert set(figures) == {"reported: met", "reported: not met", "reported: target year not reached", "reported: no comparable figure"}
    assert {n: t.marker.color for n, t in figures.items()} == {f"reported: {s}": fp.STATUS_COLOURS[s] for s in ("met", "not met", "target year not reached", "no comparable figure")}
    assert "1 reported figure(s) of an unknown year are not drawn (see the table below)." in notes
    # the met figure of 2022 sits on 甲区's ≥ 4 row, its value beside it, its link to the report's statement
    met = figures["reported: met"]
    assert list(met.y) == ["Place2 · ≥ 4 times", "Place0 · city government's own level only · = 4 times"]
    assert list(met.x) == [2022, 2022] and list(met.text) == ["7 times", "4 times"]
    assert [list(cd) for cd in met.customdata] == [["text/甲区_r2022.html#s-100-106", "Place2"], ["text/丙市_r2022.html#s-100-106", "Place0"]]
    # a figure in the year its target is due sits beside the target's mark, not on it
    assert list(figures["reported: not met"].x) == [2023.15] and list(figures["reported: not met"].y) == ["Place2 · ≥ 5 times"]
    # a figure without a number still has its diamond, labelled with a dash
    assert list(figures["reported: no comparable figure"].text) == ["—"]
    # targets: ≥ is a triangle up, = a circle; the line spans the plan, the mark where it is due
    shapes = {t.marker.symbol: t for t in fig.data if t.mode == "markers"}
    assert set(shapes) == {"triangle-up", "circle"}
    assert (2023, "Place2 · ≥ 5 times") in set(zip(shapes["triangle-up"].x, shapes["triangle-up"].y))  # 甲区's target of 2023
    assert list(shapes["circle"].x) == [2025] and list(shapes["circle"].y) == ["Place0 · city government's own level only · = 4 times"]
    # 甲区's target that no report speaks of is not a row of the chart: the note says how many are left out
    assert "Drawn: the 6 target(s) a later report gives a figure for; the other 1 have none (their status is in the table below)." in notes
    assert len(drawn) == 6 and drawn["citation"].notna().all()
    # the at-most target: triangle down
    down = views["follow_info_release_hours_hours.csv"][0]
    assert [t.marker.symbol for t in down.data if t.mode == "markers"] == ["triangle-down"]


def test_status_table_and_counts_in_both_languages():
    c = corpus_of(every_status())
    en, zh = fp.status_table(c, "en"), fp.status_table(c, "zh")
    assert en.columns.tolist()[:5] == ["jurisdiction", "indicator", "target", "due year", "status"] and en.columns[-1] == "report clause"
    assert not [h for h in en.columns if re.search(r"[\u4e00-\u9fff]", h)]
    assert zh.columns.tolist()[:5] == ["辖区", "指标", "目标", "应达年份", "状态"]
    assert sorted(set(en["status"])) == sorted(FOLLOW_STATUSES)
    assert set(zh["状态"]) == {"已达到", "未达到", "未到目标年份", "无可比数值", "报告未提及", "无后续报告", "报告年份不明"}
    assert en.loc[0, "reported"] == "7 times" and zh.loc[0, "报告值"] == "7次" and en.loc[8, "target"] == "= 4 times"
    links = fp.status_links(c, "en")
    assert links["quote"][0] == "text/甲区_plan.html#s-0-6" and links["reported"][0] == "text/甲区_r2022.html#s-100-106" and links["reported"][4] is None
    counts = fp.status_counts(c, "en")
    assert counts.columns.tolist() == ["jurisdiction", "targets", *FOLLOW_STATUSES]
    assert counts.set_index("jurisdiction").loc["Place2"].tolist() == [6, 1, 1, 1, 1, 1, 0, 1]  # 甲区: one target of each status but one
    assert counts.set_index("jurisdiction").loc["Place1"].tolist() == [2, 1, 0, 0, 0, 0, 1, 0]  # 乙县: one met, one without a later report
    assert fp.status_counts(c, "zh").columns.tolist()[:3] == ["辖区", "目标数", "已达到"]


def test_an_empty_corpus_and_a_corpus_without_pairs_say_so():
    empty = corpus_of([], places=["甲区"])
    assert fp.follow_views(empty, "en") == [] and fp.status_table(empty, "en").empty
    assert fp.page_notes(empty, "zh") == ["语料中的规划类文件没有可跟踪的数值目标。"]
    assert fp.status_counts(empty, "en").columns.tolist() == ["jurisdiction", "targets"]
    alone = corpus_of([row("甲区", 0, "no later report"), row("乙县", 0, "no later report", indicator="audit_coverage", unit="%", comparator="=", lower=100.0)])
    assert fp.follow_views(alone, "en") == []
    assert fp.page_notes(alone, "en") == [
        "No pairs: no report in the corpus gives a figure comparable to a plan's target, so nothing is charted. "
        "Add the reports of these jurisdictions for their plans' years: Place0 (2022–2025); Place1 (2022–2025)."
    ]
    assert fp.page_notes(alone, "zh")[0].startswith("没有可比的对") and "乙县 (2022–2025)、甲区 (2022–2025)" in fp.page_notes(alone, "zh")[0]


def test_a_hundred_jurisdictions_make_a_summary_and_sixty_a_row_each():
    places = [f"地{k:03d}" for k in range(100)]
    rows = [row(p, 0, "met" if k % 3 else "not met", report=True, year=2022 + k % 2, value=5.0 if k % 3 else 2.0, due=2022 + k % 2) for k, p in enumerate(places)]
    rows += [row(p, 1, "no later report", indicator="audit_coverage", unit="%", comparator="=", lower=100.0) for p in places]
    big = corpus_of(rows, places)
    (fig, drawn, file, notes), = fp.follow_views(big, "en")
    assert [t.type for t in fig.data] == ["bar", "bar"] and fig.layout.height <= 400
    assert drawn.values.tolist() == [[2022, "met", 33], [2022, "not met", 17], [2023, "met", 33], [2023, "not met", 17]]
    assert "100 targets have a later figure, more than 60" in notes[-1]
    sixty = corpus_of(rows[:60], places[:60])
    (fig, drawn, _, notes), = fp.follow_views(sixty, "zh")
    assert fig.layout.height == 150 + 22 * 60 and len(fig.layout.yaxis.categoryarray) == 60 and len(drawn) == 60
    # the notes name at most 30 jurisdictions
    assert fp.page_notes(big, "en")[-1].endswith("and 70 more.")


def test_the_notebook_explains_every_status_in_both_languages():
    """The status ladder in the notebook's prose uses the words the tables show."""
    import jupytext

    from fazhi.report.i18n import word

    nb = jupytext.read(ROOT / "notebooks" / "06_follow_through.py")
    for lang in ("zh", "en"):
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown" and lang in c.metadata.get("tags", []))
        assert all(f"**{word(s, lang)}**" in prose for s in FOLLOW_STATUSES), lang


def test_the_daxing_pre_meeting_study_pair_is_met_on_the_page_with_a_link_that_lands(joined):
    from fazhi.report import fulltext

    for lang, met in (("zh", "已达到"), ("en", "met")):
        table = fp.status_table(joined, lang)
        links = fp.status_links(joined, lang)
        daxing = [k for k, q in enumerate(table[table.columns[-2]]) if "会前学法不少于4次" in q]
        assert len(daxing) == 1, daxing
        k = daxing[0]
        assert table.iloc[k][table.columns[4]] == met and table.iloc[k][table.columns[6]] == ("7次" if lang == "zh" else "7 times")
        href = links[table.columns[6]][k]
        page, anchor = href.split("#")
        assert page == "text/daxing_2022_report.html"
        assert f'id="{anchor}"' in fulltext.page(joined, "daxing_2022_report", lang)
        assert "组织区政府常务会会前学法7次" in fulltext.page(joined, "daxing_2022_report", lang).split(f'id="{anchor}"')[1][:200]
        # and on its chart: a green diamond at 2022 on 大兴's row, linking to the same statement
        (fig, *_), = [v for v in fp.follow_views(joined, lang) if v[2] == "follow_pre_meeting_law_study_times.csv"]
        met_trace = next(t for t in fig.data if t.mode == "markers+text" and t.marker.color == fp.STATUS_COLOURS["met"])
        assert [list(cd)[0] for cd in met_trace.customdata] == [href] and int(met_trace.x[0]) == 2022


def test_every_follow_through_link_lands_on_an_anchor_of_its_full_text(joined):
    """A reported row without a figure (mentioned only) is not underlined on the full-text page:
    its link goes to its provision (the 300-document benchmark found 48 links to no anchor)."""
    import re

    from fazhi.report import follow, fulltext

    ids: dict[str, set[str]] = {}
    links = [*fp.status_links(joined, "zh").values(), *follow.follow_links(joined, "zh").values()]
    hrefs = {h for column in links for h in column if isinstance(h, str) and h}
    for href in sorted(hrefs):
        page, anchor = href.split("#")
        doc_id = page.removeprefix("text/").removesuffix(".html")
        if doc_id not in ids:
            ids[doc_id] = set(re.findall(r'id="([ps]-[^"]+)"', fulltext.page(joined, doc_id, "zh")))
        assert anchor in ids[doc_id], href
    mentioned = joined.follow_through[joined.follow_through["report_doc_id"].notna() & joined.follow_through["report_value"].isna()]
    assert len(mentioned) > 0  # the case the rule is for is in this corpus
