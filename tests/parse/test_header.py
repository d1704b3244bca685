"""Document headers as government portals print them (issue 16), on synthetic pages."""

import pytest

from fazhi.parse.document import parse_text


def header(text):
    return parse_text(text.encode()).header


def test_portal_metadata_table_is_read_not_discarded():
    h = header(
        "索 引 号 | 1162/2025-48086 | 主题分类 | 其他 |\n发文字号 | 某政发〔2025〕3号 | 制发机构 | |\n"
        "成文日期 | 2025-06-13 | 发布日期 | 2025-06-30 |\n标 题 | 某市人民政府关于印发《某市法治政府建设方案》的通知 |\n"
        "一、主要任务\n1.推进依法行政。\n"
    )
    assert (h.title, h.doc_number, h.issued_date) == ("某市法治政府建设方案", "某政发〔2025〕3号", "2025-06-13")


def test_stale_today_line_and_posting_line():
    h = header(
        "今天是:2019年10月31日 星期三\n某区2020年法治政府建设情况报告\n文章来源:司法局 更新时间:2021/03/29 11:30:01\n"
        "某区2020年法治政府建设情况报告\n一、主要举措\n1.加强领导。\n"
    )
    assert (h.title, h.issued_date) == ("某区2020年法治政府建设情况报告", "2021-03-29")


def test_chinese_numeral_date_and_square_bracket_number_in_the_body():
    h = header("各区县人民政府:\n《某市依法行政五年规划》已经市政府同意。现印发你们,请认真贯彻执行。\n二00五年三月三日\n某市依法行政五年规划(2004—2008年)\n一、总体要求\n为贯彻国发[2004]10号。\n")
    assert (h.title, h.issued_date, h.doc_number) == ("某市依法行政五年规划(2004—2008年)", "2005-03-03", None)


def test_number_glued_to_title_and_title_repeated():
    h = header("某政发〔2019〕35号《某市人民政府关于2018年度法治政府建设工作的报告》\n《某市人民政府关于2018年度法治政府建设工作的报告》\n某政发〔2019〕35号\n某省人民政府:\n2018年是开局之年。\n一、坚持党的领导\n(一)加强领导。\n")
    assert (h.title, h.doc_number) == ("某市人民政府关于2018年度法治政府建设工作的报告", "某政发〔2019〕35号")


def test_table_rows_are_not_part_of_the_title():
    h = header("2023年重点工作目标任务进展情况表\n序号 |\n目标与任务 |\n完成情况 |\n71 |\n推进矛盾纠纷化解。 |\n")
    assert h.title == "2023年重点工作目标任务进展情况表"


def test_indicator_system_title_and_date():
    h = header("某省法治政府建设指标体系\n2015年1月9日\n为了推进依法行政,制定本指标体系。\n一、行政决策\n1.范围明确。\n")
    assert (h.title, h.issued_date) == ("某省法治政府建设指标体系", "2015-01-09")


def test_a_time_and_views_posting_line_dates_the_page():
    h = header("某市人民政府关于2017年度法治政府建设情况的报告\n时间:2018-05-03  浏览次数:\n2017年,我市推进依法行政。\n一、主要做法\n(一)加强领导。\n")
    assert (h.title, h.issued_date) == ("某市人民政府关于2017年度法治政府建设情况的报告", "2018-05-03")


def test_an_issuer_line_heads_a_title_that_opens_with_its_year():
    # The title block set on two lines: the issuer, then the year and the kind of document.
    h = header("某县人民政府\n2022年度法治政府建设情况报告\n2022年,县政府坚持依法行政。\n一、主要做法\n(一)加强领导。\n")
    assert h.title == "某县人民政府2022年度法治政府建设情况报告"
    h = header("某县人民政府\n关于2022年度法治政府建设情况的报告\n2022年,县政府坚持依法行政。\n一、主要做法\n")
    assert h.title == "某县人民政府关于2022年度法治政府建设情况的报告"
    # a title naming its own jurisdiction stays as it is under a signature-like line
    h = header("某县司法局\n某县2022年度法治政府建设情况报告\n2022年,县政府坚持依法行政。\n一、主要做法\n")
    assert h.title == "某县2022年度法治政府建设情况报告"


def test_a_portals_numbered_metadata_list_is_metadata_not_task_items():
    text = ("政务公开 > 政策文件\n  1. [主题分类] 司法\n  2. [发文机构] 某市人民政府\n  3. [成文日期] 2021-11-26\n  4. [发文字号] 某政发〔2021〕7号\n"
            "某市人民政府关于印发《某市法治政府建设实施意见(2021-2025年)》的通知\n各区政府:\n现将《某市法治政府建设实施意见(2021-2025年)》印发给你们,请认真贯彻落实。\n"
            "某市法治政府建设实施意见(2021-2025年)\n为推进依法行政,制定本意见。\n一、总体要求\n(一)指导思想。坚持依法行政。\n(二)主要目标。到2025年基本建成。\n")
    parsed = parse_text(text.encode())
    h = parsed.header
    assert (h.title, h.issued_date, h.doc_number) == ("某市法治政府建设实施意见(2021-2025年)", "2021-11-26", "某政发〔2021〕7号")
    assert [p.label for p in parsed.outline.provisions if p.label][:3] == ["一、", "(一)", "(二)"]


