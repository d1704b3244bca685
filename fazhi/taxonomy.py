"""The theme taxonomy: the national outline's task areas T2–T10, declared as data.

``fazhi/data/themes.csv`` gives each theme its Chinese and English name, a
description and the seed terms that :class:`fazhi.analyze.themes.ThemeAssigner`
votes with.  Reports read the names from here, never from the analysis code.

>>> [t.theme_zh for t in load_themes() if t.theme_id == "T7"]
['社会矛盾纠纷行政预防调处化解体系']
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


