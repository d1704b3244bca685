"""The indicator catalogue (``fazhi/data/indicators.csv``): what recurs, in both languages.

An extracted quantity maps to an indicator by its *measured subject* (``subject_pattern``
on the subject as written), optionally by the clause around it (``context_pattern``),
never when ``exclude_pattern`` matches, and only in the indicator's unit or a measure word
that counts the same thing (:data:`SAME_UNITS`).  So a 纠错率 about reviewing normative
documents is not the reconsideration correction rate, and 错案率 is not 纠错率.

>>> cat = load_catalogue()
>>> cat.match("行政复议案件纠错率", "%", "提升行政复议案件办理质效,行政复议案件纠错率高于…").indicator_id
'reconsideration_correction_rate'
>>> cat.match("备案审查纠错率", "%", "规范性文件备案审查纠错率达100%") is None
True
>>> ind = cat.match("政府领导班子每年举办…法治专题讲座", "期")
>>> ind.indicator_id, ind.shown_unit("期")
('legal_lecture_count', '次')
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

HEADLINE = ("court_appearance_rate", "enforcement_training_hours", "reconsideration_correction_rate")

#: Measure words that count the same thing, declared once.  An indicator says what it counts
#: (column ``counts`` of indicators.csv); a statement in any measure word of that kind maps to
#: it and its row shows the kind's first word, the indicator's unit (``unit_written`` keeps
#: the word): 2期 lectures are 2次, 103宗 applications 103件.  Only within a kind: 人次 (a
#: person trained twice counts twice) is never 人, 件次 never 件, and 个/条 count documents
#: or service items only for an indicator whose subject is documents or items.
SAME_UNITS = {
    "sessions": ("次", "期", "场", "场次", "轮"),  # lectures, classes, exams, drills, review rounds
    "cases": ("件", "宗", "起"),  # cases, applications, suggestions
    "documents": ("份", "件", "个", "部", "篇"),  # normative documents, emergency plans
    "case files": ("份", "件", "宗", "本"),  # enforcement case files
    "items": ("项", "个", "件", "条"),  # service items, powers, decisions, projects
    "entries": ("条", "个", "件"),  # comments received, pieces of information published
    "people": ("人", "名", "位"),  # persons, never person-times
    "attendances": ("人次",),  # person-times: trainees, drill participants, court visitors, exam sittings
    "teams": ("支",),  # enforcement and rescue teams
    "pieces": ("件", "套"),  # stockpiled supplies: 19.61万件/套
    "windows": ("个", "处"),  # service windows
    "organisations": ("家",),  # law firms retained: never persons
}


#: Measures written with or without 个 before them (40个学时, 3个工作日, 2个百分点): one unit.
COUNTED_WITH_GE = frozenset({"学时", "课时", "小时", "工作日", "百分点", "月"})


def plain_unit(unit: str | None) -> str | None:
    """A measure word without the 个 it may be written with.

    >>> plain_unit("个工作日"), plain_unit("个"), plain_unit("件")
    ('工作日', '个', '件')
    """
    return unit[1:] if unit and unit.startswith("个") and unit[1:] in COUNTED_WITH_GE else unit


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    indicator_zh: str
    indicator_en: str
    unit: str
    counts: str  # a kind of SAME_UNITS, or "" for the unit alone
    theme_id: str
    headline: bool
    subject: re.Pattern
    context: re.Pattern | None
    exclude: re.Pattern | None
    mention: re.Pattern | None
    description: str

    def accepts(self, unit: str | None) -> bool:
        """Whether a figure in ``unit`` (as written) can measure this indicator (40个学时 is 40学时)."""
        unit = plain_unit(unit)
        return not self.unit or not unit or unit == self.unit or unit in SAME_UNITS.get(self.counts, ())

    def shown_unit(self, unit: str | None) -> str | None:
        """The unit a mapped figure is shown in: the indicator's, for a measure word of the same kind."""
        return self.unit if unit and self.accepts(unit) else unit

    def matches(self, subject: str, unit: str, clause: str) -> bool:
        if not self.accepts(unit):
            return False
        if not self.subject.search(subject):
            return False
        if self.context and not (self.context.search(subject) or self.context.search(clause)):
            return False
        return not (self.exclude and self.exclude.search(subject))