def test_a_news_page_reprinting_a_plan_takes_its_title_from_the_lead():
    text = ("近日,市委、市政府印发了《某市法治政府建设实施方案(2021-2025年)》,并发出通知,要求认真贯彻落实。\n"
            "《某市法治政府建设实施方案(2021-2025年)》主要内容如下。\n为推进依法行政,制定本方案。\n一、总体要求\n(一)指导思想。坚持依法行政。\n(二)目标。到2025年基本建成。\n")
    parsed = parse_text(text.encode())
    assert parsed.header.title == "某市法治政府建设实施方案(2021-2025年)"
    # a report that mentions a plan it issued keeps no title
    report = "2023年,我市印发《某市法治政府建设实施方案》,全面推进依法行政。\n一、主要做法\n(一)加强领导。组织学法7次。\n(二)依法决策。\n"
    assert parse_text(report.encode()).header.title is None


def test_a_file_saved_under_its_title_gives_the_title_the_text_lacks():
    from fazhi.parse.document import parse_text

    body = "现将有关情况报告如下:\n一、主要成效\n1.全年受理复议案件53件。\n".encode()
    named = parse_text(body, path="raw/某县人民政府关于2022年度法治政府建设情况的报告_2023.txt")
    assert (named.header.title, named.header.doc_type, named.header.period_start) == ("某县人民政府关于2022年度法治政府建设情况的报告", "report", 2022)
    assert parse_text(body, path="raw/mouxian_2022_report.txt").header.title is None
    # a title line in the text wins over the file's name
    titled = parse_text("某县2022年法治政府建设工作要点\n".encode() + body, path="raw/某县关于2022年度法治政府建设情况的报告.txt")
    assert titled.header.title == "某县2022年法治政府建设工作要点"


def test_a_portal_footer_does_not_hide_the_signature_date():
    from fazhi.parse.document import parse_text

    text = "某局关于2022年法治政府建设工作情况的报告\n一、主要成效\n全年办结案件12件。\n某市某局\n2023年2月20日\n主办:某市人民政府办公室 承办:某市大数据中心\n网站标识码:3700000000 鲁ICP备05000000号\n"
    parsed = parse_text(text.encode(), doc_type="report")
    assert parsed.header.issued_date == "2023-02-20"
    removed = [r for r in parsed.records if r.kind == "web_debris"]  # adjacent debris lines: one logged removal
    assert [r.detail for r in removed] == ["page footer"] and "承办" in removed[0].before and "ICP备" in removed[0].before


def test_a_sub_districts_signature_closing_a_one_line_body():
    from fazhi.parse.oneline import closing_breaks

    line = "力争新创建示范社区1个。某区某街道办事处2025年1月10日"
    assert closing_breaks(line, 0, len(line)) == [(12, "signature"), (20, "date")]


def test_a_sub_district_office_signs_its_report():
    from fazhi.parse.document import parse_text

    text = "某街道办事处关于2024年度法治政府建设工作情况的报告\n一、主要成效\n全年调解纠纷30起。\n某区某街道办事处\n2025年1月10日\n"
    header = parse_text(text.encode(), doc_type="report").header
    assert (header.issuer, header.issued_date) == ("某区某街道办事处", "2025-01-10")


@pytest.mark.parametrize(
    "text, title, number, date",
    [
        # a PDF's number line joined with the title, on one line or spread over two
        ("东政报〔2024〕6号东川省人民政府关于2023年法治政府建设情况的报告\n国务院:\n一、主要成效\n全年办结12件。\n", "东川省人民政府关于2023年法治政府建设情况的报告", "东政报〔2024〕6号", None),
        ("东政报〔2024〕6号东川省人民政府关于2023年法治政府建设情况的\n报告\n国务院:\n一、主要成效\n全年办结12件。\n", "东川省人民政府关于2023年法治政府建设情况的报告", "东政报〔2024〕6号", None),
        # a portal's bulleted metadata block, label and value on separate lines, before the title
        ("首页\n>> 政务公开 >> 工作报告\n• 信息索引号:\n1133/2024-1\n• 发布日期:\n2024-01-31\n某镇2023年度法治政府建设工作报告\n今年以来,某镇坚持依法行政。\n一、主要成效\n办结12件。\n", "某镇2023年度法治政府建设工作报告", None, "2024-01-31"),
        # a content farm's lead and a page mark before the title; the posting date under its label
        ("下面是小编为大家整理的工作计划,供大家参考。\n- 1 - 某县2022年法治政府建设工作计划\n发布时间:\n2022-03-04\n为推进依法行政,制定本计划。\n一、主要任务\n1.推进学法。\n", "某县2022年法治政府建设工作计划", None, "2022-03-04"),
    ],
)
def test_headers_of_converted_and_reposted_pages(text, title, number, date):
    from fazhi.parse.document import parse_text

    h = parse_text(text.encode()).header
    assert (h.title, h.doc_number, h.issued_date) == (title, number, date)
