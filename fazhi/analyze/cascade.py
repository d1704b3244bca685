"""Cascade: which targets a lower-level document takes from the level above, and how.

Plans are written down the hierarchy: the national outline, the province's plan, the
city's, the county's.  A target of a document is matched with the targets of documents of
higher levels (national for all; the province for its cities and counties, the city level
for its counties), issued before it and covering overlapping years, that measure the same
catalogue indicator in the same unit for the same scope.  Example (安徽省 → 淮北市)::

    安徽 2022–2024 action plan: ——2022年 … 政务服务事项网上可办率不低于95%
    淮北 2022–2024 action plan: ——2022年 … 政务服务事项网上可办率不低于95%
    cascade: verbatim (same interval, clauses 100 % alike)

Relations: verbatim or restated (same interval, alike or not in wording), tightened (a
narrower interval, or the same one due earlier: ≥90% → 100%), loosened (a wider one, or
later), changed (intervals that cross), own (no higher-level target of the indicator).

The hierarchy is read from ``level`` and ``province_zh`` only: a county's city is not
known from the manifest, so every city of the province counts as above its counties.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from fazhi.analyze.followthrough import _blank, _scope, _span, _val, _year, records
from fazhi.schema import CASCADE, LEVEL_RANKS
from fazhi.tables import columns, to_arrow

if TYPE_CHECKING:
    import pandas as pd

    from fazhi.analyze.followthrough import Rows

#: Clauses at least this alike (difflib ratio) with the same interval are verbatim copies;
#: the Anhui → Huaibei pairs are 1.0, reworded restatements (出庭应诉率保持100% / 100%底线) ≤ 0.6.
VERBATIM = 0.8
_PUNCT = re.compile(r"[\s\W_]+")
NO_PARENT = tuple(n for n in CASCADE.names if n.startswith("parent_")) + ("similarity",)


def similarity(a: str, b: str) -> float:
    """How alike two clauses are: difflib's ratio of their characters, punctuation and spaces left out.

    >>> similarity("政务服务事项网上可办率不低于95%", "政务服务事项网上可办率不低于95%;")
    1.0
    >>> round(similarity("行政机关负责人出庭应诉率保持100%", "守牢行政机关负责人出庭应诉率100%底线"), 2)
    0.83
    """
    a, b = _PUNCT.sub("", a or ""), _PUNCT.sub("", b or "")
    return round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 6) if a or b else 0.0


def relation(child: dict, parent: dict, alike: float) -> str:
    """How a target relates to the higher-level target it repeats (rows of the indicators table).

    >>> row = lambda lo, hi, year=None: {"lower": lo, "upper": hi, "lower_inclusive": True, "upper_inclusive": True, "unit": "%", "year": year}
    >>> relation(row(100, 100), row(90, None), 0.5), relation(row(90, None), row(100, 100), 0.5)
    ('tightened', 'loosened')
    >>> relation(row(95, None, 2022), row(95, None, 2022), 1.0), relation(row(95, None, 2023), row(95, None, 2024), 1.0)
    ('verbatim', 'tightened')
    """
    c, p = _span(child), _span(parent)
    if c == p:
        cy, py = _year(child.get("year")), _year(parent.get("year"))
        if cy is not None and py is not None and cy != py:
            return "tightened" if cy < py else "loosened"
        return "verbatim" if alike >= VERBATIM else "restated"
    if _inside(c, p):
        return "tightened"
    if _inside(p, c):
        return "loosened"
    return "changed"


def _inside(a, b) -> bool:
    """Interval ``a`` lies within ``b``."""
    (alo, ahi, alo_i, ahi_i), (blo, bhi, blo_i, bhi_i) = a, b
    low = alo > blo or (alo == blo and (blo_i or not alo_i))
    high = ahi < bhi or (ahi == bhi and (bhi_i or not ahi_i))
    return low and high


def _above(child: dict, parent: dict) -> bool:
    """Whether ``parent`` (a documents row) is a level above ``child`` in its hierarchy and comes
    first (issued earlier, else starts no later) with overlapping years."""
    rc, rp = LEVEL_RANKS.get(child["level"]), LEVEL_RANKS.get(parent["level"])
    if rc is None or rp is None or rp >= rc:
        return False
    if parent["level"] != "national" and (parent["province_zh"] or "") != (child["province_zh"] or ""):
        return False
    ci, pi = child.get("issued_date"), parent.get("issued_date")
    if not _blank(ci) and not _blank(pi):
        if pi > ci:
            return False
    elif _year(parent["period_start"]) > _year(child["period_start"]):
        return False
    return _year(parent["period_start"]) <= _year(child["period_end"]) and _year(child["period_start"]) <= _year(parent["period_end"])


def cascade(indicators: Rows, documents: Rows) -> pd.DataFrame:
    """:func:`cascade_rows` as a DataFrame of the declared schema (checked).

    >>> sorted(set(cascade(corpus.indicators, corpus.documents)["relation"]))  # no level above in the founding corpus
    ['own']
    """
    return to_arrow(columns(cascade_rows(indicators, documents), CASCADE), CASCADE).to_pandas()


def cascade_rows(indicators: Rows, documents: Rows) -> list[dict]:
    """The rows of the cascade table (:data:`fazhi.schema.CASCADE`): every numeric target of a document
    that is not a report, with the higher-level target it repeats, or ``own``.

    >>> docs = pd.DataFrame({"doc_id": ["ah", "hb"], "jurisdiction_zh": ["安徽省", "淮北市"], "level": ["province", "prefecture"],
    ...     "province_zh": ["安徽省"] * 2, "doc_type": ["action_plan"] * 2, "period_start": [2022] * 2, "period_end": [2024] * 2,
    ...     "issued_date": [pd.Timestamp("2022-08-25"), pd.Timestamp("2022-12-28")]})
    >>> ind = pd.DataFrame({"doc_id": ["ah", "hb"], "seq": [0, 0], "provision_id": ["ah:1", "hb:1"], "indicator_id": ["online_service_rate"] * 2,
    ...     "kind": ["target"] * 2, "status": ["numeric"] * 2, "value": [95.0] * 2, "unit": ["%"] * 2, "lower": [95.0] * 2,
    ...     "upper": [None] * 2, "lower_inclusive": [True] * 2, "upper_inclusive": [None] * 2, "year": [2022] * 2, "scope": [None] * 2,
    ...     "value_text": ["95%"] * 2, "quote": ["政务服务事项网上可办率不低于95%"] * 2, "start": [0] * 2, "end": [17] * 2})
    >>> [(r["doc_id"], r["parent_doc_id"], r["relation"], r["similarity"]) for r in cascade_rows(ind, docs)]
    [('ah', None, 'own', None), ('hb', 'ah', 'verbatim', 1.0)]
    """
    docs = {r["doc_id"]: r for r in records(documents)}
    targets = [
        r for r in records(indicators)
        if r["doc_id"] in docs and docs[r["doc_id"]]["doc_type"] != "report" and r["kind"] == "target"
        and r["status"] == "numeric" and not _blank(r.get("indicator_id")) and not _blank(r.get("value"))
    ]  # fmt: skip
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for t in targets:
        by_key[(t["indicator_id"], t["unit"], _scope(t.get("scope")))].append(t)
    parents_of = {
        c: [p for p in docs if p != c and docs[p]["doc_type"] != "report" and _above(docs[c], docs[p])] for c in {t["doc_id"] for t in targets}
    }
    out = []
    for t in sorted(targets, key=lambda r: (r["doc_id"], r["seq"])):
        d = docs[t["doc_id"]]
        above = set(parents_of[t["doc_id"]])
        candidates = [p for p in by_key[(t["indicator_id"], t["unit"], _scope(t.get("scope")))] if p["doc_id"] in above]
        row = {
            "doc_id": t["doc_id"], "seq": t["seq"], "provision_id": t["provision_id"], "start": t["start"], "end": t["end"],
            "jurisdiction_zh": d["jurisdiction_zh"], "level": d["level"], "indicator_id": t["indicator_id"], "unit": t["unit"],
            "scope": None if _blank(t.get("scope")) else t["scope"], "quote": t["quote"], "value_text": _val(t.get("value_text")),
            "year": _year(t.get("year")),
        }  # fmt: skip
        reasons = []
        if not candidates:
            out.append(row | dict.fromkeys(NO_PARENT) | {"relation": "own", "review_reasons": reasons})
            continue
        scored = [(similarity(t["quote"], p["quote"]), p) for p in candidates]
        # The most alike, then the one of the same year, the nearest level, the latest document.
        alike, p = max(
            scored,
            key=lambda sp: (sp[0], _year(sp[1].get("year")) == _year(t.get("year")), LEVEL_RANKS[docs[sp[1]["doc_id"]]["level"]],
                            _year(docs[sp[1]["doc_id"]]["period_start"]), sp[1]["doc_id"], -sp[1]["seq"]),
        )  # fmt: skip
        if len(candidates) > 1:
            reasons.append("several parents")
        if _year(t.get("year")) is not None and _year(p.get("year")) is not None and _year(t["year"]) != _year(p["year"]):
            reasons.append("year differs")
        if _blank(d.get("issued_date")) or _blank(docs[p["doc_id"]].get("issued_date")):
            reasons.append("no date to order")
        pd_ = docs[p["doc_id"]]
        out.append(
            row | {
                "parent_doc_id": p["doc_id"], "parent_seq": p["seq"], "parent_provision_id": p["provision_id"], "parent_start": p["start"],
                "parent_end": p["end"], "parent_jurisdiction_zh": pd_["jurisdiction_zh"], "parent_level": pd_["level"], "parent_quote": p["quote"],
                "parent_value_text": _val(p.get("value_text")), "parent_year": _year(p.get("year")), "similarity": alike,
                "relation": relation(t, p, alike), "review_reasons": reasons,
            }
        )  # fmt: skip
    return out
