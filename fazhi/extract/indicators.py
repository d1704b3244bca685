"""Quantity statements → tidy indicator rows (targets and reported figures).

For each provision: every number with a unit (``95%``, ``60学时``, ``两期``, ``1.76万条``,
``二分之一``, and ``全覆盖`` as 100%), its comparator from the wording (``不低于`` → ``>=``),
the interval it allows, the measured subject as written, cadence (``每人每年``), scope
(``市级、县级…分别达到80%、70%``), the year and whether it is a target or a reported
figure.  Relative targets (``纠错率高于…一审纠错率``) and catalogue indicators mentioned
without a number (``落实行政机关负责人出庭应诉制度``) are rows too.

Years, dates, document numbers, ordinals (``第三批``), programme names in quotes
(``“1+4+N”``, ``“1、3、5分钟”``), ``7×24小时``, ``12345热线`` and ``5G`` are not quantities.

>>> [(q.subject, q.comparator, q.value, q.unit) for q in find_quantities("政务服务事项网上可办率不低于95%。")]
[('政务服务事项网上可办率', '>=', 95.0, '%')]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.extract.texttables import table_cells
from fazhi.parse import patterns as P
from fazhi.parse.header import _cn_int as cn_int

#: Measure words (量词) of government text, with compound units.  Matching tries longer
#: units first (人次 before 人, 个工作日 before 个), so the order here does not matter.
UNITS = (
    # rates and compounds
    "%", "‰", "个百分点", "百分点", "个工作日", "工作日", "个月", "学时", "个学时", "课时", "个课时", "小时", "个小时", "分钟", "学分",
    "元", "倍", "成",
    # people and visits
    "人次", "件次", "家次", "户次", "批次", "场次", "名", "人", "位",
    # cases, items, documents
    "宗", "件", "起", "项", "条", "个", "份", "篇", "部", "本", "册", "套", "类", "种", "批", "卷",
    # events and rounds
    "次", "期", "场", "轮", "届", "堂", "节", "课",
    # organisations, places, things
    "家", "户", "所", "支", "队", "座", "处", "台", "辆", "路", "间", "块", "张", "组",
    # time (日 and 周 are left out: 3月1日 is a date, 40周年 an anniversary)
    "天",
    # area, length, weight, other currencies, data, counts outside the rule-of-law core
    "亩", "公顷", "平方米", "平方公里", "公里", "千米", "吨", "美元", "欧元", "枚", "通", "航次", "架次", "TB", "GB",
)  # fmt: skip
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_CN = "〇零一二三四五六七八九十百千两"
#: A number (Arabic, Chinese, or a Chinese fraction), an optional 余/多 ("more than") and a
#: measure word: 1500余宗, 180多名, 1.76万条, 二分之一.
QUANTITY = re.compile(
    r"(?P<num>"
    rf"(?P<frac_den>[{_CN}]+)分之(?P<frac_num>[{_CN}]+(?:点[{_CN}]+)?)"
    r"|(?P<slash_num>\d{1,3})/(?P<slash_den>\d{1,3})(?![\d/])"
    # 12,345 and 1,280.5: thousands separators (groups of three after a comma)
    r"|(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)(?P<mult>万亿|万|亿)?"
    # 超过一半, 半数以上: a half, 50 %
    r"|(?P<half>一半|半数)"
    # 二点三亿, 九十二点六: a decimal point in words
    rf"|(?P<cn>[{_CN}]+(?:[万亿][{_CN}]+)*(?:点[{_CN}]+)?)(?P<cnmult>万|亿)?"
    # 上万人次, 近亿元: ten thousand or a hundred million alone, after "reaching" or "nearly"
    r"|(?<=[上近逾超过])(?P<alone>万|亿)"
    r")"
    r"(?P<approx>余|多)?"
    # 六千余万元, 200多万人: the multiplier after "more than" (the figure is 6000万 yuan, more than)
    r"(?:(?<=[余多])(?P<amult>万|亿)(?=" + _UNIT_ALTERNATION + r"))?"
    # 24 家: one space may stand between an Arabic number and its measure word
    r"(?:(?<=\d) ?)?(?P<unit>" + _UNIT_ALTERNATION + r")?"
)
#: What a number of points (分) scores, right before it: 平均成绩92.6分, 考核得分95分, 满意度测评98分.
SCORE_BEFORE = re.compile(r"(?:成绩|得分|分数|评分|测评|考评|打分|考分)[^,;。\d]{0,4}$")
#: A coverage subject that opens with a verb or 对 lists the objects of one coverage.
COVERAGE_VERB = re.compile(r"(?:对|推动|推进|持续|加强|开展|实行|建立|健全|完善|深化|全面)")
#: A range: 90%—95%, 3至5个工作日, 3-5天 (the first number may omit the unit).
RANGE_JOIN = re.compile(r"\s*(?:—|–|-|~|～|至|到)\s*")
#: 全覆盖 as a result (实现…全覆盖, 全覆盖的目标), not as an adjective (全覆盖研讨式培训, 全覆盖式检查).
FULL_COVERAGE = re.compile(r"全覆盖(?![\u4e00-\u9fff])|全覆盖(?=了|的目标|目标)")
AFTER_WORD = re.compile(r"(?:及以上|以上|以下|以内|之内|内(?![容部涵外])|左右|上下|有余|底线)")
BEFORE_WORD = re.compile(
    r"(?:不低于|不少于|不超过|不高于|不多于|至少|高于|超过|低于|少于|多于|大于|小于|达到|提升至|提升到|提高到|提高至|"
    r"增加到|增至|降至|降低到|控制在|保持在|保持|压缩至|压缩到|缩短至|缩短到|缩减至|缩减到|减少到|减少至|减至|下降到|下降至|稳定在|增长到|增长至|"
    r"分别达到|分别为|分别|将近|接近|不到|不足|大约|约为|多达|高达|"
    r"达|为|是|占|上|(?<![签制节契公条预相合])约|(?<![最附邻就])近|逾|超|突破|共计|总计|合计|共|累计|(?<!人)均|守牢)$"
)
#: What the wording says about the figure (None for a plain number).
QUALIFIER_OF = {
    "不低于": "at_least", "不少于": "at_least", "至少": "at_least", "以上": "at_least", "及以上": "at_least",
    "守牢": "at_least", "底线": "at_least",
    "高于": "more_than", "超过": "more_than", "超": "more_than", "突破": "more_than", "多于": "more_than", "大于": "more_than", "逾": "more_than",
    "余": "more_than", "多": "more_than", "有余": "more_than", "上": "more_than",
    "低于": "less_than", "少于": "less_than", "小于": "less_than", "不到": "less_than", "不足": "less_than",
    "近": "nearly", "将近": "nearly", "接近": "nearly",
    "不超过": "at_most", "不高于": "at_most", "不多于": "at_most", "以下": "at_most", "以内": "at_most",
    "之内": "at_most", "内": "at_most", "控制在": "at_most",
    "约": "about", "大约": "about", "约为": "about", "约占": "about", "左右": "about", "上下": "about",
}  # fmt: skip
#: The interval a qualifier allows around the stated number (近480 is below 480, 180余 above 180).
COMPARATOR_OF_QUALIFIER = {
    "at_least": ">=", "more_than": ">", "less_than": "<", "nearly": "<", "at_most": "<=", "about": "~", "range": "between",
}  # fmt: skip
COMPARATOR_OF = {word: COMPARATOR_OF_QUALIFIER[q] for word, q in QUALIFIER_OF.items()}
APPROXIMATE = frozenset({"about", "more_than", "nearly"})
#: Counts that describe a document or an indicator system, not the world: 设8项一级指标,
#: 41项效果指标 (unless they were met: 达标, 完成), 细分为七方面21个要点, 共分三部分
#: (matched right after the measure word).
STRUCTURE_NOUN = re.compile(
    r"[一二三四五六七八九十\d]级(?!以上)|[\u4e00-\u9fff]{0,4}?指标(?:体系)?(?![^,;。]{0,4}(?:达到|达标|完成))|要点|部分|方面|内容|章|节|板块"
)
#: Counts of a document's parts in the clause that describes it: 将《纲要》设定的40项具体措施细化为78项,
#: 增加了41项效果指标 — the structure of a plan, not a figure about the world.
DOC_PARTS = re.compile(r"细化为|细化|分解为|分解成|归纳为|共设|设定的|设置了")
DOC_PART_NOUN = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:措施|任务|指标|要点|条款)")
#: Weights of an assessment: 占总分值的15%, 分数占比10%, 权重.
WEIGHT_WORDS = re.compile(r"分值|总分|权重|分数占比|计分|赋分")
#: Words before a number in Chinese numerals that make it a figure (两项机制 after 建立, 六千余万元
#: after 投入); without one, 一个中心 or 三个方面 is wording, not a count.
CN_CUE = re.compile(
    r"(?:至少|不少于|不低于|不超过|每年|每人|达到|达|超过|突破|逾|近|上|约|占|共|累计|举办|组织|开展|分别|配备|只设|只有|仅设|只保留|仅保留|"
    r"出台|制定|修订|建立|建成|印发|发布|办理|查处|受理|审查|清理|废止|新增|投入|培训|召开|设立|聘请|选聘|经过|历经|先后|仍有|尚有|还有|共有)[^,;。]{0,4}$"
)
#: Measure words of a time limit: a numeral before them is a figure (一个工作日办结).
TIME_LIMIT_UNITS = frozenset({"个工作日", "工作日", "个小时", "小时", "分钟", "个月"})
#: Measure words that count people, cases, organisations, documents or money: with one of them a
#: numeral is a count even without a cue word (选派三名律师, 修改完善三份制度), unless it is 一 (an
#: article: 一名干部) or 百/千 alone (千家万户).  个, 项, 条, 次 … also build slogans (两个维护,
#: 三项制度, 收支两条线, 一次告知) and still need a cue.
COUNT_UNITS = frozenset({"名", "人", "人次", "件次", "户", "户次", "家", "家次", "起", "宗", "份", "篇", "元"})
METRIC_END = re.compile(r"(?:率|比例|比重|占比|度|数|量|时限|学时|时间|得分|人数|件数|次数)$")
LEADING_FILLER = re.compile(r"^(?:[、,]|并|且|和|及|的|其中|确保|实现|推动|力争|使|做到|全市|全年|其|同时|原则上|守牢)+")
#: How long a figure has held, between its subject and the figure: 连续三年, 连续5个月.
TRAILING_RUN = re.compile(r"连续[\d一二三四五六七八九十两]+(?:年|个月|季度)$")
LEADING_DEADLINE = re.compile(r"^(?:到|至|截至)?(?:19|20)\d{2}年(?:\d{1,2}月)?(?:年底前|底前|年底|底|前|以前)?,?")
#: A comparator separated from its number by a short verb or a "share of" phrase:
#: 至少开展1次, 不少于本单位执法人员总数的5%.
DISTANT_COMPARATOR = re.compile(r"(不低于|不少于|不超过|不高于|至少|高于|超过|低于|少于|约占)(?:[^,;。]{0,6}|[^,;。]{0,20}的)$")
CLAUSE_DELIMS = "。;,:\n!?"
SENTENCE_DELIMS = "。;\n!?"
CADENCES = (
    ("每人每年", "per person per year"),
    ("每名律师每年", "per lawyer per year"),
    ("每年", "per year"),
    ("每半年", "per half-year"),
    ("每季度", "per quarter"),
    ("每月", "per month"),
    ("任期内", "per term of office"),
)
#: Forward-looking or normative wording: in a report such a clause sets a target.
#: 将 alone is often the disposal construction (将2支救援队纳入体系).
FUTURE_WORDS = re.compile(
    # 计划 as a verb or the plan ahead, not a yardstick met (完成年度计划的121% is reported)
    r"将(?:要|会|进一步|继续|加快|持续|全面|着力|不断|推动|实现|完成|达到|力争)|我们将|力争|(?<!完成)(?<!年度)计划(?!的|数|\d+(?:\.\d+)?(?![\d.年])|[一二三四五六七八九十两]+(?:项|个|份|件|批|次))|目标(?!责任|考核|管理)|预计|争取|确保|"
    # a requirement stated (明确…合格率不低于60%, 规定…不少于): a target even inside a report
    r"(?<!达到)(?<!符合)(?:要求|明确|规定)[^,;。]{0,30}(?:不低于|不少于|不超过|不高于|达到|确保|实现)|应当|必须|明年|下一步|今后|"
    # 应 right before a bound (申办率应不低于90%), not 相应/响应/反应/适应 …
    r"(?<![相响反适对供效呼照])应(?=不低于|不少于|不超过|不高于|达到|保持在)|"
    # a standing time limit a rule sets (按规定在7个工作日内公开): a norm followed, not a figure measured
    r"按(?:照)?(?:规定|要求)[^,;。]{0,6}\d+\s*(?:个工作日|工作日|日|天|小时)(?:内|以内)|"
    # a time limit stated as a bound (征求意见的期限不少于30日, 办理时限不超过5个工作日): a rule
    r"(?:期限|时限)[^,;。]{0,4}(?:不少于|不超过|不得少于|不得超过|不低于)|"
    # a time limit counted from an act (自受理之日起3个工作日内): a rule's, not a measurement
    r"之日起[^,;。]{0,4}\d+\s*(?:个工作日|工作日|日|天|小时)(?:内|以内)|"
    # a figure that is the content of a rule carried out (落实…只保留一个复议机关的改革任务,
    # 按照每人每年不少于40学时的标准): the requirement's level, not a result
    r"(?:落实|执行|按照|依照|对照|贯彻)[^,;。]{0,40}的(?:[^,;。的]{0,4}?(?:要求|规定|标准)|改革任务)"
)
#: One CJK character after a number that ends its clause and is not a date or time word: an
#: unknown measure word (巡查80趟,). Characters that follow numbers without measuring: 年月日号时分秒…
UNKNOWN_UNIT = re.compile(r"(?![年月日号时分秒周岁届代楼层点元])[\u4e00-\u9fff](?=[,;。、:!?)\n]|$)")
#: 日 counting days, not a date: after a limit's wording (期限不少于30日) or before 内 (15日内办结).
DAY_LIMIT_BEFORE = re.compile(r"(?:不少于|不超过|不低于|不多于|至少|少于|超过|期限为?|时限为?)$")
DAY_LIMIT_AFTER = re.compile(r"(?:内|以内|之内)")
#: A figure given as last year's, to compare with: 较上年的20件, 比去年同期的, 上年同期为.
BASE_BEFORE = re.compile(r"(?:较|比|与|同比|对比|由|从)(?:上年|去年|上一年|上年度|上一年度)(?:同期)?(?:的|为|)$|(?:上年|去年)同期(?:为|的)?$")
#: The figure a change started from: 由494项减到304项, 从120天压缩至30天 — an earlier state
#: whose year the sentence rarely says (not this year's figure, not last year's either).
CHANGE_FROM_BEFORE = re.compile(r"(?:由|从)(?:(?:上年|去年|上一年|上年度)(?:同期)?的?|[^,;。\d]{1,8}的|(?:19|20)\d{2}年(?:底|末)?的)?$")
#: The year a change started from, when named (由2018年的…, 由二〇一八年的…).
CHANGE_FROM_YEAR = re.compile(r"((?:19|20)\d{2}|[一二][〇零九][〇零一二三四五六七八九]{2})年")
CHANGE_TO_AFTER = re.compile(r"(?:减少|减|降低|降|压减|压缩|精简|缩减|缩短|增加|增|提高|提升|上升|下降|扩大)(?:到|至|为)(?:(?:19|20)\d{2}年(?:底|末)?的)?")
#: Wording of something done: in a plan such a clause reports a figure.
PAST_WORDS = re.compile(r"已经|已|累计|共计|截至|截止|达到了|完成了|实现了")
RELATIVE = re.compile(
    r"(?P<subject>[^,;。、:]{2,40}?率)(?P<op>不低于|不高于|高于|低于|超过|优于)(?P<ref>[^,;。:\d%]{2,40}?(?:率|水平|平均值|平均水平))"
)
RELATIVE_OP = {"不低于": ">=", "不高于": "<=", "高于": ">", "低于": "<", "超过": ">", "优于": ">"}
#: A paragraph that opens with its year: "——2022年为法治政府建设强基固本年。" (used with .match(text, pos)).
SECTION_YEAR = re.compile(r"[—\-]*\s*((?:19|20)\d{2})\s*年\s*(?:为|,|:|是)")
SCOPE_PREFIX = re.compile(r"^(?:省|市|县|区|乡|镇|村|街道|县\(区\)|县\(市、区\))级")
#: A figure limited to the government's own level, not the whole jurisdiction: 其中市本级收到…120件.
OWN_LEVEL = re.compile(r"(?:省|市|州|盟|县|区|旗|乡|镇)?本级")
#: A clause that opens with the part of the jurisdiction its figures speak for.  The part holds
#: for the clauses after it until the sentence ends (其中市本级收到120件,办结80件,纠错率11.25%。)
#: or until another clause opens with a part; 全市/全省… opens the whole jurisdiction again.
SCOPE_OPENER = re.compile(
    r"(?:其中|在|对)?(?:"
    r"(?P<whole>全(?:省|市|州|盟|县|区|旗|乡|镇))"
    r"|(?P<own>(?:省|市|州|盟|县|区|旗|乡|镇)?本级)"
    r"|(?P<level>(?:省|市|县|区|乡|镇|村|街道)级)(?!以上|以下|及|、|和|与|或)"
    r"|各?(?P<part>(?:县\((?:市、)?区\)|县市区|县区|乡镇|街道|乡\(镇、?街道\)))"
    r")"
)
QUOTED = re.compile(r"“[^”]{0,40}”|《[^》]{0,80}》|〔[^〕]{0,10}〕|\(\d{4}\s*[-—–]\s*\d{4}\s*年?\)")


@dataclass
class Quantity:
    """One quantity statement in a text, before catalogue mapping."""

    subject: str
    value: float | None
    unit: str
    comparator: str  # = >= > <= < relative
    value_text: str
    start: int  # quote span (offsets into the text given)
    end: int
    lower: float | None = None
    upper: float | None = None
    lower_inclusive: bool | None = None
    upper_inclusive: bool | None = None
    relative_to: str | None = None
    relative_comparator: str | None = None
    scope: str | None = None
    cadence: str | None = None
    worded: str | None = None  # 全覆盖, 二分之一 …: a number given in words
    clause: str = ""
    qualifier: str | None = None  # about, more_than, nearly, at_least, at_most, less_than, range
    notes: list[str] = field(default_factory=list)
    base: bool = False  # the figure of the year before, given as a comparison base (较上年的20件)
    change_from: bool = False  # the figure a change started from (由494项减到304项): year not this one
    change_year: int | None = None  # …and its year when named (由2018年的2400家)
    unknown_unit: bool = False  # the measure word is not one fazhi knows; kept as written
    table_year: int | None = None  # a figure of a text table: its column's year (fazhi.extract.texttables)
    written_unit: str | None = None  # the word the text gives when the unit is supplied (0 起 of 未发生事故: 事故)


#: 百分之五, 千分之三: denominators cn2an does not read alone.
PER_DENOMINATOR = {"百": 100.0, "千": 1000.0, "万": 10000.0}


CN_ALONE = {"百": "一百", "千": "一千", "万": "一万"}
#: 万 and 亿 after a number (1.76万条, 1.2亿美元); None: no multiplier.
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000, None: 1}


def _times(number: str | float, *multipliers: int) -> float:
    """A decimal number times 万/亿 without binary rounding: 318.6亿 is 31860000000, not …0.000004.

    >>> _times("318.6", MULTIPLIERS["亿"])
    31860000000.0
    """
    out = Decimal(str(number))
    for m in multipliers:
        out *= m
    return float(out)
#: "Each of them" before a shared figure: 通过率和到岗率均达到100% states it for both.
SHARED_FIGURE = re.compile(r"(?:(?<!人)均|都|皆|全部|各)$")  # 人均 is per person; A、B各4件 is 4 each


@functools.lru_cache(maxsize=4096)
def cn_value(numeral: str) -> float:
    import cn2an

    return float(cn2an.cn2an(numeral, "smart"))


def _interval(q: Quantity) -> None:
    """The values the wording allows: ``>`` 180余 is (180, ∞), ``<`` 近480 is (−∞, 480),
    ``between`` 90%—95% is [90, 95]; ``~`` (约600) gets no interval — how far "about"
    reaches is not stated."""
    v, c = q.value, q.comparator
    if v is None or c == "~":
        return
    if c == "between":
        q.lower, q.lower_inclusive, q.upper_inclusive = v, True, True
    elif c == "=":
        q.lower = q.upper = v
        q.lower_inclusive = q.upper_inclusive = True
    elif c in (">=", ">"):
        q.lower, q.lower_inclusive = v, c == ">="
    elif c in ("<=", "<"):
        q.upper, q.upper_inclusive = v, c == "<="


#: Things a report counts by their absence: accidents, incidents, complaints, lost cases …
_ADVERSE = r"(?:安全事故|事故|事件|案件|案例|纠纷|投诉|越级上访|上访|信访|舆情|差错|失误|败诉|违法|违纪|伤亡|死亡|延误|超时|超期|逾期|纠错|错案|冤案)"
#: The measure word that counts each adverse thing, for a zero that names the thing only
#: (未发生安全事故 is 0 起, 零投诉 0 件, 未发生人员死亡 0 人): the same unit as a count of them.
ZERO_MEASURE = {
    "安全事故": "起", "事故": "起", "事件": "起", "纠纷": "起", "舆情": "起", "越级上访": "起", "上访": "起", "违法": "起",
    "违纪": "起", "错案": "起", "冤案": "起", "案件": "件", "案例": "件", "投诉": "件", "信访": "件", "败诉": "件",
    "纠错": "件", "超期": "件", "逾期": "件", "伤亡": "人", "死亡": "人", "差错": "次", "失误": "次", "延误": "次", "超时": "次",
}  # fmt: skip
#: A figure of zero in words (issue 30): 零事故, 零投诉, 事故“零发生”; 无一起…败诉 and
#: 未发生一起…事件 (a measure word named: the unit); 未发生重大安全事故 (none named: the measure
#: word that counts the thing, :data:`ZERO_MEASURE`; the noun is the unit as written).  零 of a word (零星, 零售, 零散, 零部件) and 无 of 无纸化 are no figure:
#: only an adverse noun, or 一 and a measure word, follows.
WORDED_ZERO = re.compile(
    # a rate of zero: 脱管漏管率为零 (0 %)
    r"(?P<zero_rate>率)(?:为|是|降为|降至|降到|保持为|保持在)零(?![\u4e00-\u9fff])|"
    rf"(?:零|无一)(?P<zero_noun>{_ADVERSE})"
    rf"|(?P<before_noun>{_ADVERSE})“?零发生"
    r"|(?:无|没有|未发生|未出现|未发现|未有)一(?P<mw>起|件|宗|例|个|人|名|次|家|项)(?!外)(?P<what>[^,;。:!?]{0,24})"
    rf"|(?:未发生|未出现|没有发生|未发现)(?P<what_noun>[^,;。:!?一]{{0,20}}?{_ADVERSE})(?=[,;。、:!?”)]|$)"
)
#: A result verb before a worded zero (实现零事故): the wording, not the subject.
ZERO_VERB = re.compile(r"(?:共|均|都|实现了?|做到了?|保持了?|达到了?|确保|力争|继续保持|持续保持)“?$")


def _table_quantities(text: str) -> list[Quantity]:
    """The figures of the text tables in ``text`` (:mod:`fazhi.extract.texttables`): a row's
    label is the subject, each year column a figure of its year; the quote is the row up to
    the figure."""
    out = []
    for c in table_cells(text):
        q = Quantity(c.label, c.value, c.unit, "=", c.value_text, c.row_start, c.end, clause=f"{c.heading} {c.label}", table_year=c.year)
        _interval(q)
        out.append(q)
    return out


def _worded_zeros(text: str) -> tuple[list[Quantity], list[tuple[int, int]]]:
    """Worded zeros as figures of 0 (:data:`WORDED_ZERO`), never inside a title in 《》; and the
    spans of their zero words (无一起: its 一起 is no count of one).

    >>> [(q.subject, q.value, q.unit, q.written_unit, q.worded) for q in _worded_zeros("安全生产实现零事故,无一起行政诉讼败诉案件。")[0]]
    [('安全生产…事故', 0.0, '起', '事故', '零事故'), ('行政诉讼败诉案件', 0.0, '起', None, '无一起')]
    """
    titles = [m.span() for m in re.finditer(r"《[^》]{0,80}》", text)]
    out, spans = [], []
    for m in WORDED_ZERO.finditer(text):
        if _inside(titles, m.start()):
            continue
        c_start = _clause_start(text, m.start(), 0)
        pre = LEADING_FILLER.sub("", ZERO_VERB.sub("", text[c_start : m.start()].strip()).strip()).strip()
        word_end, unknown = m.end(), True
        if m.group("zero_rate"):
            unit, unknown, word_end = "%", False, m.end()
            subject = LEADING_FILLER.sub("", text[c_start : m.end("zero_rate")].strip()).strip()
        elif m.group("zero_noun"):
            unit = m.group("zero_noun")
            subject = (pre + "…" if pre else "") + unit
        elif m.group("before_noun"):
            unit = m.group("before_noun")
            subject = LEADING_FILLER.sub("", text[c_start : m.end("before_noun")].strip()).strip()
        elif m.group("mw"):
            unit, unknown, word_end = m.group("mw"), m.group("mw") not in UNITS, m.start("what")
            what = m.group("what").strip("的 ")
            subject = (pre + "…" if pre and what else pre) + what
        else:
            unit, word_end = re.search(_ADVERSE + "$", m.group("what_noun")).group(), m.start("what_noun")
            subject = (pre + "…" if pre else "") + m.group("what_noun")
        end = m.end() + (text.startswith("”", m.end()))  # 实现“零投诉”: the quote closes
        word = text[m.start("before_noun") + len(unit) if m.group("before_noun") else m.start() : word_end].strip("“")
        word = "零" if m.group("zero_rate") else word
        # Its review reason is 'number in words' (worded); a measure word fazhi does not know
        # (无一例: 例) is also 'unit as written'.
        measure = None if m.group("mw") or m.group("zero_rate") else ZERO_MEASURE.get(unit)
        q = Quantity(subject or unit, 0.0, measure or unit, "=", word, c_start, end, worded=word,
                     clause=text[c_start : _clause_end(text, end)], unknown_unit=unknown and bool(m.group("mw")),
                     written_unit=unit if measure else None)  # fmt: skip
        _interval(q)
        out.append(q)
        spans.append((m.start(), word_end))
    return out, spans


#: Real clauses and sentences are short; bounding the windows keeps every scan
#: linear even on text without punctuation (1 MB of "达到95%以上、…").
MAX_CLAUSE = 160
MAX_SENTENCE = 400


def _masked_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(text)]


def _inside(spans, pos) -> bool:
    """Whether ``pos`` lies in one of the sorted, non-overlapping ``spans`` (binary search)."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _last_delim(text: str, delims: str, lo: int, hi: int) -> int:
    """Index just after the last of ``delims`` in ``text[lo:hi]``, else ``lo`` (C-speed rfind)."""
    return max(lo, *(text.rfind(d, lo, hi) + 1 for d in delims))


