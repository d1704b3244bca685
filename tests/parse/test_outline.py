"""Outline and header parsing, on the five documents and on synthetic cases."""

import pandas as pd
import pytest

from conftest import SMALL_PLAN
from fazhi import parse_text
from fazhi.parse.outline import parse_outline

EXPECTED_TASKS = {
    "huaibei_2022_action_plan": 37,
    "taian_2017_plan": 50,
    "qinghai_2024_key_points": 26,
    "shiyan_2023_report": 0,  # a report on 2023 with no forward-looking part: its items narrate what was done
    "daxing_2022_opinion": 43,
}


@pytest.mark.parametrize("doc_id, n", EXPECTED_TASKS.items())
def test_task_counts(corpus, doc_id, n):
    tasks = corpus.tasks[corpus.tasks["doc_id"] == doc_id]
    assert len(tasks) == n
    # Tasks are numbered 1..n without gaps (Shiyan restarts (一) under each part).
    if doc_id != "shiyan_2023_report":
        assert tasks["ordinal"].tolist() == list(range(1, n + 1))


def test_shiyan_subsections_sit_under_its_eight_parts(corpus):
    p = corpus.provisions[corpus.provisions["doc_id"] == "shiyan_2023_report"]
    assert p[(p["depth"] == 1) & (p["kind"] == "section")]["label"].tolist() == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    counts = p[p["style"] == "paren_cn"].groupby("parent_id").size().tolist()
    assert counts == [3, 4, 3, 3, 3, 3, 3, 3]
    assert not p["is_task"].any()  # achievements narrative, not tasks


def test_taian_item_40_is_split_from_the_line_of_item_39(corpus):
    i39 = corpus.item("taian_2017_plan", "39")
    i40 = corpus.item("taian_2017_plan", "40")
    assert i39["text"].endswith("优先提拔使用法治素养好、依法办事能力强的干部。")
    assert i40["text"].startswith("加强对政府工作人员的法治教育培训。健全政府机关领导干部集体学法")
    assert i39["end"] == i40["start"]


def test_headings(corpus):
    assert corpus.item("taian_2017_plan", "1")["heading"] == "推进政府职能法定化"
    assert corpus.item("qinghai_2024_key_points", "21")["heading"] == "切实加强和规范行政机关负责人出庭应诉工作"
    # Huaibei's numbered items are bare tasks: no heading invented.
    assert pd.isna(corpus.item("huaibei_2022_action_plan", "1")["heading"])
    sections = corpus.provisions[(corpus.provisions["doc_id"] == "huaibei_2022_action_plan") & (corpus.provisions["label"] == "(一)")]
    assert sections["heading"].tolist() == ["全面优化行政制度供给", "加强组织领导"]


def test_huaibei_units(corpus):
    i17 = corpus.item("huaibei_2022_action_plan", "17")
    assert list(i17["lead_units"]) == ["市司法局"]
    assert list(i17["partner_units"]) == ["市中级人民法院", "市政府各部门", "各县区人民政府"]
    i20 = corpus.item("huaibei_2022_action_plan", "20")
    assert list(i20["partner_units"]) == ["市中级人民法院", "市检察院", "市公安局"]  # 等 dropped
    i28 = corpus.item("huaibei_2022_action_plan", "28")
    assert (list(i28["lead_units"]), list(i28["partner_units"])) == (["市公安局"], [])
    others = corpus.tasks[corpus.tasks["doc_id"] != "huaibei_2022_action_plan"]
    assert others["lead_units"].map(len).sum() == 0


@pytest.mark.parametrize(
    "doc_id, label, expected",
    [
        ("huaibei_2022_action_plan", "2", [(2023, None, False, "2023年底前")]),
        ("huaibei_2022_action_plan", "7", [(None, 2, True, "每年2月底前")]),
        ("huaibei_2022_action_plan", "26", [(2022, 11, False, "2022年11月底前")]),
        ("huaibei_2022_action_plan", "15", [(2023, 1, False, "2023年1月底前")]),
        ("qinghai_2024_key_points", "14", [(2024, 6, False, "2024年6月前")]),
        ("taian_2017_plan", "3", [(2017, 6, False, "2017年6月前"), (2018, None, False, "2018年")]),
        ("daxing_2022_opinion", "1", []),
    ],
)
def test_deadlines(corpus, doc_id, label, expected):
    got = [(d["year"], d["month"], d["recurring"], d["text"]) for d in corpus.item(doc_id, label)["deadlines"]]
    assert got == expected


def test_deadline_offsets_point_at_the_text(corpus):
    docs = corpus.documents.set_index("doc_id")["text"]
    n = 0
    for row in corpus.provisions.itertuples():
        for d in row.deadlines:
            assert docs[row.doc_id][d["start"] : d["end"]] == d["text"]
            n += 1
    assert n >= 20


def test_daxing_goal_deadline_to_2025(corpus):
    p = corpus.provisions
    goal = p[(p["doc_id"] == "daxing_2022_opinion") & (p["heading"] == "总体目标")].iloc[0]
    assert [d["text"] for d in goal["deadlines"]] == ["到2025年", "2025年前"]


