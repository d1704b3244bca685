"""One-line bodies: a crawler's text whose whole body is one long line keeps its outline.

Portal crawlers and document-sharing sites often flatten a page into one line:
``一、总体要求(一)指导思想。坚持…1.推进…2.深化…二、主要任务…十堰市人民政府2024年1月17日``.
The outline reader (:mod:`fazhi.parse.outline`) opens items at line starts (and, for an
item continuing its sequence, after a sentence end), so such a text had no outline at
all.  :func:`oneline_changes` proposes line breaks before the numbering found inside a
line, as logged changes (kind ``newline``, the quality table's kind for line-break
changes, with :data:`DETAIL` in their detail): nothing is lost, the quality table shows
every break.

Only a very long line (over :data:`LONG_LINE` characters) holding at least two top-level
markers in sequence (``一、`` … ``二、``) is split — never a sentence of an ordinary text.
A top-level marker counts only after a sentence end, a colon, a bracket, a space or the
line start, so ``第一、二季度`` and ``统一、规范`` never split; ``(一)`` and ``1.`` count
only inside a top-level section and in sequence (1, 2, 3 … from 1, or continuing the
count of the previous section).  The signature and date closing the line get lines of
their own.

>>> body = "为推进依法行政,制定本方案。" * 30 + "一、总体要求(一)指导思想。坚持依法行政。(二)工作目标。到2025年基本建成。二、主要任务1.推进职能法定化。2.深化统一、规范的执法。某市人民政府2023年3月1日"
>>> from fazhi.parse.textedit import apply_changes
>>> print(apply_changes(body, oneline_changes(body))[421:])
一、总体要求
(一)指导思想。坚持依法行政。
(二)工作目标。到2025年基本建成。
二、主要任务
1.推进职能法定化。
2.深化统一、规范的执法。
某市人民政府
2023年3月1日
"""

from __future__ import annotations

import re

from fazhi.parse import patterns as P
from fazhi.parse.outline import cn_number
from fazhi.parse.textedit import Change