_CLAUSE_END = re.compile("[" + re.escape(CLAUSE_DELIMS) + "]")
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_DELIMS) + "]")


def _clause_start(text: str, pos: int, floor: int) -> int:
    return _last_delim(text, CLAUSE_DELIMS, max(floor, pos - MAX_CLAUSE), pos)


def _clause_end(text: str, pos: int) -> int:
    hi = min(len(text), pos + MAX_CLAUSE)
    m = _CLAUSE_END.search(text, pos, hi)
    return m.start() if m else max(pos, hi)


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``, at most ``MAX_SENTENCE`` characters each side.

    >>> t = "甲。乙丙,丁;戊"
    >>> t[slice(*sentence_span(t, 3))]
    '乙丙,丁;'
    """
    s = _last_delim(text, SENTENCE_DELIMS, max(0, pos - MAX_SENTENCE), pos)
    hi = min(len(text), pos + MAX_SENTENCE)
    m = _SENTENCE_END.search(text, pos, hi)
    e = m.start() if m else max(pos, hi)
    return s, min(len(text), e + 1 if e < len(text) and text[e] in "。;!?" else e)


def scope_at(text: str, pos: int) -> str | None:
    """The part of the jurisdiction a figure at ``pos`` speaks for, opened earlier in its sentence.

    The latest clause of the sentence (up to ``pos``) that opens with a part decides; a
    part named inside the figure's own clause (…收到市本级申请) counts too.  ``None`` is the
    whole jurisdiction.

    >>> t = "全市共收到申请429件,其中市本级收到申请120件,办结80件,纠错率11.25%。县级受理30件"
    >>> [scope_at(t, t.find(x)) for x in ("429", "120", "80件", "11.25", "30件")]
    [None, '市本级', '市本级', '市本级', '县级']
    >>> scope_at("其中市本级办结80件,县(市、区)办结200件", 17)
    '县(市、区)'
    """
    s = _last_delim(text, SENTENCE_DELIMS, max(0, pos - MAX_SENTENCE), pos)
    c = _clause_start(text, pos, s)
    own = OWN_LEVEL.search(text, c, pos)
    if own:
        return own.group()
    scope = None
    i = s
    while i <= c:
        m = SCOPE_OPENER.match(text, i)
        if m:
            scope = None if m.group("whole") else m.group("own") or m.group("level") or m.group("part")
        j = _CLAUSE_END.search(text, i, c)
        if not j:
            break
        i = j.end()
    return scope


def _cadence(sentence: str) -> str | None:
    for word, name in CADENCES:
        if word in sentence:
            return name
    return None


def _value(m: re.Match) -> tuple[float, str | None] | None:
    if m.group("half"):
        return 50.0, m.group("half")
    if m.group("slash_den"):  # 1/4: a share, in percent
        num, den = float(m.group("slash_num")), float(m.group("slash_den"))
        return (round(100.0 * num / den, 6), m.group("num")) if 0 < num < den else None
    if m.group("frac_den"):
        try:
            num = cn_value(CN_ALONE.get(m.group("frac_num"), m.group("frac_num")))  # 百分之百
            den = PER_DENOMINATOR.get(m.group("frac_den")) or cn_value(m.group("frac_den"))
        except ValueError:
            return None
        return (100.0 * num / den, m.group("num")) if den else None
    mult = MULTIPLIERS
    after = mult[m.group("amult")]  # 3000余万元: the multiplier after 余/多
    if m.group("alone"):
        return float(mult[m.group("alone")] * after), m.group("num")
    if m.group("arabic"):
        return _times(m.group("arabic").replace(",", ""), mult[m.group("mult")], after), None
    try:
        # 百 and 千 alone are a hundred and a thousand (近百件, 上千人次); cn2an wants 一百
        return _times(cn_value(CN_ALONE.get(m.group("cn"), m.group("cn"))), mult[m.group("cnmult")], after), m.group("num")
    except (ValueError, KeyError):  # cn2an refuses malformed numerals (十十, 〇〇〇)
        return None


def _trim_brackets(subject: str) -> str:
    """A subject without a bracket its clause opened or closed elsewhere: ``(其中转送`` → ``其中转送``,
    ``副职…)`` → ``副职``; a balanced pair stays (``应急办(消防救援所)``).

    >>> _trim_brackets("(其中转送"), _trim_brackets("副职…)"), _trim_brackets("应急办(消防救援所)")
    ('其中转送', '副职', '应急办(消防救援所)')
    >>> _trim_brackets("投入资金("), _trim_brackets("(其中新建…)")
    ('投入资金', '其中新建…')
    """
    if subject.startswith("(") and subject.endswith(")") and subject.count("(") == 1:  # (其中新建…): a note's subject
        return subject[1:-1]
    opened = subject.count("(") - subject.count(")")  # normalised text: brackets are ASCII
    if opened > 0:  # (其中转送, or 投入资金( before a bracketed list of figures
        subject = subject.lstrip("(").rstrip("(")
    elif opened < 0:
        subject = subject.rstrip(")").rstrip("…")
    return subject


def _split_subjects(pre: str) -> list[str]:
    """``报备率、及时率、规范率`` → three subjects; leading non-metric parts join the next.
    ``通过率和到岗率均`` (one figure, two subjects: 均达到100%) → two subjects.

    >>> _split_subjects("考试通过率和到岗率均")
    ['考试通过率', '到岗率']
    """
    if pre.endswith("各") and "、" in pre:  # 江城市、石门市各4件: a figure for each place named
        return [p for p in pre[:-1].split("、") if p]
    pre = SHARED_FIGURE.sub("", pre)
    # 和/及/与 join two subjects only right after a measure (率和, 度及): 市场主体和群众满意度 is one
    parts = re.split(r"(?<=率|度|例|重)(?:以及|和|及|与)|、", pre)
    out, buf = [], []
    for part in parts:
        buf.append(part)
        if METRIC_END.search(part):
            out.append("、".join(buf))
            buf = []
    if buf:
        if out:
            out[-1] = out[-1] + "、" + "、".join(buf)
        else:
            out.append("、".join(buf))
    return out if all(METRIC_END.search(s) for s in out) else [pre]


def _worded_count(m: re.Match, text: str, unit: str) -> bool:
    """Whether a number in Chinese numerals is a figure: after a cue word (建立两项机制), before
    以上…, right after a verb's 了 (健全了两项机制), closing a list (…等五个领域), with a multiplier (二百余万人), or counting
    people, cases, organisations, documents or money (选派三名律师); never 零 alone (零件, 零部件).

    >>> [_worded_count(QUANTITY.search(t), t, u) for t, u in (("选派三名律师", "名"), ("坚持一个中心", "个"), ("健全了两项机制", "项"), ("围绕营商环境等五个领域", "个"))]
    [True, False, True, True]
    """
    s, e, cn = m.start(), m.end(), m.group("cn")
    if cn in ("零", "〇"):
        return False
    if unit == "届" or text.startswith("届", s - 1):
        return False  # 十九届, 十四届四次全会: sessions and their plenums are ordinals
    if len(cn) >= 2 and cn not in ("一一", "两两") and not re.search(r"[〇零]{2}|^[〇零]", cn):
        return True  # 一百二十七件, 四十八件, 九十二点六分: a number of several numerals is no slogan (两个维护 is one)
    if unit in TIME_LIMIT_UNITS:
        return True  # 一个工作日办结, 三个月内: a time limit in words is a figure
    if (e == len(text) or text[e] in ",;。、:!?)") and cn not in ("百", "千"):
        return True  # 出庭应诉十一次。, 败诉二件,: a count closing its clause (一次告知 goes on)
    if CN_CUE.search(text, max(0, s - 8), s) or AFTER_WORD.match(text, e) or text.startswith("了", s - 1):
        return True
    if text.startswith("等", s - 1) and cn != "一":  # the count closing a list (…等十个重点领域)
        return True
    if m.group("cnmult") or m.group("amult"):
        return True
    return unit in COUNT_UNITS and cn not in ("一", "百", "千")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity statement in ``text`` (a provision's own text)."""
    masked = _masked_spans(text)
    out: list[Quantity] = []
    consumed_until = 0
    floor = 0  # a later number's subject starts after the previous quantity
    matches = [m for m in QUANTITY.finditer(text)]
    # Starts of numbers with a unit, for "where does the next quantity begin" by bisection
    # (a scan of the remaining matches would make the loop quadratic).
    unit_starts = [m.start() for m in matches if m.group("unit")]
    chain: tuple[int, str | None, str | None] = (-1, None, None)  # a unit-once list: (end match, unit, 万/亿)
    zeros, zero_spans = _worded_zeros(text)
    tables = _table_quantities(text) if "年" in text and "\n" in text else []
    table_rows = sorted({(q.start, q.end) for q in tables})
    k = 0
    while k < len(matches):
        m = matches[k]
        k += 1
        s, e = m.start(), m.end()
        if s < consumed_until or _inside(masked, s) or _inside(zero_spans, s) or (table_rows and _inside(table_rows, s)):
            continue
        unit = m.group("unit") or ("%" if m.group("frac_den") or m.group("slash_den") or m.group("half") else None)
        # A range: 90%—95%, 3至5个工作日 (the first number may leave its unit to the second).
        upper_match = None
        if k < len(matches) and not m.group("approx") and not m.group("frac_den") and not m.group("slash_den"):
            n = matches[k]
            n_unit = n.group("unit")
            join = RANGE_JOIN.fullmatch(text, e, n.start())
            if join and n_unit and unit in (None, n_unit) and bool(n.group("arabic")) == bool(m.group("arabic")) and not n.group("approx"):
                upper_match, unit = n, n_unit
                k += 1
        shared_mult = None
        if not unit and m.group("arabic") and not m.group("mult") and not m.group("approx"):
            # A list that states its unit once: 分别为2.6、1.9万人次 is 2.6万 and 1.9万 人次.  Every
            # number of the list reaches the same end: it is found once per list, not once per number.
            if k > chain[0]:
                j = k
                while j < len(matches) and text[matches[j - 1].end() : matches[j].start()] == "、" and matches[j].group("arabic") and not matches[j].group("unit"):
                    j += 1
                last = matches[j] if j < len(matches) else None
                shares = last is not None and text[matches[j - 1].end() : last.start()] == "、" and last.group("arabic") and last.group("unit")
                chain = (j, last.group("unit") if shares else None, last.group("mult") if shares else None)
            if chain[1]:
                unit, shared_mult = chain[1], chain[2]
        unknown_unit = False
        if not unit and text.startswith("日", e) and not text.startswith("月", s - 1) and (
            DAY_LIMIT_BEFORE.search(text, max(0, s - 8), s) or DAY_LIMIT_AFTER.match(text, e + 1)
        ):
            # 日 is a date (3月14日) unless a time limit says it counts days: 期限不少于30日, 15日内
            unit, e = "日", e + 1
        if not unit and (m.group("arabic") or m.group("cn")) and text.startswith("分", e) and SCORE_BEFORE.search(text, max(0, s - 12), s):
            unit, e = "分", e + 1  # 平均成绩92.6分: points of a score (分 is otherwise minutes of a time)
        if not unit and m.group("arabic") and UNKNOWN_UNIT.match(text, e):
            # A measure word fazhi does not know, closing its clause (巡查80趟,): a row with the
            # unit as written and a review reason, not silence.
            unit, unknown_unit, e = text[e], True, e + 1
        if not unit:
            continue
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < len(text) else ""
        # 第三批, 7×24小时, “1+4+N”, 2022—2024, 5G: parts of names and ranges, not quantities.
        if (before and before in "第+×*xX/-—.~") or (after and after in "+×*") or (before.isascii() and before.isalpha()):
            continue
        if m.group("cn") and not _worded_count(m, text, unit):
            continue
        if before == "前" and unit in ("名", "位"):
            continue  # 进入全市前三名: a rank, not a count of people
        if m.group("cn") and before and before in "每这那各":  # (an empty string is "in" every string)
            continue
        parsed = _value(m)
        if parsed is None:
            continue
        value, worded = parsed
        if shared_mult:
            value = _times(value, MULTIPLIERS[shared_mult])
        upper = None
        if upper_match is not None:
            parsed_upper = _value(upper_match)
            if parsed_upper is None or parsed_upper[0] < value:
                continue
            upper, e = parsed_upper[0], upper_match.end()
        if unit == "成":  # 三成 is 30 %: tenths, the genre's way of giving a share
            value, upper, unit, worded = _times(value, 10), None if upper is None else _times(upper, 10), "%", text[s:e]
        aw = AFTER_WORD.match(text, e)
        q_end = aw.end() if aw else e
        if STRUCTURE_NOUN.match(text, e) or STRUCTURE_NOUN.match(text, q_end):
            consumed_until = floor = q_end
            continue
        # A pair: a second figure right after the first (查处案件15件18人, 培训3批126人次) measures
        # the same thing in another unit: same subject, same quote, same comparison base.
        pair = out[-1] if out and s == consumed_until and out[-1].value is not None and out[-1].unit != unit and s - out[-1].end <= 8 else None
        c_start = _clause_start(text, s, floor)
        pre = text[c_start:s]
        base = pair.base if pair is not None else (BASE_BEFORE.search(pre) is not None)
        bw = BEFORE_WORD.search(pre)
        if bw and bw.group() == "上" and m.group("cn") not in CN_ALONE and not m.group("alone"):  # 上千人次 is "more than a thousand"; 会上3次 is not
            bw = None
        if bw:
            pre_subject = pre[: bw.start()]
        else:
            bw = DISTANT_COMPARATOR.search(pre)
            pre_subject = pre[: bw.start()] + ("…" + pre[bw.end(1) :] if bw else "") if bw else pre
        word_before = (bw.group(1) if bw.re is DISTANT_COMPARATOR else bw.group()) if bw else None
        qualifier = (
            "range"
            if upper is not None
            else QUALIFIER_OF.get(aw.group() if aw else "") or QUALIFIER_OF.get(m.group("approx") or "") or QUALIFIER_OF.get(word_before or "")
        )
        if aw and aw.group() in ("以上", "及以上") and word_before in ("高于", "超过"):
            qualifier = "more_than"
        comparator = COMPARATOR_OF_QUALIFIER.get(qualifier, "=")
        # Several values for several scopes: 市级、县级…覆盖率分别达到80%、70%
        values = [(value, s, q_end, text[s:q_end])]
        while k < len(matches) and bw and "分别" in bw.group():
            n = matches[k]
            if text[q_end : n.start()] not in ("、", "和", ",") or (n.group("unit") or "%") != unit:
                break
            nv = _value(n)
            if nv is None:
                break
            naw = AFTER_WORD.match(text, n.end())
            q_end = naw.end() if naw else n.end()
            values.append((nv[0], n.start(), q_end, text[n.start() : q_end]))
            k += 1
        subject_text = LEADING_FILLER.sub("", LEADING_DEADLINE.sub("", pre_subject.strip())).strip()
        subject_text = TRAILING_RUN.sub("", subject_text)  # 出庭应诉率连续三年保持100%: the rate is the subject
        post_end = _clause_end(text, q_end)
        # The counted thing after a number stops where the next number starts.
        u = bisect.bisect_left(unit_starts, q_end)
        nxt = unit_starts[u] if u < len(unit_starts) else post_end
        enum = text.find("、", q_end, post_end)
        post_end = min(post_end, nxt, enum if enum >= 0 else post_end)
        paren = text.find("(", q_end, post_end)
        if paren >= 0 and text.find(")", paren, post_end) < 0:  # 审结115件(含上年结转8件): a note opens
            post_end = paren
        clause_text = text[c_start:post_end]
        if WEIGHT_WORDS.search(clause_text):  # a weight in an assessment scheme, not a figure
            consumed_until = floor = values[-1][2]
            continue
        counted = text[q_end:post_end]
        if DOC_PARTS.search(clause_text) and (not counted.strip() or DOC_PART_NOUN.match(counted)):
            consumed_until = floor = values[-1][2]  # the parts of a document, not a figure
            continue
        scopes: list[str | None] = [None] * len(values)
        per_value: list[str] | None = None
        if len(values) > 1:
            items = subject_text.split("、")
            last = SCOPE_PREFIX.match(items[-1]) if items else None
            if last and len(items) == len(values):
                scopes = items[:-1] + [last.group()]
                subject_text = items[-1][last.end() :]
            elif len(items) == len(values) and all(items):
                per_value = items  # 通过率、到岗率分别为98%、100%: a subject each
            # else every figure keeps the one subject (分别为2.6、1.9万人次: a list stated once)
        if METRIC_END.search(subject_text) or not text[q_end:post_end].strip("的 "):
            subjects = _split_subjects(subject_text) if len(values) == 1 else [subject_text]
            quote_end = q_end
        else:
            # A count: the counted thing follows the number (115项权力事项下放).
            subjects = [(subject_text + "…" if subject_text else "") + text[q_end:post_end].lstrip("的、")]
            quote_end = post_end
        if len(values) == 1:
            scopes = [scope_at(text, values[0][1])]
        from_m = CHANGE_FROM_BEFORE.search(subject_text) if CHANGE_TO_AFTER.match(text, q_end) else None
        change_from = from_m is not None
        y = CHANGE_FROM_YEAR.search(from_m.group()) if from_m else None
        change_year = cn_int(y.group(1)) if y else None  # 2018 or 二〇一八
        change = out[-1] if out and out[-1].change_from and CHANGE_TO_AFTER.fullmatch(pre.strip()) else None
        if pair is not None:
            subjects, c_start = [pair.subject], pair.start
        elif change_from:  # 行政审批事项由494项减到304项: the subject stands before 由
            subjects, quote_end = [CHANGE_FROM_BEFORE.sub("", subject_text)], q_end
        elif change is not None:  # …减到304项: the figure the change reached, same subject and quote
            subjects, c_start = [change.subject], change.start
        elif base and not BASE_BEFORE.sub("", subject_text).strip("的 "):
            # 较上年的20件 names no subject: it is that of the latest of this year's figures in the same
            # unit, if that one is in the same sentence
            latest = next((q for q in reversed(out) if q.unit == unit and not q.base), None)
            if latest is not None and latest.start >= _last_delim(text, SENTENCE_DELIMS, 0, s):
                subjects = [latest.subject]
        for n_value, ((v, vs, ve, vtext), scope) in enumerate(zip(values, scopes)):
            for subj in [per_value[n_value]] if per_value else subjects:
                subj = _trim_brackets(subj.strip().strip("、…"))
                q_start = c_start
                if not subj and out and out[-1].end >= c_start:
                    # the subject of the figure before (…(1.1、2.3亿元)): the quote reaches back to it, a
                    # clause at most (a chain of figures sharing one subject must not grow each quote)
                    subj, q_start = out[-1].subject, max(min(c_start, out[-1].start), c_start - MAX_CLAUSE)
                q = Quantity(
                    subject=subj or text[c_start:quote_end],
                    value=v,
                    unit=unit,
                    comparator=comparator,
                    value_text=vtext,
                    start=q_start,
                    end=max(quote_end, ve),
                    scope=scope,
                    worded=worded,
                    clause=clause_text,
                    qualifier=qualifier,
                    upper=upper,
                    base=base,
                    change_from=change_from,
                    change_year=change_year,
                    unknown_unit=unknown_unit,
                )
                _interval(q)
                out.append(q)
        consumed_until = values[-1][2]
        floor = consumed_until
    out.extend(zeros)
    out.extend(tables)
    # 全覆盖 is a coverage of 100%, worded.
    for m in FULL_COVERAGE.finditer(text):
        if _inside(masked, m.start()):
            continue
        c_start = _clause_start(text, m.start(), 0)
        subject = LEADING_FILLER.sub("", text[c_start : m.start()].strip()).strip() or "覆盖"
        # 法律顾问、公职律师实现全覆盖 covers both (市、县、乡三级… is one subject with its scope)
        # (对A、B实行审计全覆盖 and 推进A、B法律顾问 name the objects of one coverage: not split)
        bare = re.sub(r"(?:实现|达到|基本实现|做到)$", "", subject)
        parts = bare.split("、")
        plain = "的" not in bare and not COVERAGE_VERB.match(bare)
        if plain and 1 < len(parts) <= 4 and all(3 <= len(p) <= 8 for p in parts):
            subjects = parts
        elif plain and len(parts) > 2 and 3 <= len(parts[-1]) <= 8 and len(parts[-2]) >= 3:
            subjects = ["、".join(parts[:-1]), parts[-1]]  # 市、县两级…法律顾问、公职律师: a scope, then two subjects
        else:
            subjects = [subject]
        for part in subjects:
            q = Quantity(part, 100.0, "%", "=", "全覆盖", c_start, m.end(), worded="全覆盖", clause=text[c_start : _clause_end(text, m.end())])
            _interval(q)
            out.append(q)
    for m in RELATIVE.finditer(text):
        c_start = _clause_start(text, m.start(), 0)
        subject = LEADING_FILLER.sub("", text[c_start : m.start("op")].strip()).strip()
        q = Quantity(subject, None, "", "relative", m.group("op"), c_start, m.end(), clause=text[c_start : _clause_end(text, m.end())])
        q.relative_to = m.group("ref")
        q.relative_comparator = RELATIVE_OP[m.group("op")]
        out.append(q)
    for q in out:
        q.cadence = _cadence(q.clause)
    out.sort(key=lambda q: (q.start, q.end))
    return out


