"""Follow a target: from a plan's target to the figures its jurisdiction's later reports give.

A target (``indicators.kind == "target"``, numeric, mapped to a catalogue indicator) of a
plan, opinion, key points or action plan is paired with every figure that a report of the
same jurisdiction gives for the same indicator in the target's years.  Only a figure in the
same unit (the catalogue has already merged measure words that count the same thing:
期/次, 宗/件) and for the same part of the jurisdiction (``scope``: 市本级 is not 全市) is
compared; any other figure of the indicator is listed as *no comparable figure*.  A target
no report speaks of gets one row saying why.  Example (大兴区)::

    opinion 2022–2025: 区政府每年安排常务会(办公会)会前学法不少于4次      → target ≥ 4 次, yearly
    report 2022:       组织区政府常务会会前学法7次                         → 7 次, 2022
    follow_through:    met, bound 4, gap +3

Everything here is a pure function of the indicators and documents tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from fazhi.schema import FOLLOW_THROUGH
from fazhi.tables import columns, to_arrow

if TYPE_CHECKING:  # the build passes Arrow tables and rows: it never imports pandas for this
    import pandas as pd
    import pyarrow as pa

    #: A table as the functions take it: a DataFrame, an Arrow table or its rows as dicts.
    Rows = pd.DataFrame | pa.Table | Iterable[dict]

#: Document types whose targets are followed (a report's next-year targets are not: the
#: next report is the same kind of document, and the plans are what researchers hold to account).
PLAN_TYPES = ("plan", "opinion", "key_points", "action_plan")
INF = float("inf")
#: Cadences that make a target due every year of the plan (每年…).
YEARLY = ("per year", "per person per year", "per lawyer per year")


def _blank(v) -> bool:
    """None, NaN, pandas' NA or NaT: a missing value from any of the table forms.

    >>> _blank(None), _blank(float("nan")), _blank("甲"), _blank(0)
    (True, True, False, False)
    """
    if v is None:
        return True
    try:
        return bool(v != v)  # noqa: PLR0124 - only a missing value differs from itself (NaN, NaT)
    except (TypeError, ValueError):  # pandas.NA: its comparisons are NA, whose truth is undefined
        return True


def records(table) -> list[dict]:
    """The rows of a DataFrame, an Arrow table or an iterable of dicts, as dicts.

    >>> records([{"doc_id": "a"}])
    [{'doc_id': 'a'}]
    """
    if hasattr(table, "to_dict"):
        return table.to_dict("records")
    if hasattr(table, "to_pylist"):
        return table.to_pylist()
    return list(table)


def _val(v):
    """A table cell as a plain Python value (None for any kind of missing)."""
    if _blank(v):
        return None
    return v.item() if hasattr(v, "item") else v


def interval(lower, upper, lower_inclusive, upper_inclusive, unit: str | None) -> tuple[float, float, bool, bool]:
    """The values a statement allows, as ``(lo, hi, lo_inclusive, hi_inclusive)``; a share (%)
    never leaves 0–100, so ``≥100%`` is ``100%`` (保持100% and 100%底线 ask the same).

    >>> interval(100, None, True, None, "%")
    (100.0, 100.0, True, True)
    >>> interval(None, 30, None, False, "%")   # 控制在30%以内 (strictly below)
    (0.0, 30.0, True, False)
    >>> interval(4, None, True, None, "次")      # 不少于4次
    (4.0, inf, True, False)
    """
    lo = -INF if _blank(lower) else float(lower)
    hi = INF if _blank(upper) else float(upper)
    lo_inc = bool(lower_inclusive) if not _blank(lower_inclusive) else lo != -INF
    hi_inc = bool(upper_inclusive) if not _blank(upper_inclusive) else hi != INF
    if unit == "%":
        if hi > 100 or (hi == 100 and hi_inc) or hi == INF:
            hi, hi_inc = 100.0, True
        if lo < 0 or lo == -INF:
            lo, lo_inc = 0.0, True
    return lo, hi, (lo_inc and lo != -INF), (hi_inc and hi != INF)


def allows(span: tuple[float, float, bool, bool], value: float) -> bool:
    """Whether ``value`` lies in ``span`` (:func:`interval`).

    >>> allows(interval(4, None, True, None, "次"), 7), allows(interval(4, None, False, None, "次"), 4)
    (True, False)
    """
    lo, hi, lo_inc, hi_inc = span
    return (value > lo or (lo_inc and value == lo)) and (value < hi or (hi_inc and value == hi))


def _bound(t: Mapping) -> float | None:
    """The bound a figure is measured against: the lower one (不低于), else the upper (不超过)."""
    for k in ("lower", "upper", "value"):
        if not _blank(t.get(k)):
            return float(t[k])
    return None


def _span(r: Mapping) -> tuple[float, float, bool, bool]:
    return interval(r.get("lower"), r.get("upper"), r.get("lower_inclusive"), r.get("upper_inclusive"), r.get("unit"))


def _scope(v) -> str:
    return "" if _blank(v) else str(v)


def _year(v) -> int | None:
    return None if _blank(v) else int(v)


def follow_through_rows(indicators: Rows, documents: Rows, *, aliases: Mapping[str, str] | None = None) -> list[dict]:
    """The rows of the follow-through table (:data:`fazhi.schema.FOLLOW_THROUGH`) of a corpus.

    ``aliases`` maps a jurisdiction's former name to its current one (``{"某某县": "某某市"}``
    after a county became a city), so its reports and plans meet; jurisdictions are otherwise
    told apart by name and province (台安县 of 辽宁 is not one of another province).

    >>> docs = pd.DataFrame({"doc_id": ["p", "r"], "jurisdiction_zh": ["大兴区"] * 2, "province_zh": ["北京市"] * 2,
    ...     "doc_type": ["opinion", "report"], "period_start": [2022, 2022], "period_end": [2025, 2022]})
    >>> ind = pd.DataFrame({"doc_id": ["p", "r"], "seq": [0, 0], "provision_id": ["p:1", "r:1"], "indicator_id": ["pre_meeting_law_study"] * 2,
    ...     "kind": ["target", "reported"], "status": ["numeric"] * 2, "value": [4.0, 7.0], "unit": ["次"] * 2,
    ...     "comparator": [">=", "="], "lower": [4.0, 7.0], "upper": [None, 7.0], "lower_inclusive": [True, True],
    ...     "upper_inclusive": [None, True], "year": [None, 2022], "cadence": ["per year", None], "scope": [None, None],
    ...     "qualifier": [None, None], "value_text": ["4次", "7次"], "quote": ["会前学法不少于4次", "会前学法7次"], "start": [0, 0], "end": [9, 6]})
    >>> [(r["report_quote"], r["status"], r["bound"], r["gap"]) for r in follow_through_rows(ind, docs)]
    [('会前学法7次', 'met', 4.0, 3.0)]
    """
    aliases = dict(aliases or {})
    docs = {r["doc_id"]: r for r in records(documents)}

    def place(doc_id: str) -> tuple[str, str]:
        d = docs[doc_id]
        name = d["jurisdiction_zh"] if _blank(d.get("current_name")) else d["current_name"]  # a renamed place's present name
        return aliases.get(name, name), d["province_zh"] or ""

    rows = [r for r in records(indicators) if not _blank(r.get("indicator_id")) and r["doc_id"] in docs]
    targets: dict[tuple, list[dict]] = defaultdict(list)
    reported: dict[tuple, list[dict]] = defaultdict(list)  # by (place, indicator)
    for r in rows:
        d = docs[r["doc_id"]]
        if r["kind"] == "target" and r["status"] == "numeric" and d["doc_type"] in PLAN_TYPES and not _blank(r.get("value")):
            targets[place(r["doc_id"])].append(r)
        elif d["doc_type"] == "report":
            reported[(place(r["doc_id"]), r["indicator_id"])].append(r)
    reports: dict[tuple, list[dict]] = defaultdict(list)  # every report of a place, with its year
    for d in docs.values():
        if d["doc_type"] == "report":
            reports[place(d["doc_id"])].append(d)

    out: list[dict] = []
    for where in sorted(targets):
        plans = targets[where]
        years = [_year(d["period_start"]) for d in reports[where]]
        latest = max((y for y in years if y is not None), default=None)
        for t in sorted(plans, key=lambda r: (r["doc_id"], r["seq"])):
            out.extend(_follow(t, docs[t["doc_id"]], where, plans, docs, reports[where], reported[(where, t["indicator_id"])], latest))
    # Deterministic order: place, target, then its figures by year (no year last).
    out.sort(key=lambda r: (r["jurisdiction_zh"], r["target_doc_id"], r["target_seq"], r["report_year"] is None, r["report_year"] or 0,
                            r["report_doc_id"] or "", r["report_seq"] or 0))  # fmt: skip
    return out


def follow_through(indicators: Rows, documents: Rows, *, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """:func:`follow_through_rows` as a DataFrame of the declared schema (checked).

    >>> t = follow_through(corpus.indicators, corpus.documents)
    >>> sorted(set(t["status"]))   # the founding corpus holds no report of a jurisdiction that plans
    ['no later report']
    """
    return to_arrow(columns(follow_through_rows(indicators, documents, aliases=aliases), FOLLOW_THROUGH), FOLLOW_THROUGH).to_pandas()


def _window(t: Mapping, plan: Mapping) -> tuple[int | None, int | None]:
    """The years a target holds for: from its year to the plan's end (a 2022 target still shows
    in the 2024 report of a 2022–2024 plan), else the plan's period."""
    start, end = _year(plan.get("period_start")), _year(plan.get("period_end"))
    year = _year(t.get("year"))
    if year is not None:
        return year, max(year, end) if end is not None else year
    return start, end


