"""Synthetic office files in the layout of a Chinese official document, made from a plain
text: DOCX by python-docx (仿宋 三号, first-line indents, Word's automatic list numbering for
the 一、 (一) 1. labels, a running header, ``— N —`` page numbers in the footer) and a saved
government-portal page.  The converter tests make PDF and DOC from the DOCX with LibreOffice;
``benchmarks.addfolder`` makes a folder of them for ``fazhi add``."""

from __future__ import annotations

import html
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from fazhi.ingest.formats.word import chinese_number

FONT = "仿宋"
HEADER = "法治政府建设文件汇编"
#: A typed label → (kind, number, lvlText); Word draws the label from lvlText.
_LABEL = re.compile(r"^(?P<cn>[一二三四五六七八九十]+)(?P<cs>[、])|^(?P<po>[（(])(?P<pn>[一二三四五六七八九十]+)(?P<pc>[）)])|^(?P<ar>\d{1,2})(?P<as>[.．])(?!\d)")
_CN = {chinese_number(n): n for n in range(1, 100)}


def _label(line: str):
    m = _LABEL.match(line)
    if not m:
        return None
    if m["cn"]:
        return _CN.get(m["cn"]), "chineseCounting", "%1" + m["cs"], m.end()
    if m["pn"]:
        return _CN.get(m["pn"]), "chineseCounting", m["po"] + "%1" + m["pc"], m.end()
    return int(m["ar"]), "decimal", "%1" + m["as"], m.end()


class _Lists:
    """One single-level list definition per label form; a label that restarts at 1 opens a new
    list (like a writer pressing 'restart numbering')."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.abstract: dict[str, int] = {}
        self.current: dict[str, tuple[int, int]] = {}  # lvlText → (numId, last number)
        self.next_id = 900

    def _abstract(self, fmt: str, text: str, new: bool = False) -> int:
        if new or text not in self.abstract:
            aid = self.next_id = self.next_id + 1
            el = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl></w:abstractNum>'
            )
            first_num = self.root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(el)
            else:
                self.root.append(el)
            self.abstract[text] = aid
        return self.abstract[text]

    def _num(self, aid: int, restart: bool) -> int:
        nid = self.next_id = self.next_id + 1
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>'))
        return nid

    def number(self, line: str) -> tuple[int, str] | None:
        """(numId, the line without its typed label) when Word's numbering would draw that label."""
        found = _label(line)
        if not found or found[0] is None:
            return None
        n, fmt, text, end = found
        if line[end : end + 1].isspace():
            return None  # "1. 及時…": Word's label has no space after it; keep the typed one
        aid = self._abstract(fmt, text)
        if text in self.current and n == self.current[text][1] + 1:
            nid = self.current[text][0]
        elif n == 1:
            # A restart as a list of its own definition, not a w:startOverride: LibreOffice's
            # .doc export loses start overrides (its own rendering of that .doc then says 1. for 2.).
            nid = self._num(self._abstract(fmt, text, new=True) if text in self.current else aid, restart=False)
        else:
            return None  # a label out of sequence stays typed
        self.current[text] = (nid, n)
        return nid, line[end:]


def _set_font(style_or_run_element, size: float | None = 16):
    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _page_field(paragraph):
    """``— N —``: the page number as a PAGE field between two em dashes."""
    paragraph.add_run("— ")
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    paragraph.add_run(" —")


def _add_footnote(document, anchor: str, text: str) -> None:
    """Footnote 1 with ``text``, its reference after the first paragraph holding ``anchor``
    (python-docx writes no footnotes: the part is added as Word stores it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    paragraph = next(p for p in document.paragraphs if anchor in p.text)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    xml = (f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p></w:footnote></w:footnotes>')  # fmt: skip
    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def docx_from_text(text: str, *, table: list[list[str]] | None = None, note: str | None = None, numbering: bool = True, page_break_before: str | None = None,
                   footnote: tuple[str, str] | None = None) -> bytes:  # fmt: skip
    """The text as an official-document DOCX: a paragraph per non-blank line (a new page before
    the line ``page_break_before``), then the table and the note; ``footnote``: (words of a
    line, text) — a real Word footnote (``word/footnotes.xml``) referenced after that line."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(16)
    _set_font(normal.element)
    lists = _Lists(document) if numbering else None
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = HEADER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line == page_break_before:
            document.add_page_break()
        numbered = lists.number(line) if lists else None
        p = document.add_paragraph(numbered[1] if numbered else line)
        p.paragraph_format.first_line_indent = Pt(32)
        if numbered:
            p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{numbered[0]}"/></w:numPr>'))
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        t.style = document.styles["Table Grid"]
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    if note:
        p = document.add_paragraph(note)
        for run in p.runs:
            run.font.size = Pt(10.5)
    if footnote:
        _add_footnote(document, *footnote)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()



def portal_page(text: str, *, title: str, published: str = "", number: str = "", issuer: str = "") -> bytes:
    """The text as a saved government-portal page, in the common gov.cn layout rather than the
    TRS template of the real pages: navigation, breadcrumbs, a 索引号/发文字号 metadata table,
    an ``h1`` title, the body as ``<p>`` in ``div#zoom``, share buttons and a footer link farm."""
    esc = html.escape
    body = "\n".join(f"<p style=\"text-indent:2em\">{esc(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}_政策文件_某某人民政府门户网站</title>
<meta name="ArticleTitle" content="{esc(title)}"><meta name="PubDate" content="{esc(published)}">
<script>var _hmt = _hmt || [];</script></head>
<body><div class="top"><a href="/">网站首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a> <a href="/hdjl/">互动交流</a> <a href="/zjmz/">走进某某</a></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a></div>
<table class="xxgk_table"><tr><td>索引号：</td><td>000000000/2024-00001</td><td>发布机构：</td><td>{esc(issuer)}</td></tr>
<tr><td>发文字号：</td><td>{esc(number)}</td><td>发布日期：</td><td>{esc(published)}</td></tr></table>
<div class="article"><h1>{esc(title)}</h1><div id="zoom" class="TRS_UEDITOR">
{body}
</div><div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div></div>
<div class="footer"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a><br>主办：某某人民政府办公室 ICP备案号：某ICP备00000000号</div>
</body></html>""".encode()