# -- rows for the indicators table ------------------------------------------------------
#: A span of time: 2008年1月至2010年5月底 — a figure for it stands at its end.
YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*年[^,;。]{0,8}?(?:至|到|—|-|~)\s*((?:19|20)\d{2})\s*年")


#: Words that make the year after them a base of comparison: 较2023年, 比2022年, 与2021年相比,
#: 由2018年的 (where a change started).
COMPARED_YEAR = re.compile(r"(?:较|比|同比|与|相比|对比|由|从)$")


def _year_of(text: str, masked, *, last: bool = False) -> int | None:
    """The statement's year in ``text``: the first year named, or the end of a span.

    >>> _year_of("2008年1月至2010年5月底,共收案件2584件", [])
    2010
    >>> _year_of("重复信访率较2023年下降5个百分点", []) is None
    True
    """
    found = None
    for m in P.YEAR.finditer(text):
        if _inside(masked, m.start()) or text[m.end() : m.end() + 2] in ("以来", "以前"):
            continue
        if COMPARED_YEAR.search(text, max(0, m.start() - 3), m.start()) or (text.startswith("基础上", m.end()) and text[m.start() - 1 : m.start()] == "在"):
            continue  # 较2023年下降5个百分点, 在2024年基础上再压减20%: the year compared with, not the figure's
        span = YEAR_SPAN.match(text, m.start())
        found = int(span.group(2)) if span else int(m.group(1))
        if not last:
            return found
    return found


