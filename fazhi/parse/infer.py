"""A manifest row inferred from a document's text: what ``fazhi add`` proposes for review.

Each field is an :class:`Inferred` value with where it came from and a confidence
(0–1); the researcher's typed value always wins over it (:func:`merge_row`).  The
rules are those of the genre, read from the same places a reader looks:

* title, document number, date and issuer from the header reader
  (:func:`fazhi.parse.document.parse_text`), the title cleaned of portal debris and of
  the notice around it (``关于印发《X》的通知`` → ``X``);
* jurisdiction from the names of the division table (:mod:`fazhi.ingest.divisions`)
  in the title, then the issuer, then the opening; level, province and English name
  from the table;
* document type from the title's words, period from the title (``(2021—2025年)``,
  ``“十四五”``) or, for a report, its year;
* issuer level: a department (局, 委员会, 办公室 …) or a sub-district (街道, 乡镇)
  against the government itself.

>>> row = infer_text("淮北市人民政府关于印发淮北市法治政府建设实施方案(2021—2025年)的通知\\n淮政〔2021〕3号\\n一、总体要求\\n1.推进依法行政。\\n淮北市人民政府\\n2021年12月1日\\n")
>>> {k: row[k].value for k in ("jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end")}
{'jurisdiction_zh': '淮北市', 'jurisdiction_en': 'Huaibei', 'level': 'prefecture', 'province_zh': '安徽省', 'doc_type': 'plan', 'period_start': '2021', 'period_end': '2025'}
>>> row["title"].value, row["doc_number"].value, row["issued_date"].value, row["issuer_level"].value
('淮北市法治政府建设实施方案(2021—2025年)', '淮政〔2021〕3号', '2021-12-01', 'government')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from fazhi.ingest import divisions as D
from fazhi.parse import patterns as P
from fazhi.parse.header import parse_date
from fazhi.parse.speaker import speaker

#: The fields ``fazhi add`` infers, in the order of the review table.
FIELDS = ("jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end",
          "title", "issued_date", "issuer", "doc_number", "issuer_level", "is_draft")


@dataclass(frozen=True)
class Inferred:
    """One inferred value: ``value`` ('' when nothing was found), ``source``, ``confidence``."""

    value: str
    source: str
    confidence: float


NONE = Inferred("", "not found", 0.0)

#: Title words → document type, the most specific first (行动方案 before 方案, 征求意见稿 removed before).
DOC_TYPE_WORDS = (
    ("行动计划", "action_plan"), ("行动方案", "action_plan"), ("三年行动", "action_plan"),
    ("实施纲要", "outline"), ("纲要", "outline"),
    ("工作要点", "key_points"), ("要点", "key_points"), ("重点工作安排", "key_points"), ("工作安排", "key_points"),
    ("实施意见", "opinion"), ("意见", "opinion"),
    ("报告", "report"), ("总结", "report"),
    ("实施方案", "plan"), ("规划", "plan"), ("方案", "plan"), ("计划", "plan"),
)
#: A title that ends in 情况 is a report without the word: 2022年度法治政府建设情况.
REPORT_END = re.compile(r"情况$")
FIVE_YEAR = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
FIVE_YEAR_RX = re.compile("|".join(FIVE_YEAR))
#: 关于印发《X》的通知, (受权发布)…印发《X》, 《X》全文如下: the document inside is X.
QUOTED_TITLE = re.compile(r"《(?P<inner>[^《》]{4,80}?)》")
GENRE = re.compile(r"方案|意见|计划|要点|报告|规划|纲要|安排|情况|总结")
#: A title inside running text: a division name … a genre word, on one run without sentence punctuation.
TITLE_IN_TEXT = re.compile(r"[^。,;:!?、\s“”]{0,70}(?:报告|方案|意见|计划|要点|规划|纲要|安排)(?:\(\d{4}[-—–]\d{4}年\))?")
#: A page's date of posting, the date of a document that states none (更新时间, the date of an edit, is not one).
POSTED = re.compile(r"(发布时间|发布日期|发文日期|成文日期|(?<![更新])日期|(?<![更新修改])时间)\s*[:：]?\s*")
NATIONAL_ISSUER = re.compile(r"中共中央[、,\s]*国务院|国务院办公厅|^国务院")
#: A report's opening: a paragraph that starts with the year it reviews (2021年,在…领导下), or 现将…报告如下.
REPORT_OPENING = re.compile(r"^\s*(?:19|20)\d{2}年(?:度)?,|现将[^。]{0,20}情况报告如下|特此报告|专此报告", re.M)
SELF_REFERENCE = {"province": re.compile(r"全省|我省|省委|省政府"), "prefecture": re.compile(r"全市|我市|市委|市政府"),
                  "county": re.compile(r"全县|我县|县委|县政府|全区|我区|区委|区政府")}


def clean_title(title: str) -> str:
    """The document's own title from what a header line holds.

    >>> clean_title("(受权发布)中共青海省委 青海省人民政府印发《青海省法治政府建设实施方案(2021—2025年)》")
    '青海省法治政府建设实施方案(2021—2025年)'
    >>> clean_title("AAAAA级社会组织安徽省人民政府关于2022年法治政府建设情况的报告")
    '安徽省人民政府关于2022年法治政府建设情况的报告'
    >>> clean_title("台安县法治政府建设实施方案(征求意见稿)(2017-2020年)")
    '台安县法治政府建设实施方案(2017-2020年)'
    >>> clean_title("某县2024年行政执法检查工作计划(详见附件)")
    '某县2024年行政执法检查工作计划'
    """
    title = re.sub(r"\s+", "", title)
    quoted = [m.group("inner") for m in QUOTED_TITLE.finditer(title) if GENRE.search(m.group("inner"))]
    if quoted and ("印发" in title or title.startswith("《")):
        title = quoted[0]
    else:
        m = P.NOTICE_TITLE.search(title)
        if m and GENRE.search(m.group("inner")):
            title = m.group("inner")
    title = re.sub(r"\(?(?:征求意见稿|送审稿|讨论稿)\)?", "", title)
    # A pointer to the attachment after the title (a portal page whose body is the file): 详见附件.
    title = re.sub(r"[(（](?:详|具体)?见附件[^()（）]{0,12}[)）]$", "", title)
    names = D.find_names(title)
    if names and names[0][0] > 0:
        prefix = title[: names[0][0]]
        # Portal debris glued before the title (AAAAA级社会组织, 打印网页 关闭 …): no year, no issuer.
        if not P.YEAR.search(prefix) and not prefix.startswith(("中共", "关于")) and not prefix.endswith(("关于", "印发")):
            title = title[names[0][0] :]
    return title


def _title(parsed, text: str, meta: dict) -> Inferred:
    h = parsed.header
    if h.title:
        return Inferred(clean_title(h.title), "header title", 0.9)
    if h.notice_title:
        return Inferred(clean_title(h.notice_title), "header notice title", 0.8)
    if meta.get("title"):
        return Inferred(clean_title(meta["title"]), "page metadata", 0.8)
    opening = text[:600]
    # 近日,…印发了《X》: a news-style opening of the document itself; in a report's opening
    # (2021年,…印发《X》) it is another document the report mentions.
    for m in QUOTED_TITLE.finditer(opening[:300] if not REPORT_OPENING.search(opening[:300]) else ""):
        if "印发" in opening[max(0, m.start() - 12) : m.start()] or opening[m.end() : m.end() + 4].startswith(("全文", "出台")):
            return Inferred(m.group("inner"), "《title》 in the opening", 0.7)
    for pos, name in D.find_names(opening[:300]):
        m = TITLE_IN_TEXT.match(opening, pos)
        if m and ("法治" in m.group() or "依法行政" in m.group()):
            return Inferred(m.group(), "title-like run in the opening", 0.5)
    return NONE


def _jurisdiction(candidates: list[tuple[str, str, float]], text: str) -> tuple[D.Division | None, Inferred]:
    """The first division named in the first source that names one (title, issuer, …),
    refined by a child named right after it (北京市大兴区 → 大兴区)."""
    for where, s, conf in candidates:
        names = D.find_names(s)
        if where == "opening":
            # In running text a name is often another place (人力资源县区…): only one that
            # heads a line or names a government counts.
            names = [(p, n) for p, n in names if (p == 0 or s[p - 1] == "\n") or re.match(r"人民政府|政府|委员会|党委|[市县区]委", s[p + len(n) :])]
        if not names:
            continue
        pos, name = names[0]
        for nxt_pos, nxt in names[1:]:
            if nxt_pos == pos + len(name) and any(name in d.parents for d in D.by_name(nxt)):
                pos, name = nxt_pos, nxt
            else:
                break
        chosen, cands, how = D.resolve(name, s + text[:2000])
        if chosen is None:
            return None, Inferred(name, f"{where}; {how}", 0.3)
        return chosen, Inferred(name, f"{where} + division table", conf)
    return None, NONE


def _self_named(text: str) -> tuple[D.Division | None, Inferred]:
    """A text that never names itself in full: the level it speaks of (全省, 省政府) and the
    short name it uses most at that level (法治青海 → 青海省)."""
    opening = text[:3000]
    for level, rx in SELF_REFERENCE.items():
        if not rx.search(opening):
            continue
        counts = Counter()
        for short, divs in D.short_names().get(level, {}).items():
            if len(divs) == 1 and short in opening:
                counts[divs[0]] += opening.count(short)
        if counts:
            d, n = counts.most_common(1)[0]
            return d, Inferred(d.name, f"opening: {level} self-reference (全省 …) + short name ×{n}", 0.5)
    return None, NONE


def _doc_type(title: str, text: str) -> Inferred:
    plain = P.DRAFT_MARK.sub("", title)
    # In 关于X的报告 / 关于印发X的通知 the type is the last genre word.
    for word, doc_type in DOC_TYPE_WORDS:
        if word in plain:
            return Inferred(doc_type, f"title word {word}", 0.9)
    if title and REPORT_END.search(plain):
        return Inferred("report", "title ends in 情况", 0.8)
    if REPORT_OPENING.search(text[:600]) or re.search(r"现将[^。]{0,20}报告如下", text[:3000]):
        return Inferred("report", "opening of a report (YYYY年, / 现将…报告如下)", 0.6)
    return NONE


def _period(title: str, doc_type: str, issued: str, text: str) -> tuple[Inferred, Inferred]:
    m = P.PERIOD.search(title)
    if m:
        a, b = m.group(1), m.group(2)
        return Inferred(a, "title period", 0.95), Inferred(b, "title period", 0.95)
    m = FIVE_YEAR_RX.search(title)
    if m:
        a, b = FIVE_YEAR[m.group()]
        return Inferred(str(a), f"title “{m.group()}”", 0.9), Inferred(str(b), f"title “{m.group()}”", 0.9)
    years = P.YEAR.findall(title)
    if years:
        return Inferred(years[0], "title year", 0.85), Inferred(years[0], "title year", 0.85)
    if doc_type == "report":
        m = re.search(r"^\s*((?:19|20)\d{2})年(?:度)?,", text[:600], re.M)
        if m:
            return Inferred(m.group(1), "report's opening year", 0.7), Inferred(m.group(1), "report's opening year", 0.7)
        if issued:
            # A yearly report is dated early in the next year (2024-01-17 reports on 2023).
            y = int(issued[:4]) - (1 if int(issued[5:7]) <= 6 else 0)
            return Inferred(str(y), "issue date (report year)", 0.5), Inferred(str(y), "issue date (report year)", 0.5)
    if issued:
        return Inferred(issued[:4], "issue year", 0.4), Inferred(issued[:4], "issue year", 0.4)
    return NONE, NONE


def _doc_number(parsed, text: str) -> Inferred:
    if parsed.header.doc_number:
        return Inferred(parsed.header.doc_number, "header", 0.9)
    # A number on a front-matter line with something after it (辽政办发〔2016〕76号 附件37);
    # never one cited in a sentence or in brackets (根据…(国发〔2004〕10号)).
    front = text[: max(parsed.outline.front_end, 0) or 300][:400]
    for line in front.split("\n"):
        m = P.DOC_NUMBER.search(line)
        if m and not re.search(r"[(《“]", line[: m.start()]) and "根据" not in line[: m.start()] and len(line) <= 60:
            return Inferred("".join(m.group().split()), "front-matter line", 0.6)
    return NONE


UPDATED = re.compile(r"(?:更新时间|修改时间|更新日期)\s*[:：]?\s*")


def _only_updated(text: str, date: str) -> bool:
    """Whether every place ``text`` states ``date`` is an 更新时间 (a page's edit time).

    >>> _only_updated("标题\\n更新时间:2022-10-21 09:15\\n正文", "2022-10-21"), _only_updated("2022年10月21日", "2022-10-21")
    (True, False)
    """
    spots = [m for rx in (P.DATE_CN, P.DATE_ISO) for m in rx.finditer(text) if parse_date(m.group()) == date]
    return bool(spots) and all(UPDATED.search(text[max(0, m.start() - 8) : m.start()]) for m in spots)


def signature(text: str) -> str:
    """The signing organ: a short unpunctuated line right above the closing date.

    >>> signature("……。\\n某某街道办事处\\n2024年1月5日")
    '某某街道办事处'
    """
    lines = [line.strip() for line in text.rstrip().split("\n")[-4:]]
    for k in range(len(lines) - 1, 0, -1):
        if P.DATE_LINE.match(lines[k]):
            above = lines[k - 1]
            if 2 <= len(above) <= 30 and not P.SENTENCE_PUNCT.search(above) and not re.search(r"[,:、]", above):
                return above
            break
    return ""


def infer_text(text: str, meta: dict | None = None, *, path: str = "<text>") -> dict[str, Inferred]:
    """Every field of :data:`FIELDS` inferred from one document's text (and its page metadata).

    ``meta`` is what a converter read beside the text (``title``, ``published``,
    ``doc_number``, ``issuer`` …); a value stated there is taken when the text says nothing.
    """
    from fazhi.parse.document import parse_text

    meta = {k: v for k, v in (meta or {}).items() if v}
    parsed = parse_text(text.encode("utf-8"), path=path)
    norm = parsed.text
    h = parsed.header
    out: dict[str, Inferred] = {f: NONE for f in FIELDS}
    out["title"] = title = _title(parsed, norm, meta)
    issuer = h.issuer or meta.get("issuer") or signature(norm)
    out["issuer"] = Inferred(issuer, "header" if h.issuer else "page metadata" if meta.get("issuer") else "signature above the date", 0.8) if issuer else NONE
    out["is_draft"] = Inferred("true", "draft mark in the title", 0.9) if P.DRAFT_MARK.search(h.title or "") else Inferred("false", "no draft mark", 0.6)

    sources = [("title", title.value, 0.9), ("issuer", issuer, 0.85), ("notice title", h.notice_title or "", 0.85),
               ("page title", meta.get("title", ""), 0.8), ("opening", norm[:200], 0.6)]
    division, out["jurisdiction_zh"] = _jurisdiction(sources, norm)
    national = NATIONAL_ISSUER.search(issuer) or NATIONAL_ISSUER.search(norm[:300]) or title.value.startswith("法治政府建设实施纲要")
    if out["jurisdiction_zh"].value == "" and national:
        out["jurisdiction_zh"] = Inferred("全国", "national organs (中共中央、国务院) issue it", 0.7)
        out["jurisdiction_en"] = Inferred("National", "national", 0.7)
        out["level"] = Inferred("national", "national", 0.7)
        out["province_zh"] = Inferred("", "national: no province", 0.7)
    else:
        if division is None and not out["jurisdiction_zh"].value and h.jurisdiction_zh and not D.by_name(h.jurisdiction_zh):
            # The title names a place the table does not know (a new or a made-up name): say so.
            out["jurisdiction_zh"] = Inferred(h.jurisdiction_zh, "title; not in the division table", 0.3)
            out["level"] = Inferred(h.level or "", "title's suffix", 0.3)
        if division is None and not out["jurisdiction_zh"].value:
            division, out["jurisdiction_zh"] = _self_named(norm)
        if division is not None:
            conf = out["jurisdiction_zh"].confidence
            out["jurisdiction_en"] = Inferred(division.name_en, "division table", conf)
            out["level"] = Inferred(division.level, "division table", conf)
            out["province_zh"] = Inferred(division.province, "division table", conf)
        elif "ambiguous" in out["jurisdiction_zh"].source:  # the flag travels with every derived field
            for f in ("jurisdiction_en", "level", "province_zh"):
                out[f] = Inferred("", out["jurisdiction_zh"].source, 0.0)

    out["doc_type"] = _doc_type(title.value, norm)
    issued = h.issued_date or ""
    if issued and _only_updated(norm, issued):
        issued = ""  # 更新时间 dates an edit of the page, not the document
    if not issued and meta.get("published"):
        issued = parse_date(meta["published"]) or ""
    if issued:
        out["issued_date"] = Inferred(issued, "header date" if h.issued_date else "page metadata", 0.8)
    else:
        m = POSTED.search(norm[:800])
        if m and parse_date(norm[m.end() : m.end() + 40]):
            out["issued_date"] = Inferred(parse_date(norm[m.end() : m.end() + 40]), f"page's {m.group(1)}", 0.6)
    out["period_start"], out["period_end"] = _period(title.value, out["doc_type"].value, issued, norm)
    out["doc_number"] = _doc_number(parsed, norm)
    if not out["doc_number"].value and meta.get("doc_number"):
        out["doc_number"] = Inferred(meta["doc_number"], "page metadata", 0.8)
    out["issuer_level"] = Inferred(*speaker(issuer, title.value, out["jurisdiction_zh"].value))
    return out


def merge_row(typed: dict[str, str], inferred: dict[str, Inferred]) -> dict[str, str]:
    """A manifest row: the researcher's typed value where there is one, else the inferred one.

    >>> merge_row({"level": "county", "title": ""}, {"level": Inferred("district", "x", 0.5), "title": Inferred("某某方案", "x", 0.9)})
    {'level': 'county', 'title': '某某方案'}
    """
    out = dict(typed)
    for field, inf in inferred.items():
        if not (typed.get(field) or "").strip():
            out[field] = inf.value
    return out
