"""Follow-through and cascade in a profile: what became of a jurisdiction's targets in its
later reports, and which of them it took from the level above (issue 29).

Both read the corpus's ``follow_through`` and ``cascade`` tables (:mod:`fazhi.analyze.followthrough`,
:mod:`fazhi.analyze.cascade`); every word comes from :mod:`fazhi.report.i18n`.

>>> follow_table(corpus, "en").columns.tolist()[:4]
['indicator', 'target', 'due year', 'status']
"""

from __future__ import annotations

import pandas as pd

from fazhi.report.i18n import word
from fazhi.report.provenance import statement_link
from fazhi.schema import CASCADE_RELATIONS, FOLLOW_STATUSES


def _names(corpus, lang: str) -> dict[str, str]:
    """Catalogue indicator id → its name in ``lang`` (from the indicators table)."""
    i = corpus.indicators.dropna(subset=["indicator_id"])
    column = "indicator_zh" if lang == "zh" else "indicator_en"
    return dict(zip(i["indicator_id"], i[column]))


def _reasons(values, lang: str) -> str:
    return "; ".join(word(v, lang) for v in (values if values is not None else []))


def _number(v) -> str:
    """A gap as a reader wants it: no trailing zeros, a sign.

    >>> _number(3.0), _number(-0.5), _number(float("nan"))
    ('+3', '-0.5', '')
    """
    return "" if v is None or pd.isna(v) else f"{v:+g}"


def _bound_words(comparator, lower, upper, unit, lang: str) -> str:
    """A target as its bound: ``≥ 4 times`` / ``≥ 4次``, ``= 100%`` (全覆盖), ``90–95%``.

    >>> _bound_words(">=", 4.0, None, "次", "en"), _bound_words("=", 100.0, 100.0, "%", "zh"), _bound_words("between", 90.0, 95.0, "%", "en")
    ('≥ 4 times', '= 100%', '90–95%')
    """
    from fazhi.report.compare import SYMBOL
    from fazhi.report.i18n import unit_name

    shown = unit_name(unit, lang)
    space = "" if lang == "zh" or shown in ("%", "‰", "") else " "
    if comparator == "between" and not pd.isna(lower) and not pd.isna(upper):
        return f"{lower:g}–{upper:g}{space}{shown}"
    value = upper if comparator in ("<=", "<") else lower
    if value is None or pd.isna(value):
        return ""
    return f"{SYMBOL.get(comparator, comparator)} {value:g}{space}{shown}"


def figure_words(value, unit, lang: str) -> str:
    """A reported figure in ``lang``: its value and unit (``7 times``, ``7次``); empty without a value.

    >>> figure_words(7.0, "次", "en"), figure_words(98.5, "%", "en"), figure_words(7.0, "次", "zh"), figure_words(None, "次", "en")
    ('7 times', '98.5%', '7次', '')
    """
    if value is None or pd.isna(value):
        return ""
    from fazhi.report.i18n import unit_name

    shown = unit_name(unit, lang)
    space = "" if lang == "zh" or shown in ("%", "‰", "") else " "
    return f"{value:g}{space}{shown}"


def follow_table(corpus, lang: str = "zh") -> pd.DataFrame:
    """One row per target and later figure (``corpus.follow_through``), in ``lang``: the
    indicator, the target and its due year, the status, the report's year and figure, the
    gap, why to check, and the target's clause as written.

    >>> t = follow_table(corpus.subset(["Daxing"]), "zh")
    >>> t.columns.tolist()[3], sorted(set(t["状态"]))   # the founding corpus has no later report of 大兴
    ('状态', ['无后续报告'])
    """
    f = corpus.follow_through
    names = _names(corpus, lang)
    return pd.DataFrame(
        {
            word("indicator", lang): f["indicator_id"].map(lambda v: names.get(v, v)),
            word("target", lang): [_bound_words(c, lo, hi, u, lang) for c, lo, hi, u in zip(f["target_comparator"], f["target_lower"], f["target_upper"], f["unit"])],
            word("due year", lang): f["due_year"].astype("Int64"),
            word("status", lang): f["status"].map(lambda v: word(v, lang)),
            word("report year", lang): f["report_year"].astype("Int64"),
            word("reported", lang): [figure_words(v, u, lang) for v, u in zip(f["report_value"], f["report_unit"])],
            word("gap", lang): f["gap"].map(_number),
            word("review", lang): f["review_reasons"].map(lambda v: _reasons(v, lang)),
            word("quote", lang): f["target_quote"],
        }
    ).reset_index(drop=True)