#: A year named as a deadline: 到2025年, 至2023年, 2022年底前, 2024年前.
DEADLINE_YEAR = re.compile(r"(?:到|至)((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:年?底前|前|底)")


def _dash_list_year(doc_text: str, line_start: int) -> int | None:
    """The year a dash list's lead names for its items (``到2025年,…具体目标是:`` then lines
    ``——依法决策方面。…审查率达到100%``): the lead is the line before the run of dash lines."""
    if not doc_text.startswith("——", line_start):
        return None
    pos, seen = line_start, 0
    while pos > 0 and seen < 20:
        prev = doc_text.rfind("\n", 0, pos - 1) + 1
        line = doc_text[prev : pos - 1]
        if not line.startswith("——"):
            if line.rstrip().endswith(":"):
                return _year_of(line, _masked_spans(line), last=True)
            return None
        pos, seen = prev, seen + 1
    return None


def _resolve_year(doc_text: str, start: int, end: int, clause: str, period: tuple[int, int]) -> tuple[int | None, str | None]:
    """Year of a statement: the clause, its sentence, its paragraph's lead, else the document."""
    # A text without a year needs no quote masking (most clauses: masking was most of the time)
    y = _year_of(clause, _masked_spans(clause)) if P.YEAR.search(clause) else None
    if y:
        return y, "sentence"
    s, e = sentence_span(doc_text, start)
    # the sentence up to the statement: a year in a later clause is that clause's
    # (审结率保持100%,…到2025年不低于20%: the 100% is not 2025's)
    sentence = doc_text[s:start]
    # the nearest year before it (到2023年…,到2025年…减少三分之一: 2025)
    y = _year_of(sentence, _masked_spans(sentence), last=True) if P.YEAR.search(sentence) else None
    if y:
        return y, "sentence"
    # the nearest deadline of the whole sentence holds across its semicolons (到2022年底,…;…压缩至
    # 80个工作日; 到2025年达到95%;…三分之二以内) — a bare year (2022年不低于80%;…) does not
    whole = doc_text[_last_delim(doc_text, "。\n!?", max(0, start - MAX_SENTENCE), start) : start]
    deadlines = DEADLINE_YEAR.findall(whole) if "年" in whole else []
    if deadlines:
        return int(next(y for y in deadlines[-1] if y)), "sentence"
    line_start = doc_text.rfind("\n", max(0, start - MAX_SENTENCE), start) + 1
    y = _dash_list_year(doc_text, line_start)
    if y:
        return y, "section"
    m = SECTION_YEAR.match(doc_text, line_start)
    if m:
        return int(m.group(1)), "section"
    if period[0] == period[1]:
        return period[0], "document"
    return None, None


