"""Named exceptions.  Every message names the file and, where there is one, the line.

The CLI prints ``str(exc)`` on one line and exits non-zero; nothing here needs a
traceback to be understood.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class FazhiError(Exception):
    """Base class of every error fazhi raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + self.message


class ManifestError(FazhiError):
    """The manifest (sources.csv) is malformed: missing column, bad value, duplicate id…"""


class SourceFileError(FazhiError):
    """A listed text file is missing, outside the raw folder, empty or binary."""


class DecodingError(FazhiError):
    """A text file is neither UTF-8 nor GB18030; the message gives the byte offset."""


class ChecksumError(FazhiError):
    """A text file's sha256 differs from the one recorded in the manifest."""


class CorrectionError(FazhiError):
    """A reviewed correction does not match exactly once (the source changed?)."""


class SchemaError(FazhiError):
    """A table about to be written does not match its declared schema."""


class ProcessedDataError(FazhiError):
    """The processed tables are missing or unreadable (run ``fazhi build``)."""


class OutputError(FazhiError):
    """An output or cache folder cannot be used: it is a file, full, or another build holds it."""


class BuildError(FazhiError):
    """A build found one or more problems; nothing was written.

    ``problems`` holds every individual error, so a researcher fixes them all in
    one pass instead of one per run.
    """

    def __init__(self, problems: Iterable[FazhiError]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"build failed with {n} problem{'s' if n != 1 else ''}; nothing was written"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems))
