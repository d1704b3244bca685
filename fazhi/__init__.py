"""fazhi (法治): compare Chinese local-government rule-of-law plans and reports.

Typical use (after ``make briefing`` or ``fazhi build``)::

    import fazhi
    corpus = fazhi.load()
    corpus.tasks.groupby("doc_id").size()
"""

from fazhi.version import __version__

from fazhi.corpus import Corpus, load
from fazhi.errors import (
    BuildError,
    ChecksumError,
    CorrectionError,
    DecodingError,
    FazhiError,
    ManifestError,
    OutputError,
    ProcessedDataError,
    SchemaError,
    SourceFileError,
)


def __getattr__(name):
    # The build pulls in jieba and scikit-learn; ``import fazhi`` for load() stays light.
    if name in ("build", "parse_text"):
        from fazhi import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'fazhi' has no attribute {name!r}")


__all__ = [
    "BuildError",
    "ChecksumError",
    "Corpus",
    "CorrectionError",
    "DecodingError",
    "FazhiError",
    "ManifestError",
    "OutputError",
    "ProcessedDataError",
    "SchemaError",
    "SourceFileError",
    "build",
    "load",
    "parse_text",
]
