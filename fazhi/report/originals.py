"""The documents' original files beside the briefings, so a full-text page can show what the
text was read from (a saved web page, a PDF, a Word file) — issue 28's "the full-text page
can show the original file".

Each original is copied byte for byte to ``originals/<doc_id>/<file name>`` of the site,
only when its SHA-256 is still the one the build recorded (``documents.sha256``): a file
changed since the build would show something the tables were not made from.  The raw
folder is not in the tables (they do not depend on where the corpus lies), so the caller
names it; without one the pages say nothing of originals.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from urllib.parse import quote

FOLDER = "originals"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def copy_originals(documents, raw_dir: str | Path, site: Path) -> dict[str, dict]:
    """Copy each document's raw file into ``site/originals/``; per doc_id what
    :func:`fazhi.report.fulltext.original_link` shows (``href`` relative to a full-text page
    in ``<lang>/text/``), or why it is missing (``absent`` from the raw folder, ``changed``
    since the build).

    >>> import pandas as pd, tempfile
    >>> raw, site = (Path(tempfile.mkdtemp()) for _ in range(2))
    >>> _ = (raw / "a.txt").write_text("某市法治政府建设实施方案", "utf-8")
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source_file": ["a.txt", "b.pdf"], "format": ["txt", "pdf"], "converter": ["fazhi decode", "pdfplumber"],
    ...                      "sha256": [hashlib.sha256("某市法治政府建设实施方案".encode()).hexdigest(), "0" * 64]})
    >>> out = copy_originals(docs, raw, site)
    >>> out["a"]["href"], out["a"]["bytes"], out["b"]
    ('../../originals/a/a.txt', 36, {'missing': 'absent', 'file': 'b.pdf'})
    """
    raw = Path(raw_dir)
    out: dict[str, dict] = {}
    for doc in documents.itertuples():
        source = raw / doc.source_file
        if not source.is_file():
            out[doc.doc_id] = {"missing": "absent", "file": doc.source_file}
            continue
        if isinstance(doc.sha256, str) and doc.sha256 and _sha256(source) != doc.sha256:
            out[doc.doc_id] = {"missing": "changed", "file": doc.source_file}
            continue
        target = site / FOLDER / doc.doc_id / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        out[doc.doc_id] = {"href": f"../../{FOLDER}/{quote(doc.doc_id)}/{quote(source.name)}", "name": source.name, "bytes": target.stat().st_size,
                           "format": doc.format, "converter": doc.converter}  # fmt: skip
    return out
