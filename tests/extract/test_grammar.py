"""The quantity grammar on small synthetic sentences: qualifiers, intervals, measure words,
ranges, and what is not an indicator (issue 16)."""

import pytest

from fazhi.extract.indicators import find_quantities


def one(text):
    [q] = find_quantities(text)
    return q


@pytest.mark.parametrize(
    "text, value, unit, comparator, qualifier, lower, upper",
    [
        ("随机抽查了1500余宗行政执法案卷", 1500, "宗", ">", "more_than", 1500, None),
        ("培训180多名执法人员", 180, "名", ">", "more_than", 180, None),
        ("组织参加考试近480人次", 480, "人次", "<", "nearly", None, 480),
        ("共计约600人参加", 600, "人", "~", "about", None, None),
        ("处理量300件左右", 300, "件", "~", "about", None, None),
        ("受理申请逾2000件", 2000, "件", ">", "more_than", 2000, None),
        ("办结率达到90%—95%", 90, "%", "between", "range", 90, 95),
        ("在3至5个工作日内办结", 3, "个工作日", "between", "range", 3, 5),
        ("出庭应诉率不低于90%", 90, "%", ">=", "at_least", 90, None),
        ("错案率控制在1%以内", 1, "%", "<=", "at_most", None, 1),
        ("行政复议纠错率达到20%以上", 20, "%", ">=", "at_least", 20, None),
        ("共组织开展4轮执法案卷评查", 4, "轮", "=", None, 4, 4),
        ("开展专项检查3批次", 3, "批次", "=", None, 3, 3),
        ("举办法治讲座12场次", 12, "场次", "=", None, 12, 12),
        ("走访企业230户", 230, "户", "=", None, 230, 230),
        ("发现问题15起", 15, "起", "=", None, 15, 15),
        ("服务群众1.5万人次", 15000, "人次", "=", None, 15000, 15000),
        ("案件差错率不超过千分之三", 0.3, "%", "<=", "at_most", None, 0.3),
        # 成 is tenths: a share, given in percent so that 九成 and 95% compare (the worded column keeps 九成)
        ("及格率已经达到8成以上", 80, "%", ">=", "at_least", 80, None),
        ("群众满意率达九成", 90, "%", "=", None, 90, 90),
        ("受理案件超1000件", 1000, "件", ">", "more_than", 1000, None),
        ("满意度高达98%", 98, "%", "=", None, 98, 98),  # "as high as" states the figure
        ("占全省行政诉讼案件的1/4左右", 25, "%", "~", "about", None, None),  # a share written as a fraction
        ("案件量连续四年突破一万件", 10000, "件", ">", "more_than", 10000, None),
    ],
)
def test_qualifiers_and_intervals(text, value, unit, comparator, qualifier, lower, upper):
    q = one(text)
    assert (q.value, q.unit, q.comparator, q.qualifier) == (pytest.approx(value), unit, comparator, qualifier)
    assert (q.lower, q.upper) == (pytest.approx(lower) if lower is not None else None, pytest.approx(upper) if upper is not None else None)


@pytest.mark.parametrize(
    "text",
    [
        "本指标体系共设8项一级指标、32项二级指标、115项三级指标",  # structure of an indicator system
        "主要围绕《指标体系》10项一级指标、34项二级指标、104项三级",  # … even cut off mid-list
        "将法治政府建设内容细分为七方面21个要点",  # structure of a document
        "行政决策(占总分值的15%)",  # a weight
        "纳入年终考核指标体系,分数占比10%",
        "经2015年1月8日自治区人民政府第38次常务会议讨论通过",  # meeting ordinal
        "入选第三批示范单位",
        "国发[2004]10号",  # document numbers in any bracket style
        "宁政发〔2019〕35号",
        "二00五年三月三日",  # a date in Chinese numerals
        "2022年04月27日 16时00分",
        "是改革开放40周年",
        "更新时间:2021/03/29 11:30:01",  # a date with slashes is not a fraction
        "推行“1、3、5分钟”服务",  # a programme name in quotes
        "涵盖优化政府职能等5方面10项内容",  # the structure of a task list
        "对涉及业务开展全覆盖研讨式培训",  # 全覆盖 as an adjective is not a coverage of 100%
        "将《纲要》设定的40项具体措施细化为78项,增加了41项效果指标",  # the parts of a plan
    ],
)
def test_not_indicators(text):
    assert find_quantities(text) == []


def test_report_counts_in_one_sentence_are_separate_statements():
    qs = find_quantities("共收到行政复议申请103宗,不受理12宗(其中转送10宗,不予受理1宗,告知处理1宗),受理91宗。")
    assert [(q.value, q.unit) for q in qs] == [(103, "宗"), (12, "宗"), (10, "宗"), (1, "宗"), (1, "宗"), (91, "宗")]


