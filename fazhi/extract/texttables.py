"""Tables kept as text lines: a header of year columns, then a row per measure.

Reports and summaries often close a section with a small table that a converter or a
clerk left as lines of cells (tabs, runs of spaces or ``|`` between them)::

    序号  项目                  2022年  2023年
    1     干部集中学法(次)      10      12
    2     调解成功率(%)         97.1    98.3

No sentence states these figures, so the sentence grammar of :mod:`fazhi.extract.indicators`
sees bare numbers without a measure word.  Here a header line with at least two year
columns (``2022年``, ``2023年度``, ``2025年目标``) opens a table; each following line whose
last cells are numbers, one per year column, is a row: its label is the subject, the unit
stands in the label's brackets (``(次)``) or after the number (``97.1%``), and each number
is the figure for its column's year.  A line of another shape ends the table.

>>> [(c.label, c.value, c.unit, c.year) for c in table_cells("项目 2022年 2023年\\n干部集中学法(次) 10 12\\n")]
[('干部集中学法', 10.0, '次', 2022), ('干部集中学法', 12.0, '次', 2023)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A header cell naming a year column, with what it holds: 2023年, 2023年度, 2025年目标.
YEAR_CELL = re.compile(r"^((?:19|20)\d{2})\s*年?度?\s*(目标值?|计划|完成值?|实际值?)?$")
CELL_BREAK = re.compile(r"\s*[|｜\t]\s*|\s+")
#: A number cell: 12, 97.1, 1,234, 98.3%, or a dash for no figure.
NUMBER_CELL = re.compile(r"^(?:(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(%|‰)?|[—\-–/])$")
UNIT_IN_LABEL = re.compile(r"[(]([^()]{1,6})[)]$")
SEQUENCE_CELL = re.compile(r"^\d{1,3}[.、]?$")


@dataclass(frozen=True)
class TableCell:
    """One figure of a text table: its row's label and unit, its column's year and heading."""

    label: str
    value: float
    unit: str
    year: int
    heading: str  # the column's header cell (2025年目标): says whether it is a target
    value_text: str
    row_start: int  # offsets into the text given: the row's label …
    start: int  # … and the number
    end: int


def _cells(line: str, offset: int) -> list[tuple[str, int]]:
    """The cells of a line and where each starts."""
    out, pos = [], 0
    for part in CELL_BREAK.split(line):
        if part:
            at = line.index(part, pos)
            out.append((part, offset + at))
            pos = at + len(part)
    return out


def table_cells(text: str) -> list[TableCell]:
    """Every figure of every text table in ``text``."""
    out: list[TableCell] = []
    columns: list[tuple[int, str]] = []  # the open table's year columns
    pos = 0
    for line in text.split("\n"):
        cells = _cells(line, pos)
        pos += len(line) + 1
        years = [(int(m.group(1)), c) for c, _ in cells if (m := YEAR_CELL.match(c))]
        if len(years) >= 2 and len(years) >= len(cells) - 3:
            columns = years  # a header: 序号 项目 2022年 2023年
            continue
        if not columns:
            continue
        numbers = cells[-len(columns) :] if len(cells) > len(columns) else []
        label_cells = cells[: len(cells) - len(columns)]
        if label_cells and SEQUENCE_CELL.match(label_cells[0][0]) and len(label_cells) > 1:
            label_cells = label_cells[1:]  # the row's sequence number
        if not numbers or not label_cells or not all(NUMBER_CELL.match(c) for c, _ in numbers):
            columns = []  # a line of another shape ends the table
            continue
        label = "".join(c for c, _ in label_cells)
        unit_m = UNIT_IN_LABEL.search(label)
        subject = label[: unit_m.start()] if unit_m else label
        for (year, heading), (cell, at) in zip(columns, numbers):
            m = NUMBER_CELL.match(cell)
            if not m.group(1):
                continue  # a dash: no figure that year
            unit = m.group(2) or (unit_m.group(1) if unit_m else "")
            if not unit:
                continue  # a bare number with no measure anywhere is no figure to compare
            out.append(TableCell(subject, float(m.group(1).replace(",", "")), unit, year, heading, cell, label_cells[0][1], at, at + len(cell)))
    return out