def follow_links(corpus, lang: str = "zh") -> dict[str, list]:
    """Links of :func:`follow_table`'s columns (its words in ``lang``): the target's clause and
    the reported figure, each to its own statement on the full-text page.

    >>> follow_links(corpus.subset(["Daxing"]), "en")["quote"][0].startswith("text/daxing_2022_opinion.html#s-")
    True
    """
    f = corpus.follow_through
    quote = [
        statement_link(d, p, a, b, "numeric") for d, p, a, b in zip(f["target_doc_id"], f["target_provision_id"], f["target_start"], f["target_end"])
    ]
    figure = [
        statement_link(d, p, a, b, report_status(v)) if isinstance(d, str) else None
        for d, p, a, b, v in zip(f["report_doc_id"], f["report_provision_id"], f["report_start"], f["report_end"], f["report_value"])
    ]
    return {word("quote", lang): quote, word("reported", lang): figure}


def with_report(corpus):
    """``corpus`` with only the follow-through rows a later report speaks in (a figure or a
    mention: ``report_doc_id`` set), for a profile; the other rows stay on page 06.

    >>> from types import SimpleNamespace
    >>> c = SimpleNamespace(follow_through=pd.DataFrame({"report_doc_id": ["r", None], "status": ["met", "no later report"]}))
    >>> with_report(c).follow_through["status"].tolist()
    ['met']
    """
    import copy

    out = copy.copy(corpus)
    f = corpus.follow_through
    out.follow_through = f[f["report_doc_id"].notna()].reset_index(drop=True)
    return out


def report_status(value) -> str:
    """The reported row's status for its link: a mention without a figure (no value) is not
    underlined on the full-text page, so it links to its provision.

    >>> report_status(7.0), report_status(None)
    ('numeric', 'qualitative')
    """
    return "qualitative" if value is None or pd.isna(value) else "numeric"


def best_status(f: pd.DataFrame) -> pd.DataFrame:
    """One row per target of ``f`` (a ``follow_through`` frame): its best status, the first of
    :data:`fazhi.schema.FOLLOW_STATUSES` among its rows (met before not met before …).

    >>> f = pd.DataFrame({"target_doc_id": ["p", "p", "p"], "target_seq": [0, 0, 1], "status": ["not met", "met", "not reported"]})
    >>> best_status(f)[["target_seq", "status"]].values.tolist()
    [[0, 'met'], [1, 'not reported']]
    """
    rank = {s: k for k, s in enumerate(FOLLOW_STATUSES)}
    best = f.assign(_rank=f["status"].map(rank)).sort_values(["_rank"], kind="stable").drop_duplicates(["target_doc_id", "target_seq"])
    return best.sort_index().drop(columns="_rank")


def follow_summary(corpus, lang: str = "zh") -> list[str]:
    """One line counting the targets by status (each target counted once, by its best status).

    >>> from types import SimpleNamespace
    >>> f = pd.DataFrame({"target_doc_id": ["p", "p", "p"], "target_seq": [0, 0, 1], "status": ["target year not reached", "met", "not reported"]})
    >>> follow_summary(SimpleNamespace(follow_through=f), "en")
    ['Of 2 targets: met 1, not reported 1.']
    """
    f = corpus.follow_through
    if f.empty:
        return [word("no targets to follow", lang)]
    best = best_status(f)
    counts = best["status"].value_counts()
    listed = ", ".join(f"{word(s, lang)} {counts[s]}" for s in FOLLOW_STATUSES if s in counts)
    return [word("followed targets", lang).format(n=len(best), counts=listed)]


