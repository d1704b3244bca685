"""One-line bodies (issue 28): a crawler's text flattened into one line keeps its outline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fazhi.ingest.encoding import decode_bytes
from fazhi.parse.document import parse_text
from fazhi.parse.oneline import DETAIL, LONG_LINE, line_breaks, oneline_changes
from fazhi.parse.textedit import apply_changes, reconstruct

ROOT = Path(__file__).resolve().parents[2]
FOUNDING = sorted((ROOT / "data" / "raw").glob("*.txt"))
FILLER = "为推进依法行政,加快建设法治政府,结合本地实际,制定本方案。" * 16


def _outline(text: str, doc_type=None):
    parsed = parse_text(text.encode("utf-8"), doc_type=doc_type)
    return parsed, [p.path for p in parsed.outline.provisions], sum(p.is_task for p in parsed.outline.provisions)


@pytest.fixture(scope="module")
def originals():
    out = {}
    for f in FOUNDING:
        raw = decode_bytes(f.read_bytes(), f).text
        doc_type = "report" if "_report" in f.name else None
        out[f.name] = (raw, doc_type, _outline(raw, doc_type))
    return out


@pytest.mark.parametrize("sep", ["", " "], ids=["newlines-removed", "newlines-as-spaces"])
def test_founding_documents_flattened_keep_every_provision_task_and_date(originals, sep):
    assert len(originals) == 5
    for name, (raw, doc_type, (parsed, paths, tasks)) in originals.items():
        flat = re.sub(r"\r?\n", sep, raw)
        assert "\n" not in flat
        flat_parsed, flat_paths, flat_tasks = _outline(flat, doc_type)
        assert (flat_paths, flat_tasks) == (paths, tasks), name
        assert flat_parsed.header.issued_date == parsed.header.issued_date, name
        # Nothing lost: every inserted line break is logged and undone by the log.
        assert reconstruct(flat_parsed.text, flat_parsed.records) == flat, name
        assert sum((r.kind == "newline" and r.detail.startswith(DETAIL)) for r in flat_parsed.records) >= len(paths) - 2, name


def test_founding_documents_as_they_are_are_not_touched(originals):
    for name, (raw, doc_type, (parsed, paths, tasks)) in originals.items():
        assert not [r for r in parsed.records if (r.kind == "newline" and r.detail.startswith(DETAIL))], name
    assert sum(len(p) for _, _, (_, p, _) in originals.values()) == 251  # the founding build's provision count


def test_words_with_a_numeral_and_a_comma_never_split():
    text = FILLER + "第一、二季度完成清理,统一、规范执法文书,唯一、权威的数据来源。" + FILLER
    assert len(text) > LONG_LINE
    assert oneline_changes(text) == []
    # …and inside a real one-line body they stay in their sentence.
    body = FILLER + "一、总体要求坚持统一、规范。二、主要任务1.第一、二季度完成清理。2.推进执法。"
    out = apply_changes(body, oneline_changes(body)).split("\n")
    assert out[1:] == ["一、总体要求坚持统一、规范。", "二、主要任务", "1.第一、二季度完成清理。", "2.推进执法。"]


def test_short_lines_and_markers_inside_sentences_are_left_alone():
    assert oneline_changes("一、总体要求。二、主要任务。1.推进。2.深化。") == []  # not a long line
    assert oneline_changes(FILLER + "坚持(一)指导思想。") == []  # a lone (一) inside a sentence
    assert oneline_changes(FILLER + "一、二季度办结案件12件。") == []  # 一、二 is a list of numerals
    assert oneline_changes(FILLER + "全年办结(一)类案件12件,(二)类案件3件。") == []  # (一)(二) inside sentences
    assert oneline_changes(FILLER + "推进1.5万人次。2.3万人次参与。3.2万件。") == []  # figures, not items


def test_a_lone_first_section_after_a_sentence_end_is_a_section():
    body = FILLER + "一、总体要求(一)指导思想。坚持依法行政。"
    assert apply_changes(body, oneline_changes(body)).split("\n")[1:] == ["一、总体要求", "(一)指导思想。坚持依法行政。"]


def test_an_opening_cut_before_its_second_section_keeps_its_outline():
    # A page opening (or a one-section text) has 一、 only: its (一)(二) or 1. 2. 3. after sentence
    # ends, the first right under its heading, are an outline all the same.
    body = FILLER + "一、主要举措和成效(一)深化学习1.深入学习。组织学法7次。2.抓好整改。完成12项。(二)依法履职。"
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[1:] == ["一、主要举措和成效", "(一)深化学习", "1.深入学习。组织学法7次。", "2.抓好整改。完成12项。", "(二)依法履职。"]
    keypoints = FILLER + "1.学习贯彻。〔各部门负责〕2.依法决策。〔各市负责〕3.严格执法。"
    assert apply_changes(keypoints, oneline_changes(keypoints)).split("\n")[1:] == ["1.学习贯彻。〔各部门负责〕", "2.依法决策。〔各市负责〕", "3.严格执法。"]


def test_a_key_points_item_closing_with_its_responsible_units_still_ends_before_the_next():
    body = FILLER + "一、学习贯彻。〔省直各部门按职责分工负责〕二、依法决策。〔各市(州)人民政府负责〕"
    assert apply_changes(body, oneline_changes(body)).split("\n")[1:] == ["一、学习贯彻。〔省直各部门按职责分工负责〕", "二、依法决策。〔各市(州)人民政府负责〕"]


def test_a_cover_notice_glued_to_its_attachment_keeps_signature_date_and_title_apart():
    body = ("《某县法治政府建设工作要点》已经县政府同意,现印发给你们。某县人民政府办公室二〇二三年三月一日"
            "某县法治政府建设工作要点为推进依法行政,制定本要点。" + FILLER + "一、学习。组织学法7次。二、决策。审查文件12件。")
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[:4] == ["《某县法治政府建设工作要点》已经县政府同意,现印发给你们。", "某县人民政府办公室", "二〇二三年三月一日", "某县法治政府建设工作要点"]
    no_outline = "《某县法治政府建设方案》已经县政府同意,现印发。二00五年三月三日某县法治政府建设方案" + FILLER
    assert apply_changes(no_outline, oneline_changes(no_outline)).split("\n")[1:3] == ["二00五年三月三日", "某县法治政府建设方案"]
    report = "全年工作有序推进。2023年3月1日,召开会议部署。" + FILLER  # a bare date after a sentence end is not a closing
    assert oneline_changes(report) == []


def test_a_dash_list_inside_a_line_gives_each_year_its_line():
    body = FILLER + "主要目标:——2022年,网上可办率不低于90%。——2023年,网上可办率不低于95%。一、任务。二、保障。"
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[1:3] == ["——2022年,网上可办率不低于90%。", "——2023年,网上可办率不低于95%。"]
    assert oneline_changes(FILLER + "坚持依法行政——这是根本。") == []


def test_items_continue_their_count_across_sections_and_figures_do_not_open_items():
    body = FILLER + "一、职能1.推进职能。增长1.5倍。2.深化改革。二、执法3.规范执法。4.严格监督。"
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[1:] == ["一、职能", "1.推进职能。增长1.5倍。", "2.深化改革。", "二、执法", "3.规范执法。", "4.严格监督。"]
    assert [what for _, what in line_breaks(body, 0, len(body))][:2] == ["top-level item", "numbered item"]


def test_a_crawled_portal_page_gets_its_outline_and_closing_date():
    text = (ROOT / "tests" / "fixtures" / "crawled" / "pingtan_zrzy_2022_fzzf_report.txt").read_bytes()
    parsed = parse_text(text, doc_type="report")
    labels = [p.label for p in parsed.outline.provisions]
    assert labels[:5] == ["", "一、", "(一)", "(二)", "二、"]
    assert len(labels) == 24
    scjg = parse_text((ROOT / "tests" / "fixtures" / "crawled" / "pingtan_scjg_2022_tzsb_inspection_plan.txt").read_bytes())
    assert [p.label for p in scjg.outline.provisions] == ["", "一、", "二、", "三、", "(一)", "(二)", "(三)", "(四)", "(五)"]


def test_a_short_body_keeps_its_closing_date():
    """A one-line body too short to split its outline still gets its signature and date."""
    from fazhi.parse.document import parse_text

    text = "某县司法局关于2023年度法治政府建设工作情况的报告\n2023年,我局办理行政复议案件12件,纠错率达到15%,特此报告。某县司法局 2024年1月10日\n"
    parsed = parse_text(text.encode())
    assert str(parsed.header.issued_date) == "2024-01-10"
    assert [r.detail for r in parsed.records if r.kind == "newline" and "closing" in r.detail] == [
        "line break before the signature and date closing the text's last line (signature)",
        "line break before the signature and date closing the text's last line (date)",
    ]


@pytest.mark.parametrize("last", ["某县人民政府\n2024年1月10日", "本方案自2024年1月10日起施行", "印发日期:2024年1月10日", "某县人民政府2024年1月10日"])
def test_a_closing_already_on_its_own_or_not_after_a_sentence_is_left_alone(last):
    from fazhi.parse.oneline import oneline_changes

    assert oneline_changes("某县法治政府建设实施方案\n一、总体要求\n" + last + "\n") == []


def test_second_level_items_may_continue_their_count_across_sections():
    body = FILLER + "一、总体要求(一)指导思想。坚持。(二)目标。到2025年。二、任务(三)推进职能。优化。(四)深化改革。"
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[1:] == ["一、总体要求", "(一)指导思想。坚持。", "(二)目标。到2025年。", "二、任务", "(三)推进职能。优化。", "(四)深化改革。"]


def test_bracketed_items_under_a_numbered_item_get_their_lines():
    body = FILLER + "一、任务(一)健全职能1.推进职能优化(1)规范权力运行。严格执行。(2)深化清单管理。落实制度。二、保障"
    lines = apply_changes(body, oneline_changes(body)).split("\n")
    assert lines[4:6] == ["(1)规范权力运行。严格执行。", "(2)深化清单管理。落实制度。"]
    aside = FILLER + "一、任务1.推进职能,包括执法(1)类事项。2.深化改革。二、保障"
    assert "(1)类事项。" not in apply_changes(aside, oneline_changes(aside)).split("\n")


def test_page_chrome_glued_after_a_one_line_body_is_removed_and_the_date_read():
    from fazhi.parse.document import parse_text

    body = "现将有关情况报告如下。" + "全年办结案件12件,培训执法人员300人次。" * 20
    line = body + "二、下一步工作打算(一)加强培训。(二)规范执法。某市某局 2023年2月20日【打印本页】 【关闭窗口】相关链接:中国政府网主办:某市人民政府办公室 网站标识码:3700000000"
    parsed = parse_text(("某局关于2022年法治政府建设情况的报告\n" + line + "\n").encode(), doc_type="report")
    assert parsed.header.issued_date == "2023-02-20"
    assert parsed.text.endswith("某市某局\n2023年2月20日")
    assert [r.detail.split(";")[0] for r in parsed.records if r.kind == "web_debris"] == ["page footer"]


@pytest.mark.parametrize(
    "text, title",
    [
        ("某县2025年度法治政府建设情况报告2025年,全县坚持依法行政。\n", "某县2025年度法治政府建设情况报告"),
        ("关于加强法治建设的意见为深入推进依法行政,提出如下意见。\n", "关于加强法治建设的意见"),
        ("2023年,全市形成了报告2024年,继续推进。\n", None),  # a sentence, no title
    ],
)
def test_a_title_run_into_its_body_gets_a_line_of_its_own(text, title):
    from fazhi.parse.document import parse_text

    assert parse_text(text.encode()).header.title == title
