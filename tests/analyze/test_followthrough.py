"""Follow-through and cascade (issue 29): synthetic cases for every status and relation, and
the founding corpus plus the companion openings against the hand annotation
(tests/annotations/follow_through.csv, written before the matcher)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from fazhi.analyze.cascade import cascade, cascade_rows
from fazhi.analyze.followthrough import follow_through, follow_through_rows
from fazhi.schema import CASCADE, FOLLOW_THROUGH
from fazhi.tables import columns, to_arrow, validate

ROOT = Path(__file__).resolve().parent.parent.parent


# -- synthetic corpora -------------------------------------------------------------------------
def doc(doc_id, doc_type, start, end, *, name="某某市", level="prefecture", province="某某省", issued=None):
    return {"doc_id": doc_id, "jurisdiction_zh": name, "level": level, "province_zh": province, "doc_type": doc_type,
            "period_start": start, "period_end": end, "issued_date": pd.Timestamp(issued) if issued else None}  # fmt: skip


def stmt(doc_id, seq, kind, value, *, indicator="online_service_rate", unit="%", comparator="=", year=None, scope=None,
         cadence=None, qualifier=None, status="numeric", quote=None):  # fmt: skip
    lower = upper = value
    lower_inc = upper_inc = True
    if comparator == ">=":
        upper, upper_inc = None, None
    elif comparator == ">":
        upper, upper_inc, lower_inc = None, None, False
    elif comparator == "<=":
        lower, lower_inc = None, None
    if status != "numeric":
        value = lower = upper = lower_inc = upper_inc = None
    return {"doc_id": doc_id, "seq": seq, "provision_id": f"{doc_id}:1", "indicator_id": indicator, "kind": kind, "status": status,
            "value": value, "unit": unit, "comparator": comparator if status == "numeric" else None, "lower": lower, "upper": upper,
            "lower_inclusive": lower_inc, "upper_inclusive": upper_inc, "year": year, "cadence": cadence, "scope": scope,
            "qualifier": qualifier, "value_text": None if value is None else f"{value:g}{unit}", "quote": quote or f"某某{value}{unit}",
            "start": seq * 10, "end": seq * 10 + 8}  # fmt: skip


def run(docs, rows, **kw):
    validate(to_arrow(columns(follow_through_rows(pd.DataFrame(rows), pd.DataFrame(docs), **kw), FOLLOW_THROUGH), FOLLOW_THROUGH), FOLLOW_THROUGH)
    return follow_through(pd.DataFrame(rows), pd.DataFrame(docs), **kw)


def na(v):
    """A cell, None when missing (pandas reads a null string as NaN)."""
    return None if not isinstance(v, (list, tuple)) and not hasattr(v, "__len__") and pd.isna(v) else v


def statuses(t):
    return [(r.target_seq, na(r.report_doc_id), r.status, na(r.gap)) for r in t.itertuples()]


PLAN = doc("p", "plan", 2022, 2025)


def test_met_not_met_and_not_yet_due():
    docs = [PLAN, doc("r22", "report", 2022, 2022), doc("r25", "report", 2025, 2025)]
    rows = [
        stmt("p", 0, "target", 95, comparator=">="),  # due 2025 (the plan's end)
        stmt("r22", 0, "reported", 90, year=2022),  # short, but not due yet
        stmt("r25", 0, "reported", 93, year=2025),  # short when due
        stmt("p", 1, "target", 4, indicator="pre_meeting_law_study", unit="次", comparator=">=", cadence="per year"),
        stmt("r22", 1, "reported", 3, indicator="pre_meeting_law_study", unit="次", year=2022),  # a yearly target is due every year
        stmt("r25", 1, "reported", 7, indicator="pre_meeting_law_study", unit="次", year=2025),
    ]
    assert statuses(run(docs, rows)) == [
        (0, "r22", "target year not reached", -5.0), (0, "r25", "not met", -2.0),
        (1, "r22", "not met", -1.0), (1, "r25", "met", 3.0),
    ]  # fmt: skip


def test_a_figure_in_another_unit_or_scope_or_without_a_number_is_not_compared():
    docs = [PLAN, doc("r", "report", 2023, 2023)]
    rows = [
        stmt("p", 0, "target", 2, indicator="legal_lecture_count", unit="次", comparator=">="),
        stmt("r", 0, "reported", 150, indicator="legal_lecture_count", unit="人次", year=2023),
        stmt("p", 1, "target", 100, scope="市本级"),
        stmt("r", 1, "reported", 80, year=2023),  # the whole jurisdiction's figure
        stmt("p", 2, "target", 100, indicator="audit_coverage"),
        stmt("r", 2, "reported", None, indicator="audit_coverage", status="qualitative", year=2023),
    ]
    t = run(docs, rows)
    assert statuses(t) == [(0, "r", "no comparable figure", None), (1, "r", "no comparable figure", None), (2, "r", "no comparable figure", None)]
    assert [list(v) for v in t["review_reasons"]] == [["figure in another unit"], ["figure for another scope"], ["mentioned without a figure"]]


def test_no_report_silence_and_years_not_reached():
    docs = [
        PLAN, doc("r", "report", 2023, 2023), doc("r25", "report", 2025, 2025),  # p's target is due 2025: silence in 2025 is 'not reported'
        doc("q", "plan", 2021, 2025, name="甲县", level="county"),  # no report at all
        doc("k", "key_points", 2026, 2026, name="乙市"), doc("k_r", "report", 2025, 2025, name="乙市"),
    ]  # fmt: skip
    rows = [
        stmt("p", 0, "target", 100, indicator="audit_coverage"),
        stmt("q", 0, "target", 100),
        stmt("k", 0, "target", 90, comparator=">=", year=2026),
        stmt("k_r", 0, "reported", 85, year=2025),  # 2025 is before the 2026 target: not a later report
    ]
    t = run(docs, rows)
    assert [(r.target_doc_id, r.status, r.n_reports) for r in t.itertuples()] == [  # places in code-point order: 乙市, 某某市, 甲县
        ("k", "target year not reached", 0), ("p", "not reported", 2), ("q", "no later report", 0),
    ]  # fmt: skip
    # Before the due year, a report's silence is not yet a failure: 'target year not reached', and it says why.
    early = run([PLAN, doc("r", "report", 2023, 2023)], [stmt("p", 0, "target", 100, indicator="audit_coverage")])
    assert [(r.status, list(r.review_reasons)) for r in early.itertuples()] == [("target year not reached", ["not reported so far"])]


def test_overlapping_plans_a_report_without_a_year_and_a_renamed_place():
    docs = [
        PLAN, doc("a", "action_plan", 2023, 2024),
        doc("r", "report", None, None),
        doc("old_r", "report", 2024, 2024, name="某某县"),
    ]  # fmt: skip
    rows = [
        stmt("p", 0, "target", 95, comparator=">="),
        stmt("a", 0, "target", 98, comparator=">=", year=2024),
        stmt("r", 0, "reported", 96, year=None),
        stmt("old_r", 0, "reported", 99, year=2024),
    ]
    t = run(docs, rows, aliases={"某某县": "某某市"})
    got = [(r.target_doc_id, r.report_doc_id, r.status, list(r.review_reasons)) for r in t.itertuples()]
    assert got == [
        ("a", "old_r", "met", ["overlapping plans"]), ("a", "r", "report year unknown", ["overlapping plans", "report without a year"]),
        ("p", "old_r", "met", ["overlapping plans"]), ("p", "r", "report year unknown", ["overlapping plans", "report without a year"]),
    ]  # fmt: skip
    # without the alias the old name is another place: its report does not count
    assert "old_r" not in set(run(docs, rows)["report_doc_id"].dropna())
    # the manifest's current_name on the old document does what the alias does
    docs[3] = {**docs[3], "current_name": "某某市"}
    assert [(r.target_doc_id, r.report_doc_id, r.status) for r in run(docs, rows).itertuples()] == [(a, b, c) for a, b, c, _ in got]


def test_a_renamed_place_meets_its_plan_through_the_manifest(tmp_path):
    """A plan issued under a county's former name and a report under its district name: the
    manifest's current_name puts them in one place, through a real build."""
    import fazhi
    from conftest import manifest_row, write_raw

    plan = "某某县法治政府建设实施方案(2020—2022年)\n一、主要任务\n1.推进政务公开。到2022年,政务服务事项网上可办率不低于90%。\n"
    report = "某某区人民政府关于2022年法治政府建设情况的报告\n一、工作成效\n1.政务公开。2022年,政务服务事项网上可办率达到96%。\n"
    rows = [manifest_row("old_plan", "plan.txt", jurisdiction_zh="某某县", jurisdiction_en="Moumou County", level="county", period_start="2020", period_end="2022", current_name="某某区"),
            manifest_row("new_report", "report.txt", jurisdiction_zh="某某区", jurisdiction_en="Moumou District", level="district", doc_type="report", period_start="2022", period_end="2022")]  # fmt: skip
    raw = write_raw(tmp_path / "raw", {"plan.txt": plan.encode(), "report.txt": report.encode()}, rows)
    fazhi.build(raw, tmp_path / "out", cache=False)
    corpus = fazhi.load(tmp_path / "out")
    assert corpus.documents.set_index("doc_id")["current_name"].fillna("").to_dict() == {"old_plan": "某某区", "new_report": ""}
    ft = corpus.follow_through
    assert [(r.target_doc_id, r.report_doc_id, r.status, r.gap) for r in ft.itertuples()] == [("old_plan", "new_report", "met", 6.0)]


