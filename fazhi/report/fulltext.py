"""A full-text page per document: the normalised text, every provision anchored
(``#p-2.9.39``, the id the briefings link to) and every quantity statement highlighted.

Pure functions of the corpus tables; the page is one self-contained HTML file.

>>> segments([(0, 4, "a"), (4, 9, "b")], [(2, 6, "m")], 9)
[(0, 2, 'a', None), (2, 4, 'a', 'm'), (4, 6, 'b', 'm'), (6, 9, 'b', None)]
"""

from __future__ import annotations

import bisect
import heapq
import html

import pandas as pd

from fazhi.report.i18n import jurisdiction_column, word
from fazhi.report.provenance import statement_anchor

STYLE = """body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:900px;margin:2em auto;line-height:1.9;color:#222;padding:0 1em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;color:#444;font-size:14px} dt{font-weight:bold}
.doc{white-space:pre-wrap;border-top:1px solid #ddd;padding-top:1em}
.front,.back{color:#666}
.prov{scroll-margin-top:2em} .prov:target{background:#fff3b0;outline:2px solid #f0c000}
mark{scroll-margin-top:6em} mark:target{background:#fff3b0;outline:2px solid #f0c000;border-bottom-width:4px} .prov:has(mark:target){background:#fffbe8}
mark{background:none;border-bottom:3px solid #555;padding:0 1px} mark.target{border-bottom-color:#2b7bba} mark.reported{border-bottom-color:#e08a00;border-bottom-style:double}
.key mark{white-space:nowrap} .note{color:#666;font-size:13px} nav a{margin-right:1em}"""


def segments(provisions: list[tuple[int, int, str]], marks: list[tuple[int, int, str]], n: int) -> list[tuple[int, int, str | None, str | None]]:
    """The text cut where a provision or a highlighted span starts or ends: ``(start, end,
    provision key or None, mark key or None)``.  Provisions do not overlap; marks may
    overlap each other (the first one wins) and cross provisions (they are split).

    >>> segments([(0, 3, "p1")], [], 5)
    [(0, 3, 'p1', None), (3, 5, None, None)]
    """
    cuts = {0, n}
    for s, e, _ in provisions:
        cuts.update((s, e))
    for s, e, _ in marks:
        cuts.update((s, e))
    cuts = sorted(c for c in cuts if 0 <= c <= n)
    pstarts = [s for s, _, _ in provisions]
    # One sweep over the cuts: marks enter when they start and leave when they end; the
    # earliest-listed mark still open covers the segment (linear, however many marks).
    by_start = sorted(range(len(marks)), key=lambda k: marks[k][0])
    nxt, open_marks = 0, []  # heap of (list index, end)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        k = bisect.bisect_right(pstarts, a) - 1
        prov = provisions[k][2] if k >= 0 and provisions[k][0] <= a < provisions[k][1] else None
        while nxt < len(by_start) and marks[by_start[nxt]][0] <= a:
            heapq.heappush(open_marks, (by_start[nxt], marks[by_start[nxt]][1]))
            nxt += 1
        while open_marks and open_marks[0][1] <= a:
            heapq.heappop(open_marks)
        out.append((a, b, prov, marks[open_marks[0][0]][2] if open_marks else None))
    return out


