"""Side-by-side comparison of targets and reported figures across jurisdictions.

Every jurisdiction keeps a row for every indicator asked for: "not set" and
"qualitative" (mentioned without a number) are answers, not gaps.

Typical use::

    compare_indicators(fazhi.load())            # the three headline indicators
    compare_indicators(corpus, ["online_service_rate"], lang="en")
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from fazhi.extract.catalogue import HEADLINE, load_catalogue

STATUS_RANK = {"numeric": 0, "relative": 1, "qualitative": 2}
STATUS_ORDER = ("numeric", "relative", "qualitative", "not set")
STATEMENT_FIELDS = ("doc_id", "provision_id", "status", "kind", "comparator", "value", "unit", "lower", "upper", "lower_inclusive", "upper_inclusive",
                    "relative_to", "relative_comparator", "cadence", "scope", "year", "subject", "quote", "start", "end", "path_label")  # fmt: skip
SYMBOL = {"=": "=", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}


def describe(row) -> str:
    """One cell of the comparison, in words: ``target ≥ 90% (2024)``.

    >>> describe({"status": "numeric", "kind": "reported", "comparator": "=", "value": 11.25, "unit": "%", "year": 2023, "scope": "市本级"})
    'reported = 11.25% (2023) [市本级]'
    """
    status = row["status"]
    if status == "not set":
        return "not set"
    year = f" ({int(row['year'])})" if pd.notna(row.get("year")) else ""
    if status == "qualitative":
        return f"{row['kind']}: qualitative{year}"
    if status == "relative":
        return f"{row['kind']} {row['relative_comparator']} {row['relative_to']}{year}"
    value = row["value"]
    number = f"{value:g}"
    unit = row["unit"] or ""
    cadence = f" {row['cadence']}" if isinstance(row.get("cadence"), str) else ""
    # a figure for a part of the jurisdiction says which part: 纠错率11.25% of 其中市本级
    part = f" [{row['scope']}]" if isinstance(row.get("scope"), str) and row.get("scope") else ""
    if row["comparator"] == "between" and pd.notna(row.get("upper")):
        return f"{row['kind']} {number}–{row['upper']:g}{unit}{cadence}{year}{part}"
    return f"{row['kind']} {SYMBOL.get(row['comparator'], row['comparator'])} {number}{unit}{cadence}{year}{part}"


def latest_names(documents: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each jurisdiction (by its Chinese name) → (English name, level) as its latest document
    gives them: documents that spell a place differently (Daxing, "Daxing District, Beijing")
    are still one place.

    >>> latest_names(pd.DataFrame({"jurisdiction_zh": ["大兴区", "大兴区"], "jurisdiction_en": ["Daxing", "Daxing District, Beijing"],
    ...                            "level": ["district", "district"], "period_start": [2022, 2023], "period_end": [2025, 2023]}))
    {'大兴区': ('Daxing District, Beijing', 'district')}
    """
    last = documents.sort_values(["period_start", "period_end"], kind="stable").drop_duplicates("jurisdiction_zh", keep="last")
    return {zh: (en, level) for zh, en, level in zip(last["jurisdiction_zh"], last["jurisdiction_en"], last["level"])}