def test_an_approximate_figure_says_so():
    docs = [PLAN, doc("r", "report", 2025, 2025)]
    rows = [stmt("p", 0, "target", 50, unit="次", indicator="court_observation_count", comparator=">="),
            stmt("r", 0, "reported", 50, unit="次", indicator="court_observation_count", comparator=">", qualifier="more_than", year=2025)]  # fmt: skip
    t = run(docs, rows)
    assert statuses(t) == [(0, "r", "met", 0.0)] and [list(v) for v in t["review_reasons"]] == [["approximate figure"]]


# -- cascade -------------------------------------------------------------------------------------
def cascade_of(docs, rows):
    t = cascade(pd.DataFrame(rows), pd.DataFrame(docs))
    validate(to_arrow(columns(cascade_rows(pd.DataFrame(rows), pd.DataFrame(docs)), CASCADE), CASCADE), CASCADE)
    return [(r.doc_id, r.seq, na(r.parent_doc_id), r.relation) for r in t.itertuples()]


NATION = doc("cn", "outline", 2021, 2025, name="全国", level="national", province="", issued="2021-08-01")
PROVINCE = doc("pv", "plan", 2021, 2025, name="某某省", level="province", issued="2021-12-01")
CITY = doc("ct", "action_plan", 2022, 2024, issued="2022-06-01")
COUNTY = doc("co", "plan", 2022, 2025, name="某某县", level="county", issued="2022-09-01")