@pytest.mark.parametrize(
    "doc_id, title, number, date, issuer",
    [
        ("huaibei_2022_action_plan", "淮北市推进法治政府建设率先突破三年行动计划(2022—2024年)", "淮政〔2022〕45号", "2022-12-28", "淮北市人民政府"),
        ("qinghai_2024_key_points", "青海省2024年法治政府建设工作要点", "青政办函〔2024〕19号", "2024-02-01", "青海省人民政府办公厅"),
        ("shiyan_2023_report", "十堰市人民政府关于2023年法治政府建设情况的报告", None, "2024-01-17", "十堰市人民政府"),
        ("daxing_2022_opinion", "大兴区法治政府建设实施意见(2022-2025年)", "京兴法委行政组文〔2022〕1号", "2022-04-11", "大兴区委全面依法治区委员会依法行政小组"),
        # No date in the text: the portal's posting line (发布时间:2017-05-27, removed as page debris) dates it.
        ("taian_2017_plan", "台安县法治政府建设实施方案(征求意见稿)(2017-2020年)", None, "2017-05-27", None),
    ],
)
def test_header_detection_without_manifest(doc_id, title, number, date, issuer):
    from conftest import RAW

    parsed = parse_text((RAW / f"{doc_id}.txt").read_bytes())
    h = parsed.header
    assert (h.title, h.doc_number, h.issued_date, h.issuer) == (title, number, date, issuer)


def test_taian_is_detected_as_a_draft_plan():
    from conftest import RAW

    h = parse_text((RAW / "taian_2017_plan.txt").read_bytes()).header
    assert (h.is_draft, h.doc_type, h.period_start, h.period_end, h.jurisdiction_zh, h.level) == (True, "plan", 2017, 2020, "台安县", "county")


def test_header_and_attachment_note_are_not_provisions(corpus):
    docs = corpus.documents.set_index("doc_id")
    taian = docs.loc["taian_2017_plan"]
    assert taian["text"][taian["back_start"] :] == "附件:《台安县法治政府建设实施方案(2017-2020年)》任务措施分工方案"
    shiyan = docs.loc["shiyan_2023_report"]
    assert shiyan["text"][shiyan["back_start"] :] == "2024年1月17日"
    huaibei = docs.loc["huaibei_2022_action_plan"]
    assert huaibei["text"][: huaibei["header_end"]].endswith("2022年12月28日\n淮北市推进法治政府建设率先突破三年\n行动计划(2022—2024年)\n")
    assert not corpus.provisions["text"].str.contains("淮政〔2022〕45号").any()


def test_synthetic_plan_end_to_end():
    parsed = parse_text(SMALL_PLAN.encode(), doc_type="plan")
    o = parsed.outline
    assert [(p.path, p.label, p.is_task) for p in o.provisions] == [
        ("0", "", False),
        ("1", "一、", False),
        ("1.1", "1.", True),
        ("1.2", "2.", True),
        ("2", "二、", False),
        ("2.3", "3.", False),  # under 二、组织保障: general, not a task
    ]
    assert parsed.header.doc_number == "某政〔2023〕7号"
    assert o.provisions[2].lead_units == ["市司法局"] and o.provisions[2].partner_units == ["市财政局", "市审计局"]


def test_numbers_in_prose_do_not_open_items():
    o = parse_outline("一、任务\n1.推进工作。\n1.5万条数据已归集。\n25.加强监督。\n2.规范执法。")
    assert [p.label for p in o.provisions] == ["一、", "1.", "2."]
    assert "1.5万条" in o.provisions[1].text and "25.加强监督。" in o.provisions[1].text


def test_numbering_gap_is_accepted_with_a_warning():
    o = parse_outline("一、任务\n1.推进工作。\n2.规范执法。\n4.加强监督。")
    assert [p.label for p in o.provisions] == ["一、", "1.", "2.", "4."]
    assert [w[2:] for w in o.warnings] == [("outline_gap", "numbering jumps from 2 to 4")]


def test_all_styles_nest():
    text = "第一章 总则\n第一条 目的。\n一、要求\n(一)方向\n1.任务\n(1)细则\n①要点\n②要点"
    o = parse_outline(text)
    assert [(p.label, p.depth) for p in o.provisions] == [
        ("第一章", 1), ("第一条", 2), ("一、", 3), ("(一)", 4), ("1.", 5), ("(1)", 6), ("①", 7), ("②", 7),
    ]


def test_a_document_without_numbering_is_one_provision_with_a_warning():
    parsed = parse_text("关于某事的报告\n今年我们做了很多工作,效果很好。\n明年继续努力。".encode())
    o = parsed.outline
    assert [(p.kind, p.text) for p in o.provisions] == [("body", "今年我们做了很多工作,效果很好。\n明年继续努力。")]
    assert [r.kind for r in parsed.records if r.action == "flagged"] == ["no_outline"]


def test_a_page_that_starts_mid_document_keeps_its_numbering():
    parsed = parse_text("五、健全行政执法体制机制\n目标:执法更规范。\n措施:\n22.理顺行政执法体制。深入推进改革。\n23.规范执法。\n".encode(), doc_type="plan")
    o = parsed.outline
    assert [(p.label, p.is_task) for p in o.provisions] == [("五、", False), ("22.", True), ("23.", True)]
    assert any(kind == "outline_gap" and "partial document" in detail for _, _, kind, detail in o.warnings)


def test_a_reports_tasks_are_numbered_as_its_plan_part_numbers_them():
    """The review may number (一)(二), the plan part 1. 2. right under its heading: the plan
    part's numbering is the task numbering."""
    from fazhi.parse.outline import parse_outline

    text = (
        "某街道2024年法治政府建设情况报告\n一、主要成效\n(一)学法。全年学法6次。\n(二)普法。开展活动20场。\n(三)调解。调解纠纷30起。\n"
        "二、存在问题\n宣传不够。\n三、2025年工作计划\n重点做好以下工作:\n1.加强学法。\n2.深化普法。\n"
    )
    outline = parse_outline(text, doc_type="report")
    assert [p.label for p in outline.provisions if p.is_task] == ["1.", "2."]
