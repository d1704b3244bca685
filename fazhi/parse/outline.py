"""The numbered outline of a document: front matter, provisions, back matter.

Numbering styles (``一、`` ``(一)`` ``1.`` ``(1)`` ``①`` ``第X条`` …) are ranked by
first appearance, as a reader does: a style already open is a sibling, a new
style is a child.  A marker is accepted only if its number continues the
sequence (or starts one at 1, or continues the same style's count from the
previous parent, as Huaibei's items 9–15 under its second section do), so
"1.5万" or a stray "3." in prose does not open a provision.  An item may also
start mid-line after a sentence end when its number is exactly the next one
(Tai'an's item 40 shares a line with 39).

>>> o = parse_outline("标题方案\\n一、总体要求\\n1.推进职能法定化。坚持法定职责。2.深化改革。")
>>> [(p.label, p.depth, p.heading) for p in o.provisions]
[('一、', 1, '总体要求'), ('1.', 2, '推进职能法定化'), ('2.', 2, None)]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from fazhi.parse import patterns as P
from fazhi.parse.deadlines import Deadline, find_deadlines
from fazhi.parse.header import BACK_KINDS, FRONT_KINDS, classify_front, classify_line
from fazhi.parse.units import find_units


@dataclass
class Marker:
    pos: int
    style: str
    number: int
    label: str
    inline: bool


@dataclass
class Provision:
    path: str
    parent: int | None
    depth: int
    label: str
    ordinal: int | None
    style: str
    kind: str  # preamble | section | item | body
    start: int
    end: int
    subtree_end: int
    text: str
    heading: str | None = None
    is_task: bool = False
    outlook: bool = False  # in a report's forward-looking part (下一步, 明年工作计划): its figures are targets
    lead_units: list[str] = field(default_factory=list)
    partner_units: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass
class Outline:
    front_end: int  # text[:front_end] is the front matter (header)
    back_start: int  # text[back_start:] is the back matter (signature, attachments)
    provisions: list[Provision]
    task_style: str | None
    warnings: list[tuple[int, int, str, str]]  # (start, end, kind, detail)

    @property
    def front(self) -> tuple[int, int]:
        return (0, self.front_end)


@functools.lru_cache(maxsize=256)
def cn_number(numeral: str) -> int:
    """Chinese numeral → int (``十二`` → 12) via cn2an; digits pass through."""
    if numeral.isdigit():
        return int(numeral)
    import cn2an  # a few ms to import; only needed for Chinese numerals

    return int(cn2an.cn2an(numeral.replace("两", "二"), "normal"))


def _marker(m, pos: int, inline: bool) -> Marker | None:
    for style in P.MARKER_STYLES:
        if m.group(style):
            raw = m.group(style + "_n")
            try:
                number = ord(raw) - 0x245F if style == "circled" else cn_number(raw)
            except ValueError:
                return None
            return Marker(pos, style, number, m.group(style), inline)
    return None


def find_markers(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Every numbering-like token at a line start, or after a sentence end."""
    end = len(text) if end is None else end
    out: list[Marker] = []
    pos = start
    for line in text[start:end].split("\n"):
        if P.META_LIST.match(line):  # 5. [成文日期] 2021-11-26: a portal's metadata, not an item
            pos += len(line) + 1
            continue
        m = P.OUTLINE_MARKER.match(line)
        if m:
            mk = _marker(m, pos, False)
            if mk:
                out.append(mk)
        for s in P.INLINE_ITEM_START.finditer(line):
            m = P.OUTLINE_MARKER_AT.match(line, s.end())
            if m and s.end() > 0:
                mk = _marker(m, pos + s.end(), True)
                if mk:
                    out.append(mk)
        pos += len(line) + 1
    return out