def test_full_coverage_as_a_result_is_100_percent():
    assert [(q.value, q.unit, q.worded) for q in find_quantities("实现法律顾问在各部门的全覆盖")] == [(100.0, "%", "全覆盖")]
    assert [q.value for q in find_quantities("在3个工作日内办结")] == [3.0]  # 内 closes the figure, 内容 does not


def test_a_figure_for_a_span_of_time_stands_at_its_end():
    from fazhi.extract.indicators import _year_of

    assert _year_of("2008年1月至2010年5月底,共收案件2584件", []) == 2010
    assert _year_of("到2025年,出庭应诉率达到100%", []) == 2025


@pytest.mark.parametrize(
    "text, values",
    [
        ("行政审批事项由494项减到304项", [494, 304]),  # a reduction is two reported figures
        ("将审批事项精简为150项", [150]),
        ("完成32项重点任务", [32]),
        ("41项考核指标达标", [41]),  # indicators met are a figure, indicators set are structure
    ],
)
def test_counts_that_are_figures(text, values):
    assert [q.value for q in find_quantities(text)] == values


@pytest.mark.parametrize(
    "text, scopes",
    [
        ("其中市本级收到行政复议申请120件。", ["市本级"]),
        ("县本级办理行政复议案件35件。", ["县本级"]),
        ("本级政府部门行政应诉案件败诉率控制在5%以内。", ["本级"]),
        ("全市收到行政复议申请300件。", [None]),
        ("市级、县级党政机关公职律师工作覆盖率分别达到80%、70%。", ["市级", "县级"]),
        # A part opened by an earlier clause holds until the sentence ends (issue 27: a
        # 市本级 correction rate read as the city's).
        ("全区共收到申请300件,其中区本级收到申请90件,受理85件,纠错率12.5%。下一年受理100件。", [None, "区本级", "区本级", "区本级", None]),
        ("其中县本级办结20件,乡镇办结40件,全县办结率98%。", ["县本级", "乡镇", None]),
        ("县级政府收到申请50件,办结45件;市级部门办结30件。", ["县级", "县级", "市级"]),
        ("各县(市、区)人民政府主要负责人述法率100%。", ["县(市、区)"]),
        # Not an opener: a level as a destination or a range of levels.
        ("推动300项高频服务下沉至县级,52项下沉至乡村。", [None, None]),
        ("县级以上政府部门法律顾问覆盖率100%。", [None]),
    ],
)
def test_a_figure_limited_to_one_level_says_so(text, scopes):
    assert [q.scope for q in find_quantities(text)] == scopes


# Issue 30: number forms, shared units and subjects, worded counts, cue characters inside words.
@pytest.mark.parametrize(
    "text, rows",
    [
        ("全年投入资金1,280.5亿元。", [(128050000000.0, "元")]),
        ("共办理案件12,345件。", [(12345.0, "件")]),
        ("新增企业24 家。", [(24.0, "家")]),
        ("投入六千余万元。", [(60000000.0, "元")]),  # 余 before 万: 6000万 yuan, like 1,280.5亿元
        ("培训人员分别为2.6、1.9万人次。", [(26000.0, "人次"), (19000.0, "人次")]),
        ("出台三份制度,建立两项机制。", [(3.0, "份"), (2.0, "项")]),
        ("办理近百件,培训上千人次。", [(100.0, "件"), (1000.0, "人次")]),
        ("完成造林3.2万亩,出口额1.2亿美元,发放奖牌3枚,存储数据20TB。", [(32000.0, "亩"), (120000000.0, "美元"), (3.0, "枚"), (20.0, "TB")]),
        # not figures: wording, a place in a list of slogans, a year with a space
        ("坚持一个中心、三个方面。", []),
        ("2024 年工作安排", []),
        # a list of bare numbers is not thousands: 1,2 has no group of three
        ("分别受理1、2、3件。", [(1.0, "件"), (2.0, "件"), (3.0, "件")]),
    ],
)
def test_number_forms(text, rows):
    assert [(q.value, q.unit) for q in find_quantities(text)] == rows


@pytest.mark.parametrize(
    "text, comparators",
    [
        ("签约120名律师。", ["="]),  # 约 of 签约 is not "about"
        ("与12家单位签订合约30份。", ["=", "="]),
        ("约120名律师参加。", ["~"]),
        ("近300人参加。", ["<"]),
        ("最近300人参加。", ["="]),  # 近 of 最近 is not "nearly"
        ("在会上3次强调。", ["="]),  # 上 is "more than" only before 百/千/万
        ("培训上千人次。", [">"]),
    ],
)
def test_cue_characters_inside_words_are_not_cues(text, comparators):
    assert [q.comparator for q in find_quantities(text)] == comparators


