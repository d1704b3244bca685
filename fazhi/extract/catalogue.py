"""The indicator catalogue (``fazhi/data/indicators.csv``): what recurs, in both languages.

An extracted quantity maps to an indicator by its *measured subject* (``subject_pattern``
on the subject as written), optionally by the clause around it (``context_pattern``),
never when ``exclude_pattern`` matches.  So a 纠错率 about reviewing normative documents
is not the reconsideration correction rate, and 错案率 is not 纠错率.

>>> cat = load_catalogue()
>>> cat.match("行政复议案件纠错率", "%", "提升行政复议案件办理质效,行政复议案件纠错率高于…").indicator_id
'reconsideration_correction_rate'
>>> cat.match("备案审查纠错率", "%", "规范性文件备案审查纠错率达100%") is None
True
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

HEADLINE = ("court_appearance_rate", "enforcement_training_hours", "reconsideration_correction_rate")


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    indicator_zh: str
    indicator_en: str
    unit: str
    theme_id: str
    headline: bool
    subject: re.Pattern
    context: re.Pattern | None
    exclude: re.Pattern | None
    mention: re.Pattern | None
    description: str

    def matches(self, subject: str, unit: str, clause: str) -> bool:
        if self.unit and unit and self.unit != unit and not (self.unit == "次" and unit in ("次", "期")):
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

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def match(self, subject: str, unit: str, clause: str = "") -> Indicator | None:
        """The first catalogue indicator whose wording fits, else None."""
        for ind in self.indicators:
            if ind.matches(subject, unit, clause):
                return ind
        return None

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
                    "theme_id": i.theme_id,
                    "headline": i.headline,
                    "description": i.description,
                }
                for i in self.indicators
            ]
        )


def _rx(s: str) -> re.Pattern | None:
    return re.compile(s) if s else None


@functools.lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    text = resources.files("fazhi").joinpath("data/indicators.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    out = []
    for r in rows:
        # With no explicit mention wording, the subject wording counts as a mention
        # unless the indicator needs context to be told apart.
        mention = r["mention_pattern"] or (r["subject_pattern"] if not r["context_pattern"] else "")
        out.append(
            Indicator(
                r["indicator_id"],
                r["indicator_zh"],
                r["indicator_en"],
                r["unit"],
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
    t = pd.concat([t, pd.DataFrame([{"doc_id": "all", "statements": int(t["statements"].sum()), "mapped": int(t["mapped"].sum())}])], ignore_index=True)
    t["statements"] = t["statements"].astype(int)
    t["mapped"] = t["mapped"].astype(int)
    t["share"] = (t["mapped"] / t["statements"].where(t["statements"] > 0)).round(3)
    return t


def _indicators_of(folder):
    """The indicators table of a processed folder, or of a raw folder built into a temporary one."""
    import tempfile
    from pathlib import Path

    import pandas as pd

    folder = Path(folder)
    if (folder / "indicators.parquet").exists():
        return pd.read_parquet(folder / "indicators.parquet")
    import fazhi

    with tempfile.TemporaryDirectory() as tmp:
        fazhi.build(folder, tmp, cache=False)
        return pd.read_parquet(Path(tmp) / "indicators.parquet")


def main(argv: list[str] | None = None) -> int:
    """``python -m fazhi.extract.catalogue [FOLDER …]``: :func:`coverage` of each folder
    (processed, or raw and built on the fly; default: the founding corpus and the development set)."""
    import argparse
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(prog="python -m fazhi.extract.catalogue", description=main.__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[root / "data" / "raw", root / "tests" / "fixtures" / "devdocs"])
    args = parser.parse_args(argv)
    totals = [0, 0]
    for folder in args.folders:
        t = coverage(_indicators_of(folder))
        print(f"== {folder} ==")
        print(t.to_string(index=False))
        totals[0] += int(t["statements"].iloc[-1])
        totals[1] += int(t["mapped"].iloc[-1])
    if len(args.folders) > 1:
        print(f"== together: {totals[1]} of {totals[0]} numeric statements mapped ({totals[1] / max(1, totals[0]):.1%}) ==")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
