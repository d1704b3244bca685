"""The catalogue: counting units that mean the same, near misses for every count indicator, the
hand-checked mapping of every numeric statement of the founding corpus, and the coverage measure."""

import csv

import pytest

from conftest import ROOT
from fazhi.extract.catalogue import SAME_UNITS, check_sample, coverage, load_catalogue
from fazhi.extract.indicators import find_quantities, sentence_span

SAMPLE = ROOT / "tests" / "annotations" / "catalogue_sample.csv"


def mapped(text: str) -> list[tuple]:
    """(value, unit as written, indicator id or None, unit shown) of every quantity in ``text``,
    mapped as indicator_rows maps them (subject, unit, sentence)."""
    cat = load_catalogue()
    out = []
    for q in find_quantities(text):
        ind = cat.match(q.subject, q.unit, text[slice(*sentence_span(text, q.start))])
        out.append((q.value, q.unit, ind.indicator_id if ind else None, ind.shown_unit(q.unit) if ind else q.unit))
    return out


def ids(text: str) -> list:
    return [i for _, _, i, _ in mapped(text)]


# -- one unit per indicator --------------------------------------------------------------------
def test_units_that_count_the_same_are_declared_once():
    cat = load_catalogue()
    for i in cat.indicators:
        if i.counts:
            assert i.unit == SAME_UNITS[i.counts][0], i.indicator_id
    # person-times are never persons, item-times never items
    assert not any("人次" in units and "人" in units for units in SAME_UNITS.values())
    assert not any("件次" in units for units in SAME_UNITS.values())


@pytest.mark.parametrize(
    "text, expected",
    [
        # the researcher's case: 期 and 次 of one indicator were two panels
        ("政府领导班子每年举办2期以上法治专题讲座", [(2.0, "期", "legal_lecture_count", "次")]),
        ("每年至少举办2次以上法治专题讲座", [(2.0, "次", "legal_lecture_count", "次")]),
        ("共收到行政复议申请103宗", [(103.0, "宗", "reconsideration_applications", "件")]),
        ("选聘50名优秀律师担任市政府法律顾问", [(50.0, "名", "legal_advisers_appointed", "人")]),
        ("修订印发23部专项应急预案", [(23.0, "部", "emergency_plans", "份")]),
        # 人次 is not 人: the same training in persons and in person-times is two indicators
        ("培训行政执法人员1500人", [(1500.0, "人", "enforcement_staff_trained", "人")]),
        ("培训行政执法人员1500人次", [(1500.0, "人次", "enforcement_training_attendance", "人次")]),
        # a measure word of another kind is another indicator or none: law firms are not advisers, 件次 not cases
        ("聘请法律顾问12家", [(12.0, "家", "legal_adviser_firms", "家")]),
        ("法律顾问团办理合同审查106件次", [(106.0, "件次", None, "件次")]),
        # stockpiled supplies in 件/套 are read as 件
        ("储备应急物资19.61万件/套", [(196100.0, "件", "emergency_supplies", "件")]),
    ],
)
def test_a_mapped_figure_shows_the_indicators_unit(text, expected):
    assert mapped(text) == expected


def test_a_bad_counting_kind_is_refused(monkeypatch):
    from fazhi.extract import catalogue

    text = "indicator_id,indicator_zh,indicator_en,unit,counts,theme_id,headline,subject_pattern,context_pattern,exclude_pattern,mention_pattern,description\nx,某,X,件,sessions,T2,false,某,,,,d\n"

    class Fake:
        def joinpath(self, _):
            return self

        def read_text(self, _):
            return text

    monkeypatch.setattr(catalogue.resources, "files", lambda _: Fake())
    catalogue.load_catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="counts 'sessions' needs unit '次'"):
            catalogue.load_catalogue()
    finally:
        catalogue.load_catalogue.cache_clear()


