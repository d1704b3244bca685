"""A saved web page → its main text, its metadata and the page furniture it dropped.

selectolax (the Lexbor HTML5 parser) parses the page as a browser would; the reading
rule is ours and general, not one portal's template:

1. furniture is dropped and logged: ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``,
   forms and buttons, and elements whose class or id names navigation, breadcrumbs,
   share or print buttons, footers … (``div.breadcrumb``, ``div.share``) — unless that
   element holds most of the page's text (a whole page wrapped in ``<div class=main_nav>``);
2. the main element is found by Chinese text density: from ``<body>`` down, into the
   child holding most (≥ 60 %) of the text that is not link text; then, inside it, an
   element whose class names content (``article_content``, ``TRS_Editor``, ``zoom``)
   with a quarter of the text or more;
3. its text is rendered with the paragraph breaks a browser shows (``<p>``, ``<br>``,
   ``<div>``, table rows → lines), entities decoded; the title (meta ``ArticleTitle``,
   ``og:title``, ``<h1>``, an element classed title, else ``<title>``) goes first;
4. everything else on the page with text is logged in ``removed``; ``索引号：``,
   ``发布时间：``, ``来源：`` … anywhere on the page fill ``meta``.

>>> page = '''<html><head><title>通知_某市政府</title></head><body><div class=nav><a href=/>首页</a></div>
... <div class=main><h1>某市关于推进法治政府建设的通知</h1><span>发布时间：2022-03-14</span>
... <div class=content><p>各区县：</p><p>一、总体要求<br>依法行政。</p></div></div>
... <div class=footer>版权所有</div></body></html>'''
>>> x = extract_html(page.encode())
>>> x.text.splitlines()
['某市关于推进法治政府建设的通知', '各区县：', '一、总体要求', '依法行政。']
>>> x.meta["published"], x.removed[0]
('2022-03-14', ('navigation', '首页'))
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata

from fazhi.errors import SourceFileError
from fazhi.ingest.encoding import decode_bytes
from fazhi.ingest.formats.common import Extracted, iso_date, metadata_pairs

#: Elements whose content is never page text.
SKIP_TAGS = frozenset("script style noscript template head title meta link iframe frame object embed svg canvas select option input textarea button".split())
#: Elements that start a new line where a browser does.
BLOCK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 table section article blockquote pre ul ol dl dd dt header footer main form center hr address figure figcaption caption tbody thead tfoot nav aside".split()
)
FURNITURE_TAGS = {"nav": "navigation", "header": "page header", "footer": "footer", "aside": "sidebar", "form": "form"}
#: Class or id words (split at _ - and spaces) that name page furniture → the kind logged.
FURNITURE_WORDS = {
    "nav": "navigation", "navbar": "navigation", "menu": "navigation", "breadcrumb": "breadcrumb", "crumb": "breadcrumb",
    "crumbs": "breadcrumb", "location": "breadcrumb", "position": "breadcrumb", "footer": "footer", "foot": "footer",
    "bottom": "footer", "copyright": "footer", "header": "page header", "topbar": "page header", "share": "share buttons",
    "bdshare": "share buttons", "print": "tools", "toolbar": "tools", "tools": "tools", "fontsize": "tools", "weather": "tools",
    "search": "tools", "login": "tools", "qrcode": "tools", "ewm": "tools", "sidebar": "sidebar", "friendlink": "links",
    "links": "links", "related": "links",
}  # fmt: skip
#: Class or id words of a main-text container.
CONTENT_WORDS = frozenset("content contents zoom detail details text txt body artibody mainbody trs editor con cont".split())
_WORDS = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"[ \t\r\n\f]+")
MAIN_SHARE = 0.6  # a child holding this share of its parent's text is where the main text is
CONTENT_SHARE = 0.25  # an element classed as content holding this share of the main element's text


@lru_cache(maxsize=1)
def converter_name() -> str:
    return f"selectolax {metadata.version('selectolax')}"


def _words(node) -> list[str]:
    attrs = node.attributes
    return _WORDS.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower())


def _furniture_kind(node) -> str | None:
    if node.tag in FURNITURE_TAGS:
        return FURNITURE_TAGS[node.tag]
    for w in _words(node):
        if w in FURNITURE_WORDS:
            return FURNITURE_WORDS[w]
    return None


def _children(node):
    child = node.child
    while child is not None:
        yield child
        child = child.next


class _Page:
    """Per-element counts of Chinese characters outside links (the density rule's measure)."""

    def __init__(self, body):
        self.own: dict[int, int] = {}
        self._count(body, False)

    def _count(self, node, in_link: bool) -> int:
        if node.tag == "-text":
            return 0 if in_link else len(_CJK.findall(node.text(deep=False) or ""))
        if node.tag in SKIP_TAGS or node.tag.startswith("-"):
            return 0
        in_link = in_link or node.tag == "a"
        n = sum(self._count(c, in_link) for c in _children(node))
        self.own[node.mem_id] = n
        return n

    def score(self, node) -> int:
        return self.own.get(node.mem_id, 0)


def _lines(node, out: list[str] | None = None, buf: list[str] | None = None, *, cells: str = " ") -> list[str]:
    """The node's text as a browser lays it out: one string per line, blank lines dropped."""
    top = out is None
    out = [] if out is None else out
    buf = [] if buf is None else buf

    def flush():
        line = "".join(buf).replace("\xa0", " ").strip(" \u3000")
        buf.clear()
        if line:
            out.append(_SPACE.sub(" ", line))

    for child in _children(node):
        tag = child.tag
        if tag == "-text":
            buf.append(_SPACE.sub(" ", child.text(deep=False) or ""))
        elif tag.startswith("-") or tag in SKIP_TAGS:
            continue
        elif tag in BLOCK_TAGS:
            flush()
            _lines(child, out, buf, cells=cells)
            flush()
        elif tag in ("td", "th"):
            if buf and "".join(buf).strip():
                buf.append(cells)
            _lines(child, out, buf, cells=cells)
        else:
            _lines(child, out, buf, cells=cells)
    if top:
        flush()
    return out


def _title(tree, main) -> str | None:
    for name in ("ArticleTitle", "og:title", "title", "dc.title", "DC.Title"):
        for attr in ("name", "property"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return _SPACE.sub(" ", node.attributes["content"]).strip()
    h1 = [n for n in tree.css("h1") if _CJK.search(n.text() or "")]
    if len(h1) == 1:
        return _SPACE.sub(" ", h1[0].text()).strip()
    if main is not None:  # the last heading before the main text (<h2> on many portals)
        before = None
        for n in tree.body.traverse():
            if n.mem_id == main.mem_id:
                break
            if n.tag in ("h1", "h2", "h3") and 4 <= len(_CJK.findall(n.text() or "")) <= 120:
                before = n
        if before is not None:
            return " ".join(_lines(before)).strip() or None
    titled = [n for n in tree.body.traverse() if "title" in _words(n) and 4 <= len(_CJK.findall(n.text() or "")) <= 120]
    if titled:
        best = max(titled, key=lambda n: len(_CJK.findall(n.text())))
        return " ".join(_lines(best)).strip() or None
    head = tree.css_first("title")
    if head is not None and head.text().strip():
        return re.split(r"\s*[_|–—-]\s*", head.text().strip())[0] or None
    return None


def _furniture(node, page: _Page, total: int) -> list[tuple[str, object]]:
    """Furniture elements, outermost first and none inside another (each is removed whole)."""
    found = []
    for child in _children(node):
        if child.tag.startswith("-") or child.tag in SKIP_TAGS:
            continue
        kind = _furniture_kind(child)
        if kind and page.score(child) < 0.5 * max(total, 1):
            found.append((kind, child))
        else:
            found.extend(_furniture(child, page, total))
    return found


def _main(body, page: _Page):
    node = body
    while True:
        kids = [c for c in _children(node) if not c.tag.startswith("-")]
        best = max(kids, key=page.score, default=None)
        if best is None or page.score(best) < MAIN_SHARE * max(page.score(node), 1):
            break
        node = best
    total = page.score(node)
    classed = []
    for n in node.traverse():
        words = set(_words(n))
        if n is not node and words & CONTENT_WORDS and "title" not in words and page.score(n) >= CONTENT_SHARE * total:
            classed.append(n)
    if classed:
        # The content-classed element with the most text; of equals, the innermost (traverse is depth-first).
        return max(enumerate(classed), key=lambda kv: (page.score(kv[1]), kv[0]))[1]
    return node


def extract_html(data: bytes, path="<html>") -> Extracted:
    """A saved page → :class:`Extracted` (decoded by its bytes, never by a charset tag that may lie)."""
    from selectolax.lexbor import LexborHTMLParser

    decoded = decode_bytes(data, path)  # UTF-8, else GB18030: the bytes decide
    tree = LexborHTMLParser(decoded.text.lstrip("\ufeff"))
    body = tree.body
    if body is None:
        raise SourceFileError("HTML page without a body", path=path)
    removed: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    page = _Page(body)
    total = page.score(body)
    # Metadata first, from the whole page (tables often sit in furniture-classed boxes).
    for line in _lines(body, cells="\t"):
        for k, v in metadata_pairs(line).items():
            meta.setdefault(k, v)
    # TRS portals' meta tags (Author is who posted the page, not the issuer: not read).
    for name, key in (("PubDate", "published"), ("ContentSource", "source")):
        node = tree.css_first(f'meta[name="{name}"]')
        value = (node.attributes.get("content") or "").strip() if node is not None else ""
        if value:
            meta[key] = (iso_date(value) or value) if key == "published" else value
    for kind, node in _furniture(body, page, total):
        text = " ".join(_lines(node))
        if text:
            removed.append((kind, text))
        node.decompose()
    page = _Page(body)
    main = _main(body, page)
    title = _title(tree, main)
    if title:
        meta["title"] = title
    lines = _lines(main)
    if not lines:
        raise SourceFileError("HTML page without body text (no paragraph found)", path=path)
    # Whatever else shows text on the page is logged, not kept.
    if main is not body:
        main.decompose()
        rest = _lines(body)
        for line in rest:
            if title and line.strip() == title.strip():
                continue
            removed.append(("page text outside the body", line))
    if title and lines[0].strip() != title.strip():
        lines.insert(0, title)
    return Extracted("\n".join(lines) + "\n", "html", converter_name(), meta, removed, decoded.encoding)