def _kind(doc_type: str, clause: str, outlook: bool = False) -> tuple[str, bool]:
    """target or reported, decided by the clause, then the section, then the document type;
    and whether only the document type decided it.

    >>> _kind("report", "2019年共受理91宗")
    ('reported', True)
    >>> _kind("report", "确保行政机关负责人出庭应诉率不低于90%")
    ('target', False)
    >>> _kind("plan", "累计培训1200人次")
    ('reported', False)
    """
    clause = QUOTED.sub("", clause) if "“" in clause or "《" in clause else clause  # “…三年行动计划” is a name
    if doc_type == "report":
        if FUTURE_WORDS.search(clause):
            return "target", False
        return ("target", False) if outlook else ("reported", True)
    if PAST_WORDS.search(clause):
        return "reported", False
    return "target", True


def review_reasons(row: dict) -> list[str]:
    """Why a researcher may want to check a row (empty when nothing is doubtful).

    >>> review_reasons({"status": "numeric", "qualifier": "about", "indicator_id": None, "year_source": "document",
    ...                 "worded": None, "kind_from_type": True})
    ['approximate', 'subject unmapped', 'kind from document type', 'year from document']
    """
    reasons = []
    if row.get("qualifier") in APPROXIMATE:
        reasons.append("approximate")
    if row.get("qualifier") == "range":
        reasons.append("range")
    if row["status"] == "relative":
        reasons.append("relative to a benchmark")
    if row["status"] != "qualitative" and not row.get("indicator_id"):
        reasons.append("subject unmapped")
    if row["status"] == "qualitative":
        reasons.append("no figure")
    if row.get("worded"):
        reasons.append("number in words")
    if row.get("kind_from_type"):
        reasons.append("kind from document type")
    if row.get("unknown_unit"):
        reasons.append("unit as written")
    if row.get("year_source") == "comparison base":
        reasons.append("previous year's figure")
    if row.get("year_source") == "change start":
        reasons.append("starting figure of a change")
    if row.get("year_source") == "document":
        reasons.append("year from document")
    elif row.get("year_source") is None:
        reasons.append("year unknown")
    return reasons