# -- near misses: for each count indicator one statement that maps and one that looks alike but must not
NEAR_MISSES = [
    # T2 functions and services
    ("完成80项行政权力事项下放", ["powers_devolved"]),
    ("取消和下放行政审批事项30项", [None]),
    ("梳理公布政务服务事项1200项", ["government_service_items"]),
    ("进驻政务服务中心的政务服务事项856项", [None]),
    ("实现156项高频事项跨省通办", ["cross_region_services"]),
    ("“跨省通办”事项办结率达98%", [None]),
    ("推动45项政务服务事项下沉至镇街办理", ["services_moved_down"]),
    ("下沉执法人员120名", [None]),
    ("跨部门联合抽查占比达到35%", ["joint_inspection_share"]),
    ("双随机抽查比例达到5%", [None]),
    ("公布权责清单事项3600项", ["power_list_items"]),
    ("建立属地管理事项责任清单120项", [None]),
    # T3 normative documents
    ("备案审查区级规范性文件46件", ["filings_reviewed"]),
    ("备案审查发现问题12件", [None]),
    ("向市人大常委会报备规范性文件12件", ["documents_filed"]),
    ("规范性文件报备率达100%", ["filing_rate"]),
    ("全面清理规范性文件320件", ["documents_cleaned_up"]),
    ("清理后废止规范性文件15件", [None]),
    ("合法性审核规范性文件35件", ["documents_legality_reviewed"]),
    ("共审查《某某办法》《某某规定》等区规范性文件28件", ["documents_legality_reviewed"]),
    ("审查政府合同126件", [None]),
    ("制定出台行政规范性文件18件", ["normative_docs_issued"]),
    ("废止规范性文件6件", [None]),
    # T4 decisions
    ("公开征求意见,收到意见建议236条", ["public_comments"]),
    ("提出法律意见50条", [None]),
    ("作出重大行政决策12项", ["major_decisions"]),
    ("重大行政决策听证3项", [None]),
    ("重大行政决策社会稳定风险评估率达到100%", ["risk_assessment_rate"]),
    ("安全风险评估覆盖率达到100%", [None]),
    # T5 enforcement
    ("评查行政执法案卷860份", ["case_files_reviewed"]),
    ("3件案卷入选全省优秀行政执法案卷", [None]),
    ("办理行政执法监督案件45件", ["enforcement_supervision_cases"]),
    ("开展执法监督检查45次", [None]),
    ("办理行政处罚案件1200件", ["enforcement_cases"]),
    ("移送行政处罚案件线索12件", [None]),
    ("组织行政执法人员培训,共计约600人参加", ["enforcement_staff_trained"]),
    ("组织行政执法人员旁听庭审,共300人参加", [None]),
    ("开展行政执法培训,参训2300人次", ["enforcement_training_attendance"]),
    ("组织行政执法资格考试,参考800人次", [None]),
    # T6 emergencies
    ("修订完善各类应急预案45件", ["emergency_plans"]),
    ("启动应急预案3次", [None]),
    ("开展应急演练120场次,参演3.2万人次", ["emergency_drills", "emergency_drill_participants"]),
    ("开展消防宣传活动50场", [None]),
    ("文艺演出参演人员200人次", [None]),
    # T7 disputes
    (
        "全年共收到行政复议申请356件,受理320件,办结298件,纠错45件",
        ["reconsideration_applications", "reconsideration_accepted", "reconsideration_closed", "reconsideration_corrections"],
    ),
    ("不予受理行政复议申请12件", [None]),
    ("受理政府信息公开申请28件", ["info_requests"]),
    ("收到并办结问题线索161件", [None]),
    ("行政复议机关撤销、变更、确认违法25件", ["reconsideration_corrections"]),
    ("行政复议决定撤销12件", [None]),
    ("行政机关负责人出庭应诉210件", ["court_appearance_count"]),
    ("行政机关负责人出庭应诉率达到100%", ["court_appearance_rate"]),
    ("办理以市政府为被告的行政诉讼案件86件", ["litigation_cases"]),
    ("行政诉讼案件败诉3件", [None]),
    ("调解矛盾纠纷5600件", ["disputes_mediated"]),
    ("排查矛盾纠纷5600件", [None]),
    ("村(居)人民调解委员会实现全覆盖", ["mediation_committee_coverage"]),
    ("三分之一以上的村人民调解委员会配备专职人民调解员", [None]),
    ("受理信访事项1200件", ["petitions"]),
    ("信访事项按期办结率98%", ["petition_closure_rate"]),
    # T8 oversight
    ("办理人大代表建议143件", ["deputies_suggestions"]),
    ("人大代表建议满意率100%", [None]),
    ("办理政协提案188件", ["cppcc_proposals"]),
    ("政协提案办复率100%", [None]),
    ("实现审计监督全覆盖", ["audit_coverage"]),
    ("审计发现问题整改率达95%", [None]),
    ("完成审计项目114个", ["audit_projects"]),
    ("审计发现问题线索12个", [None]),
    ("主动公开政府信息12265条", ["info_disclosed"]),
    ("政府信息公开申请按时答复率100%", [None]),
    # T10 leadership, legal services, law popularisation
    ("聘请法律顾问12名", ["legal_advisers_appointed"]),
    ("实现法律顾问全覆盖", ["legal_adviser_coverage"]),
    ("法律顾问列席政府常务会议19次", ["legal_adviser_meetings"]),
    ("法律顾问出具法律意见书56件", [None]),
    ("实现公职律师工作全覆盖", ["public_lawyer_coverage"]),
    ("重大决策合法性审查全覆盖", ["legality_review_rate"]),
    ("政府常务会议专题研究法治政府建设工作6次", ["rule_of_law_meetings"]),
    ("研究解决法治建设重大问题17个", [None]),
    ("理论学习中心组学法12次", ["central_group_law_study"]),
    ("理论学习中心组学习12次", [None]),
    ("组织旁听庭审500人次", ["court_observation_attendance"]),
    ("组织旁听庭审5次", ["court_observation_count"]),
    ("培养农村法律明白人9500人", ["rural_legal_literates"]),
    ("培育学法用法示范户1897户", ["law_model_households"]),
    ("培育产业示范户120户", [None]),
    ("开展普法宣传活动320场", ["law_popularisation_events"]),
    ("开展普法宣传活动,受众5万人次", [None]),
    ("开展全区领导干部依法行政研讨班2期", ["leadership_training_classes"]),
    # round 2 (issue 27): subjects that recur in two jurisdictions or more (catalogue_sample.csv notes say where)
    ("追责问责32人", ["officials_held_accountable"]),
    ("问责追责事项12件", [None]),
    ("归集各类信用信息1.2亿条", ["credit_records_collected"]),
    ("公示企业信用信息5000条", [None]),
    ("政务服务事项减时率达89.46%", ["processing_time_cut"]),
    ("审批事项办理时限压缩50%", ["processing_time_cut"]),
    ("审批事项按时办结率达100%", [None]),
    ("选聘30名社会监督员", ["enforcement_supervisors"]),
    ("聘请社会监督员参与监督检查12次", [None]),
    ("在同一领域原则上只设一支行政执法队伍", ["enforcement_teams_per_field"]),
    ("组建镇街综合行政执法队伍12支", [None]),
    ("成立基层专职消防救援队伍110支", ["rescue_teams"]),
    ("组建志愿服务队伍120支", [None]),
    ("摸排专兼职救援队伍2227支、4.12万人", ["rescue_teams", "rescue_team_members"]),
    ("出动救援队员3200人次", [None]),
    ("储备应急物资19.61万件/套", ["emergency_supplies"]),
    ("发放防疫物资12万件", [None]),
    ("实现涉企公共法律服务全覆盖", ["firm_legal_service_coverage"]),
    ("涉企公共法律服务满意率达95%", [None]),
    ("实现对市场主体监管全覆盖", ["market_supervision_coverage"]),
    ("市场主体监管信息归集率达90%", [None]),
    ("推进行政机关普法责任制清单全覆盖", ["law_duty_list_coverage"]),
    ("普法责任制考核优秀率达90%", [None]),
    ("乡村“综合窗口”模式实现全覆盖", ["one_window_coverage"]),
    ("综合窗口一次办结率达98%", [None]),
    ("全市2196个服务窗口好评率达99.9%", ["service_windows", "service_praise_rate"]),
    ("设置综合窗口办理事项120项", [None]),
    ("解决企业和群众诉求1572件", ["public_requests"]),
    ("全年受理12345便民服务平台诉求件1716件", ["public_requests"]),
    ("不满意诉求件191宗", [None]),
    ("受理信访诉求1200件", ["petitions"]),
    ("排查整治隐患问题1.76万条", ["hazards_remedied"]),
    ("排查隐患企业120家", [None]),
    ("组织参加全市行政执法岗前培训考试近120人次", ["enforcement_exam_attendance"]),
    ("组织学法用法考试参考5000人次", [None]),
    ("区委、区政府共聘请法律顾问12家", ["legal_adviser_firms"]),
    ("法律顾问为120家企业提供服务", [None]),
    # round 3 (issue 27): transfers of cases (两法衔接, audit) and the inspection of government websites
    ("向公安机关移送涉嫌犯罪案件15件", ["cases_transferred"]),
    ("完善案件移送标准和程序3项", [None]),
    ("对全市45家政府网站开展常态化监测", ["gov_websites_inspected"]),
    ("建成政府网站集约化平台1个", [None]),
    ("对120家政务新媒体进行季度抽查", ["gov_new_media_inspected"]),
    ("政务新媒体合格率100%", [None]),
    # what follows the figure and a clause break is the next statement's (catalogue.own_subject)
    ("2022年共完成行政复议7件,承办行政诉讼案件24件,其中民事诉讼案件1件", [None, "litigation_cases", None]),
]