#: A line longer than this may be a flattened body.
LONG_LINE = 400
_CN = "一二三四五六七八九十"
TOP = re.compile(rf"([{_CN}]{{1,3}})、")
SUB = re.compile(rf"\(([{_CN}]{{1,3}})\)")
ITEM = re.compile(r"(\d{1,2})[.、](?!\d)")
PAREN_ITEM = re.compile(r"\((\d{1,2})\)")
#: What may stand right before a top-level marker inside a line (〔…负责〕 closes a key point's item).
TOP_AFTER = set("。;!?:)」”』】〕] \u3000")
#: A date as a signature writes it: 2024年1月17日, or in numerals 二〇〇五年三月三日.
_DATE = r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|" + P.DATE_CN_NUMERAL.pattern.replace("(", "(?:").replace("(?:?:", "(?:").replace(r"\s*", "")
#: A closing signature and date: 十堰市人民政府2024年1月17日 (the organ is optional).
CLOSING = re.compile(
    rf"(?<=[。!?;”)\s])(?P<organ>[\u4e00-\u9fff()]{{2,40}}?(?:{P.ORGAN_SUFFIX}|所))?\s*"
    rf"(?P<date>{_DATE})\s*$"
)
#: The same closing inside the line, before the body: the cover notice's signature and date.
NOTICE_CLOSING = re.compile(CLOSING.pattern.replace(r"\s*$", ""))
DETAIL = "line break before a numbered item found inside a long line"
CLOSING_DETAIL = "line break before the signature and date closing the text's last line"


def _chain(rx: re.Pattern, text: str, start: int, end: int, ok, first: set[int]) -> list[tuple[int, int]]:
    """``(offset, number)`` of the markers of ``rx`` in ``text[start:end]`` that form a sequence:
    the first numbered one of ``first``, then each the next number; ``ok(pos)`` vets a place."""
    out: list[tuple[int, int]] = []
    for m in rx.finditer(text, start, end):
        try:
            n = cn_number(m.group(1))
        except ValueError:
            continue
        want = {out[-1][1] + 1} if out else first
        if n in want and ok(m.start()):
            out.append((m.start(), n))
    return out


def _break(text: str, pos: int, detail: str) -> Change:
    # A space before the marker becomes the line end; otherwise a line end is inserted.
    if pos > 0 and text[pos - 1] == " ":
        return Change(pos - 1, pos, "\n", "newline", detail)
    return Change(pos, pos, "\n", "newline", detail)


#: A heading is at most this long: the first item under it may follow it without a sentence end.
HEADING = 60


def _after_end(text: str, p: int) -> bool:
    return text[p - 1] in TOP_AFTER


def _under(text: str, above: int):
    """A marker may stand after a sentence end, or (the first of its level) right under the
    heading of the marker at ``above``."""
    return lambda p: _after_end(text, p) or p - above <= HEADING


#: Page chrome a crawler glued to the end of the body line: print and close buttons, related
#: links, the portal's footer (what follows holds no sentence end).
TAIL_CHROME = re.compile(r"【(?:打印本页|关闭窗口|打印|关闭|返回顶部)】|相关链接[:：]|(?:主办|承办)(?:单位)?[:：]|网站标识码|版权所有")


def _tail_chrome(text: str, start: int, end: int) -> int | None:
    """Where page chrome glued after the body's last sentence starts, if anywhere."""
    for m in TAIL_CHROME.finditer(text, start, end):
        if "。" not in text[m.start() : end]:
            return m.start()
    return None


def line_breaks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Offsets in ``text[start:end]`` (one line) before which a line should start.

    Two top-level markers in sequence open sections.  With one or none (an opening cut before
    ``二、``, a plan numbered ``(一)`` … only) a lone ``一、`` right after a sentence end is a
    section of its own, and a sequence of at least two second-level items or of three numbered
    items, each right after a sentence end or the first within a heading's length of the marker
    above, is an outline.

    >>> t = "现将有关情况报告如下:一、主要举措和成效(一)深化学习贯彻,统筹推进1.深入学习。组织学法7次。2.抓好整改。完成整改12项。"
    >>> [t[p:p + 3] for p, _ in line_breaks(t, 0, len(t))]
    ['一、主', '(一)', '1.深', '2.抓']
    >>> line_breaks("我们坚持一、二季度统筹。全年办结案件(一)类12件。1.5万人次参与。", 0, 37)
    []
    """
    chrome = _tail_chrome(text, start, end)
    if chrome is not None and chrome > start:  # …2023年2月20日【打印本页】…网站标识码…: the chrome gets a line
        return sorted(set(line_breaks(text, start, chrome) + [(chrome, "page chrome after the text")]))
    # a top-level marker in sequence may also follow a table's last figure (…100100三、存在问题)
    top = _chain(TOP, text, start, end, lambda p: p == start or _after_end(text, p) or text[p - 1].isdigit() or text[p - 1] == "%", {1})
    strict = len(top) < 2
    if strict:
        a = top[0][0] if top else start
        subs = _chain(SUB, text, a + 1, end, _under(text, a), {1})
        b = subs[0][0] if subs else a
        items = _chain(ITEM, text, b + 1, end, _under(text, b), {1})
        # a lone 一、 after a sentence end opens a section (一、二季度 is a list of numerals)
        lone_top = bool(top) and top[0][0] > start and not re.match(rf"[{_CN}]", text[top[0][0] + 2 : top[0][0] + 3])
        if len(subs) < 2 and len(items) < 3 and not (top and subs and len(items) >= 2) and not lone_top:
            # No outline to go by: the cover notice's closing only when a signature or the
            # attached title vouches for it (a bare date after a sentence end is a report's 2023年3月1日,…).
            notice = notice_breaks(text, start, end)
            keep = {"notice signature", "after the attached document's title"} & {w for _, w in notice}
            return sorted((notice if keep else []) + dash_breaks(text, start, end))
        top = top or [(start, 0)]
    out = [(p, "top-level item") for p, n in top if p > start and n]
    bounds = [p for p, _ in top] + [end]
    last_item = last_sub = 0

    def item_ok(p: int, sa: int) -> bool:
        if strict and not _under(text, sa)(p):
            return False
        return p > start and not (text[p - 1].isdigit() or text[p - 1] in ".%第-")

    for a, b in zip(bounds, bounds[1:]):
        subs = _chain(SUB, text, a + 1, b, _under(text, a) if strict else (lambda p: True), {1, last_sub + 1})
        if subs:  # (一)(二) under 一、 may go on (三)(四) under 二、, as numbered items do
            last_sub = subs[-1][1]
        out += [(p, "second-level item") for p, _ in subs]
        for sa, sb in zip([a] + [p for p, _ in subs], [p for p, _ in subs] + [b]):
            items = _chain(ITEM, text, sa + 1, sb, lambda p, sa=sa: item_ok(p, sa), {1, last_item + 1})
            if items:
                last_item = items[-1][1]
            out += [(p, "numbered item") for p, _ in items]
            # (1)(2) under a numbered item: two at least, each after a sentence end or the first
            # right under the item's heading (a lone (1) is an aside inside a sentence)
            for ia, ib in zip([p for p, _ in items], [p for p, _ in items[1:]] + [sb]):
                paren = _chain(PAREN_ITEM, text, ia + 1, ib, _under(text, ia), {1})
                out += [(p, "bracketed item") for p, _ in paren] if len(paren) >= 2 else []
    first = min(p for p, _ in out) if out else end
    out += notice_breaks(text, start, first) + dash_breaks(text, start, end) + closing_breaks(text, bounds[-2], end)
    return sorted(set(out))


#: A dash list's item inside a line: ——2023年为… after a sentence end or a colon.
DASH = re.compile(r"(?<=[。;:!?])——(?!——)")


def dash_breaks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Breaks before the items of a dash list (``目标:——2022年…。——2023年…``), at least two of
    them, each after a sentence end or a colon: the year leading each item then leads its line.

    >>> t = "主要目标:——2022年,覆盖率达到90%。——2023年,覆盖率达到95%。"
    >>> [t[p:p + 7] for p, _ in dash_breaks(t, 0, len(t))]
    ['——2022年', '——2023年']
    """
    found = [(m.start(), "dash-list item") for m in DASH.finditer(text, start, end)]
    return found if len(found) >= 2 else []


def notice_breaks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Breaks around the cover notice's signature and date before the body
    (``…请认真贯彻落实。某市人民政府2023年3月1日某市…方案为…``), so the header ends there and
    the preamble stays one; and after the attached document's title when the body opens with the
    title the notice quotes (``印发《某市法治政府建设方案》…某市法治政府建设方案为推进…``).

    >>> t = "《某县法治政府建设方案》已经县政府同意,现印发给你们。某县人民政府2023年3月1日某县法治政府建设方案为推进依法行政,制定本方案。"
    >>> [(p, what, t[p:p + 4]) for p, what in notice_breaks(t, 0, len(t))]
    [(27, 'notice signature', '某县人民'), (33, 'notice date', '2023'), (42, 'after the notice date', '某县法治'), (52, "after the attached document's title", '为推进依')]
    """
    m = NOTICE_CLOSING.search(text, start, end)
    if not m:
        return []
    out = [(m.start("organ"), "notice signature")] if m.group("organ") else []
    out += [(m.start("date"), "notice date"), (m.end("date"), "after the notice date")]
    for title in re.findall(r"《([^《》]{4,80})》", text[start : m.start()]):
        if text.startswith(title, m.end("date")) and m.end("date") + len(title) < end:
            out.append((m.end("date") + len(title), "after the attached document's title"))
            break
    return out


def closing_breaks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Breaks before a signature and date glued to the end of a line's last sentence
    (``…特此报告。某县人民政府2023年1月10日``), so the header reader finds the date.

    >>> closing_breaks("全年办结案件12件,特此报告。某县人民政府 2023年1月10日", 0, 35)
    [(15, 'signature'), (22, 'date')]
    """
    m = CLOSING.search(text, start, end)
    if not m or m.start() <= start:
        return []
    return ([(m.start("organ"), "signature")] if m.group("organ") else []) + [(m.start("date"), "date")]


#: A title run into its body on the first line (某县2025年度法治政府建设情况报告2025年,全县…): the
#: title ends in the kind of document, the body opens as the genre's bodies do.
GLUED_TITLE = re.compile(
    r"^(?P<title>[^。;!?:,\n]{6,60}?(?:报告|方案|要点|意见|计划|总结))\s*"
    r"(?=(?:19|20)\d{2}\s*年\s*(?:以来)?[,、]|为(?:深入|全面|进一步|加快|推进|贯彻)|根据|按照|近年来|今年以来)"
)
TITLE_DETAIL = "line break after a title run into its body"


def oneline_changes(text: str) -> list[Change]:
    """Line breaks (logged changes) before the numbering inside each very long line, and
    before the signature and date glued to the end of the text's last line, however short."""
    changes: list[Change] = []
    pos = 0
    last = None
    for line in text.split("\n"):
        end = pos + len(line)
        if len(line) > LONG_LINE:
            for p, what in line_breaks(text, pos, end):
                if p > pos:
                    changes.append(_break(text, p, f"{DETAIL} ({what})"))
        if line.strip():
            last = (pos, end)
        pos = end + 1
    if last and not any(last[0] < c.start <= last[1] for c in changes):
        changes += [_break(text, p, f"{CLOSING_DETAIL} ({what})") for p, what in closing_breaks(text, *last)]
    first = len(text) - len(text.lstrip())
    m = GLUED_TITLE.match(text, first)
    if m and not any(c.start == m.end() for c in changes):
        changes.append(_break(text, m.end(), TITLE_DETAIL))
    return sorted(changes, key=lambda c: c.start)
