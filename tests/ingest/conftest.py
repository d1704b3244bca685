"""Office files for the converter tests, made once per session: DOCX by python-docx and a
portal page from each founding text, DOCX from a small synthetic notice, PDF and DOC from
those by LibreOffice (one LibreOffice start per target format, one more to read the DOC
files back)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fazhi.ingest.formats.word import libreoffice_convert, prepare_docs
from ingest.officedocs import FEATURES, FOUNDING, NOTE, TABLE, docx_from_text, has_libreoffice, portal_page

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> Path:
    """A folder with every founding document as ``<doc_id>.{txt,html,docx[,pdf,doc]}``, the
    Qinghai one also as ``founding.*``, and ``features.{docx[,pdf,doc]}``; PDF and DOC only
    where LibreOffice is installed (one start per target format for all of them)."""
    folder = tmp_path_factory.mktemp("office")
    with open(RAW / "sources.csv", encoding="utf-8") as f:
        manifest = {row["doc_id"]: row for row in csv.DictReader(f)}
    made = {"features.docx": docx_from_text(FEATURES, table=TABLE, note=NOTE, page_break_before="二、主要任务")}
    for doc_id, row in manifest.items():
        text = (RAW / row["file"]).read_text("utf-8")
        (folder / f"{doc_id}.txt").write_text(text, "utf-8")
        (folder / f"{doc_id}.html").write_bytes(portal_page(text, title=row["title"], published=row["issued_date"], number=row["doc_number"], issuer=row["issuer"]))
        made[f"{doc_id}.docx"] = docx_from_text(text)
    if has_libreoffice():
        for target in ("pdf", "doc"):
            for name, data in libreoffice_convert(made, target).items():
                (folder / name).with_suffix(f".{target}").write_bytes(data)
        # The .doc files read back by one more LibreOffice start: extract_doc of these bytes in
        # this process (the tests, the build with jobs=1) then takes the DOCX from its memo.
        prepare_docs([p.read_bytes() for p in sorted(folder.glob("*.doc"))])
    for name, data in made.items():
        (folder / name).write_bytes(data)
    for path in sorted(folder.glob(f"{FOUNDING}.*")):
        (folder / f"founding{path.suffix}").write_bytes(path.read_bytes())
    return folder