def test_each_relation():
    q = "政务服务事项网上可办率不低于90%"
    rows = [
        stmt("cn", 0, "target", 90, comparator=">=", quote=q),
        stmt("pv", 0, "target", 90, comparator=">=", quote=q),  # verbatim from the nation
        stmt("ct", 0, "target", 100, quote="网上可办率达到100%"),  # tightened: ≥90% → 100%
        stmt("co", 0, "target", 80, comparator=">=", quote="网上可办率80%以上"),  # loosened
        stmt("pv", 1, "target", 60, indicator="enforcement_training_hours", unit="学时", comparator=">=", quote="每人每年不少于60学时"),
        stmt(
            "ct", 1, "target", 60, indicator="enforcement_training_hours", unit="学时", comparator=">=", quote="确保执法人员培训达到60学时以上要求"
        ),  # restated
        stmt("ct", 2, "target", 5, indicator="legal_lecture_count", unit="次", comparator=">="),  # own
        stmt("co", 1, "target", 60, indicator="enforcement_training_hours", unit="人次", comparator=">="),  # another unit: own
    ]
    assert cascade_of([NATION, PROVINCE, CITY, COUNTY], rows) == [
        ("cn", 0, None, "own"), ("co", 0, "ct", "loosened"), ("co", 1, None, "own"), ("ct", 0, "pv", "tightened"),
        ("ct", 1, "pv", "restated"), ("ct", 2, None, "own"), ("pv", 0, "cn", "verbatim"), ("pv", 1, None, "own"),
    ]  # fmt: skip


def test_a_parent_of_another_province_later_or_of_other_years_is_not_one():
    other = doc("ov", "plan", 2021, 2025, name="另一省", level="province", province="另一省", issued="2021-01-01")
    later = doc("lt", "plan", 2023, 2025, name="某某省", level="province", issued="2023-01-01")
    old = doc("od", "plan", 2016, 2020, name="某某省", level="province", issued="2016-01-01")
    peer = doc("pe", "plan", 2021, 2025, name="另一市", issued="2021-01-01")
    rows = [stmt(d["doc_id"], 0, "target", 95, comparator=">=") for d in (other, later, old, peer)] + [stmt("ct", 0, "target", 95, comparator=">=")]
    got = {(d, s): (p, r) for d, s, p, r in cascade_of([other, later, old, peer, CITY], rows)}
    assert got[("ct", 0)] == (None, "own")


