"""China's administrative divisions (GB/T 2260), bundled as ``fazhi/data/divisions.csv``.

The table (its source and date are in the CSV's first lines and in
:mod:`fazhi.ingest.divisions_make`, which regenerates it) names every province,
prefecture and county-level division with its level, province, prefecture and an
English name.  :func:`find_names` finds division names in a short text (a title, an
issuer, a signature); :func:`resolve` picks the division a name means, from the
names around it when the name exists twice (朝阳区 is in Beijing and in Changchun).

>>> [d.name for d in resolve("大兴区", "北京市大兴区人民政府")[1]]
['大兴区']
>>> chosen, candidates, why = resolve("朝阳区", "朝阳区人民政府")
>>> chosen is None, len(candidates), why
(True, 2, 'ambiguous: 朝阳区 in 北京市 | 吉林省长春市')
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

LEVEL_DEPTH = {"national": 0, "province": 1, "prefecture": 2, "county": 3, "district": 3}
#: Longest division name looked for (乌兰察布市察哈尔右翼前旗 is two names).
MAX_NAME = 16


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    province: str
    prefecture: str  # blank for provinces, prefectures and divisions governed by the province
    name_en: str

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(p for p in (self.province, self.prefecture) if p and p != self.name)

    @property
    def where(self) -> str:
        return "".join(p for p in (self.province, self.prefecture) if p and p != self.name) or self.name


@functools.lru_cache(maxsize=1)
def table() -> tuple[Division, ...]:
    """Every row of the bundled table (comment lines skipped)."""
    text = resources.files("fazhi.data").joinpath("divisions.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return tuple(Division(**row) for row in csv.DictReader(io.StringIO("\n".join(lines))))


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = {}
    for d in table():
        out.setdefault(d.name, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def by_name(name: str) -> tuple[Division, ...]:
    """The divisions called ``name`` (usually one; 朝阳区 two)."""
    return _by_name().get(name, ())


@functools.lru_cache(maxsize=1)
def short_names() -> dict[str, dict[str, tuple[Division, ...]]]:
    """Per level, names without their suffix (青海 → 青海省): what a text says of itself (法治青海)."""
    from fazhi.ingest.divisions_make import english_base  # pure string function, no dependency

    out: dict[str, dict[str, list[Division]]] = {}
    for d in table():
        base = english_base(d.name)
        if len(base) >= 2 and base != d.name:
            level = "county" if d.level == "district" else d.level
            out.setdefault(level, {}).setdefault(base, []).append(d)
    return {lv: {k: tuple(v) for k, v in names.items()} for lv, names in out.items()}


def find_names(text: str) -> list[tuple[int, str]]:
    """Division names in ``text``, leftmost-longest, as ``(offset, name)``.

    A two-character name (城区, 泾县) is taken only right after its parent's name:
    alone it is too often an ordinary word.

    >>> find_names("北京市大兴区人民政府关于2022年法治政府建设情况的报告")
    [(0, '北京市'), (3, '大兴区')]
    >>> find_names("中心城区建设")
    []
    """
    names = _by_name()
    out: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        for length in range(min(MAX_NAME, n - i), 1, -1):
            word = text[i : i + length]
            if word in names:
                if length == 2 and not (out and out[-1][0] + len(out[-1][1]) == i and any(out[-1][1] in d.parents for d in names[word])):
                    continue
                out.append((i, word))
                i += length
                break
        else:
            i += 1
    return out


def resolve(name: str, context: str = "") -> tuple[Division | None, tuple[Division, ...], str]:
    """The division ``name`` means: ``(chosen or None, candidates, how)``.

    One row: that row.  Several: the one whose province or prefecture is named in
    ``context`` (fully or without its suffix); otherwise none, and ``how`` says
    ``ambiguous: …`` with the candidates.
    """
    candidates = by_name(name)
    if len(candidates) == 1:
        return candidates[0], candidates, "table"
    if not candidates:
        return None, (), "not in the division table"
    from fazhi.ingest.divisions_make import english_base

    def named(d: Division) -> int:
        return sum(context.count(p) + context.count(english_base(p)) for p in d.parents)

    scores = [named(d) for d in candidates]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return candidates[scores.index(best)], candidates, "table, resolved by the names around it"
    return None, candidates, f"ambiguous: {name} in " + " | ".join(d.where for d in candidates)
