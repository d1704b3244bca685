"""Front and back matter: title, document number, addressees, issuer, date.

Lines before the first numbered item are classified one by one; the longest
prefix of header-like lines is the front matter, the rest is the preamble.
Trailing date/signature/attachment lines are the back matter.  What the header
states fills the documents table wherever the manifest leaves a field blank.

>>> classify_line("淮政〔2022〕45号")
'doc_number'
>>> classify_line("2022年12月28日")
'date'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.parse import patterns as P

FRONT_KINDS = {"meta", "doc_number", "addressee", "cover_letter", "date", "issuer", "title", "period", "note"}
BACK_KINDS = {"date", "issuer", "attachment", "cc", "note"}

DOC_TYPE_BY_KEYWORD = (
    ("行动计划", "action_plan"),
    ("工作要点", "key_points"),
    ("要点", "key_points"),
    ("报告", "report"),
    ("实施意见", "opinion"),
    ("意见", "opinion"),
    ("实施方案", "plan"),
    ("方案", "plan"),
    ("规划", "plan"),
    ("计划", "action_plan"),
)
LEVEL_BY_SUFFIX = (
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("自治州", "prefecture"),
    ("省", "province"),
    ("市", "prefecture"),
    ("州", "prefecture"),
    ("盟", "prefecture"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "district"),
)


#: A news page that reprints a document names it in its lead: 近日,市政府印发了《…方案》 or
#: 《…方案》主要内容如下 / 全文如下.
REPRINT_LEAD = re.compile(r"^《(?P<a>[^《》]{4,80})》(?:主要内容|全文|内容)如下|(?:近日|日前|近期)[^。]{0,30}印发了?《(?P<b>[^《》]{4,80})》")


#: A file saved under its document's title (某市人民政府关于2021年度法治政府建设情况的报告_2022.pdf):
#: Han characters ending in a document kind, then perhaps a copy or date suffix (_2022, (1), -副本).
FILE_TITLE = re.compile(
    r"^(?P<title>[\u4e00-\u9fff][^/\\]{5,100}?(?:报告|方案|意见|要点|计划|规划|纲要|总结|情况|通知)(?:[(（]\d{4}\s*[-—–至]\s*\d{4}\s*年?[)）])?)"
    r"(?:\s*[_\-—(（\[【]\s*[^/\\]{0,20})?$"
)


FILE_PREFIX = re.compile(r"^(?:\d{1,3}\s*[._\-、\s]\s*|附件\s*\d*\s*[:：_\-、\s]*)")


def filename_title(path: str) -> str | None:
    """The title a file's name gives, for a text that has no title line of its own.

    >>> filename_title("data/raw/某市人民政府关于2021年度法治政府建设情况的报告_2022.txt")
    '某市人民政府关于2021年度法治政府建设情况的报告'
    >>> filename_title("data/raw/huaibei_2022_plan.txt") is None
    True
    >>> filename_title("附件2:某县2024年法治政府建设工作要点.docx"), filename_title("03_某市法治政府建设实施方案(2021-2025年).pdf")
    ('某县2024年法治政府建设工作要点', '某市法治政府建设实施方案(2021-2025年)')
    """
    name = re.split(r"[/\\]", str(path))[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = FILE_PREFIX.sub("", stem.strip())  # 附件2:…, 03_… number a file in a folder, not the title
    m = FILE_TITLE.match(stem)
    return m.group("title") if m else None


def reprinted_title(lines: list[str], first: int = 5) -> str | None:
    """The title of the document a news page reprints, from its first lines, when the page has no
    title line of its own.

    >>> reprinted_title(["近日,市委、市政府印发了《某市法治政府建设实施方案(2021-2025年)》,要求认真贯彻落实。", "《某市法治政府建设实施方案(2021-2025年)》主要内容如下。"])
    '某市法治政府建设实施方案(2021-2025年)'
    >>> reprinted_title(["2023年,我市印发《某市法治政府建设实施方案》,全面推进依法行政。"]) is None
    True
    """
    for line in [x.strip() for x in lines if x.strip()][:first]:
        m = REPRINT_LEAD.search(line)
        if m:
            title = m.group("a") or m.group("b")
            if P.TITLE_KEYWORD.search(title):
                return title
    return None


def classify_line(line: str) -> str | None:
    """What kind of header line this is, or None for body text."""
    line = line.strip()
    if not line:
        return None
    if P.META_FIELD.match(line) or meta_table_cells(line) or P.META_LIST.match(line) or P.META_BLOCK_LABEL.match(line):
        return "meta"
    if glued_number_title(line):
        return "doc_number"
    if P.DOC_NUMBER_LINE.match(line):
        return "doc_number"
    if P.DATE_LINE.match(line):
        return "date"
    if P.NOTE_LINE.match(line):
        return "note"
    if P.ATTACHMENT_LINE.match(line):
        return "attachment"
    if P.CC_LINE.match(line):
        return "cc"
    if P.PERIOD_LINE.match(line):
        return "period"
    if P.ISSUER_LINE.match(line):
        return "issuer"
    if P.COVER_LETTER.search(line) and len(line) <= 300:
        return "cover_letter"
    if P.ADDRESSEE_LINE.match(line) and any(w in line for w in ("各", "人民政府", "部门", "单位", "机构", "委", "办", "局")):
        return "addressee"
    if not P.SENTENCE_PUNCT.search(line) and len(line) <= 80 and not line.endswith((":", ",")) and "|" not in line and P.TITLE_KEYWORD.search(line):
        return "title"
    return None


def classify_front(lines: list[str]) -> list[str | None]:
    """Classify lines, letting a short unpunctuated line continue a title below it."""
    kinds = [classify_line(line) for line in lines]
    for i in range(1, len(lines)):
        # the value under a label line of a metadata block ("• 发布日期:" / "2024-01-31")
        above = P.META_BLOCK_LABEL.match(lines[i - 1].strip())
        if above and not above.group("value") and len(lines[i].strip()) <= 40 and not P.SENTENCE_PUNCT.search(lines[i]):
            kinds[i] = "meta"
    for i in range(len(lines) - 2, -1, -1):
        line = lines[i].strip()
        if kinds[i] is None and kinds[i + 1] == "title" and len(line) <= 40 and not P.SENTENCE_PUNCT.search(line) and "," not in line:
            kinds[i] = "title"
    return kinds


@dataclass
class HeaderInfo:
    """Metadata the text states about itself (None where it says nothing)."""

    title: str | None = None
    notice_title: str | None = None
    doc_number: str | None = None
    issued_date: str | None = None
    issuer: str | None = None
    addressees: str | None = None
    is_draft: bool = False
    doc_type: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    jurisdiction_zh: str | None = None
    level: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def meta_table_cells(line: str) -> list[str] | None:
    """The cells of a portal metadata-table row, or None if the line is not one.

    >>> meta_table_cells("发文字号 | 金政发〔2025〕33号 | 制发机构 | |")
    ['发文字号', '金政发〔2025〕33号', '制发机构', '']
    """
    if "|" not in line:
        return None
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells if any(P.META_TABLE_KEY.match(c) for c in cells) else None


def glued_number_title(line: str) -> tuple[str, str] | None:
    """A document number with the title glued after it: ``宁政发〔2019〕35号《…的报告》`` (a PDF's
    number line joined with a title line is split from the title in :func:`extract_header`)."""
    m = P.DOC_NUMBER.match(line.strip())
    if not m:
        return None
    rest = line.strip()[m.end() :].strip()
    if rest.startswith("《") and rest.endswith("》") and P.TITLE_KEYWORD.search(rest):
        return "".join(m.group().split()), rest[1:-1]
    return None


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _cn_int(numeral: str) -> int:
    import cn2an

    digits = numeral.translate(str.maketrans("〇零0OＯ", "零零零零零"))
    if len(digits) == 4:  # a year is read digit by digit: 二零零五
        return int("".join(str(int(cn2an.cn2an(c, "smart"))) for c in digits))
    return int(cn2an.cn2an(digits, "smart"))


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, in any of the ways documents write one.

    >>> parse_date("二00五年三月三日"), parse_date("更新时间:2021/03/29 11:30:01"), parse_date("2022年4月23日")
    ('2005-03-03', '2021-03-29', '2022-04-23')
    """
    m = P.DATE_CN.search(text) or P.DATE_ISO.search(text)
    if m:
        return _iso(*m.groups())
    m = P.DATE_CN_NUMERAL.search(text)
    if m:
        try:
            return _iso(*(_cn_int(g) for g in m.groups()))
        except ValueError:
            return None
    return None



