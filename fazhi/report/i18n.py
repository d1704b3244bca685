"""Words of the briefings in Chinese and English, declared once.

A briefing is in one language (``lang`` is ``"zh"`` or ``"en"``): every label, status,
unit and column header it shows comes from here.  Quotes from the documents stay in
their original Chinese on the English pages (a note on each page says so).

>>> word("target", "zh"), word("target", "en")
('目标', 'target')
>>> unit_name("学时", "en"), unit_name("学时", "zh"), unit_name("%", "en")
('class hours', '学时', '%')
"""

from __future__ import annotations

from fazhi.ingest.divisions_make import PROVINCES_EN  # provinces in English: one list for the division table and the pages

LANGS = ("zh", "en")

#: key → (Chinese, English).  Keys are the values of the tables (kind, status, comparator,
#: qualifier, review reason, doc_type, level) and the words of the page.
WORDS: dict[str, tuple[str, str]] = {
    # kinds and statuses (the indicators table's values)
    "target": ("目标", "target"),
    "reported": ("报告值", "reported"),
    "numeric": ("有数值", "numeric"),
    "relative": ("相对目标", "relative"),
    "qualitative": ("仅提及", "qualitative"),
    "not set": ("未设定", "not set"),
    # qualifiers
    "at_least": ("不低于", "at least"),
    "more_than": ("超过", "more than"),
    "less_than": ("低于", "less than"),
    "nearly": ("接近", "nearly"),
    "at_most": ("不超过", "at most"),
    "about": ("约", "about"),
    "range": ("区间", "range"),
    # review reasons
    "approximate": ("约数", "approximate"),
    "relative to a benchmark": ("相对目标", "relative to a benchmark"),
    "subject unmapped": ("未归入指标目录", "subject unmapped"),
    "no figure": ("无数值", "no figure"),
    "number in words": ("汉字数字", "number in words"),
    "kind from document type": ("类型按文件推断", "kind from document type"),
    "year from document": ("年份按文件推断", "year from document"),
    "year unknown": ("年份不明", "year unknown"),
    "unit as written": ("量词未收录,按原文", "unit as written (a measure word fazhi does not know)"),
    "previous year's figure": ("上年数值(对比基数)", "previous year's figure (a comparison base)"),
    "starting figure of a change": ("变化前的起始数值", "starting figure of a change (由…减到…; its year unknown)"),
    # document types and levels
    "action_plan": ("行动计划", "action plan"),
    "plan": ("实施方案", "implementation plan"),
    "opinion": ("实施意见", "implementation opinion"),
    "key_points": ("工作要点", "key points"),
    "report": ("情况报告", "annual report"),
    "province": ("省级", "province"),
    "prefecture": ("地级", "prefecture"),
    "county": ("县级", "county"),
    "district": ("区级", "district"),
    "draft": ("征求意见稿", "draft for comment"),
    "government": ("政府", "government"),
    "department": ("部门", "department"),
    "sub-district": ("街道乡镇", "sub-district"),
    "final": ("正式文本", "final text"),
    "traditional": ("繁体", "traditional"),
    "simplified": ("简体", "simplified"),
    # column headers and page words
    "jurisdiction": ("辖区", "jurisdiction"),
    "province_name": ("省份", "province"),
    "passages": ("段落数", "passages"),
    "all": ("全部", "all"),
    "search": ("搜索", "search"),
    "untitled": ("(无标题)", "(untitled)"),
    "n documents shown": ("显示 N 份文件", "N documents shown"),
    "national": ("国家级", "national"),
    "outline": ("实施纲要", "national outline"),
    "document": ("文件", "document"),
    "title": ("标题", "title"),
    "level": ("层级", "level"),
    "type": ("类型", "type"),
    "period": ("期间", "period"),
    "status": ("状态", "status"),
    "issued": ("印发日期", "issued"),
    "doc_number": ("文号", "document number"),
    "provisions": ("条目", "provisions"),
    "tasks": ("任务", "tasks"),
    "quantities": ("量化表述", "quantities"),
    "characters": ("字数", "characters"),
    "source script": ("原文字体", "source script"),
    "theme": ("主题", "theme"),
    "indicator": ("指标", "indicator"),
    "kind": ("类型", "kind"),
    "comparator": ("比较", "comparator"),
    "qualifier": ("限定", "qualifier"),
    "value": ("数值", "value"),
    "unit": ("单位", "unit"),
    "year": ("年份", "year"),
    "cadence": ("频次", "cadence"),
    "scope": ("范围", "scope"),
    "quote": ("原文", "quote"),
    "provision": ("条目", "provision"),
    "subject": ("所测对象", "subject (as written)"),
    "review": ("需核对", "review"),
    "unmapped": ("(未归入)", "(unmapped)"),
    "statement": ("表述", "statement"),
    "lead units": ("牵头单位", "lead units"),
    "partner units": ("配合单位", "partner units"),
    "unit name": ("单位名称", "unit"),
    "deadline": ("时限", "deadline (as written)"),
    "shared with": ("共享对象", "shared with"),
    "matched": ("共享字数", "characters shared"),
    "text in A": ("甲文", "text in A"),
    "text in B": ("乙文", "text in B"),
    "document A": ("文件甲", "document A"),
    "document B": ("文件乙", "document B"),
    "download csv": ("下载 CSV", "Download CSV"),
    "full text": ("全文", "full text"),
    "not drawn": ("未绘出", "Not drawn"),
    "open-ended": ("开放区间", "open-ended"),
    "share": ("占比", "share"),
    # the shared-text baseline (page 04): {typical}, {high} are shares, {pairs} a count
    "share baseline": ("本语料中两份无关文件通常共享 {typical} 的文字;高于 {high} 的文件对较为突出。",
                       "Two unrelated documents of this corpus typically share {typical} of their text; pairs above {high} stand out."),
    "share baseline basis": ("基线是 {pairs} 对无关文件(不同辖区且不同省份)双向共享占比的中位数和第 90 百分位;它们共享的多是双方都引用的中央文件表述。",
                             "The baseline is the median and the 90th percentile of the shares, both ways, of the {pairs} pairs of unrelated documents (different jurisdictions and different provinces); much of what they share is wording both quote from central documents."),
    "share baseline indicative": ("基线只依据 {pairs} 对文件(少于 {min} 对),仅供参考。", "The baseline rests on {pairs} pairs only (fewer than {min}): it is indicative only."),
    "no share baseline": ("没有不同辖区且不同省份的文件对,无法给出基线。", "No two documents are from different jurisdictions and provinces: no baseline."),
    "share baseline outlined": ("加框的格子高于 {high}。", "Outlined cells are above {high}."),
    "share baseline lines": ("点线为通常共享的比例,虚线为突出线。", "The dotted line is the typical share, the dashed line where pairs stand out."),
    "typical share": ("通常", "typical"),
    "stands out above": ("突出线", "stands out above"),
    "count": ("数量", "count"),
    "cluster": ("聚类", "cluster"),
    "top terms": ("特征词", "top terms"),
    "majority theme": ("主要主题", "majority theme"),
    "purity": ("纯度", "purity"),
    "nearest area": ("最接近的纲要领域", "nearest outline area"),
    "share in nearest area": ("属于该领域的占比", "share in that area"),
    "no outline area": ("无对应领域", "no outline area"),
    "area": ("领域", "area"),
    "name zh": ("中文名称", "name in Chinese"),
    "name en": ("英文名称", "name in English"),
    "seed words": ("种子词", "seed words"),
    "number of seed words": ("种子词数", "number of seed words"),
    "share of clustered tasks": ("占其已聚类任务条目", "share of its clustered tasks"),
    "kind of change": ("改动类型", "kind of change"),
    "raw line": ("原文行", "raw line"),
    "text": ("文本", "text"),
    "detail": ("说明", "detail"),
    "per year": ("每年", "per year"),
    "per person per year": ("每人每年", "per person per year"),
    # follow-through and cascade (issue 29): the tables' values and the profile section's words
    "met": ("已达到", "met"),
    "not met": ("未达到", "not met"),
    "target year not reached": ("未到目标年份", "target year not reached"),
    "no comparable figure": ("无可比数值", "no comparable figure"),
    "not reported": ("报告未提及", "not reported"),
    "no later report": ("无后续报告", "no later report"),
    "report year unknown": ("报告年份不明", "report year unknown"),
    "approximate figure": ("约数", "approximate figure"),
    "overlapping plans": ("规划期重叠", "overlapping plans"),
    "not reported so far": ("迄今的报告未提及", "not reported so far"),
    "report without a year": ("报告无年份", "report without a year"),
    "figure in another unit": ("单位不同", "figure in another unit"),
    "figure for another scope": ("范围不同", "figure for another scope"),
    "mentioned without a figure": ("仅提及无数值", "mentioned without a figure"),
    "figure of another year": ("数值属其他年份", "figure of another year"),
    "verbatim": ("照抄上级", "verbatim from above"),
    "restated": ("上级数值换说法", "restated from above"),
    "tightened": ("比上级更严", "tightened"),
    "loosened": ("比上级更宽", "loosened"),
    "changed": ("与上级区间交叉", "changed"),
    "own": ("自设", "its own"),
    "year differs": ("年份不同", "year differs"),
    "several parents": ("多个上级目标", "several parents"),
    "no date to order": ("无印发日期", "no date to order"),
    "due year": ("应达年份", "due year"),
    "report year": ("报告年份", "report year"),
    "gap": ("差距(报告值−目标界)", "gap (figure − bound)"),
    "relation": ("与上级关系", "relation"),
    "level above": ("上级文件", "document above"),
    "figure above": ("上级数值", "figure above"),
    "followed targets": ("{n} 个目标中:{counts}。", "Of {n} targets: {counts}."),
    "cascade counts": ("{n} 个目标中 {inherited} 个承袭上级文件({counts}),{own} 个为自设。",
                       "Of {n} targets, {inherited} repeat a document of a level above ({counts}); its own: {own}."),
    "cascade none": ("{n} 个目标均为自设:本语料中没有上级文件的目标与之对应。",
                     "All {n} targets are its own: none repeats a target of a document of a level above in this corpus."),
    "no targets to follow": ("本辖区的规划类文件没有可跟踪的数值目标。", "This jurisdiction's plans set no numeric target to follow."),
}