def statement_marks(indicators: pd.DataFrame, lang: str) -> tuple[list[tuple[int, int, str]], dict[str, tuple[str, str]]]:
    """Highlighted spans (the quotes of numeric and relative statements) and, per span, its
    class (target/reported) and tooltip listing every statement made in it; a span's key is its
    id on the page (:func:`~fazhi.report.provenance.statement_anchor`).

    >>> marks, info = statement_marks(corpus.indicators[corpus.indicators["doc_id"] == "shiyan_2023_report"], "en")
    >>> info[marks[0][2]][0]
    'reported'
    """
    from fazhi.report.targets import describe

    rows = indicators[indicators["status"] != "qualitative"].sort_values(["start", "end"])
    spans: dict[tuple[int, int], list] = {}
    for r in rows.itertuples():
        spans.setdefault((int(r.start), int(r.end)), []).append(r)
    marks, info = [], {}
    for (s, e), rs in spans.items():
        key = statement_anchor(s, e)  # the span's id on the page too (#s-start-end)
        names = [f"{describe(pd.Series(r._asdict()), lang)} · {_name_or_unmapped(getattr(r, 'indicator_zh' if lang == 'zh' else 'indicator_en'), lang)}" for r in rs]
        marks.append((s, e, key))
        info[key] = ("target" if all(r.kind == "target" for r in rs) else "reported", "\n".join(names))
    return marks, info


def _name_or_unmapped(name, lang: str) -> str:
    """An indicator's name, or "(unmapped)" for a figure no catalogue indicator holds (None or NaN)."""
    return name if isinstance(name, str) and name else word("unmapped", lang)


def original_link(original: dict | None, lang: str) -> str:
    """The full-text page's line for the document's original file: a link to the copy beside
    the briefings (a saved web page is offered as a download: opened, it would fetch from the
    web), or why there is none.

    >>> original_link({"href": "../../originals/a/page.html", "name": "page.html", "bytes": 37556, "format": "html", "converter": "selectolax 1.0.2"}, "en")
    '<a href="../../originals/a/page.html" download>page.html</a> (HTML, 36.7 kB; text by selectolax 1.0.2; a saved web page: downloaded, not opened, so the briefing stays offline)'
    >>> original_link({"missing": "changed", "file": "a.pdf"}, "zh")
    'a.pdf 未附:构建后已改动(SHA-256 不同)'
    """
    if not original:
        return ""
    if "missing" in original:
        why = {"absent": ("不在原始文件夹中", "not in the raw folder"), "changed": ("构建后已改动(SHA-256 不同)", "changed since the build (SHA-256 differs)")}[original["missing"]]
        return html.escape(f"{original['file']} 未附:{why[0]}" if lang == "zh" else f"{original['file']} not attached: {why[1]}")
    kb = f"{original['bytes'] / 1024:.1f} kB"
    web = original["format"] == "html"
    link = f'<a href="{html.escape(original["href"])}"{" download" if web else ""}>{html.escape(original["name"])}</a>'
    if lang == "zh":
        how = f"{original['format'].upper()},{kb};文本由 {original['converter']} 提取" + (";网页原件以下载方式提供,打开会联网,简报本身保持离线" if web else "")
        return f"{link}({html.escape(how)})"
    how = f"{original['format'].upper()}, {kb}; text by {original['converter']}" + ("; a saved web page: downloaded, not opened, so the briefing stays offline" if web else "")
    return f"{link} ({html.escape(how)})"