#: The plan part of a report opening inside a provision's text, at a sentence start — a body the
#: outline could not split (a short one-line body): 2023年工作计划:…, 下一步,…, 明年….
OUTLOOK_OPENING = re.compile(
    r"(?:^|(?<=[。;!?:\s]))(?:[一二三四五六七八九十]{1,3}、)?"
    r"(?:(?P<year>(?:19|20)\d{2})\s*年[^。;,:!?]{0,12}?(?:计划|打算|安排|思路|重点|要点)|下一步|明年|今后)"
)


def _outlook_at(text: str, period: tuple[int, int]) -> list[tuple[int, int | None]]:
    """Where a plan part opens in ``text`` and its year: a year heading counts only when it is
    later than the report's period (2022年工作要点落实情况 in a report on 2022 looks back).

    >>> _outlook_at("受理85件。2023年工作计划:办结率达到98%。", (2022, 2022))
    [(6, 2023)]
    >>> _outlook_at("2022年工作要点落实情况:受理85件。下一步,加强培训。", (2022, 2022))
    [(20, None)]
    """
    out = []
    for m in OUTLOOK_OPENING.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        if year is not None and period[1] is not None and year <= period[1]:
            continue
        out.append((m.start(), year))
    return out


def _heading_year(plist: list, k: int, period: tuple[int, int]) -> int | None:
    """The year a report's plan part names in its heading (三、2023年工作思路), for the part's
    provisions: the provision's own heading or its nearest ancestor's."""
    seen = 0
    while k is not None and 0 <= k < len(plist) and seen < 10:
        p = plist[k]
        m = P.OUTLOOK_HEADING.search(p.heading or p.text[:40])
        y = P.YEAR.search(p.heading or p.text[:40]) if m else None
        if y and (period[1] is None or int(y.group(1)) > period[1]):
            return int(y.group(1))
        k, seen = p.parent, seen + 1
    return None


