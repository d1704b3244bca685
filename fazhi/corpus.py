"""``fazhi.load()``: the processed tables as pandas DataFrames.

Typical use::

    corpus = load()
    corpus.item("taian_2017_plan", "39").heading   # '树立重视法治素养和法治能力的用人导向'
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.errors import ProcessedDataError
from fazhi.schema import TABLES
from fazhi.tables import data_version, read_schema, read_table, snapshot_folder
from fazhi.parse.textedit import Record, reconstruct

if TYPE_CHECKING:  # pandas is imported by the tables' to_pandas(): `import fazhi` stays light for the build
    import pandas as pd

ENV_VAR = "FAZHI_PROCESSED"


def default_processed_dir() -> Path:
    """``$FAZHI_PROCESSED``, else ``data/processed`` of the nearest project folder.

    The search walks up from the working directory (a notebook runs in
    ``notebooks/``), then tries the folder this package was installed from.

    >>> default_processed_dir().name
    'processed'
    """
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    here = Path.cwd().resolve()
    for folder in [here, *here.parents, Path(__file__).resolve().parent.parent]:
        candidate = folder / "data" / "processed"
        if (candidate / "documents.parquet").exists():
            return candidate
    return here / "data" / "processed"


class Corpus:
    """The loaded tables: ``documents``, ``provisions``, ``indicators``, ``themes``,
    ``cluster_terms``, ``cluster_selection``, ``reuse``, ``quality``, ``follow_through``,
    ``cascade``.

    Each table is a DataFrame, or a function that reads it: :func:`load` passes
    functions, so a table is read on first use (a 10,000-document corpus has
    millions of quality rows that most analyses never touch).
    """

    def __init__(self, *, processed_dir: Path, data_version: str = "unversioned", **tables: pd.DataFrame | Callable[[], pd.DataFrame]):
        unknown = set(tables) - set(TABLES)
        missing = set(TABLES) - set(tables)
        if unknown or missing:
            raise TypeError(f"Corpus tables: unknown {sorted(unknown)}, missing {sorted(missing)}")
        self.processed_dir = processed_dir
        #: Short digest of the tables of the build loaded (``snapshot.json``): cite it with figures.
        self.data_version = data_version
        self._tables = dict(tables)

    def __getattr__(self, name: str):
        tables = self.__dict__.get("_tables", {})
        if name not in tables:
            raise AttributeError(f"'Corpus' object has no attribute {name!r}")
        value = tables[name]
        if callable(value):
            value = tables[name] = value()
        return value

    def __dir__(self):
        # Tables are attributes too: tab completion in JupyterLab lists them.
        return sorted(set(super().__dir__()) | set(self.__dict__.get("_tables", {})))

    def __repr__(self) -> str:
        return (
            f"<fazhi.Corpus {len(self.documents)} documents, {len(self.provisions)} provisions "
            f"({int(self.provisions['is_task'].sum())} tasks), {len(self.indicators)} indicator rows "
            f"from {self.processed_dir}>"
        )

    @property
    def tasks(self) -> pd.DataFrame:
        """Only the actionable provisions."""
        return self.provisions[self.provisions["is_task"]]

    def text(self, doc_id: str) -> str:
        """The normalised text of a document (offsets of every table index it).

        >>> corpus.text("taian_2017_plan")[:8]  # doctest: +SKIP
        '台安县法治政府建设'
        """
        return self._doc(doc_id)["text"]

    def _doc(self, doc_id: str) -> pd.Series:
        rows = self.documents[self.documents["doc_id"] == doc_id]
        if rows.empty:
            raise KeyError(f"no document {doc_id!r}; known: {', '.join(self.documents['doc_id'])}")
        return rows.iloc[0]

    def item(self, doc_id: str, label: str) -> pd.Series:
        """A task by its number as written: ``item("taian_2017_plan", "39")``.

        >>> corpus.item("taian_2017_plan", "39")["heading"]
        '树立重视法治素养和法治能力的用人导向'
        """
        self._doc(doc_id)
        tasks = self.tasks[self.tasks["doc_id"] == doc_id]
        wanted = str(label).strip().rstrip(".、")
        hits = tasks[tasks["label"].str.rstrip(".、").str.strip("()") == wanted.strip("()")]
        if hits.empty:
            raise KeyError(f"{doc_id} has no task labelled {label!r}")
        return hits.iloc[0]

    def raw_text(self, doc_id: str) -> str:
        """The decoded raw text, rebuilt from the normalised text and the quality log.

        >>> corpus.raw_text("shiyan_2023_report")[:7]
        '十堰市人民政府'
        """
        q = self.quality[self.quality["doc_id"] == doc_id]
        records = [
            Record(int(r.start), int(r.end), int(r.raw_start), int(r.raw_end), r.before, r.after, r.kind, r.action, r.detail)
            for r in q.itertuples()
        ]
        return reconstruct(self.text(doc_id), records)

    def subset(self, jurisdictions=None) -> "Corpus":
        """Only the documents of the given jurisdictions (zh or en names, or doc_ids); None keeps all.

        >>> corpus.subset(["Qinghai", "十堰市"]).documents["jurisdiction_en"].tolist()
        ['Qinghai', 'Shiyan']
        """
        if not jurisdictions:
            return self
        wanted = {jurisdictions} if isinstance(jurisdictions, str) else set(jurisdictions)
        d = self.documents
        keep = d[d["jurisdiction_zh"].isin(wanted) | d["jurisdiction_en"].isin(wanted) | d["doc_id"].isin(wanted)]
        unknown = wanted - set(keep["jurisdiction_zh"]) - set(keep["jurisdiction_en"]) - set(keep["doc_id"])
        if unknown:
            raise KeyError(f"unknown jurisdiction(s) {sorted(unknown)}; known: {', '.join(d['jurisdiction_en'])}")
        ids = set(keep["doc_id"])
        r = self.reuse
        return Corpus(
            documents=keep,
            provisions=self.provisions[self.provisions["doc_id"].isin(ids)],
            indicators=self.indicators[self.indicators["doc_id"].isin(ids)],
            themes=self.themes[self.themes["doc_id"].isin(ids)],
            cluster_terms=self.cluster_terms,
            cluster_selection=self.cluster_selection,
            reuse=r[r["doc_id_a"].isin(ids) & r["doc_id_b"].isin(ids)],
            quality=self.quality[self.quality["doc_id"].isin(ids)],
            follow_through=self.follow_through[self.follow_through["target_doc_id"].isin(ids)],
            cascade=self.cascade[self.cascade["doc_id"].isin(ids)],
            processed_dir=self.processed_dir,
            data_version=self.data_version,
        )

    def summary(self) -> pd.DataFrame:
        """One line per document: who, what, when, how much.

        >>> corpus.summary().loc["qinghai_2024_key_points", "doc_type"]
        'key_points'
        """
        cols = ["doc_id", "jurisdiction_zh", "jurisdiction_en", "level", "doc_type", "period_start", "period_end", "script", "n_provisions", "n_tasks", "n_chars"]
        return self.documents[cols].set_index("doc_id")


def load(processed_dir: str | Path | None = None) -> Corpus:
    """Load the processed tables (run ``fazhi build`` first).

    >>> load(corpus.processed_dir).documents["doc_id"].tolist()[:2]
    ['huaibei_2022_action_plan', 'taian_2017_plan']
    """
    folder = Path(processed_dir) if processed_dir is not None else default_processed_dir()
    if not folder.is_dir():
        raise ProcessedDataError("no processed tables here; run `make briefing` or `fazhi build` first", path=folder)
    snapshot = snapshot_folder(folder)  # one build's set, even if a build replaces it while tables load lazily
    for name in TABLES:  # every table present and of this version's schema, now
        read_schema(snapshot, name)
    tables = {name: functools.partial(_read, snapshot, name) for name in TABLES}
    tables["documents"] = _read(snapshot, "documents")
    return Corpus(**tables, processed_dir=folder, data_version=data_version(snapshot))


def _read(folder: Path, name: str) -> pd.DataFrame:
    return read_table(folder, name).to_pandas()