def page(corpus, doc_id: str, lang: str = "zh", *, index_href: str = "../index.html", original: dict | None = None) -> str:
    """The full-text page of one document, in ``lang`` (its text is always the original);
    ``original``: its original file as :func:`original_link` shows it.

    >>> 'id="p-2.9.39"' in page(corpus, "taian_2017_plan", "en")
    True
    """
    from fazhi.report.overview import document_status
    from fazhi.report.provenance import citation

    doc = corpus.documents[corpus.documents["doc_id"] == doc_id].iloc[0]
    text = doc["text"]
    provs = corpus.provisions[corpus.provisions["doc_id"] == doc_id].sort_values("start")
    spans = [(int(p.start), int(p.end), p.provision_id) for p in provs.itertuples() if p.end > p.start]
    printed = dict(zip(provs["provision_id"], provs["path_label"]))
    marks, info = statement_marks(corpus.indicators[corpus.indicators["doc_id"] == doc_id], lang)
    body = []
    open_prov = open_mark = None
    anchored: set[str] = set()
    # Every statement's span is a link target (#s-start-end, provenance.statement_anchor): its
    # first <mark> carries the id; a span hidden under an earlier overlapping one gets an
    # empty anchor at its start, so no link lands nowhere.
    starting: dict[int, list[str]] = {}
    start_of = {}
    for s, e, key in marks:
        starting.setdefault(s, []).append(key)
        start_of[key] = s
    for a, b, prov, mark in segments(spans, marks, len(text)):
        if open_mark and (mark != open_mark or prov != open_prov):
            body.append("</mark>")
            open_mark = None
        if prov != open_prov:
            if open_prov:
                body.append("</span>")
            if prov:
                pid = prov.split(":", 1)[1]
                ident = f' id="p-{html.escape(pid)}"' if prov not in anchored else ""
                anchored.add(prov)
                body.append(f'<span class="prov"{ident} title="{html.escape(printed.get(prov, ""))}">')
            open_prov = prov
        for key in starting.get(a, ()):
            if key != mark or mark == open_mark:
                body.append(f'<span id="{key}"></span>')
        if mark and mark != open_mark:
            cls, tip = info[mark]
            ident = f' id="{mark}"' if a == start_of[mark] else ""
            body.append(f'<mark class="{cls}"{ident} title="{html.escape(tip)}">')
            open_mark = mark
        body.append(html.escape(text[a:b]))
    if open_mark:
        body.append("</mark>")
    if open_prov:
        body.append("</span>")
    for p in provs.itertuples():  # provisions with no text of their own (a heading-only label) still resolve
        if p.provision_id not in anchored:
            body.append(f'<span class="prov" id="p-{html.escape(p.provision_id.split(":", 1)[1])}"></span>')
    w = lambda k: word(k, lang)  # noqa: E731
    fields = [
        (w("jurisdiction"), doc[jurisdiction_column(lang)]),
        (w("type"), w(doc["doc_type"])),
        (w("status"), document_status(doc, lang)),
        (w("period"), f"{doc['period_start']}–{doc['period_end']}"),
        (w("doc_number"), doc["doc_number"]),
        (w("issued"), doc["issued_date"]),
        ("URL", doc["source_url"] if isinstance(doc["source_url"], str) and doc["source_url"] else label_for("no url", lang)),
        ("SHA-256", doc["sha256"]),
        (label_for("citation", lang), citation(doc, corpus.data_version, lang)),
    ]
    meta = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in fields if v is not None and str(v) not in ("", "nan", "NaT", "None"))
    if original:
        meta += f"<dt>{html.escape(label_for('original', lang))}</dt><dd>{original_link(original, lang)}</dd>"
    key = (
        '<p class="key note">下划线:<mark class="target">目标</mark> <mark class="reported">报告值</mark>;将鼠标停在下划线上可看到提取结果;条目编号链接定位到此页的对应位置。</p>'
        if lang == "zh"
        else '<p class="key note">Underlined: <mark class="target">targets</mark> <mark class="reported">reported figures</mark>; hover an underline for what was extracted. '
        "Links from the briefings land on the provision. The text is the original Chinese, normalised (simplified script, debris removed).</p>"
    )
    back = "← 返回简报目录" if lang == "zh" else "← Back to the briefings"
    return f"""<!DOCTYPE html>
<html lang="{'zh-Hans' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{html.escape(str(doc['title'] or doc_id))}</title>
<style>{STYLE}</style></head><body>
<nav><a href="{html.escape(index_href)}">{back}</a></nav>
<h1>{html.escape(str(doc['title'] or doc_id))}</h1>
<dl>{meta}</dl>
{key}
<div class="doc">{''.join(body)}</div>
</body></html>
"""


def label_for(key: str, lang: str) -> str:
    """Words used only on the full-text page.

    >>> label_for("citation", "zh")
    '引用'
    """
    return {"citation": ("引用", "Cite as"), "no url": ("未记录来源网址", "no source address recorded"), "original": ("原始文件", "Original file")}[key][0 if lang == "zh" else 1]
