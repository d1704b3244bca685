"""The converters inside ``fazhi build``: one founding document as TXT, DOCX, PDF and DOC gives
the same provisions, tasks and indicators; every converted file is accounted for (the
quality log rebuilds the converter's text, its conversion rows hold what it dropped); a file
of no known format or a broken one is a one-line problem naming it."""

from __future__ import annotations

import io
import zipfile

import pytest

import fazhi
from conftest import DOC_IDS, manifest_row, write_raw
from ingest.conftest import RAW
from ingest.officedocs import FOUNDING, need
from fazhi.errors import BuildError
from fazhi.ingest.formats import extract
from fazhi.ingest.formats.word import libreoffice

FORMATS = ("txt", "docx", "pdf", "doc")
PAGES = RAW.parent.parent / "tests" / "fixtures" / "realpages"
SOURCE_FIELDS = ("doc_id", "provision_id", "parent_id")  # where the row comes from, not what it says


@pytest.fixture(scope="module")
def mixed(office, tmp_path_factory):
    """The founding document in four formats and the three real portal pages, built once."""
    need(libreoffice() is not None, "PDF and DOC fixtures need LibreOffice (apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("mixed")
    base = dict(jurisdiction_zh="青海省", jurisdiction_en="Qinghai", level="province", province_zh="青海省", doc_type="key_points", period_start="2024", period_end="2024")
    files, rows = {}, []
    for fmt in FORMATS:
        files[f"founding.{fmt}"] = (office / f"founding.{fmt}").read_bytes()
        rows.append(manifest_row(f"q_{fmt}", f"founding.{fmt}", **base))
    for page in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        files[f"{page.name}.html"] = (page / "page.html").read_bytes()
        rows.append(manifest_row(page.name, f"{page.name}.html", jurisdiction_zh="平潭综合实验区", jurisdiction_en="Pingtan", province_zh="福建省", period_start="2022", period_end="2024"))
    raw = write_raw(folder / "raw", files, rows)
    fazhi.build(raw, folder / "out", cache=False)
    return raw, fazhi.load(folder / "out")


ALL_FORMATS = ("txt", "html", "docx", "pdf", "doc")
OFFSETS = ("start", "end", "text_start", "subtree_end", "quote_start", "quote_end")  # shift with a page's title line


@pytest.fixture(scope="module")
def five(office):
    """Each founding document's per-document tables from each format (the manifest's typed
    title, date, number and issuer left out, so the header is read from the file)."""
    import dataclasses

    from fazhi.pipeline import process_document, read_sources

    need(libreoffice() is not None, "PDF and DOC fixtures need LibreOffice (apt-get install libreoffice-writer-nogui)")
    sources, _, problems = read_sources(RAW)
    assert not problems
    out = {}
    for src in sources:
        for fmt in ALL_FORMATS:
            name = f"{src.doc_id}.{fmt}"
            blank = dataclasses.replace(src, file=name, path=office / name, sha256=None, title=None, issued_date=None, doc_number=None, issuer=None)
            out[src.doc_id, fmt] = process_document(blank, (office / name).read_bytes())
    return out


def _same(value):
    """A row (and the dicts inside it: deadlines) without its offsets into the text."""
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items() if k not in OFFSETS}
    if isinstance(value, list):
        return [_same(v) for v in value]
    return value


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_each_founding_document_gives_the_same_tables_in_all_five_formats(five, doc_id):
    base = five[doc_id, "txt"]
    assert base.provisions and base.indicators  # (a report has no tasks)
    for fmt in ALL_FORMATS[1:]:
        r = five[doc_id, fmt]
        assert (r.document["format"], r.document["n_provisions"], r.document["n_tasks"]) == (fmt, base.document["n_provisions"], base.document["n_tasks"]), fmt
        for field in ("title", "issued_date", "doc_number", "issuer", "period_start", "period_end"):
            assert r.document.get(field) == base.document.get(field), (fmt, field)
        assert _same(r.provisions) == _same(base.provisions), fmt
        assert _same(r.indicators) == _same(base.indicators), fmt
        if fmt != "html":  # the page's visible title is one line more in the header
            assert r.document["text"] == base.document["text"], fmt
        else:
            assert r.document["text"].endswith(base.document["text"]), fmt


