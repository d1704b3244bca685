"""Raw files of every format (issue 28): the format told by the bytes, each converter on each
format, the real portal pages against the hand annotation, and bad input as one-line errors."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from ingest.officedocs import FEATURES, NOTE, TABLE, office_file
from fazhi.errors import DecodingError, SourceFileError
from fazhi.ingest.encoding import MAX_FILE_BYTES, read_bytes
from fazhi.ingest.formats import detect, extract
from fazhi.ingest.formats.pdf import Line, join_lines

HERE = Path(__file__).resolve().parent
PAGES = HERE.parent / "fixtures" / "realpages"
ANNOTATION = HERE.parent / "annotations" / "realpages.csv"
FEATURE_LINES = [ln.strip() for ln in FEATURES.splitlines() if ln.strip()] + [" ".join(row) for row in TABLE] + [NOTE]


def tiny_pdf(objects: list[str], trailer: str = "") -> bytes:
    """A PDF written by hand: objects 1… and a cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()


PAGE = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
ENCRYPT = "<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>"


# -- the format from the bytes --------------------------------------------------------------
def test_the_format_comes_from_the_bytes_not_the_name():
    assert detect(b"%PDF-1.7\n...", "plan.txt") == "pdf"
    assert detect("<!DOCTYPE html><html><body>法治</body></html>".encode(), "page.txt") == "html"
    assert detect("一、总体要求\n<p>不是网页</p>".encode(), "plan.txt") == "txt"
    assert detect("一、总体要求\n<p>网页片段</p>".encode(), "plan.html") == "html"  # the name breaks the tie
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert detect(buf.getvalue(), "x.bin") == "docx"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "a PNG image, not a document fazhi reads"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "an old Office file that is not a Word document"),
        (b"{\\rtf1\\ansi ...}", "an RTF file"),
    ],
)
def test_an_unknown_binary_file_is_refused_naming_the_file(data, message):
    with pytest.raises(SourceFileError, match=re.escape(f"scan.docx: {message}")):
        detect(data, "scan.docx")


def test_a_zip_renamed_docx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photo.jpg", b"...")
    with pytest.raises(SourceFileError) as e:
        extract(buf.getvalue(), "plan.docx")
    assert str(e.value) == "plan.docx: a zip archive that is not a Word document (no word/document.xml)"


def test_a_200_mb_file_is_refused_by_its_size_unread(tmp_path):
    big = tmp_path / "video.pdf"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: nothing is written or read
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
    with pytest.raises(SourceFileError) as e:
        read_bytes(big)
    assert str(e.value) == f"{big}: file is 200.0 MB, over the 50 MB limit (MAX_FILE_BYTES); is it a document?"
    assert "\n" not in str(e.value)