def test_same_interval_due_earlier_is_tightened_and_the_year_is_flagged():
    rows = [stmt("pv", 0, "target", 95, comparator=">=", year=2024), stmt("ct", 0, "target", 95, comparator=">=", year=2023)]
    t = cascade(pd.DataFrame(rows), pd.DataFrame([PROVINCE, CITY]))
    r = t[t.doc_id == "ct"].iloc[0]
    assert (r.relation, list(r.review_reasons)) == ("tightened", ["year differs"])


# -- founding corpus + companion openings against the annotation ---------------------------------
def _annotation(kind):
    with open(ROOT / "tests" / "annotations" / "follow_through.csv", encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["kind"] == kind]


def test_every_annotated_follow_through_pair_is_found_with_its_status(joined):
    t = follow_through(joined.indicators, joined.documents)
    for a in _annotation("follow_through"):
        rows = t[
            (t.target_doc_id == a["doc_id"]) & (t.indicator_id == a["indicator_id"]) & t.target_quote.str.contains(a["target_quote"], regex=False)
        ]
        assert len(rows) == 1, a
        r = rows.iloc[0]
        assert r.status == a["expected"], (a, r.status)
        assert (na(r.report_doc_id) or "") == a["other_doc_id"], a
        if a["other_quote"]:
            assert a["other_quote"] in r.report_quote, a
    for a in _annotation("no_pair"):
        assert not ((t.report_doc_id == a["doc_id"]) & (t.indicator_id == a["indicator_id"])).any(), a
    # no pair across indicators, units or scopes
    compared = t[t.status.isin(["met", "not met", "target year not reached"]) & t.report_doc_id.notna()]
    assert (compared.unit == compared.report_unit).all()
    assert sorted(compared.report_quote) == ["举办领导干部法治专题讲座9期", "开展全区领导干部依法行政研讨班2期", "组织区政府常务会会前学法7次"]
    # every pair compared, and every figure without a comparable one, is an annotated one (the other
    # statuses grow with the extraction: 54 not reported and 4 no later report when this was written)
    counts = t.status.value_counts().to_dict()
    assert (counts["met"], counts["no comparable figure"], counts.get("not met", 0)) == (3, 2, 0)


def test_the_build_writes_both_tables_and_load_reads_them(joined):
    """The corpus stage (fazhi.analyze.stage.plan_tables) writes what the functions compute."""
    assert (
        joined.follow_through["status"].value_counts().to_dict()
        == follow_through(joined.indicators, joined.documents)["status"].value_counts().to_dict()
    )
    assert joined.cascade["relation"].value_counts().to_dict() == cascade(joined.indicators, joined.documents)["relation"].value_counts().to_dict()
    daxing = joined.subset(["大兴区"])
    assert set(daxing.follow_through["jurisdiction_zh"]) == {"大兴区"} and (daxing.follow_through["status"] == "met").sum() == 3


def test_every_annotated_cascade_relation_is_found(joined):
    t = cascade(joined.indicators, joined.documents)
    for a in _annotation("cascade"):
        rows = t[(t.doc_id == a["doc_id"]) & (t.indicator_id == a["indicator_id"]) & t.quote.str.contains(a["target_quote"], regex=False)]
        assert len(rows) == 1, a
        r = rows.iloc[0]
        assert (r.relation, na(r.parent_doc_id) or "") == (a["expected"], a["other_doc_id"]), (a, r.relation, r.parent_doc_id)
    counts = t.relation.value_counts().to_dict()  # and 56 own when this was written
    assert (counts["verbatim"], counts["restated"], counts.get("tightened", 0), counts.get("loosened", 0)) == (5, 2, 0, 0)


def test_the_profile_shows_what_became_of_the_targets_in_both_languages(joined):
    from fazhi.report import profile

    daxing = {lang: profile.page(joined, "Daxing", lang) for lang in ("zh", "en")}
    assert "Targets followed and taken from above" in daxing["en"] and "目标落实与承袭" in daxing["zh"]
    assert "met 3" in daxing["en"] and "已达到 3" in daxing["zh"]
    # the reported figure links to its own statement in the 2022 report
    assert 'href="text/daxing_2022_report.html#s-' in daxing["en"]
    huaibei = profile.page(joined, "Huaibei", "en")
    assert "verbatim from above 5, restated from above 2" in huaibei and "Anhui action plan 2022–2024" in huaibei
    assert 'href="text/anhui_2022_action_plan.html#s-' in huaibei