@pytest.mark.parametrize("text, expected", NEAR_MISSES)
def test_near_misses(text, expected):
    assert ids(text) == expected


def test_every_count_indicator_has_a_near_miss():
    cat = load_catalogue()
    hit = {i for _, exp in NEAR_MISSES for i in exp}
    new = [
        i.indicator_id
        for i in cat.indicators
        if i.counts or i.indicator_id in {"joint_inspection_share", "risk_assessment_rate", "mediation_committee_coverage", "audit_coverage"}
    ]
    old = {"legal_lecture_count", "pre_meeting_law_study", "law_exam_count", "case_file_review_count", "enforcement_training_sessions",
           "reconsideration_case_releases", "post_evaluation_count", "mediator_staffing", "court_observation_count"}  # fmt: skip
    assert [i for i in new if i not in hit and i not in old] == []


# -- the hand-checked sample and the measure --------------------------------------------------
def _sample(docs) -> list[dict]:
    with open(SAMPLE, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["doc_id"] in docs]


def test_every_numeric_statement_of_the_founding_corpus_maps_as_hand_checked(corpus):
    i, d = corpus.indicators, corpus.documents
    sample = _sample(set(d["doc_id"]))
    r = check_sample(sample, i, d)
    assert not r["missing"], [g["quote"] for g in r["missing"]]
    assert not r["wrong"], [(g["subject"], g["indicator_id"], got) for g, got in r["wrong"]]
    # the sample is every numeric statement, not a selection
    assert len(sample) == int(i["value"].notna().sum()) == 159