# -- HTML ------------------------------------------------------------------------------------
def annotations() -> list[dict]:
    with open(ANNOTATION, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", annotations(), ids=lambda r: r["slug"])
def test_real_pages_give_the_annotated_body_and_nothing_else(row):
    x = extract((PAGES / row["slug"] / "page.html").read_bytes(), "page.html")
    lines = x.text.splitlines()
    assert (x.format, x.encoding) == ("html", "utf-8") and x.converter.startswith("selectolax ")
    assert lines[0] == row["title"] == x.meta["title"]
    body = lines[1:] if len(lines) > 1 else lines  # the title goes first; a one-line body may repeat it
    assert body[0].startswith(row["first_line"]) and body[-1].endswith(row["last_line"])  # the annotated first and last sentences
    assert len(body) == int(row["n_lines"])
    assert sum(len(re.sub(r"\s", "", ln)) for ln in body) == int(row["body_chars"])  # nothing of the body lost
    for furniture in row["not_in_body"].split("|"):
        assert furniture not in x.text, furniture  # no navigation left in it
    assert x.meta["published"] == row["published"]
    assert {k for k, _ in x.removed} >= {"breadcrumb", "share buttons", "page header"}
    assert any(text.startswith("当前位置") for _, text in x.removed)


def test_a_gb2312_page_that_says_utf8_is_decoded_by_its_bytes():
    page = '<html><head><meta charset="utf-8"><title>通知</title></head><body><div class="content"><p>一、总体要求</p><p>推进依法行政。</p></div></body></html>'
    x = extract(page.encode("gb2312"), "page.html")
    assert x.encoding == "gb18030"
    assert x.text.splitlines()[1:] == ["一、总体要求", "推进依法行政。"]


def test_an_html_page_without_body_text_is_a_one_line_error():
    with pytest.raises(SourceFileError) as e:
        extract(b"<html><head><title>x</title></head><body><div class='nav'><a href='/'>home</a></div></body></html>", "empty.html")
    assert str(e.value) == "empty.html: HTML page without body text (no paragraph found)"


def test_a_page_metadata_table_and_paragraph_breaks():
    page = """<html><body><div class="top_nav"><a href="/">首页</a> <a href="/zw">政务公开</a></div>
    <table class="xxgk"><tr><td>索引号：</td><td>11350000-2022-00012</td><td>发文字号：</td><td>闽政〔2022〕3号</td></tr>
    <tr><td>发布机构：</td><td>福建省人民政府</td><td>成文日期：</td><td>2022年1月5日</td></tr></table>
    <h1>福建省人民政府关于加强法治政府建设的意见</h1>
    <div id="zoom"><p>各市、县人民政府：</p><div>一、总体要求&nbsp;&nbsp;</div>坚持依法行政，<br>建设法治政府。&lt;试行&gt;</div>
    <div class="footer">版权所有 福建省人民政府</div></body></html>"""
    x = extract(page.encode(), "p.html")
    assert x.text.splitlines() == ["福建省人民政府关于加强法治政府建设的意见", "各市、县人民政府：", "一、总体要求", "坚持依法行政，", "建设法治政府。<试行>"]
    assert {k: x.meta[k] for k in ("index_no", "doc_number", "issuer", "published")} == {
        "index_no": "11350000-2022-00012", "doc_number": "闽政〔2022〕3号", "issuer": "福建省人民政府", "published": "2022-01-05"}  # fmt: skip
    assert ("navigation", "首页 政务公开") in x.removed and ("footer", "版权所有 福建省人民政府") in x.removed


def test_a_page_without_class_names_is_read_by_text_density():
    page = """<html><head><title>某县人民政府</title></head><body>
    <div><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li></ul></div>
    <div><div><span>您现在的位置：</span><a href="/">首页</a> &gt; <a href="/zw">通知公告</a></div>
    <div><h2>某县2023年法治政府建设工作要点</h2><div>发布日期：2023-04-02　浏览次数：120</div>
    <div><p>各乡镇人民政府，县直各单位：</p><p>一、加强党的领导</p><p>1.健全党委统一领导、各方分工负责、齐抓共管的责任落实工作机制，全面推进依法行政。</p>
    <p>2.每年至少开展两次法治专题学习，领导干部带头尊法学法守法用法。</p></div></div></div>
    <div><p>主办：某县人民政府办公室　地址：某县人民路1号　电话：0000-1234567</p><a href="/x">网站地图</a></div></body></html>"""
    x = extract(page.encode(), "p.html")
    assert x.text.splitlines() == ["某县2023年法治政府建设工作要点", "各乡镇人民政府，县直各单位：", "一、加强党的领导",
                                   "1.健全党委统一领导、各方分工负责、齐抓共管的责任落实工作机制，全面推进依法行政。", "2.每年至少开展两次法治专题学习，领导干部带头尊法学法守法用法。"]  # fmt: skip
    assert x.meta == {"title": "某县2023年法治政府建设工作要点", "published": "2023-04-02"}
    removed = [t for _, t in x.removed]
    assert "您现在的位置：首页 > 通知公告" in removed and "网站地图" in removed and "某县2023年法治政府建设工作要点" not in removed


# -- Word and PDF ------------------------------------------------------------------------------
def test_docx_numbering_is_rendered_into_the_text(office):
    x = extract((office / "features.docx").read_bytes(), "features.docx")
    assert (x.format, x.encoding) == ("docx", "binary") and x.converter.startswith("python-docx ")
    assert x.text.splitlines() == FEATURE_LINES  # 一、 （一） 1. from the numbering definitions, the table as rows, the note
    typed = (office / "features.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(typed)) as z:
        body = z.read("word/document.xml").decode()
    assert "一、总体要求" not in body and ">总体要求<" in body  # the labels are not typed in the file
    assert ("running header", "法治政府建设文件汇编") in x.removed


def test_a_word_footnote_follows_the_text_as_a_numbered_note():
    from benchmarks.officefiles import docx_from_text

    data = docx_from_text("某县法治政府建设实施方案\n依据《法治政府建设实施纲要》制定本方案。\n一、总体要求\n", footnote=("制定本方案", "中共中央、国务院2021年8月印发。"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/footnotes.xml" in z.namelist() and "footnoteReference" in z.read("word/document.xml").decode()
    x = extract(data, "fn.docx")
    assert x.text.splitlines() == ["某县法治政府建设实施方案", "依据《法治政府建设实施纲要》制定本方案。", "一、总体要求", "〔注1〕中共中央、国务院2021年8月印发。"]


def test_pdf_drops_page_numbers_and_running_headers_and_joins_lines(office):
    x = extract(office_file(office, "features.pdf"), "features.pdf")
    assert x.format == "pdf" and x.converter.startswith("pdfplumber ")
    assert x.text.splitlines() == FEATURE_LINES
    pages = [t for k, t in x.removed if k == "page number"]
    assert pages == [f"— {n} —" for n in range(1, len(pages) + 1)] and len(pages) >= 2
    assert [t for k, t in x.removed if k == "running header"] == ["法治政府建设文件汇编"] * len(pages)


def test_doc_goes_through_libreoffice(office):
    x = extract(office_file(office, "features.doc"), "features.doc")
    assert x.format == "doc" and re.match(r"libreoffice \d+\.\d+[\d.]* \+ python-docx ", x.converter)
    assert x.text.splitlines() == FEATURE_LINES


def test_pdf_line_joining_never_merges_a_numbered_item():
    ind = [
        Line("坚持依法行政，推进法治政", 32, 300, 16), Line("府建设。", 0, 64, 16),  # wrapped at the margin: joined
        Line("（二）完善制度", 32, 150, 16), Line("1.健全机制，落实责任。", 32, 300, 16),  # indented items: new lines
        Line("2.加强督察", 0, 90, 16),  # a numbered item after a sentence's end: never merged
        Line("形成标准统", 0, 300, 16), Line("一、公平公正的执法体系。", 0, 200, 16),  # the break fell before 统一、: joined
    ]  # fmt: skip
    assert join_lines(ind, 0, 300, indents=True) == ["坚持依法行政，推进法治政府建设。", "（二）完善制度", "1.健全机制，落实责任。", "2.加强督察", "形成标准统一、公平公正的执法体系。"]
    flat = [Line("全面推进依法行政，建设法", 0, 300, 16), Line("治政府。", 0, 64, 16), Line("加强组织领导。", 0, 300, 16), Line("下一段", 0, 48, 16),
            Line("推进政务公开，完善", 0, 300, 16), Line("1.健全机制", 0, 100, 16)]  # fmt: skip
    assert join_lines(flat, 0, 300, indents=False) == ["全面推进依法行政，建设法治政府。", "加强组织领导。", "下一段", "推进政务公开，完善", "1.健全机制"]


@pytest.mark.parametrize(
    "data, message",
    [
        (tiny_pdf(PAGE), "scanned PDF without a text layer; OCR it first (e.g. ocrmypdf)"),
        (tiny_pdf(PAGE + [ENCRYPT], "/Encrypt 4 0 R /ID [<" + "33" * 16 + "> <" + "33" * 16 + ">] "), "password-protected PDF; remove the password first (e.g. qpdf --decrypt)"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> \x00\x01 truncated", "corrupt PDF, cannot be read (PdfminerException)"),
    ],
    ids=["scanned", "password", "corrupt"],
)
def test_bad_pdfs_are_one_line_errors_naming_the_file(data, message):
    with pytest.raises(SourceFileError) as e:
        extract(data, "raw/attachment.pdf")
    assert str(e.value) == f"raw/attachment.pdf: {message}"


def test_plain_text_is_decoded_as_before():
    x = extract("一、总则\r\n".encode("gb18030"), "a.txt")
    assert (x.format, x.encoding, x.text, x.removed) == ("txt", "gb18030", "一、总则\r\n", [])
    with pytest.raises(DecodingError):
        extract(b"\x81\x20\xff\xfe\xfa abc", "a.txt")


def test_metadata_labels_spaced_out_to_align_a_table():
    from fazhi.ingest.formats.common import metadata_pairs

    row = "索 引 号：430000/2025-001\t主题分类：政务公开\t文\u3000\u3000号：某政报〔2025〕2号\t有 效 性：有效"
    assert metadata_pairs(row) == {"index_no": "430000/2025-001", "doc_number": "某政报〔2025〕2号"}
