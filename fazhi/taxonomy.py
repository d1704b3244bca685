"""The theme taxonomy: the national outline's task areas T2–T10, declared as data.

``fazhi/data/themes.csv`` gives each theme its Chinese and English name, a
description and the seed terms that :class:`fazhi.analyze.themes.ThemeAssigner`
votes with.  Reports read the names from here, never from the analysis code.
The outline the areas come from, and its years, are declared here too (:data:`OUTLINE`):
every document is scored against its areas, whatever the document's own years.

>>> [t.theme_zh for t in load_themes() if t.theme_id == "T7"]
['社会矛盾纠纷行政预防调处化解体系']
>>> OUTLINE.years
'2021–2025'
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Theme:
    theme_id: str
    theme_zh: str
    theme_en: str
    description: str
    seeds: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    """A national 法治政府建设实施纲要 and the years it covers."""

    start: int
    end: int
    title_zh: str

    @property
    def years(self) -> str:
        return f"{self.start}–{self.end}"


#: The national outlines, oldest first.  The last is the one whose task areas are the themes.
OUTLINES = (
    Outline(2015, 2020, "法治政府建设实施纲要(2015—2020年)"),
    Outline(2021, 2025, "法治政府建设实施纲要(2021—2025年)"),
)
OUTLINE = OUTLINES[-1]


def outline_of(period_start: int, period_end: int) -> Outline | None:
    """The national outline in force over most of a document's years (ties: the later one);
    None if its years meet no outline's.

    >>> outline_of(2017, 2020).years, outline_of(2019, 2022).years, outline_of(2010, 2012)
    ('2015–2020', '2021–2025', None)
    """
    overlap = {o: min(o.end, period_end) - max(o.start, period_start) + 1 for o in OUTLINES}
    best = max(OUTLINES[::-1], key=lambda o: overlap[o])  # max keeps the first of equals: the later outline
    return best if overlap[best] > 0 else None


def before_outline(period_end: int, outline: Outline = OUTLINE) -> bool:
    """Whether a document's period ends before ``outline`` starts (so it was written under an
    earlier one, though it is scored against this one's areas).

    >>> before_outline(2020), before_outline(2021)
    (True, False)
    """
    return int(period_end) < outline.start


@functools.lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    text = resources.files("fazhi").joinpath("data/themes.csv").read_text("utf-8")
    return tuple(
        Theme(r["theme_id"], r["theme_zh"], r["theme_en"], r["description"], tuple(r["seed_terms"].split()))
        for r in csv.DictReader(text.splitlines())
    )


def themes_table():
    """The themes as a DataFrame (id, names, description), without the seed terms."""
    import pandas as pd

    return pd.DataFrame([{k: getattr(t, k) for k in ("theme_id", "theme_zh", "theme_en", "description")} for t in load_themes()])