def accept_markers(markers: list[Marker]) -> tuple[list[tuple[Marker, int, int | None]], list[tuple[int, int, str, str]]]:
    """Keep the markers that continue a numbering sequence.

    Returns ``(marker, depth, parent_index)`` triples (parent indexes point into
    the returned list) and warnings for accepted gaps or repeats.
    """
    stack: list[list] = []  # [style, last number, index in accepted]
    last_seen: dict[tuple[str, int], int] = {}
    accepted: list[tuple[Marker, int, int | None]] = []
    warnings: list[tuple[int, int, str, str]] = []
    # A page that starts mid-document (五、… then 22.…) is numbered from where it starts:
    # its first item, and the first item of each level below, may have any number.
    partial = False
    for mk in markers:
        level = next((d for d, e in enumerate(stack) if e[0] == mk.style), None)
        if level is not None:
            last = stack[level][1]
            if mk.number == last + 1:
                pass
            elif not mk.inline and last + 1 < mk.number <= last + 3:
                warnings.append((mk.pos, mk.pos + len(mk.label), "outline_gap", f"numbering jumps from {last} to {mk.number}"))
            elif not mk.inline and mk.number == last:
                warnings.append((mk.pos, mk.pos + len(mk.label), "outline_gap", f"number {last} repeated"))
            else:
                continue
            del stack[level + 1 :]
            depth = level + 1
        else:
            depth = len(stack) + 1
            first = not accepted and not mk.inline
            if first and mk.number > 1:
                partial = True
                warnings.append((mk.pos, mk.pos + len(mk.label), "outline_gap", f"numbering starts at {mk.number}: a partial document"))
            elif mk.inline or not (mk.number == 1 or mk.number == last_seen.get((mk.style, depth), 0) + 1 or (partial and (mk.style, depth) not in last_seen)):
                continue
            stack.append([mk.style, 0, -1])
            level = depth - 1
        parent = stack[level - 1][2] if level > 0 else None
        stack[level][1] = mk.number
        stack[level][2] = len(accepted)
        last_seen[(mk.style, depth)] = mk.number
        accepted.append((mk, depth, parent))
    return accepted, warnings


def heading_of(text: str) -> str | None:
    """The short heading an item opens with, if it has one.

    >>> heading_of("推进政府职能法定化。坚持法定职责必须为。")
    '推进政府职能法定化'
    >>> heading_of("依法全面履行政府职能")
    '依法全面履行政府职能'
    >>> heading_of("及时完善市级地方性法规、政府规章和行政规范性文件动态清理机制。(责任单位:市司法局)") is None
    True
    """
    first_line = text.split("\n", 1)[0].strip()
    if first_line and not P.SENTENCE_PUNCT.search(first_line) and len(first_line) <= 60:
        return first_line
    m = P.FIRST_SENTENCE.match(text)
    if not m:
        return None
    sentence = m.group()[:-1].strip()
    rest = P.UNITS_NOTE.sub("", text[m.end() :]).strip()
    commas = sentence.count(",")
    if P.NOT_IN_HEADING.search(sentence):
        return None
    if rest and len(sentence) <= 30 and (commas == 0 or (commas == 1 and len(sentence) <= 24)):
        return sentence
    return None


def _front_and_back(text: str, first_marker: int | None, last_marker: int | None) -> tuple[int, int]:
    """Offsets where the header ends and the back matter starts."""
    head_end = first_marker if first_marker is not None else len(text)
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text[:head_end].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    kinds = classify_front([line for _, line in lines])
    front_end = 0
    for (start, line), kind in zip(lines, kinds):
        if kind not in FRONT_KINDS or start >= head_end:
            break
        front_end = min(start + len(line) + 1, head_end)
    # Back matter: trailing date / signature / attachment lines after the last item's first line.
    all_lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        all_lines.append((pos, line))
        pos += len(line) + 1
    back_start = len(text)
    floor = max(front_end, (last_marker + 1) if last_marker is not None else front_end)
    for start, line in reversed(all_lines):
        if start < floor or classify_line(line) not in BACK_KINDS:
            break
        back_start = start
    return front_end, back_start


