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
>>> print(apply_changes(body, oneline_changes(body))[420:])
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

from fazhi.parse.outline import cn_number
from fazhi.parse.textedit import Change

#: A line longer than this may be a flattened body.
LONG_LINE = 400
_CN = "一二三四五六七八九十"
TOP = re.compile(rf"([{_CN}]{{1,3}})、")
SUB = re.compile(rf"\(([{_CN}]{{1,3}})\)")
ITEM = re.compile(r"(\d{1,2})[.、](?!\d)")
#: What may stand right before a top-level marker inside a line.
TOP_AFTER = set("。;!?:)」”』】 \u3000")
#: A closing signature and date: 十堰市人民政府2024年1月17日 (the organ is optional).
CLOSING = re.compile(
    r"(?<=[。!?;”)\s])(?P<organ>[\u4e00-\u9fff()]{2,40}?(?:人民政府|办公厅|办公室|委员会|小组|政府|局|厅|委|院|部))?\s*"
    r"(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*$"
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


def line_breaks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Offsets in ``text[start:end]`` (one line) before which a line should start."""
    top = _chain(TOP, text, start, end, lambda p: p == start or text[p - 1] in TOP_AFTER, {1})
    if len(top) < 2:
        return []
    out = [(p, "top-level item") for p, _ in top if p > start]
    bounds = [p for p, _ in top] + [end]
    last_item = 0

    def item_ok(p: int) -> bool:
        return p > start and not (text[p - 1].isdigit() or text[p - 1] in ".%第-") 

    for a, b in zip(bounds, bounds[1:]):
        subs = _chain(SUB, text, a + 1, b, lambda p: True, {1})
        out += [(p, "second-level item") for p, _ in subs]
        for sa, sb in zip([a] + [p for p, _ in subs], [p for p, _ in subs] + [b]):
            items = _chain(ITEM, text, sa + 1, sb, item_ok, {1, last_item + 1})
            if items:
                last_item = items[-1][1]
            out += [(p, "numbered item") for p, _ in items]
    # The cover notice before the body (…请认真贯彻落实。某市人民政府2023年3月1日某市…方案为…):
    # its signature and date on lines of their own, so the header ends there and the preamble stays one.
    m = NOTICE_CLOSING.search(text, start, top[0][0])
    if m:
        if m.group("organ"):
            out.append((m.start("organ"), "notice signature"))
        out += [(m.start("date"), "notice date"), (m.end("date"), "after the notice date")]
    m = CLOSING.search(text, bounds[-2], end)
    if m:
        if m.group("organ"):
            out.append((m.start("organ"), "signature"))
        out.append((m.start("date"), "date"))
    return sorted(set(out))


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
    return changes
