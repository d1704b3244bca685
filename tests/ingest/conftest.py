"""Office files for the converter tests, made once per session: DOCX by python-docx from a
founding text and from a small synthetic notice, PDF and DOC from those by LibreOffice
(one LibreOffice start per target format, one more to read the DOC files back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.ingest.formats.word import libreoffice_convert, prepare_docs
from ingest.officedocs import FEATURES, FOUNDING, NOTE, TABLE, docx_from_text, has_libreoffice

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> Path:
    """A folder with founding.{txt,docx[,pdf,doc]} and features.{docx[,pdf,doc]}; PDF and DOC
    only where LibreOffice is installed."""
    folder = tmp_path_factory.mktemp("office")
    text = (RAW / f"{FOUNDING}.txt").read_text("utf-8")
    (folder / "founding.txt").write_text(text, "utf-8")
    (folder / "founding.docx").write_bytes(docx_from_text(text))
    (folder / "features.docx").write_bytes(docx_from_text(FEATURES, table=TABLE, note=NOTE, page_break_before="二、主要任务"))
    if has_libreoffice():
        made = {f"{name}.docx": (folder / f"{name}.docx").read_bytes() for name in ("founding", "features")}
        for target in ("pdf", "doc"):
            for name, data in libreoffice_convert(made, target).items():
                (folder / name).with_suffix(f".{target}").write_bytes(data)
        # The .doc files read back by one more LibreOffice start: extract_doc of these bytes in
        # this process (the tests, the build with jobs=1) then takes the DOCX from its memo.
        prepare_docs([(folder / "founding.doc").read_bytes(), (folder / "features.doc").read_bytes()])
    return folder