def _meta_fields(line: str) -> dict[str, str]:
    """``发文字号 :青政办函〔2024〕19号`` → {'发文字号': '青政办函〔2024〕19号'}; a table row
    ``发文字号 | 金政发〔2025〕33号 | 制发机构 | |`` the same way (a key cell, then its value), and a
    numbered list item ``5. [成文日期] 2021-11-26``."""
    out: dict[str, str] = {}
    m = P.META_LIST.match(line)
    if m:
        return {m.group("key"): m.group("value").strip()}
    cells = meta_table_cells(line)
    if cells:
        for k, cell in enumerate(cells):
            if P.META_TABLE_KEY.match(cell) and k + 1 < len(cells) and not P.META_TABLE_KEY.match(cells[k + 1]):
                out["".join(cell.split())] = cells[k + 1]
        return out
    ms = list(P.META_FIELD.finditer(line))
    for k, m in enumerate(ms):
        end = ms[k + 1].start() if k + 1 < len(ms) else len(line)
        out["".join(m.group(1).split())] = line[m.end() : end].strip()
    return out


#: A title line that ends like this is complete: the next title line starts a new title.
TITLE_END = re.compile(r"(?:方案|意见|计划|要点|报告|通知|规划|纲要|办法|规定|决定|安排|总结|情况|体系|细则|清单|汇报|表|年\))$")