class Catalogue:
    def __init__(self, indicators: list[Indicator]):
        self.indicators = indicators
        self.by_id = {i.indicator_id: i for i in indicators}
        self._by_unit: dict[str, tuple[Indicator, ...]] = {}
        mentions = [i.mention.pattern for i in indicators if i.mention]
        #: Matches where any indicator's mention pattern matches (never, for a catalogue without one).
        self.any_mention = re.compile("|".join(f"(?:{m})" for m in mentions) if mentions else r"(?!)")

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def match(self, subject: str, unit: str, clause: str = "") -> Indicator | None:
        """The first catalogue indicator whose wording fits, else None.  What a subject holds
        after its figure and a clause break is the next statement's (:func:`own_subject`)."""
        subject = own_subject(subject)
        for ind in self.for_unit(unit):
            if ind.matches(subject, unit, clause):
                return ind
        return None

    def for_unit(self, unit: str | None) -> tuple[Indicator, ...]:
        """The indicators a figure in ``unit`` can measure, in catalogue order (remembered per
        unit: with a hundred indicators, trying each one's unit was most of a match's time)."""
        key = unit or ""
        hit = self._by_unit.get(key)
        if hit is None:
            hit = self._by_unit[key] = tuple(i for i in self.indicators if i.accepts(unit))
        return hit

    def table(self):
        """The catalogue as a DataFrame (for notebooks and the README)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "indicator_id": i.indicator_id,
                    "indicator_zh": i.indicator_zh,
                    "indicator_en": i.indicator_en,
                    "unit": i.unit,
                    "counts": i.counts,
                    "theme_id": i.theme_id,
                    "headline": i.headline,
                    "description": i.description,
                }
                for i in self.indicators
            ]
        )


#: The figure's place in a subject (…) followed by a clause break: what follows is the next
#: clause.  A report that runs its figures together (共完成行政复议7件，承办行政诉讼案件24件)
#: gives 7件 the subject 共完成行政复议…，承办行政诉讼案件, and 7件 is no lawsuit.
_NEXT_CLAUSE = re.compile(r"…[，,；;].*$", re.S)


def own_subject(subject: str) -> str:
    """The part of a measured subject that is the figure's own: up to the figure's place if a
    clause break follows it.

    >>> own_subject("共完成行政复议…，承办行政诉讼案件")
    '共完成行政复议'
    >>> own_subject("将…企业应急救援队纳入体系")
    '将…企业应急救援队纳入体系'
    """
    return _NEXT_CLAUSE.sub("", subject or "")


def _rx(s: str) -> re.Pattern | None:
    return re.compile(s) if s else None


@functools.lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    text = resources.files("fazhi").joinpath("data/indicators.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    out = []
    for r in rows:
        counts = r["counts"].strip()
        if counts and (counts not in SAME_UNITS or SAME_UNITS[counts][0] != r["unit"]):
            raise ValueError(f"{r['indicator_id']}: counts {counts!r} needs unit {SAME_UNITS.get(counts, ('a kind of SAME_UNITS',))[0]!r}")
        # With no explicit mention wording, the subject wording counts as a mention unless
        # the indicator needs context to be told apart; a count is never a mention (推进应急
        # 演练 names no figure that could be compared).
        mention = r["mention_pattern"] or (r["subject_pattern"] if not r["context_pattern"] and not counts else "")
        out.append(
            Indicator(
                r["indicator_id"],
                r["indicator_zh"],
                r["indicator_en"],
                r["unit"],
                counts,
                r["theme_id"],
                r["headline"].strip().lower() == "true",
                re.compile(r["subject_pattern"]),
                _rx(r["context_pattern"]),
                _rx(r["exclude_pattern"]),
                _rx(mention),
                r["description"],
            )
        )
    return Catalogue(out)


def coverage(indicators):
    """Per document: numeric statements (rows with a value), how many map to a catalogue
    indicator, and the share; a last row ``all`` sums them.  The measure of issue 27.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "value": [95.0, 3.0, None], "indicator_id": ["online_service_rate", None, "oath_rate"]})
    >>> coverage(rows).to_dict("records")
    [{'doc_id': 'a', 'statements': 2, 'mapped': 1, 'share': 0.5}, {'doc_id': 'all', 'statements': 2, 'mapped': 1, 'share': 0.5}]
    """
    import pandas as pd

    v = indicators[indicators["value"].notna()]
    t = v.groupby("doc_id", sort=True).agg(statements=("value", "size"), mapped=("indicator_id", lambda s: int(s.notna().sum()))).reset_index()
    t = pd.concat(
        [t, pd.DataFrame([{"doc_id": "all", "statements": int(t["statements"].sum()), "mapped": int(t["mapped"].sum())}])], ignore_index=True
    )
    t["statements"] = t["statements"].astype(int)
    t["mapped"] = t["mapped"].astype(int)
    t["share"] = (t["mapped"] / t["statements"].where(t["statements"] > 0)).round(3)
    return t


def check_sample(sample: list[dict], indicators, documents) -> dict:
    """Compare hand-annotated mappings with the built rows.

    ``sample`` rows (``tests/annotations/catalogue_sample.csv``) give a document, the quote of
    a statement, its subject, value and unit as written and the indicator it measures (empty:
    none).  A sample row finds the numeric row of its document with that value and written
    unit whose span overlaps the quote (the subject decides between rows that share a figure:
    四个率共用一个数).  Returns ``right``, ``wrong`` (sample row, indicator got) and ``missing``.
    """
    texts = dict(zip(documents["doc_id"], documents["text"]))
    num = indicators[indicators["value"].notna()]
    written = num["unit_written"] if "unit_written" in num else num["unit"]
    num = num.assign(_unit=written)
    by_doc = {d: g.to_dict("records") for d, g in num.groupby("doc_id")}
    out = {"right": [], "wrong": [], "missing": []}
    used: set[tuple] = set()
    for g in sample:
        text = texts.get(g["doc_id"], "")
        at = text.find(g["quote"])
        cands = [
            r for r in by_doc.get(g["doc_id"], [])
            if at >= 0 and r["start"] < at + len(g["quote"]) and at < r["end"]
            and abs(r["value"] - float(g["value"])) < 1e-6 and r["_unit"] == g["unit"] and (r["doc_id"], r["seq"]) not in used
        ]  # fmt: skip
        same = [r for r in cands if r["subject"] == g["subject"]]
        hit = (same or cands or [None])[0]
        if hit is None:
            out["missing"].append(g)
            continue
        used.add((hit["doc_id"], hit["seq"]))
        got = hit["indicator_id"] if isinstance(hit["indicator_id"], str) else ""
        (out["right"] if got == g["indicator_id"] else out["wrong"]).append((g, got))
    return out