def cascade_table(corpus, lang: str = "zh", documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The targets a jurisdiction takes from a level above (``corpus.cascade`` without
    ``own``), in ``lang``: the indicator, its figure, how it relates to the figure above, the
    document above (named from ``documents``, the whole corpus's, when given) and its figure,
    why to check, and the target's clause.

    >>> cascade_table(corpus, "en").empty   # no level above in the founding corpus
    True
    """
    c = corpus.cascade[corpus.cascade["relation"] != "own"]
    names = _names(corpus, lang)
    above = c["parent_jurisdiction_zh"].fillna("") + " " + c["parent_doc_id"].fillna("")
    if documents is not None:
        d = documents.set_index("doc_id")
        who = d["jurisdiction_zh" if lang == "zh" else "jurisdiction_en"]
        named = who + " " + d["doc_type"].map(lambda v: word(v, lang)) + " " + d["period_start"].astype(str) + "–" + d["period_end"].astype(str)
        above = c["parent_doc_id"].map(named).fillna(above)
    return pd.DataFrame(
        {
            word("indicator", lang): c["indicator_id"].map(lambda v: names.get(v, v)),
            word("target", lang): c["value_text"],
            word("relation", lang): c["relation"].map(lambda v: word(v, lang)),
            word("level above", lang): above,
            word("figure above", lang): c["parent_value_text"],
            word("review", lang): c["review_reasons"].map(lambda v: _reasons(v, lang)),
            word("quote", lang): c["quote"],
        }
    ).reset_index(drop=True)


def cascade_links(corpus, lang: str = "zh") -> dict[str, list]:
    """Links of :func:`cascade_table`'s columns: the target's clause and the figure above, each
    to its statement on the full-text page.

    >>> cascade_links(corpus, "en")
    {'quote': [], 'figure above': []}
    """
    c = corpus.cascade[corpus.cascade["relation"] != "own"]
    quote = [statement_link(d, p, a, b, "numeric") for d, p, a, b in zip(c["doc_id"], c["provision_id"], c["start"], c["end"])]
    above = [
        statement_link(d, p, a, b, "numeric") for d, p, a, b in zip(c["parent_doc_id"], c["parent_provision_id"], c["parent_start"], c["parent_end"])
    ]
    return {word("quote", lang): quote, word("figure above", lang): above}


def cascade_summary(corpus, lang: str = "zh") -> list[str]:
    """One line: how many of the jurisdiction's targets repeat a level above, and how.

    >>> from types import SimpleNamespace
    >>> cascade_summary(SimpleNamespace(cascade=pd.DataFrame({"relation": ["verbatim", "verbatim", "own"]})), "en")
    ['Of 3 targets, 2 repeat a document of a level above (verbatim from above 2); its own: 1.']
    >>> cascade_summary(SimpleNamespace(cascade=pd.DataFrame({"relation": ["own"]})), "zh")
    ['1 个目标均为自设:本语料中没有上级文件的目标与之对应。']
    """
    c = corpus.cascade
    if c.empty:
        return []
    counts = c["relation"].value_counts()
    inherited = [r for r in CASCADE_RELATIONS if r != "own" and r in counts]
    if not inherited:
        return [word("cascade none", lang).format(n=len(c))]
    listed = ", ".join(f"{word(r, lang)} {counts[r]}" for r in inherited)
    return [
        word("cascade counts", lang).format(n=len(c), inherited=int(sum(counts[r] for r in inherited)), counts=listed, own=int(counts.get("own", 0)))
    ]