def _rows(table, doc_id):
    rows = table[table["doc_id"] == doc_id].drop(columns=[c for c in SOURCE_FIELDS if c in table.columns]).reset_index(drop=True)
    return rows.drop(columns=[c for c in ("jurisdiction_zh", "jurisdiction_en") if c in rows.columns])


@pytest.mark.parametrize("fmt", FORMATS[1:])
def test_the_founding_document_gives_the_same_tables_in_every_format(mixed, fmt):
    _, corpus = mixed
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc[f"q_{fmt}", "format"] == fmt
    for col in ("title", "issued_date", "doc_number", "n_provisions", "n_tasks", "header_end", "back_start", "text"):
        assert docs.loc[f"q_{fmt}", col] == docs.loc["q_txt", col], col
    assert docs.loc["q_txt", "n_tasks"] == 26
    assert _rows(corpus.provisions, f"q_{fmt}").equals(_rows(corpus.provisions, "q_txt"))
    assert _rows(corpus.indicators, f"q_{fmt}").equals(_rows(corpus.indicators, "q_txt"))


def test_every_converted_file_is_accounted_for(mixed):
    raw, corpus = mixed
    docs = corpus.documents.set_index("doc_id")
    for doc_id, doc in docs.iterrows():
        x = extract((raw / doc["source_file"]).read_bytes(), doc["source_file"])
        assert (doc["format"], doc["converter"]) == (x.format, x.converter if x.format != "txt" else "fazhi decode")
        # header + provisions + back matter tile the text; with the replayed log they give the converter's text exactly
        spans = sorted([(0, doc["header_end"]), (doc["back_start"], doc["n_chars"])] + [(r.start, r.end) for r in corpus.provisions[corpus.provisions["doc_id"] == doc_id].itertuples()])
        spans = [sp for sp in spans if sp[1] > sp[0]]
        assert spans[0][0] == 0 and spans[-1][1] == len(doc["text"]) and all(a[1] == b[0] for a, b in zip(spans, spans[1:])), doc_id
        assert corpus.raw_text(doc_id) == x.text, doc_id
        q = corpus.quality[(corpus.quality["doc_id"] == doc_id) & (corpus.quality["kind"] == "conversion")]
        assert list(zip(q["detail"].str.split(" \\(dropped").str[0], q["before"])) == x.removed
    assert docs.loc["q_pdf", "converter"].startswith("pdfplumber ") and docs.loc["q_doc", "converter"].startswith("libreoffice ")
    kinds = corpus.quality[corpus.quality["doc_id"] == "q_pdf"].query("kind == 'conversion'")["detail"].str.split(" \\(").str[0]
    assert set(kinds) == {"page number", "running header"}
    page = docs.loc["pingtan_scjg_2022_tzsb_inspection_plan"]
    assert (page["title"], str(page["issued_date"])[:10]) == ("平潭综合实验区市场监督管理局关于制定实施2022年度特种设备日常监督检查计划的通知", "2022-03-14")


def test_bad_files_are_one_line_problems_naming_each_file(tmp_path):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("readme.txt", "not word")
    bad = {
        "scan.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> \x00\x01 truncated",
        "renamed.docx": zipped.getvalue(),
        "empty.html": b"<html><body><div class='nav'><a href='/'>home</a></div></body></html>",
        "photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(64),
    }
    files = {"good.txt": (RAW / f"{FOUNDING}.txt").read_bytes(), **bad}
    raw = write_raw(tmp_path / "raw", files, [manifest_row(name.replace(".", "_"), name) for name in files])
    with open(raw / "big.pdf", "wb") as f:
        f.truncate(200 * 1024 * 1024)
    with open(raw / "sources.csv", "a", encoding="utf-8") as f:
        f.write("big_pdf,big.pdf,某某市,Moumou,prefecture,某某省,plan,2023,2025\n")
    with pytest.raises(BuildError) as e:
        fazhi.build(raw, tmp_path / "out", cache=False)
    problems = [str(p) for p in e.value.problems]
    assert len(problems) == 5 and all("\n" not in p for p in problems)
    for name in [*bad, "big.pdf"]:
        assert sum(p.startswith(str(raw / name) + ": ") for p in problems) == 1, name
    assert not any("good.txt" in p for p in problems)  # the others still processed