def alphabetical(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` in a findable order in both languages: by English name (pinyin), then the Chinese one.

    >>> alphabetical(pd.DataFrame({"jurisdiction_en": ["Tai'an", "daxing"], "jurisdiction_zh": ["台安县", "大兴区"]}))["jurisdiction_zh"].tolist()
    ['大兴区', '台安县']
    """
    key = rows["jurisdiction_en"].astype(str).str.casefold() + "\x00" + rows["jurisdiction_zh"].astype(str)
    return rows.assign(_key=key).sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)


def compare_indicators(
    corpus, indicators: Sequence[str] | str = HEADLINE, jurisdictions: Sequence[str] | None = None, *, lang: str = "zh"
) -> pd.DataFrame:
    """One row per jurisdiction × indicator: the strongest statement each makes.

    ``indicators="all"`` compares every catalogue indicator that any document states.

    Only statements of documents that speak for the jurisdiction (``issuer_level`` government)
    count: a department's or a sub-district's own figures are not the jurisdiction's.
    Rows go by jurisdiction in alphabetical order of the English name (pinyin), so a
    reader finds a place in either language.  Numeric beats relative beats qualitative; a figure for the whole jurisdiction beats one
    limited to a part of it (其中市本级…: ``scope``); ties go to the latest document, then
    to the first statement in the text.  ``jurisdictions`` filters by ``jurisdiction_zh``,
    ``jurisdiction_en`` or ``doc_id``; ``lang`` picks the label columns.

    >>> t = compare_indicators(corpus, ["reconsideration_correction_rate"], lang="en")
    >>> t[["jurisdiction", "status"]].values.tolist()[2:4]
    [['Qinghai', 'relative'], ['Shiyan', 'numeric']]
    """
    catalogue = load_catalogue()
    if isinstance(indicators, str) and indicators == "all":
        found = set(corpus.indicators["indicator_id"].dropna())
        indicators = [i.indicator_id for i in catalogue.indicators if i.indicator_id in found]
    unknown = [i for i in indicators if i not in catalogue.by_id]
    if unknown:
        raise KeyError(f"unknown indicator(s) {unknown}; see fazhi.extract.catalogue.load_catalogue().table()")
    docs = corpus.documents
    if jurisdictions is not None:
        wanted = set(jurisdictions)
        docs = docs[docs["jurisdiction_zh"].isin(wanted) | docs["jurisdiction_en"].isin(wanted) | docs["doc_id"].isin(wanted)]
    # Only documents that speak for the jurisdiction (its government) enter a comparison: a
    # department's own report (…局关于2022年法治工作情况的报告) is not the city's figure.
    speaking = docs[docs["issuer_level"] == "government"] if "issuer_level" in docs else docs
    ind = corpus.indicators.merge(speaking[["doc_id", "level", "period_end"]], on="doc_id")
    out = []
    # One row per jurisdiction (its Chinese name): documents that spell its English name or level
    # differently (Daxing, "Daxing District, Beijing") are still one place; names from the latest.
    names = latest_names(docs)
    for jz, jdocs in docs.groupby("jurisdiction_zh", sort=False):
        je, level = names[jz]
        for indicator_id in indicators:
            meta = catalogue[indicator_id]
            rows = ind[(ind["jurisdiction_zh"] == jz) & (ind["indicator_id"] == indicator_id)]
            base = {
                "jurisdiction_zh": jz,
                "jurisdiction_en": je,
                "level": level,
                "indicator_id": indicator_id,
                "indicator_zh": meta.indicator_zh,
                "indicator_en": meta.indicator_en,
                "n_statements": len(rows),
            }
            if rows.empty:
                out.append({**base, "doc_id": ",".join(jdocs["doc_id"]), "status": "not set"})
                continue
            best = rows.assign(_rank=rows["status"].map(STATUS_RANK), _part=rows["scope"].notna(), _recent=-rows["period_end"]).sort_values(
                ["_rank", "_part", "_recent", "doc_id", "start"], kind="stable"
            ).iloc[0]
            out.append(
                {
                    **base,
                    **{k: best[k] for k in STATEMENT_FIELDS},
                }  # fmt: skip
            )
    table = pd.DataFrame(out)
    if len(table):  # a findable order in both languages: by English name (pinyin), then the Chinese one
        table = alphabetical(table)
    for col in STATEMENT_FIELDS:  # every column, even when no jurisdiction states anything
        if col not in table:
            table[col] = None
    table["display"] = table.apply(describe, axis=1)
    table["status"] = pd.Categorical(table["status"], categories=STATUS_ORDER)
    label = "jurisdiction_zh" if lang == "zh" else "jurisdiction_en"
    table["jurisdiction"] = table[label]
    table["indicator"] = table["indicator_zh" if lang == "zh" else "indicator_en"]
    return table


MATRIX_VALUES = ("display", "value", "lower", "upper", "status", "kind", "year", "quote", "path_label")


def headline_matrix(corpus, indicators: Sequence[str] = HEADLINE, *, lang: str = "zh", values: str = "display") -> pd.DataFrame:
    """The comparison as a jurisdiction × indicator grid: descriptions by default, or any
    one field of the chosen statement (``values="value"`` gives numbers to compute with).

    >>> headline_matrix(corpus, values="value").loc["青海省", "行政机关负责人出庭应诉率"]
    np.float64(90.0)
    """
    if values not in MATRIX_VALUES:
        raise ValueError(f"values must be one of {', '.join(MATRIX_VALUES)}, not {values!r}")
    t = compare_indicators(corpus, indicators, lang=lang)
    if values == "status":
        t = t.assign(status=t["status"].astype(str))
    grid = t.pivot(index="jurisdiction", columns="indicator", values=values)
    order_j = list(dict.fromkeys(t["jurisdiction"]))
    order_i = list(dict.fromkeys(t["indicator"]))
    return grid.loc[order_j, order_i]
