"""Where every value comes from: the full-text anchor of a provision, the link to it, and the
citation line and provenance columns every CSV download carries.

>>> text_link("taian_2017_plan", "taian_2017_plan:2.9.39")
'text/taian_2017_plan.html#p-2.9.39'
"""

from __future__ import annotations


import pandas as pd



def anchor(provision_id: str) -> str:
    """The id of a provision on its document's full-text page.

    >>> anchor("taian_2017_plan:2.9.39")
    'p-2.9.39'
    """
    return "p-" + str(provision_id).split(":", 1)[1]


def text_link(doc_id: str, provision_id: str | None = None) -> str:
    """Relative link from a briefing to a document's full-text page (and a provision on it).

    >>> text_link("taian_2017_plan", "taian_2017_plan:2.9.39")
    'text/taian_2017_plan.html#p-2.9.39'
    """
    return f"text/{doc_id}.html" + (f"#{anchor(provision_id)}" if provision_id else "")


def printed_label(path_label) -> str:
    """A provision number as a table shows it: a bare part number in Chinese numerals keeps the
    mark the documents print after it (``一、``), so ``一`` never reads as a dash.

    >>> printed_label("一"), printed_label("二(二)15"), printed_label(None)
    ('一、', '二(二)15', '')
    """
    import re

    if not isinstance(path_label, str):
        return ""
    return path_label + "、" if re.fullmatch(r"[一二三四五六七八九十百零〇]+", path_label) else path_label


def statement_anchor(start: int, end: int) -> str:
    """The id of a statement's own span on its document's full-text page.

    >>> statement_anchor(4896, 4901)
    's-4896-4901'
    """
    return f"s-{int(start)}-{int(end)}"


def statement_link(doc_id: str, provision_id: str | None, start=None, end=None, status: str | None = None) -> str:
    """Link to the statement itself (its figure underlined and focused, not the whole provision
    with a dozen figures); a mention without a figure (``status == "qualitative"``, not
    underlined on the page) and a row without offsets link to the provision.

    >>> statement_link("shiyan_2023_report", "shiyan_2023_report:8.2", 4896, 4901, "numeric")
    'text/shiyan_2023_report.html#s-4896-4901'
    >>> statement_link("shiyan_2023_report", "shiyan_2023_report:8.2", 4896, 4901, "qualitative")
    'text/shiyan_2023_report.html#p-8.2'
    """
    if status == "qualitative" or start is None or end is None or pd.isna(start) or pd.isna(end):
        return text_link(doc_id, provision_id)
    return f"text/{doc_id}.html#{statement_anchor(start, end)}"


def statement_links(rows: pd.DataFrame) -> pd.Series:
    """:func:`statement_link` of every row (``doc_id``, ``provision_id``, ``start``, ``end``, ``status``).

    >>> statement_links(pd.DataFrame({"doc_id": ["a"], "provision_id": ["a:1"], "start": [3], "end": [9], "status": ["numeric"]}))[0]
    'text/a.html#s-3-9'
    """
    status = rows["status"] if "status" in rows else pd.Series([None] * len(rows), index=rows.index)
    return pd.Series([statement_link(d, p, a, b, st) for d, p, a, b, st in zip(rows["doc_id"], rows["provision_id"], rows["start"], rows["end"], status)], dtype=object)


def citation(doc: pd.Series, data_version: str, lang: str) -> str:
    """How to cite a figure: jurisdiction, title, number, date, extractor and data version.

    >>> doc = pd.Series({"jurisdiction_zh": "青海省", "jurisdiction_en": "Qinghai", "title": "青海省2024年法治政府建设工作要点",
    ...                  "doc_number": "青政办函〔2024〕19号", "issued_date": "2024-02-01"})
    >>> citation(doc, "ab12cd34ef", "en")
    'Qinghai, 《青海省2024年法治政府建设工作要点》 (青政办函〔2024〕19号, issued 2024-02-01); extracted by fazhi 0.1.0, data version ab12cd34ef.'
    """
    from fazhi.version import __version__

    def text(v) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    number, date = text(doc.get("doc_number")), text(doc.get("issued_date"))[:10]
    if lang == "zh":
        meta = ",".join(x for x in (number, f"{date}印发" if date else "") if x)
        return f"{doc['jurisdiction_zh']}《{text(doc.get('title'))}》" + (f"({meta})" if meta else "") + f";fazhi {__version__} 提取,数据版本 {data_version}。"
    meta = ", ".join(x for x in (number, f"issued {date}" if date else "") if x)
    return f"{doc['jurisdiction_en']}, 《{text(doc.get('title'))}》" + (f" ({meta})" if meta else "") + f"; extracted by fazhi {__version__}, data version {data_version}."


def with_provenance(rows: pd.DataFrame, corpus, lang: str) -> pd.DataFrame:
    """``rows`` (with a ``doc_id`` column) plus where each comes from, for downloads:
    source URL, document number, issue date, data version and a citation line (blank for
    a row that belongs to no single document, such as a "not set" cell).

    >>> with_provenance(pd.DataFrame({"doc_id": ["qinghai_2024_key_points"]}), corpus, "zh")["doc_number"].item()
    '青政办函〔2024〕19号'
    """
    d = corpus.documents.set_index("doc_id")
    docs = rows["doc_id"]
    cites = {doc_id: citation(d.loc[doc_id], corpus.data_version, lang) for doc_id in dict.fromkeys(docs) if doc_id in d.index}
    return rows.assign(
        source_url=docs.map(d["source_url"]),
        doc_number=docs.map(d["doc_number"]),
        issued_date=docs.map(d["issued_date"]).astype(str).replace({"NaT": None, "None": None}),
        data_version=corpus.data_version,
        citation=docs.map(cites),
    )


def provision_links(rows: pd.DataFrame) -> pd.Series:
    """Full-text links of rows that have ``doc_id`` and ``provision_id``.

    >>> provision_links(pd.DataFrame({"doc_id": ["taian_2017_plan"], "provision_id": ["taian_2017_plan:2.9.39"]}))[0]
    'text/taian_2017_plan.html#p-2.9.39'
    """
    return pd.Series([text_link(d, p) for d, p in zip(rows["doc_id"], rows["provision_id"])], dtype=object)