def _due(t: Mapping, plan: Mapping, report_year: int | None) -> int | None:
    """When the target is due: its year, else every year for a yearly one, else the plan's end."""
    if _year(t.get("year")) is not None:
        return _year(t["year"])
    if t.get("cadence") in YEARLY and report_year is not None:
        return report_year
    return _year(plan.get("period_end"))


def _overlapping(t: Mapping, plans: list[dict], docs: Mapping) -> bool:
    """Another plan of the jurisdiction sets the same indicator, unit and scope for years this one covers."""
    lo, hi = _window(t, docs[t["doc_id"]])
    for o in plans:
        if (
            o["doc_id"] == t["doc_id"]
            or o["indicator_id"] != t["indicator_id"]
            or o["unit"] != t["unit"]
            or _scope(o.get("scope")) != _scope(t.get("scope"))
        ):
            continue
        olo, ohi = _window(o, docs[o["doc_id"]])
        if None in (lo, hi, olo, ohi) or (olo <= hi and lo <= ohi):
            return True
    return False


def _follow(t: dict, plan: Mapping, where: tuple[str, str], plans: list[dict], docs: Mapping, reports: list[dict],
            figures: list[dict], latest: int | None) -> list[dict]:  # fmt: skip
    """The rows of one target."""
    lo, hi = _window(t, plan)
    base_reasons = ["overlapping plans"] if _overlapping(t, plans, docs) else []
    in_window = [
        d for d in reports if _year(d["period_start"]) is None or (lo is not None and hi is not None and lo <= _year(d["period_start"]) <= hi)
    ]
    report_ids = {d["doc_id"] for d in in_window}
    bound = _bound(t)
    span = _span(t)
    base = {
        "jurisdiction_zh": where[0],
        "province_zh": where[1],
        "indicator_id": t["indicator_id"],
        "unit": t["unit"],
        "scope": None if _blank(t.get("scope")) else t["scope"],
        "target_doc_id": t["doc_id"],
        "target_seq": t["seq"],
        "target_provision_id": t["provision_id"],
        "target_start": t["start"],
        "target_end": t["end"],
        "target_quote": t["quote"],
        "target_value_text": _val(t.get("value_text")),
        "target_comparator": _val(t.get("comparator")),
        "target_lower": _val(t.get("lower")),
        "target_upper": _val(t.get("upper")),
        "target_year": _year(t.get("year")),
        "n_reports": len(in_window),
    }
    out = []
    for f in sorted((f for f in figures if f["doc_id"] in report_ids), key=lambda f: (f["doc_id"], f["seq"])):
        doc_year = _year(docs[f["doc_id"]]["period_start"])
        year = _year(f.get("year")) if _year(f.get("year")) is not None else doc_year
        reasons = list(base_reasons)
        comparable = (
            f["status"] == "numeric"
            and not _blank(f.get("value"))
            and f.get("unit") == t["unit"]
            and _scope(f.get("scope")) == _scope(t.get("scope"))
        )
        due = _due(t, plan, year)
        if not comparable:
            if f["status"] != "numeric" or _blank(f.get("value")):
                reasons.append("mentioned without a figure")
            elif f.get("unit") != t["unit"]:
                reasons.append("figure in another unit")
            else:
                reasons.append("figure for another scope")
            status, gap = "no comparable figure", None
        else:
            value = float(f["value"])
            gap = round(value - bound, 6) if bound is not None else None
            if not _blank(f.get("qualifier")):
                reasons.append("approximate figure")
            if year is not None and doc_year is not None and year != doc_year:
                reasons.append("figure of another year")
            if year is None:
                status = "report year unknown"
                reasons.append("report without a year")
            elif allows(span, value):
                status = "met"
            elif due is not None and year < due:
                status = "target year not reached"
            else:
                status = "not met"
        out.append(
            base | {
                "due_year": due,
                "report_doc_id": f["doc_id"], "report_seq": f["seq"], "report_provision_id": f["provision_id"],
                "report_start": f["start"], "report_end": f["end"], "report_quote": f["quote"],
                "report_value_text": _val(f.get("value_text")), "report_value": _val(f.get("value")), "report_unit": _val(f.get("unit")),
                "report_year": year, "status": status, "bound": bound if comparable else None, "gap": gap, "review_reasons": reasons,
            }
        )  # fmt: skip
    if out:
        return out
    reasons = list(base_reasons)
    if any(_year(d["period_start"]) is None for d in in_window):
        reasons.append("report without a year")
    due = _due(t, plan, None)
    if in_window and latest is not None and due is not None and latest < due and t.get("cadence") not in YEARLY:
        # reports so far do not mention a target due later: not yet a failure to report
        status = "target year not reached"
        reasons.append("not reported so far")
    elif in_window:
        status = "not reported"
    elif latest is not None and lo is not None and latest < lo:
        status = "target year not reached"
    else:
        status = "no later report"
    empty = dict.fromkeys(("report_doc_id", "report_seq", "report_provision_id", "report_start", "report_end", "report_quote",
                           "report_value_text", "report_value", "report_unit", "report_year", "bound", "gap"))  # fmt: skip
    return [base | empty | {"due_year": due, "status": status, "review_reasons": reasons}]