@pytest.mark.parametrize(
    "text, subjects",
    [
        ("考试通过率和到岗率均达到100%。", ["考试通过率", "到岗率"]),
        ("报备率、及时率、规范率均达到100%。", ["报备率", "及时率", "规范率"]),
        ("通过率、到岗率分别为98%、100%。", ["通过率", "到岗率"]),
        ("市场主体和群众满意度达到95%。", ["市场主体和群众满意度"]),  # one subject, not two
        ("(其中正职25宗,副职21宗)", ["其中正职", "副职"]),  # brackets the clause opened elsewhere
        ("全市123个乡镇挂牌成立应急办(消防救援所)。", ["乡镇挂牌成立应急办(消防救援所)"]),
    ],
)
def test_each_subject_of_a_shared_figure_gets_its_row(text, subjects):
    assert [q.subject for q in find_quantities(text)] == subjects


def test_a_pair_of_figures_shares_subject_and_quote():
    """Issue 30: 查处案件15件18人 — the second figure measures the same cases in people."""
    qs = find_quantities("查处案件15件18人。")
    assert [(q.subject, q.value, q.unit, q.start) for q in qs] == [("查处案件", 15.0, "件", 0), ("查处案件", 18.0, "人", 0)]


def indicator_rows_of(text: str, period=(2022, 2022), doc_type="report") -> list[dict]:
    """The indicator rows of a one-paragraph document."""
    from fazhi.extract.catalogue import load_catalogue
    from fazhi.extract.indicators import indicator_rows
    from fazhi.parse.document import parse_text

    parsed = parse_text(text.encode())
    provisions = [(f"d:{k}", p) for k, p in enumerate(parsed.outline.provisions)]
    return [r for r in indicator_rows("d", parsed.text, provisions, doc_type, period, load_catalogue()) if r["status"] == "numeric"]


def test_last_years_figure_is_a_comparison_base():
    """Issue 30: 较上年的20件31人 is last year's figure, of this year's subject."""
    qs = find_quantities("共查处案件30件42人,较上年的20件31人有所上升。")
    assert [(q.value, q.base, q.subject) for q in qs] == [(30.0, False, "共查处案件"), (42.0, False, "共查处案件"), (20.0, True, "共查处案件"), (31.0, True, "共查处案件")]
    rows = indicator_rows_of("2022年共受理复议案件120件,比去年同期的98件增长22%。", period=(2022, 2022))
    assert [(r["value"], r["year"], r["year_source"]) for r in rows if r["unit"] == "件"] == [(120.0, 2022, "sentence"), (98.0, 2021, "comparison base")]
    assert "previous year's figure" in rows[1]["review_reasons"]


@pytest.mark.parametrize(
    "clause, kind",
    [
        ("明确执法人员考试合格率不低于60%", "target"),  # a requirement stated inside a report
        ("规定每人每年学法不少于40学时", "target"),
        ("完成年度计划的121%", "reported"),  # measured against a plan: done
        ("计划培训200人次", "target"),
        ("达到规定要求的100%", "reported"),
        ("明确了责任单位32个", "reported"),
    ],
)
def test_kind_in_a_report_comes_from_the_clause(clause, kind):
    from fazhi.extract.indicators import _kind

    assert _kind("report", clause)[0] == kind


@pytest.mark.parametrize(
    "text, rows",
    [
        ("累计巡查80趟,发现问题12件。", [("累计巡查", 80.0, "趟", True), ("发现问题", 12.0, "件", False)]),
        ("开通12345热线。", []),  # a name, not a measure word closing the clause
        ("自2023年,", []),
        ("于3月1日起施行。", []),
    ],
)
def test_an_unknown_measure_word_gives_a_row_as_written(text, rows):
    """Issue 30: a number and a measure word fazhi does not know, ending its clause."""
    assert [(q.subject, q.value, q.unit, q.unknown_unit) for q in find_quantities(text)] == rows


@pytest.mark.parametrize(
    "text, rows",
    [
        ("公开征求意见的期限不少于30日。", [(30.0, "日", ">=")]),
        ("在15日内办结。", [(15.0, "日", "<=")]),
        ("于3月14日起施行。", []),  # a date
        ("每月15日前报送。", []),  # a day of the month
    ],
)
def test_days_of_a_time_limit_are_a_quantity_dates_are_not(text, rows):
    assert [(q.value, q.unit, q.comparator) for q in find_quantities(text)] == rows


def test_a_standing_time_limit_in_a_report_is_a_target():
    from fazhi.extract.indicators import _kind

    assert _kind("report", "按规定在7个工作日内公开")[0] == "target"
    assert _kind("report", "按规定完成整改120件")[0] == "reported"
    assert _kind("report", "公开征求意见的期限不少于30日")[0] == "target"
    assert _kind("report", "平均办理时限压缩至3个工作日")[0] == "reported"