#: Units as written → English.  A unit not listed is shown as written, with a note.
UNITS_EN: dict[str, str] = {
    "%": "%", "‰": "‰", "学时": "class hours", "小时": "hours", "天": "days", "日": "days", "个工作日": "working days",
    "工作日": "working days", "年": "years", "个月": "months", "月": "months", "次": "times", "人次": "person-times",
    "件次": "case-times", "名": "persons", "人": "persons", "件": "cases", "宗": "cases", "起": "cases", "个": "units",
    "家": "organisations", "户": "households", "项": "items", "条": "items", "份": "documents", "部": "documents",
    "篇": "articles", "期": "sessions", "场": "sessions", "场次": "sessions", "批": "batches", "批次": "batches",
    "支": "teams", "路": "routes", "台": "machines", "所": "offices", "万元": "10k yuan", "元": "yuan", "亿元": "100m yuan",
    "轮": "rounds", "课时": "class hours", "分": "points", "倍": "times", "成": "tenths",
}  # fmt: skip


def word(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``; an unknown key is returned as it is.

    >>> word("not set", "zh")
    '未设定'
    """
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def unit_name(unit, lang: str) -> str:
    """A unit as a reader of ``lang`` reads it (Chinese units stay as written on zh pages).

    >>> unit_name("件", "en")
    'cases'
    """
    if unit is None or unit != unit:  # None or NaN
        return ""
    return str(unit) if lang == "zh" else UNITS_EN.get(str(unit), str(unit))


def jurisdiction_column(lang: str) -> str:
    """The documents' column holding jurisdiction names in ``lang``.

    >>> jurisdiction_column("en")
    'jurisdiction_en'
    """
    return "jurisdiction_zh" if lang == "zh" else "jurisdiction_en"


def check_lang(lang: str) -> str:
    """``lang`` itself if it is a briefing language, else a ``ValueError``.

    >>> check_lang("zh")
    'zh'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return lang


def unit_slug(unit, lang: str = "en") -> str:
    """A unit as part of a file name, in ASCII (a download's name must not mix languages).

    >>> unit_slug("%"), unit_slug("学时"), unit_slug("万元")
    ('pct', 'class-hours', '10k-yuan')
    """
    import re

    special = {"%": "pct", "‰": "permille"}
    if unit in special:
        return special[unit]
    return re.sub(r"[^a-z0-9]+", "-", unit_name(unit, "en").lower()).strip("-") or "unit"


#: Administrative units as scope words use them (市本级, 县级, 县(市、区)).
_PLACE_EN = {"省": "province", "市": "city", "州": "prefecture", "盟": "league", "县": "county", "区": "district",
             "旗": "banner", "乡": "township", "镇": "town", "村": "village", "街道": "sub-district"}  # fmt: skip


def scope_name(scope, lang: str) -> str:
    """The part of a jurisdiction a figure speaks for (the ``scope`` column), for a reader of
    ``lang``; empty for the whole jurisdiction.

    >>> scope_name("市本级", "en"), scope_name("县级", "en"), scope_name("县(市、区)", "en"), scope_name("市本级", "zh")
    ("city government's own level only", 'county level only', 'counties (cities, districts) only', '仅市本级')
    >>> scope_name(None, "en")
    ''
    """
    import re

    if not isinstance(scope, str) or not scope:
        return ""
    if lang == "zh":
        return "仅" + scope
    own = re.fullmatch(r"(.?)本级", scope)
    level = re.fullmatch(r"(街道|.)级", scope)
    if own:
        place = _PLACE_EN.get(own.group(1), "")
        return f"{place + ' ' if place else ''}government's own level only"
    if level and level.group(1) in _PLACE_EN:
        return f"{_PLACE_EN[level.group(1)]} level only"
    parts = [_PLACE_EN.get(p) for p in re.findall(r"街道|[^()、()\s]", scope)]
    if parts and all(parts):
        words = [p[:-1] + "ies" if p.endswith("y") else p + "s" for p in parts]
        inner = re.search(r"[((](.*)[))]", scope)
        if inner and len(words) > 1:
            return f"{words[0]} ({', '.join(words[1:])}) only"
        return " and ".join(words) + " only"
    return scope




_LEVEL_SUFFIX_EN = {"county": "County", "district": "District"}


def province_label(province_zh, lang: str) -> str:
    """A province as a reader of ``lang`` reads it.

    >>> province_label("辽宁省", "en"), province_label("辽宁省", "zh"), province_label(None, "en")
    ('Liaoning', '辽宁省', '')
    """
    if not isinstance(province_zh, str) or not province_zh:
        return ""
    return province_zh if lang == "zh" else PROVINCES_EN.get(province_zh, province_zh)


def full_name(name_zh: str, name_en: str, level: str, province_zh, lang: str) -> str:
    """A jurisdiction's name that cannot be mistaken for another: with its level and province
    (台安县 is not 泰安市 of Shandong; 朝阳区 exists in Beijing and in Changchun).

    >>> full_name("台安县", "Tai'an", "county", "辽宁省", "en")
    "Tai'an County, Liaoning (台安县)"
    >>> full_name("台安县", "Tai'an", "county", "辽宁省", "zh"), full_name("青海省", "Qinghai", "province", "青海省", "en")
    ('辽宁省台安县', 'Qinghai (青海省)')
    """
    province = province_zh if isinstance(province_zh, str) else ""
    if lang == "zh":
        return name_zh if not province or name_zh.startswith(province[:2]) or level == "province" else province + name_zh
    suffix = _LEVEL_SUFFIX_EN.get(level, "")
    shown = name_en + (f" {suffix}" if suffix and not name_en.endswith(suffix) else "")
    place = province_label(province, "en")
    if place and level != "province" and place != name_en:
        shown += f", {place}"
    return f"{shown} ({name_zh})"