def indicator_rows(doc_id: str, doc_text: str, provisions, doc_type: str, period: tuple[int, int], catalogue) -> list[dict]:
    """Every quantity statement, relative target and qualitative mention of a document.

    ``provisions`` are :class:`fazhi.parse.outline.Provision` objects with their ids in
    ``provision_ids``; offsets in the rows index ``doc_text``.
    """
    rows: list[dict] = []
    plist = [p for _, p in provisions]
    for k_prov, (prov_id, p) in enumerate(provisions):
        if not p.text:
            continue
        base = doc_text.find(p.text, p.start)
        mapped: set[str] = set()
        # A report's plan part: from the outline (a heading), or opened inside the text
        part_year = _heading_year(plist, k_prov, period) if doc_type == "report" and p.outlook else None
        openings = _outlook_at(p.text, period) if doc_type == "report" and not p.outlook else []

        def outlook(pos: int) -> tuple[bool, int | None]:
            before = [o for o in openings if o[0] <= pos]
            return (True, before[-1][1]) if before else (p.outlook, part_year)

        for q in find_quantities(p.text):
            # The measured subject decides; the whole sentence may say what it is about
            # (十堰: "…行政复议申请429件,…纠错9件,纠错率11.25%").
            sentence = p.text[slice(*sentence_span(p.text, q.start))]
            ind = catalogue.match(q.subject, q.unit, sentence)
            status = "relative" if q.comparator == "relative" else "numeric"
            start, end = base + q.start, base + q.end
            if q.table_year:  # a text table's column says the year
                year, year_source = q.table_year, "table"
            else:
                year, year_source = _resolve_year(doc_text, start, end, q.clause, period)
            in_plan, plan_year = outlook(q.start)
            if plan_year and year_source in ("document", None):  # 2023年工作计划 names the year of its figures
                year, year_source = plan_year, "section"
            if q.base:  # last year's figure, given to compare with: its year is the one before
                year, year_source = (year - 1 if year else None), "comparison base"
            elif q.change_from:  # 由494项减到304项: the state before, of the year named there if any
                year, year_source = q.change_year, "change start"
            if ind:
                mapped.add(ind.indicator_id)
            kind = _kind(doc_type, q.clause, in_plan)
            if doc_type != "report" and kind[0] == "target" and year_source == "sentence" and period[0] and year and year < period[0]:
                kind = ("reported", False)  # a plan's baseline: 2023年评查案卷186卷 in key points for 2024
            rows.append(
                _row(doc_id, prov_id, ind, q.subject, q.value, q.unit, q.comparator, q, kind, status,
                     year, year_source, doc_text[start:end], start, end)
            )  # fmt: skip
        # One search for any mention first: most provisions mention no indicator, and trying a
        # hundred patterns on each was most of the time of a document with many short items.
        if not catalogue.any_mention.search(p.text):
            continue
        for ind in catalogue.indicators:
            if ind.indicator_id in mapped or not ind.mention:
                continue
            m = ind.mention.search(p.text)
            if not m:
                continue
            s, e = sentence_span(p.text, m.start())
            start, end = base + s, base + e
            sentence = p.text[s:e]
            year, year_source = _resolve_year(doc_text, start, end, sentence, period)
            kind = _kind(doc_type, sentence, outlook(s)[0])
            rows.append(_row(doc_id, prov_id, ind, m.group(), None, None, None, None, kind, "qualitative", year, year_source, sentence, start, end))
    rows.sort(key=lambda r: (r["start"], r["end"], r["status"] == "qualitative", r["subject"]))
    for k, r in enumerate(rows):
        r["seq"] = k
    return rows


