r"""Fixed-width text: lines broken by a page's width (a PDF someone converted to text) joined.

A researcher often has a plan only as a PDF and keeps what a converter gave: every line
ends where the page ended, mid-sentence, and page numbers (``— 3 —``) stand between the
lines.  fazhi's own PDF reader joins such lines by their geometry
(:mod:`fazhi.ingest.formats.pdf`); a text file keeps no geometry, so this module tells a
fixed-width layout by the lines' widths instead: most lines as wide as the widest, within
a few columns, and almost none wider.  Then a full line joins the next unless the next
opens a paragraph (indented, or a numbered item) or the full line closes a sentence, and
page-number lines go (logged: kind ``layout``).  An ordinary text, whose lines are
paragraphs of every length, is left alone.

>>> from fazhi.parse.textedit import apply_changes
>>> para = "全年办结行政复议案件一百二十件纠错率达到百分之十五" * 6
>>> lines = ["\u3000\u3000" + para[:14]] + [para[k:k + 16] for k in range(14, len(para), 16)]
>>> wrapped = "\n".join(lines[:4] + ["— 3 —"] + lines[4:]) + "。\n"
>>> apply_changes(wrapped, hardwrap_changes(wrapped)) == "\u3000\u3000" + para + "。\n"
True
>>> hardwrap_changes("\u3000\u3000一、主要成效\n\u3000\u3000全年办结案件120件。\n")  # paragraphs: left alone
[]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from fazhi.ingest.formats.common import PAGE_NUMBER
from fazhi.parse.textedit import Change

#: A line that opens a paragraph of its own: indented, or a numbered item or heading.
OPENS = re.compile(r"^(?:[\s\u3000]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百\d]{1,4}[条章节])")
SENTENCE_END = "。！？!?；;：:"
#: How many columns a full line may differ from the page width: a converter breaks by the
#: page's physical width, and digits, Latin letters and punctuation are narrower than a
#: Chinese character, or a wide character did not fit.
SLACK = 4
MIN_WIDTH = 30  # a layout narrower than 15 Chinese characters is no page
JOINED = "line break of a fixed-width layout joined (a PDF converted to text)"
PAGE_LINE = "page number line of a converted PDF removed"


def width(line: str) -> int:
    """Display columns: a Chinese character or full-width sign is two.

    >>> width("全年办结12件")
    12
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def layout_width(lines: list[str]) -> int | None:
    """The page width of a fixed-width layout, or None when the lines are paragraphs."""
    widths = [width(line.rstrip()) for line in lines if len(line.strip()) >= 8 and not PAGE_NUMBER.match(line)]
    if len(widths) < 8:
        return None
    counts = Counter(widths)
    near = {w: sum(n for v, n in counts.items() if abs(v - w) <= SLACK) for w in counts}
    best = max(near, key=lambda w: (near[w], w))
    wider = sum(n for v, n in counts.items() if v > best + SLACK)
    if best < MIN_WIDTH or near[best] < max(5, 0.4 * len(widths)) or wider > 0.1 * len(widths):
        return None
    return best


#: A page mark with dashes, alone or at a line's start (a PDF copied into a web page): - 2 -, — 3 —.
PAGE_MARK = re.compile(r"^[-—–－]\s*\d{1,4}\s*[-—–－](?:\s+|$)", re.M)


def page_mark_changes(text: str) -> list[Change]:
    r"""Dash-wrapped page marks removed wherever a line starts with one (``- 1 - XX县…工作计划``):
    unlike a bare number, ``- 2 -`` is never the text's own.

    >>> from fazhi.parse.textedit import apply_changes
    >>> text = "- 1 - 某县工作计划\n听取汇报\n- 2 -\n工作汇报。\n"
    >>> apply_changes(text, page_mark_changes(text))
    '某县工作计划\n听取汇报\n工作汇报。\n'
    """
    # the mark and the spaces after it (a mark alone on its line: its line end too)
    return [Change(m.start(), m.end(), "", "layout", PAGE_LINE) for m in PAGE_MARK.finditer(text)]


def hardwrap_changes(text: str) -> list[Change]:
    """Changes joining the lines a page's width broke, and removing page-number lines."""
    lines = text.split("\n")
    page = layout_width(lines)
    if page is None:
        return []
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    changes: list[Change] = []
    for k, line in enumerate(lines):
        if PAGE_NUMBER.match(line) and line.strip() and k + 1 < len(lines):
            changes.append(Change(starts[k], starts[k + 1], "", "layout", PAGE_LINE))
    last = None  # the last line of text before this one (page numbers skipped)
    for k, line in enumerate(lines):
        if not line.strip() or PAGE_NUMBER.match(line):
            if not line.strip():
                last = None  # a blank line ends a paragraph
            continue
        if last is not None:
            prev = lines[last].rstrip()
            if width(prev) >= page - SLACK and prev[-1] not in SENTENCE_END and not OPENS.match(line):
                end = starts[last] + len(lines[last])  # the line break and any spaces before it
                changes.append(Change(starts[last] + len(prev), end + 1, "", "newline", JOINED))
        last = k
    return sorted(changes, key=lambda c: c.start)
