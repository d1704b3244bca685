"""Normalisation steps, on the real documents and on small synthetic cases."""

import pytest

from conftest import RAW
from fazhi.parse.normalize import (
    Correction,
    garbled_spans,
    normalize,
    pinyin_changes,
    web_debris_rule,
)
from fazhi.errors import CorrectionError
from fazhi.parse.textedit import apply_changes

SHIYAN_RAW = (RAW / "shiyan_2023_report.txt").read_text("utf-8")
TAIAN_RAW = (RAW / "taian_2017_plan.txt").read_text("utf-8")


def test_shiyan_pinyin_annotations_are_all_removed_and_real_brackets_kept():
    n = normalize(SHIYAN_RAW)
    pinyin = [r for r in n.tracked.records() if r.kind == "pinyin"]
    # 750 annotations in the file; the one after the garbled "F" is not one of a character.
    assert len(pinyin) == 749
    assert "(guān)" not in n.text and "(xiàn)" in n.text  # the garbled one is left for review
    assert "示范市(县、区)" in n.text and "党委(党组)" in n.text and "应急办(消防救援所)" in n.text


def test_pinyin_needs_a_real_syllable_after_a_han_character():
    text = "關(guān)于计划(xyz)和附件(A)"
    assert apply_changes(text, pinyin_changes(text)) == "關于计划(xyz)和附件(A)"


def test_shiyan_garbled_runs_are_flagged_on_the_raw_text():
    found = [SHIYAN_RAW[s:e] for s, e, _ in garbled_spans(SHIYAN_RAW)]
    assert found == ["?,F(xiàn)", "?!笆咧腔鄢鞘袛?shù)"]


def test_without_corrections_the_garbled_runs_are_logged_as_warnings():
    flags = [r for r in normalize(SHIYAN_RAW).tracked.records() if r.kind == "garbled"]
    assert [r.before for r in flags] == ["?,F(xiàn)", "?!笆咧腔鄢鞘袛?shù)"]
    assert all(r.action == "flagged" for r in flags)


def test_reviewed_corrections_repair_the_garbled_runs():
    fixes = [
        Correction("shiyan_2023_report", "?,F(xiàn)將", "。現將", "checked"),
        Correction("shiyan_2023_report", "?!笆咧腔鄢鞘袛?shù)字云底座", "。“十堰智慧城市數字云底座", "checked"),
    ]
    n = normalize(SHIYAN_RAW, fixes)
    assert "(县、区)。现将有关情况报告如下。" in n.text
    assert "观摩活动。“十堰智慧城市数字云底座—武当云”荣获" in n.text
    assert not [r for r in n.tracked.records() if r.kind == "garbled"]


def test_a_correction_that_no_longer_matches_fails_clearly():
    fix = Correction("shiyan_2023_report", "不存在的文字", "x", "checked", "corrections.csv", 3)
    with pytest.raises(CorrectionError, match=r"corrections\.csv:3: correction for shiyan_2023_report no longer matches"):
        normalize(SHIYAN_RAW, [fix])


def test_a_correction_matching_twice_fails():
    fix = Correction("d", "法治", "x", "checked", "corrections.csv", 2)
    with pytest.raises(CorrectionError, match="matches 2 times"):
        normalize("法治和法治", [fix])


def test_taian_web_debris_is_removed_by_rule():
    n = normalize(TAIAN_RAW)
    debris = [r for r in n.tracked.records() if r.kind == "web_debris"]
    expected = [
        ("navigation bar", "首 页 | 走进台安 | 政府领导"),
        ("breadcrumb; after whitespace", "您所在的位置 首页 > 调查征集"),
        ("page metadata; after whitespace", "上稿单位:县政务公开办公室"),
        ("page buttons; after whitespace", "【字号"),
    ]
    assert [r.detail for r in debris] == [d for d, _ in expected]
    for r, (_, prefix) in zip(debris, expected):
        assert r.before.startswith(prefix) and r.after == ""
    assert n.text.startswith("台安县法治政府建设实施方案(征求意见稿)\n(2017-2020年)\n为深入推进依法行政")
    for word in ("阅读次数", "字号", "走进台安", "您所在的位置"):
        assert word not in n.text


@pytest.mark.parametrize(
    "line, rule",
    [
        ("网站首页 | 机构概况 | 政务公开 | 办事服务 | 互动交流", "navigation bar"),
        ("当前位置:首页 > 政务公开 > 规划计划", "breadcrumb"),
        ("政务公开 > 政策公开 > 政策文件", "breadcrumb"),  # no 首页, only the trail
        ("依法行政 > 法治政府", "breadcrumb"),
        ("出庭应诉率>90%", None),
        ("来源:市司法局 发布日期:2023-05-01 浏览次数:120", "page metadata"),
        ("【大 中 小】【打印本页】【关闭窗口】", "page buttons"),
        ("分享到:", "page tools"),
        ("一、总体要求", None),
        ("(一)依法全面履行政府职能", None),
        ("各市、自治州人民政府,省政府各委、办、厅、局:", None),
        ("索 引 号 :015000185/2024-00005发文字号 :青政办函〔2024〕19号", None),
    ],
)
def test_debris_rules_are_general(line, rule):
    assert web_debris_rule(line) == rule


def test_width_and_whitespace_are_folded_and_logged():
    n = normalize("（一）依法行政，提高水平：１２％\r\n\r\n\u3000\u3000第二段  内容 \n")
    assert n.text == "(一)依法行政,提高水平:12%\n第二段 内容"
    records = n.tracked.records()
    assert {r.kind for r in records} == {"width", "whitespace"}
    # The CRLFs were folded first, then the blank line they made was removed.
    assert [r.detail for r in records if r.before.startswith("\r\n")] == ["blank lines removed; after newline"]


def test_scripts_are_detected_and_converted():
    huaibei = normalize((RAW / "huaibei_2022_action_plan.txt").read_text("utf-8"))
    assert huaibei.script == "traditional"
    assert huaibei.text.startswith("淮北市人民政府关于印发淮北市推进法治政府建设率先突破三年行动计划")
    assert "淮政〔2022〕45号" in huaibei.text
    daxing = normalize((RAW / "daxing_2022_opinion.txt").read_text("utf-8"))
    assert (daxing.script, daxing.n_converted) == ("simplified", 0)


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("區政府?。ù…發(fā)布)《實施方案》", "?。ù"),  # "?" glued to CJK punctuation, a toned fragment with no base character
        ("市政府网站?。ǎ┧", "?。ǎ┧"),  # box-drawing characters come from GBK read wrongly
    ],
)
def test_mojibake_runs_are_flagged(text, flagged):
    assert [text[s:e] for s, e, _ in garbled_spans(text)] == [flagged]


@pytest.mark.parametrize("text", ["現(xiàn)將有關(guān)情況報告如下", "这是什么?", "依法行政(ù)工作"])
def test_annotations_and_plain_text_are_not_garbled(text):
    assert garbled_spans(text) == []