def parse_outline(text: str, *, doc_type: str | None = None) -> Outline:
    """Split normalised ``text`` into front matter, provisions and back matter."""
    markers = find_markers(text)
    accepted, warnings = accept_markers(markers)
    first = accepted[0][0].pos if accepted else None
    last = accepted[-1][0].pos if accepted else None
    front_end, back_start = _front_and_back(text, first, last)
    provisions: list[Provision] = []
    if not accepted:
        if back_start > front_end:
            provisions.append(_make(text, "0", None, 1, "", None, "none", "body", front_end, back_start))
        warnings.append((front_end, back_start, "no_outline", "no recognisable numbering: the body is one provision"))
        return Outline(front_end, back_start, provisions, None, warnings)
    offset = 0
    if first > front_end and text[front_end:first].strip():
        provisions.append(_make(text, "0", None, 1, "", 0, "preamble", "preamble", front_end, first))
        offset = 1
    elif first > front_end:  # only whitespace between header and first item
        front_end = first
    paths: list[str] = []
    seen: Counter[str] = Counter()
    for k, (mk, depth, parent) in enumerate(accepted):
        end = accepted[k + 1][0].pos if k + 1 < len(accepted) else back_start
        path = (paths[parent] + "." if parent is not None else "") + str(mk.number)
        seen[path] += 1
        if seen[path] > 1:
            path += f"~{seen[path]}"
        paths.append(path)
        provisions.append(
            _make(text, path, None if parent is None else parent + offset, depth, mk.label, mk.number, mk.style, "item", mk.pos, end)
        )
    for p in provisions:
        if p.parent is not None:
            provisions[p.parent].kind = "section"
    for p in provisions:
        # A section whose own text is one short sentence is all heading: "(六)加强舆论宣传引导。"
        if p.kind == "section" and p.heading is None and P.SINGLE_SENTENCE.match(p.text):
            p.heading = p.text.rstrip("。;!?")
    # Subtree ends: children come after their parent, so one backward pass suffices.
    for p in reversed(provisions):
        if p.parent is not None:
            parent = provisions[p.parent]
            parent.subtree_end = max(parent.subtree_end, p.subtree_end)
    general = under_heading(provisions, P.GENERAL_HEADING)
    # A report's tasks are its forward-looking items; the rest narrates what was done.
    outlook = under_heading(provisions, P.OUTLOOK_HEADING) if doc_type == "report" else None
    # The task items are the most common numbering; in a report, the most common of its plan part,
    # which may number its items otherwise than the review (三、2025年工作计划 with 1. 2. under it).
    counted = [p for k, p in enumerate(provisions) if p.kind != "preamble" and (not outlook or (k in outlook and not P.OUTLOOK_HEADING.search(p.heading or p.text[:40])))]
    styles = Counter((p.style, p.depth) for p in counted or provisions if p.kind != "preamble")
    task_style = max(styles, key=lambda sd: (styles[sd], sd[1]))[0] if styles else None
    for k, p in enumerate(provisions):
        p.outlook = outlook is not None and k in outlook
        p.is_task = p.style == task_style and k not in general and (outlook is None or p.outlook)
        p.deadlines = find_deadlines(text, p.start + len(p.label), p.end, bare_years=doc_type != "report")
        p.lead_units, p.partner_units = find_units(p.text)
    return Outline(front_end, back_start, provisions, task_style, warnings)


def under_heading(provisions: list[Provision], heading: re.Pattern) -> set[int]:
    """Indices of provisions whose heading, or an ancestor's, matches ``heading``."""
    out: set[int] = set()
    for k, p in enumerate(provisions):  # parents come before their children
        if (p.parent is not None and p.parent in out) or (p.kind != "preamble" and heading.search(p.heading or p.text[:40])):
            out.add(k)
    return out


def _make(text: str, path: str, parent, depth, label, ordinal, style, kind, start, end) -> Provision:
    body = text[start + len(label) : end].strip()
    heading = heading_of(body) if kind != "preamble" and kind != "body" else None
    return Provision(path, parent, depth, label, ordinal, style, kind, start, end, end, body, heading)