def test_coverage_of_the_founding_corpus(corpus):
    t = coverage(corpus.indicators).set_index("doc_id")
    assert t["mapped"].to_dict() == {
        "daxing_2022_opinion": 8, "huaibei_2022_action_plan": 38, "qinghai_2024_key_points": 11, "shiyan_2023_report": 55,
        "taian_2017_plan": 5, "all": 117,
    }  # fmt: skip
    # issue 27: 56 of 159 before the catalogue grew, 97 after round 1, 114 after round 2, 117 after round 3
    assert t.loc["all", "statements"] == 159 and t.loc["all", "share"] == 0.736


def test_the_held_out_companions_map_as_hand_checked(tmp_path):
    """Out of sample: the companion openings (tests/fixtures/companions), annotated before the
    catalogue was run on them (tests/annotations/catalogue_holdout.csv); set 1 was used to tune
    once, set 2 found one miss (依法行政研讨班)."""
    import fazhi

    fazhi.build(ROOT / "tests" / "fixtures" / "companions", tmp_path)
    c = fazhi.load(tmp_path)
    with open(ROOT / "tests" / "annotations" / "catalogue_holdout.csv", encoding="utf-8", newline="") as f:
        sample = list(csv.DictReader(f))
    r = check_sample(sample, c.indicators, c.documents)
    assert not r["missing"] and not r["wrong"], (r["missing"], r["wrong"])
    assert len(sample) == int(c.indicators["value"].notna().sum()) == 45  # 45 since 均 gives each subject of a shared figure its row
    assert coverage(c.indicators).set_index("doc_id").loc["all", "mapped"] == 18


def test_the_real_portal_pages_map_as_hand_checked():
    """Out of sample: every numeric statement of the three crawled 平潭 pages
    (tests/fixtures/crawled), annotated blind before catalogue round 2 ran on them
    (tests/annotations/catalogue_holdout_realpages.csv).  Mapped as the build maps a provision.
    The disagreements left are known and listed: two enforcement cases the catalogue does not
    read (林业行政案件立案, 立案查处…起) and three categories of petitions (积案, 复查, 预警)
    that the petitions indicator takes and the annotation does not."""
    from fazhi.extract.indicators import sentence_span

    import pandas as pd

    cat, rows, docs = load_catalogue(), [], []
    for path in sorted((ROOT / "tests" / "fixtures" / "crawled").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append({"doc_id": path.stem, "text": text})
        for k, q in enumerate(find_quantities(text)):
            ind = cat.match(q.subject, q.unit, text[slice(*sentence_span(text, q.start))])
            rows.append({"doc_id": path.stem, "seq": k, "value": q.value, "unit_written": q.unit, "start": q.start, "end": q.end,
                         "subject": q.subject, "indicator_id": ind.indicator_id if ind else None})  # fmt: skip
    with open(ROOT / "tests" / "annotations" / "catalogue_holdout_realpages.csv", encoding="utf-8", newline="") as f:
        sample = list(csv.DictReader(f))
    i = pd.DataFrame(rows)
    r = check_sample(sample, i, pd.DataFrame(docs))
    assert not r["missing"] and len(sample) == int(i["value"].notna().sum()) == 37  # 37 since 期限不少于30日 is a quantity
    assert sorted((float(g["value"]), g["indicator_id"], got) for g, got in r["wrong"]) == [
        (4.0, "", "petitions"), (7.0, "", "petitions"), (8.0, "", "petitions"),
        (23.0, "enforcement_cases", ""), (50.0, "enforcement_cases", ""),
    ]
    assert len(r["right"]) == 32 and {g["indicator_id"] for g, _ in r["right"]} >= {"public_requests", "litigation_cases"}
