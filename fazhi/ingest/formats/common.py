"""What every converter returns, and the text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A page number on a line of its own (a PDF's, or a converted PDF's): — 3 —, - 3 -, 3, 第3页, 第3页 共9页, 3/9.
PAGE_NUMBER = re.compile(r"^[\s—–\-－─~～·]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[\s—–\-－─~～·]*$")

#: The formats :func:`fazhi.ingest.formats.extract` reads.
FORMATS = ("txt", "html", "pdf", "docx", "doc")


@dataclass
class Extracted:
    """A raw file's text as a converter read it, what the file says about itself, and
    everything the converter dropped (so the quality table can account for it).

    ``meta`` keys: title, published (发布时间, ISO date), doc_number (发文字号), index_no
    (索引号), issuer (发布机构), source (来源). ``removed``: (kind, text) pairs such as
    ``("page number", "— 3 —")`` or ``("navigation", "首页 政务公开")``.
    """

    text: str
    format: str
    converter: str
    meta: dict[str, str] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)
    encoding: str = "binary"  # the codec of a text format (txt, html); "binary" for PDF and Word files


#: A numbered item at the start of a line (一、 (一) 1. (1) ① 第三条): never merged into the line before.
NUMBERED = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,3}(?:[.．、](?!\d)|\s)|[（(]\d{1,3}[）)]|[①-⑳])"
)

_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def iso_date(text: str) -> str | None:
    """The first date in ``text`` as YYYY-MM-DD.

    >>> iso_date("时间：2023-03-28 17:24"), iso_date("2022年3月14日"), iso_date("无")
    ('2023-03-28', '2022-03-14', None)
    """
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


#: Labels of a portal's or a file's metadata (索引号：… 发文字号：…) → Extracted.meta keys.
META_LABELS = {
    "索引号": "index_no",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "发布时间": "published",
    "发布日期": "published",
    "成文日期": "published",
    "发文日期": "published",
    "印发日期": "published",
    "生成日期": "published",
    "时间": "published",
    "标题": "title",
    "信息来源": "source",
    "来源": "source",
    # labels of other cells: they end the value before them and are not kept
    "有效性": "", "时效性": "", "主题分类": "", "组配分类": "", "体裁分类": "", "公文种类": "", "服务对象": "",
    "浏览次数": "", "阅读次数": "", "点击数": "", "字号": "", "生效日期": "", "废止日期": "", "关键词": "", "主题词": "",
}  # fmt: skip
#: A label as portals set it, often spaced out to align a table (文　　号, 索 引 号).
_LABEL_RX = re.compile(
    r"(?<![\u4e00-\u9fff])("
    + "|".join("[\\s\u3000]*".join(label) for label in sorted(META_LABELS, key=len, reverse=True))
    + r")\s*[:：]\s*"
)


def metadata_pairs(line: str) -> dict[str, str]:
    """``label：value`` pairs of a metadata line or table row, values up to the next label.

    >>> metadata_pairs("索引号：FJ001-2022 发文字号：闽政〔2022〕1号 发布时间：2022年3月14日")
    {'index_no': 'FJ001-2022', 'doc_number': '闽政〔2022〕1号', 'published': '2022-03-14'}
    >>> metadata_pairs("文\u3000\u3000号：某政报〔2025〕2号\t发文日期：2025-01-18")
    {'doc_number': '某政报〔2025〕2号', 'published': '2025-01-18'}
    """
    out: dict[str, str] = {}
    hits = list(_LABEL_RX.finditer(line))
    for i, m in enumerate(hits):
        value = line[m.end() : hits[i + 1].start() if i + 1 < len(hits) else len(line)].strip(" \t\u3000\xa0|")
        key = META_LABELS[re.sub(r"[\s\u3000]", "", m.group(1))]
        if key == "published":
            value = iso_date(value) or ""
        if key and value and key not in out:
            out[key] = value
    return out
