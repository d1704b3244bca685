"""One-line variants of annotated folders: ``make eval`` scores every set again as a crawler
that drops paragraph tags delivers it — the whole body as one long line.

Portal crawlers and document-sharing sites often keep a page's title and posting line but
flatten its content into one line (``…现将有关情况报告如下:一、主要工作(一)…1.…二、…某区人民政府
2023年1月5日``).  The outline, the year of a plan part and the date closing the text must then
be found inside the line (:mod:`fazhi.parse.oneline`).  The annotations stay valid: a quote
lies within a sentence, and joining lines without a separator keeps every sentence whole.

What counts as the body: every line from the first *prose* line on (a line of at least
:data:`PROSE` characters, one ending a sentence, or a numbered heading), so the header lines
before it — title, posting line, 文号, a short addressee line — stay lines of their own, as on a
saved page.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

from fazhi.ingest.formats.common import PAGE_NUMBER

#: A line at least this long is prose: the body starts at the first one.
PROSE = 60
#: Sentence ends that make a shorter line prose too (a one-sentence opening paragraph).
SENTENCE_END = ("。", "!", "?", ";")
#: A numbered heading opens the body too: 一、 (一) 第一章 第一条 1.
HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[((][一二三四五六七八九十]{1,3}[))]|第[一二三四五六七八九十]{1,3}[章条部]|\d{1,2}[.、](?!\d))")


def body_start(lines: list[str]) -> int:
    """Index of the first prose line (``len(lines)`` if there is none).

    >>> body_start(["某县2023年法治政府建设情况报告", "发布时间:2024-01-05", "2023年,我县坚持依法行政。", "一、主要工作"])
    2
    >>> body_start(["现将有关情况报告如下:", "一、2023年主要工作"])
    1
    """
    for i, line in enumerate(lines):
        s = line.strip()
        if len(s) >= PROSE or s.endswith(SENTENCE_END) or HEADING.match(s):
            return i
    return len(lines)


def flatten_body(text: str) -> str:
    """The text with its body joined into one line: each body line stripped, no separator.

    >>> print(flatten_body("某县2023年法治政府建设情况报告\\n\\n  2023年,我县坚持依法行政。\\n一、主要工作\\n办结案件12件。\\n某县人民政府\\n2024年1月5日\\n"), end="")
    某县2023年法治政府建设情况报告
    <BLANKLINE>
    2023年,我县坚持依法行政。一、主要工作办结案件12件。某县人民政府2024年1月5日
    """
    lines = text.split("\n")
    k = body_start(lines)
    # a converted PDF's page numbers are no part of a crawler's line (it reads the page, not the PDF)
    body = "".join(line.strip() for line in lines[k:] if not PAGE_NUMBER.match(line) or not line.strip())
    return "\n".join(lines[:k] + [body]) + "\n"


def flatten_folder(src: Path, dst: Path) -> list[str]:
    """Copy an annotated folder (raw files, ``sources.csv``, annotations) to ``dst`` with every
    UTF-8 text file's body flattened and its ``sha256`` in ``sources.csv`` updated; other
    formats are copied as they are.  Returns the doc_ids flattened."""
    shutil.copytree(src, dst)
    with open(src / "sources.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    done = []
    for row in rows:
        path = dst / row["file"]
        if path.suffix.lower() != ".txt":
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:  # a GB18030 file: left as stored (the variant is about line breaks)
            continue
        data = flatten_body(text).encode("utf-8")
        path.write_bytes(data)
        if row.get("sha256"):
            row["sha256"] = hashlib.sha256(data).hexdigest()
        done.append(row["doc_id"])
    with open(dst / "sources.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return done