#: A title line that needs the issuer line above it: 某县人民政府 / 关于…的报告, or / 2022年度…报告.
HEADED_TITLE = re.compile(r"关于|(?:19|20)\d{2}\s*年")


def _title_groups(lines: list[str], kinds: list[str | None]) -> list[str]:
    groups: list[str] = []
    prev = None
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        line = line.strip()
        if line.startswith("《") and line.endswith("》"):
            line = line[1:-1]  # a title set in 《》 on its own line
        glued = glued_number_title(line) if kind == "doc_number" else None
        if glued:
            groups.append(glued[1])
        elif kind == "title":
            continues = prev in ("title", "period") and groups and not TITLE_END.search(groups[-1]) and line != groups[-1]
            if continues or (prev == "issuer" and HEADED_TITLE.match(line)):
                groups[-1] += line
            else:
                groups.append(line)
        elif kind == "period" and prev == "title":
            groups[-1] += line
        elif kind == "issuer" and i + 1 < len(kinds) and kinds[i + 1] == "title" and HEADED_TITLE.match(lines[i + 1].strip()):
            groups.append(line)
        prev = kind
    return groups


def extract_header(front: list[str], back: list[str] = ()) -> HeaderInfo:
    """Metadata from the classified front- and back-matter lines."""
    info = HeaderInfo()
    kinds = classify_front(front)
    back_kinds = [classify_line(line) for line in back]
    for line, kind in zip(front, kinds):
        if kind == "meta":
            info.meta.update(_meta_fields(line))
    for line, kind in zip(list(front) + list(back), kinds + back_kinds):
        line = line.strip()
        if kind == "doc_number" and not info.doc_number:
            glued = glued_number_title(line)
            info.doc_number = glued[0] if glued else "".join(line.split())
        elif kind == "date":
            info.issued_date = parse_date(line)  # the last date line is the signature date
        elif kind == "addressee" and not info.addressees:
            info.addressees = line.rstrip(":：")
    if not info.doc_number:
        for key in ("发文字号", "文号"):
            m = P.DOC_NUMBER.search(info.meta.get(key, ""))
            if m:
                info.doc_number = "".join(m.group().split())
                break
    if not info.issued_date:
        info.issued_date = parse_date(info.meta.get("成文日期", "")) or parse_date(info.meta.get("发布日期", ""))

    # Title lines in the text, else the portal table's 标题 cell.
    groups = _title_groups(front, kinds) or ([info.meta["标题"]] if info.meta.get("标题") else [])
    notices = [g for g in groups if P.NOTICE_TITLE.search(g)]
    own = [g for g in groups if not P.NOTICE_TITLE.search(g)]
    if notices:
        info.notice_title = notices[0]
    # A title printed twice (page heading and document heading) is the title.
    repeated = [g for g in own if own.count(g) > 1]
    if repeated:
        info.title = repeated[-1]
    elif own:
        info.title = own[-1]
    elif notices:
        inner = P.NOTICE_TITLE.search(notices[0]).group("inner")
        info.title = inner.split("关于印发")[-1].lstrip("《").rstrip("》")

    # The issuer signs above the date, heads a "关于…" title, or opens a notice title.
    issuers = [line.strip() for line, k in zip(list(front) + list(back), kinds + back_kinds) if k == "issuer"]
    if issuers:
        info.issuer = issuers[-1]
    else:
        for g in notices + own:
            m = P.ISSUER_IN_TITLE.match(g)
            if m:
                info.issuer = m.group("issuer")
                break
    if not info.issuer and info.meta.get("发布机构"):
        info.issuer = info.meta["发布机构"]

    if info.title and (glued := P.DOC_NUMBER.match(info.title)) and len(info.title) > glued.end() + 4:
        # a PDF's number line joined with the title, on one line or spread over two
        # (东政报〔2024〕6号某省…情况的 / 报告)
        info.doc_number = info.doc_number or "".join(glued.group().split())
        info.title = info.title[glued.end() :].strip()
    if info.title:
        _describe_title(info, info.title)
    return info


def _describe_title(info: HeaderInfo, title: str) -> None:
    info.is_draft = bool(P.DRAFT_MARK.search(title))
    plain = P.DRAFT_MARK.sub("", title)  # 征求意见稿 is not an 意见
    for word, doc_type in DOC_TYPE_BY_KEYWORD:
        if word in plain:
            info.doc_type = doc_type
            break
    m = P.PERIOD.search(title)
    if m:
        info.period_start, info.period_end = int(m.group(1)), int(m.group(2))
    else:
        years = [int(y) for y in P.YEAR.findall(title)]
        if years:
            info.period_start = info.period_end = years[0]
    m = P.JURISDICTION.match(title)
    if m:
        name = m.group("name")
        info.jurisdiction_zh = name
        for suffix, level in LEVEL_BY_SUFFIX:
            if name.endswith(suffix):
                info.level = level
                break
