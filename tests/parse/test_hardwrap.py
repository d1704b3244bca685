"""A PDF converted to text (lines broken by the page width, page numbers between them): the
lines are joined and the page numbers dropped, logged; ordinary texts are left alone."""

from fazhi.parse.document import parse_text
from fazhi.parse.hardwrap import hardwrap_changes, layout_width, width
from fazhi.parse.textedit import apply_changes, reconstruct


def wrap(paragraphs: list[str], columns: int = 32) -> list[str]:
    """Lines as a converter gives them: each paragraph indented by two full-width spaces, then
    cut every ``columns`` display columns."""
    out = []
    for p in paragraphs:
        line = "\u3000\u3000"
        for c in p:
            if width(line + c) > columns:
                out.append(line)
                line = ""
            line += c
        out.append(line)
    return out


PARAS = [
    "2023年,全市共受理行政复议申请429件,审结396件,纠错率11.25%,行政机关负责人出庭应诉率达到100%。",
    "全年培训执法人员1200人次,人均学时不少于60学时,执法证件持证率保持在98%以上,案卷评查合格率达到95%。",
    "一、2024年工作安排",
    "(一)深化复议体制改革。行政复议案件审结率达到95%以上,纠错率与上年持平,力争出庭应诉率保持100%。",
]


def test_a_fixed_width_layout_is_joined_and_its_page_numbers_dropped():
    lines = wrap(PARAS)
    text = "\n".join(lines[:5] + ["— 1 —"] + lines[5:]) + "\n"
    assert layout_width(text.split("\n")) == 32
    joined = apply_changes(text, hardwrap_changes(text))
    assert joined == "\n".join("\u3000\u3000" + p for p in PARAS) + "\n"


def test_the_parsed_text_reads_figures_across_the_old_breaks_and_loses_nothing():
    lines = wrap(PARAS)
    raw = "某市人民政府关于2023年度法治政府建设情况的报告\n" + "\n".join(lines[:5] + ["— 1 —"] + lines[5:]) + "\n"
    parsed = parse_text(raw.encode(), doc_type="report")
    assert "纠错率11.25%,行政机关负责人出庭应诉率达到100%" in parsed.text and "— 1 —" not in parsed.text
    kinds = {r.kind for r in parsed.records}
    assert {"newline", "layout"} <= kinds
    assert reconstruct(parsed.text, parsed.records) == raw  # every removed character is in the log


def test_paragraphs_of_every_length_are_no_layout():
    text = "\n".join("\u3000\u3000" + p for p in PARAS * 3) + "\n"
    assert hardwrap_changes(text) == []
