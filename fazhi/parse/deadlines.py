"""Time limits inside provisions: ``2023年底前``, ``每年2月底前``, ``到2025年``.

A year counts as a deadline when the wording makes it one (到/至/截至 before it,
底/前/末/内/上半年 after it), or, in plans rather than reports, when a clause
opens with it (``2022年,基本建成…``).  Spans ("2023年开始", "2018年以来") and
bare mentions are not deadlines.

>>> [(d.year, d.month, d.recurring, d.text) for d in find_deadlines("每年2月底前公开;2023年底前实现。")]
[(None, 2, True, '每年2月底前'), (2023, None, False, '2023年底前')]
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.parse import patterns as P

DEADLINE_SUFFIXES = {"年底前", "年底", "年末", "底前", "底", "末", "前", "以前", "之前", "上半年", "下半年", "内"}
CLAUSE_OPENERS = set("。;,:!?\n)") | {"、"}


@dataclass(frozen=True)
class Deadline:
    year: int | None
    month: int | None
    recurring: bool
    text: str
    start: int
    end: int


def find_deadlines(text: str, start: int = 0, end: int | None = None, *, bare_years: bool = True) -> list[Deadline]:
    """Deadlines in ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    out: list[Deadline] = []
    for m in P.DEADLINE.finditer(text, start, end):
        every, year, month = m.group("every"), m.group("year"), m.group("month")
        if every and not month:
            continue  # "每年至少1次" is a cadence, not a time limit
        if year and text[max(start, m.start() - 1) : m.start()] in ("—", "-", "~", "至") and not m.group("prefix"):
            continue  # the second year of a period "2022—2024年"
        suffix, prefix = m.group("suffix"), m.group("prefix")
        is_deadline = bool(prefix) or suffix in DEADLINE_SUFFIXES
        if not is_deadline and bare_years and year and not month and not suffix:
            before = text[m.start() - 1] if m.start() > start else "\n"
            after = text[m.end() : m.end() + 1]
            is_deadline = (m.start() == start or before in CLAUSE_OPENERS) and after == ","
        if not is_deadline:
            continue
        s, e = m.start("text"), m.end("text")
        out.append(
            Deadline(
                int(year) if year else None,
                int(month) if month else None,
                bool(every),
                text[s:e],
                s,
                e,
            )
        )
    return out
