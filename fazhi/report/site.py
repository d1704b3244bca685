"""A briefing site written like the tables: staged beside the old one, then switched.

``fazhi brief`` writes every page into ``OUT/.staging-*`` and only when every page is
written moves the new ``index.html``, language folders and ``assets/`` into place (each a
single rename; the old ones go to ``OUT/.previous-*`` first and are then removed).  A
failure — a notebook error, a killed kernel, Ctrl-C — removes the staging folder and leaves
the previous site as it was.  One brief at a time per folder (an advisory lock).

>>> SITE_ENTRIES
('index.html', 'zh', 'en', 'assets', 'originals')
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fazhi.errors import OutputError

#: What a site consists of at its top: everything a new site replaces.
SITE_ENTRIES = ("index.html", "zh", "en", "assets", "originals")
LOCK = ".fazhi-brief.lock"


def _clean_leftovers(out: Path) -> None:
    """Staging and previous folders of briefs that died (a SIGKILL leaves them): we hold the lock, so none is in use."""
    for leftover in [*out.glob(".staging-*"), *out.glob(".previous-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged(out: str | Path) -> Iterator[Path]:
    """A staging folder inside ``out``; on a clean exit its entries replace the site's.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with staged(out) as stage:
    ...     _ = (stage / "index.html").write_text("new")
    >>> (out / "index.html").read_text(), sorted(p.name for p in out.iterdir())
    ('new', ['.fazhi-brief.lock', 'index.html'])
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError("the output folder is a file, not a folder", path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = open(out / LOCK, "a+")
    except OSError as e:
        raise OutputError(f"cannot write the site: {e.strerror}", path=out) from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError("another fazhi brief is writing into this folder; wait for it to finish", path=out) from None
        _clean_leftovers(out)
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
        try:
            yield stage
            switch(stage, out)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    finally:
        lock.close()


def switch(stage: Path, out: Path) -> None:
    """Move the staged entries into ``out``; the old site's entries (also those the new site
    does not have, such as a language not built this time) go first.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()); stage = out / ".staging-x"; stage.mkdir()
    >>> (out / "zh").mkdir(); _ = (stage / "index.html").write_text("i")
    >>> switch(stage, out); sorted(p.name for p in out.iterdir())
    ['.staging-x', 'index.html']

    A staged entry whose name an older site also used, known or not, replaces it:

    >>> (stage / "originals" / "a").mkdir(parents=True); (out / "originals" / "b").mkdir(parents=True)
    >>> switch(stage, out); sorted(p.name for p in (out / "originals").iterdir())
    ['a']
    """
    previous = Path(tempfile.mkdtemp(prefix=".previous-", dir=out))
    for name in sorted(set(SITE_ENTRIES) | {e.name for e in stage.iterdir()}):
        if (out / name).exists() or (out / name).is_symlink():
            os.replace(out / name, previous / name)
    for entry in sorted(stage.iterdir()):
        os.replace(entry, out / entry.name)
    shutil.rmtree(previous, ignore_errors=True)