CATALOGUE_FIELDS = ("indicator_id", "indicator_zh", "indicator_en", "theme_id")
QUANTITY_FIELDS = (
    "lower", "upper", "lower_inclusive", "upper_inclusive", "relative_to", "relative_comparator", "cadence", "scope", "worded", "value_text",
    "qualifier",
)  # fmt: skip


def _row(doc_id, prov_id, ind, subject, value, unit, comparator, q, kind, status, year, year_source, quote, start, end) -> dict:
    """An indicators-table row; catalogue and quantity fields are null where there is none."""
    kind, kind_from_type = kind
    row = {
        "doc_id": doc_id,
        "seq": 0,
        "provision_id": prov_id,
        **{f: getattr(ind, f) if ind else None for f in CATALOGUE_FIELDS},
        **{f: getattr(q, f) if q else None for f in QUANTITY_FIELDS},
        "subject": subject,
        "value": value,
        "unit": (ind.shown_unit(unit) if ind else unit) or None,  # 2期 lectures are 次 (catalogue.SAME_UNITS)
        "unit_written": (q.written_unit if q and q.written_unit else unit) or None,
        "comparator": comparator,
        "kind": kind,
        "status": status,
        "year": year,
        "year_source": year_source,
        "quote": quote,
        "start": start,
        "end": end,
    }
    row["review_reasons"] = review_reasons({**row, "kind_from_type": kind_from_type, "unknown_unit": bool(q and q.unknown_unit)})
    return row
