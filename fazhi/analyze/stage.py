"""The corpus stage: follow-through and cascade, themes, clusters and shared text, after every document is parsed.

Each document contributes its provisions' tokens, content hashes and shingle
fingerprints (:func:`document_inputs`, computed once per document in the
per-document stage); :func:`analyze` reads only those (:class:`CorpusInputs`) and the
mapped indicator rows, and emits the follow_through, cascade, themes, cluster_terms,
cluster_selection and reuse tables (with what two documents share because both
took it from a higher-level one), one function per step.  What it may
reuse from earlier builds (fitted models, each segment's outputs, alignments) it
gets and puts through the cache the build hands it (:mod:`fazhi.analyze.keyed`).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fazhi.analyze.corpusinputs import SCHEMA, CorpusInputs, ProvisionTokens
from fazhi.analyze.fromabove import from_above
from fazhi.analyze.keyed import NO_CACHE, KeyedCache
from fazhi.analyze.reuse import find_reuse_indexed, fingerprints, flatten
from fazhi.analyze.tokenize import tokens
from fazhi.parse import patterns as P
from fazhi.schema import CASCADE, CLUSTER_SELECTION, CLUSTER_TERMS, FOLLOW_THROUGH, REUSE, THEME_IDS, THEMES
from fazhi.tables import columns, to_arrow

#: ``emit(name, rows, *, group=False, key=None)``: hand a table's rows (columns, an Arrow
#: table, or a function making one) to the writer; ``group``: the rows are one row group of
#: their own (a segment); ``key``: their content key, under which the writer may keep them
#: encoded and, next time, not call ``rows`` at all.
Emit = Callable[..., None]

MIN_TASKS_TO_CLUSTER = 8
#: Models are fitted on at most this many provisions (themes) and tasks (clusters);
#: the rest are predicted.  Below the limits (the founding corpus) everything is fitted.
MAX_FIT_PROVISIONS = 20_000
MAX_FIT_TASKS = 1_000
# Why 1,000 tasks: k-means with k ≤ 14 in 10 LSA dimensions has ≥ 70 tasks per cluster,
# and choosing k (11 values × 21 runs × 30 starts) costs ~10 ms per task fitted.


def text_hash(text: str) -> int:
    """64-bit content hash of a provision text: the order of the bottom-k fit samples.

    >>> text_hash("推进法治") == text_hash("推进法治") != text_hash("推進法治")
    True
    """
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def fit_sample(hashes, limit: int) -> np.ndarray:
    """Indices of a deterministic sample: the ``limit`` rows with the smallest text hashes.

    A bottom-k sample by content hash does not depend on order, and one changed
    document changes it only if its own provisions enter or leave it, so the
    fitted model (cached by its sample) usually survives an incremental rebuild.

    >>> fit_sample([text_hash(t) for t in ["甲", "乙", "丙"]], 5).tolist()
    [0, 1, 2]
    >>> fit_sample([9, 3, 7, 3], 2).tolist()  # ties go to the earlier row
    [1, 3]
    """
    hashes = np.asarray(hashes, dtype=np.uint64)
    if len(hashes) <= limit:
        return np.arange(len(hashes))
    return np.sort(np.argsort(hashes, kind="stable")[:limit])


def _model_key(kind: str, inputs: CorpusInputs, parts: Sequence[tuple[np.ndarray, str]], extra: str = "") -> str:
    """Content key of a model fitted on the tokens of ``parts`` (``(rows, "text" | "head")``;
    a row of -1 has no tokens): it hashes ``extra`` (parameters) and every row's tokens
    (the cache adds the code version), so a model cached under it is used only where
    fitting again would give the same one.  Hashed from the token arrays, so a rebuild
    whose models are cached makes no Python list of the 20,000 sampled provisions' tokens."""
    h = hashlib.sha256(f"{kind} {extra}".encode())
    for rows, which in parts:
        lengths, words = inputs.token_strings(rows, which)
        offsets = np.frombuffer(words.buffers()[1], np.int32)[words.offset : words.offset + len(words) + 1]
        data = words.buffers()[2]
        h.update(lengths.astype("<i8").tobytes())  # tokens per row,
        h.update((offsets - offsets[0]).astype("<i8").tobytes())  # bytes per token,
        h.update(memoryview(data)[offsets[0] : offsets[-1]] if data is not None else b"")  # the tokens
    return h.hexdigest()


def _cached(cache: KeyedCache, key: str, make: Callable):
    """The model cached under ``key``, or ``make()`` (then cached)."""
    value = cache.get("models", key)
    if value is None:
        value = make()
        cache.put("models", key, value)
    return value


def _cluster_facts(model) -> dict:
    """What the cluster tables need of a fitted clusterer, as plain values (no scikit-learn to read back)."""
    names = ("top_terms_", "silhouette_", "stability_by_k_", "k_", "criterion_", "n_stability", "labels_", "embedding_")
    return {name: getattr(model, name) for name in names}


def majority_themes(clusters: Sequence[int], themes: Sequence[str]) -> dict[int, tuple[str, float]]:
    """Each cluster's most frequent theme and its share of the cluster (ties: the
    smallest theme label, as the first column of :func:`purity`'s table).

    >>> majority_themes([0, 0, 0, 1], ["T7", "T3", "T7", "none"])
    {0: ('T7', 0.6666666666666666), 1: ('none', 1.0)}
    """
    counts: dict[int, Counter] = {}
    for c, t in zip(clusters, themes):
        counts.setdefault(c, Counter())[t] += 1
    out = {}
    for c in sorted(counts):
        theme, n = min(counts[c].items(), key=lambda kv: (-kv[1], kv[0]))
        out[c] = (theme, n / sum(counts[c].values()))
    return out


def provision_tokens(text: str, heading: str | None) -> tuple[list[str], list[str]]:
    """(own text tokens, heading tokens); the unit note (责任单位:…) is left out."""
    body = P.UNITS_NOTE.sub("", text)
    heading = heading or ""
    if heading and body.startswith(heading):
        body = body[len(heading) :]
    return tokens(body), tokens(heading)


def document_inputs(doc_id: str, provisions: Sequence[dict]) -> pa.Table:
    """What the corpus stage needs of one document's provisions (rows of the provisions
    table plus ``text_start``): ids, texts, content hashes, tokens and fingerprints, a
    table of :data:`fazhi.analyze.corpusinputs.SCHEMA`."""
    toks = [provision_tokens(p["text"], p["heading"]) for p in provisions]
    values, offsets = flatten([fingerprints(p["text"]) for p in provisions])  # list<uint64> without a Python int per element
    return pa.Table.from_pydict(
        {
            "provision_id": [p["provision_id"] for p in provisions],
            "doc_id": [doc_id] * len(provisions),
            "parent_id": [p["parent_id"] for p in provisions],
            "is_task": [p["is_task"] for p in provisions],
            "text": [p["text"] for p in provisions],
            "text_hash": [text_hash(p["text"]) for p in provisions],
            "text_start": [p["text_start"] for p in provisions],
            "text_tokens": [t[0] for t in toks],
            "head_tokens": [t[1] for t in toks],
            "prints": pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(values)),
        },
        schema=SCHEMA,
    )


def _features(inputs: CorpusInputs, parent: np.ndarray, rows: Sequence[int]) -> list[ProvisionTokens]:
    texts, heads = inputs.tokens(rows, "text"), inputs.tokens(rows, "head")
    parents = [int(parent[k]) for k in rows]
    parent_heads = dict(zip([p for p in parents if p >= 0], inputs.tokens([p for p in parents if p >= 0], "head")))
    return [ProvisionTokens(t, h, parent_heads.get(p, [])) for t, h, p in zip(texts, heads, parents)]


RESULT_SCHEMA = pa.schema(
    [
        pa.field("theme_id", pa.string()),
        pa.field("theme_score", pa.float64()),
        pa.field("theme_method", pa.string()),
        pa.field("cluster_id", pa.int64()),
        pa.field("x", pa.float64()),
        pa.field("y", pa.float64()),
    ]
)


class _Results:
    """Per-provision model outputs, filled a segment (a shard's rows) at a time."""

    def __init__(self, n: int):
        self.theme_id = np.full(n, None, dtype=object)
        self.theme_score = np.zeros(n)
        self.theme_method = np.full(n, "none", dtype=object)
        self.cluster_id = np.full(n, -1, dtype=np.int64)
        self.xy = np.full((n, 2), np.nan)
        self.predicted: set[int] = set()  # first rows of the segments predicted (not cached)

    def table(self, lo: int, hi: int) -> pa.Table:
        return pa.table(
            [self.theme_id[lo:hi], self.theme_score[lo:hi], self.theme_method[lo:hi], self.cluster_id[lo:hi], self.xy[lo:hi, 0], self.xy[lo:hi, 1]],
            schema=RESULT_SCHEMA,
        )

    def fill(self, lo: int, table: pa.Table) -> None:
        hi = lo + table.num_rows
        self.theme_id[lo:hi] = table.column("theme_id").to_pylist()
        self.theme_score[lo:hi] = table.column("theme_score").to_numpy()
        self.theme_method[lo:hi] = table.column("theme_method").to_pylist()
        self.cluster_id[lo:hi] = table.column("cluster_id").to_numpy()
        self.xy[lo:hi, 0] = table.column("x").to_numpy()
        self.xy[lo:hi, 1] = table.column("y").to_numpy()


def _read_results(cache: KeyedCache, key: str, rows: int) -> pa.Table | None:
    """A segment's cached model outputs, or None."""
    table = cache.get("results", key)
    ok = isinstance(table, pa.Table) and table.schema.equals(RESULT_SCHEMA) and table.num_rows == rows
    return table if ok else None


def analyze(
    inputs: CorpusInputs,
    emit: Emit,
    *,
    random_state: int = 0,
    jobs: int = 1,
    timings: dict | None = None,
    cache: KeyedCache = NO_CACHE,
    free: Callable[[], None] = lambda: None,
    indicators: Sequence[dict] = (),
    documents: Sequence[dict] = (),
) -> None:
    """The corpus stage: the follow_through, cascade, themes, cluster_terms,
    cluster_selection and reuse tables, each handed to ``emit(name, columns)`` as soon as
    it is ready and then dropped (so the themes table is on disk before the reuse step
    needs the memory); the themes table goes a segment at a time
    (``emit(name, rows, group=True, key=…)``, :data:`Emit`).

    Models are fitted on bottom-k samples and predict one segment of ``inputs``
    (a shard) at a time, so a segment's outputs depend only on its rows and the
    models; with a ``cache`` the models, each keyed segment's outputs and the text
    alignments are kept there and reused when their keys match.  Memory stays
    bounded (token lists exist for one segment or sample at a time), and ``free()``
    is called when a step's working memory can go back to the system; ``jobs``
    processes align shared text; ``timings`` gets the seconds each step took.
    ``inputs`` is spent afterwards.  The follow_through and cascade tables come from
    ``indicators`` (rows mapped to a catalogue indicator) and ``documents`` (rows, texts
    not needed).  One function per step, as :func:`fazhi.pipeline.build` reads for the
    documents: :func:`plan_tables`, :func:`corpus_models`, :func:`predict_segments`,
    :func:`cluster_tables`, :func:`emit_themes`, :func:`reuse_columns`.
    """
    timings = {} if timings is None else timings
    plan_tables(indicators, documents, emit, timings)
    models = corpus_models(inputs, cache=cache, random_state=random_state, timings=timings)
    results = predict_segments(inputs, models, cache=cache, timings=timings)
    cluster_terms, selection = cluster_tables(models, results, timings=timings)
    emit_themes(inputs, models, results, emit, cache=cache, timings=timings)
    del results
    inputs.drop_tokens()  # the reuse step reads texts and fingerprints only
    free()
    emit("cluster_terms", columns(cluster_terms, CLUSTER_TERMS))
    emit("cluster_selection", columns(selection, CLUSTER_SELECTION))
    clock = time.perf_counter()  # the tables emitted above count as writing, not reuse
    reuse = reuse_columns(inputs, jobs=jobs, cache=cache, free=free, documents=documents)
    timings["reuse"] = time.perf_counter() - clock
    inputs.close()  # spent: free its texts and fingerprints before the reuse table is written
    free()
    emit("reuse", reuse)


def plan_tables(indicators: Sequence[dict], documents: Sequence[dict], emit: Emit, timings: dict) -> None:
    """The follow_through and cascade tables (:mod:`fazhi.analyze.followthrough`,
    :mod:`fazhi.analyze.cascade`), handed to ``emit``."""
    from fazhi.analyze.cascade import cascade_rows
    from fazhi.analyze.followthrough import follow_through_rows

    clock = time.perf_counter()
    emit("follow_through", columns(follow_through_rows(indicators, documents), FOLLOW_THROUGH))
    emit("cascade", columns(cascade_rows(indicators, documents), CASCADE))
    timings["follow-through"] = time.perf_counter() - clock


class CorpusModels:
    """The theme and cluster models of a corpus: their content keys, the cluster facts the
    tables need, and the fitted models (or their cached predictors), fitted or loaded only
    when a segment has to be predicted: a predictor is plain arrays, so a rebuild needs no
    scikit-learn."""

    def __init__(self, inputs: CorpusInputs, cache: KeyedCache, random_state: int):
        self.inputs, self.cache, self.random_state = inputs, cache, random_state
        self.hashes = inputs.column("text_hash").to_numpy()
        parent_at = pc.index_in(inputs.column("parent_id"), value_set=inputs.column("provision_id"))
        self.parent = pc.fill_null(parent_at, -1).to_numpy(zero_copy_only=False)
        self.theme_rows = fit_sample(self.hashes, MAX_FIT_PROVISIONS)
        self.theme_key = _model_key("themes", inputs, [(self.theme_rows, "text"), (self.theme_rows, "head"), (self.parent[self.theme_rows], "head")])
        self.is_task = inputs.column("is_task").to_numpy(zero_copy_only=False)
        self.task_idx = np.flatnonzero(self.is_task)
        self.facts, self.cluster_key, self.sampled = None, "none", False
        self.cluster_rows = np.zeros(0, np.int64)
        self._fitted: dict[str, object] = {}

    @property
    def key(self) -> str:
        """Both models' keys: a cached segment's outputs are valid under them only."""
        return f"{self.theme_key} {self.cluster_key}"

    @property
    def reusable(self) -> bool:
        """Whether a segment's outputs depend only on its rows and the models: not when the
        clusterer was fitted on every task (a small corpus), whose labels come from the fit."""
        return self.facts is None or self.sampled

    def themes(self):
        if "themes" not in self._fitted:

            def fit():
                from fazhi.analyze.themes import ThemeAssigner

                return ThemeAssigner().fit(_features(self.inputs, self.parent, self.theme_rows)).predictor_

            self._fitted["themes"] = _cached(self.cache, f"themes {self.theme_key} predictor", fit)
        return self._fitted["themes"]

    def clusterer(self):
        if "clusterer" not in self._fitted:
            from fazhi.analyze.clusters import ProvisionClusterer

            self._fitted["clusterer"] = ProvisionClusterer(random_state=self.random_state).fit(self.inputs.tokens(self.cluster_rows, "head+text"))
        return self._fitted["clusterer"]

    def clusters(self):
        if "clusters" not in self._fitted:
            self._fitted["clusters"] = _cached(self.cache, f"clusters {self.cluster_key} predictor", lambda: self.clusterer().predictor_)
        return self._fitted["clusters"]

    def release(self) -> None:
        """Drop the fitted models (the facts and keys stay)."""
        self._fitted = {}


def corpus_models(inputs: CorpusInputs, *, cache: KeyedCache = NO_CACHE, random_state: int = 0, timings: dict) -> CorpusModels:
    """The models' keys and the cluster facts (from the cache, or by fitting the clusterer
    on a bottom-k sample of the tasks); nothing else is fitted yet."""
    clock = time.perf_counter()
    models = CorpusModels(inputs, cache, random_state)
    timings["themes"] = time.perf_counter() - clock
    clock = time.perf_counter()
    task_idx = models.task_idx
    if len(task_idx) >= MIN_TASKS_TO_CLUSTER:
        sample = fit_sample(models.hashes[task_idx], MAX_FIT_TASKS)
        models.sampled = len(sample) < len(task_idx)
        models.cluster_rows = task_idx[sample]
        models.cluster_key = _model_key("clusters", inputs, [(models.cluster_rows, "head"), (models.cluster_rows, "text")], str(random_state))
        try:
            models.facts = _cached(cache, f"clusters {models.cluster_key} facts", lambda: _cluster_facts(models.clusterer()))
        except ValueError:  # too few distinct provisions to cluster: themes still apply
            models.facts, models.cluster_key = None, "none"
    timings["clusters"] = time.perf_counter() - clock
    return models


def predict_segments(inputs: CorpusInputs, models: CorpusModels, *, cache: KeyedCache = NO_CACHE, timings: dict) -> _Results:
    """Every provision's theme, cluster and map position, a segment at a time (a keyed
    segment's outputs from the cache when the models are the same); the fitted models are
    released afterwards.  ``results.predicted`` holds the first rows of the segments
    predicted here."""
    results = _Results(len(inputs))
    facts, is_task, parent = models.facts, models.is_task, models.parent
    spent = {"themes": 0.0, "clusters": 0.0}
    for key, lo, hi in inputs.segments:
        got = _read_results(cache, f"{key} {models.key}", hi - lo) if models.reusable and key else None
        if got is not None:
            results.fill(lo, got)
            continue
        results.predicted.add(lo)
        t = time.perf_counter()
        rows = np.arange(lo, hi)
        for r, (theme, score, method) in zip(rows.tolist(), models.themes().predict(_features(inputs, parent, rows))):
            results.theme_id[r], results.theme_score[r], results.theme_method[r] = theme, score, method
        spent["themes"] += time.perf_counter() - t
        t = time.perf_counter()
        tasks = rows[is_task[lo:hi]]
        if facts is not None and models.sampled and len(tasks):
            labels, embedding = models.clusters().predict_embed(inputs.tokens(tasks, "head+text"))
            results.cluster_id[tasks] = labels
            # Python's round (correctly rounded decimals), as the founding tables have always had.
            results.xy[tasks] = [[round(float(x), 6), round(float(y), 6)] for x, y in embedding.tolist()]
        spent["clusters"] += time.perf_counter() - t
    if facts is not None and not models.sampled:
        results.cluster_id[models.task_idx] = facts["labels_"]
        results.xy[models.task_idx] = [[round(float(x), 6), round(float(y), 6)] for x, y in np.asarray(facts["embedding_"]).tolist()]
    models.release()
    timings["themes"] += spent["themes"]
    timings["clusters"] += spent["clusters"]
    return results


def cluster_tables(models: CorpusModels, results: _Results, *, timings: dict) -> tuple[list[dict], list[dict]]:
    """The cluster_terms and cluster_selection rows (none when the corpus was not clustered)."""
    clock = time.perf_counter()
    facts, task_idx = models.facts, models.task_idx
    cluster_terms: list[dict] = []
    selection: list[dict] = []
    if facts is not None:
        labels = results.cluster_id[task_idx]
        themes_of_tasks = [t or "none" for t in results.theme_id[task_idx].tolist()]
        sizes = Counter(labels.tolist())
        majority = majority_themes(labels.tolist(), themes_of_tasks)
        from fazhi.analyze.clusternames import cluster_names  # no scikit-learn: a rebuild from cached models loads none

        names = cluster_names(facts["top_terms_"], labels.tolist(), themes_of_tasks, THEME_IDS)
        for lab, terms in facts["top_terms_"].items():
            theme, share = majority.get(lab, (None, None))
            name, nearest, nearest_share = names[lab]
            for rank, (term, score) in enumerate(terms, 1):
                cluster_terms.append(
                    {
                        "cluster_id": lab,
                        "rank": rank,
                        "term": term,
                        "score": score,
                        "n_provisions": sizes.get(lab, 0),
                        "majority_theme_id": theme,
                        "majority_share": round(share, 6) if share is not None else None,
                        "label_zh": name,
                        "nearest_theme_id": nearest,
                        "nearest_share": round(nearest_share, 6),
                    }
                )
        for k in sorted(facts["silhouette_"]):
            selection.append(
                {
                    "k": k,
                    "silhouette": round(facts["silhouette_"][k], 6),
                    "stability": round(facts["stability_by_k_"][k], 6) if k in facts["stability_by_k_"] else None,
                    "chosen": k == facts["k_"],
                    "criterion": facts["criterion_"],
                    "n_stability_runs": facts["n_stability"] if k in facts["stability_by_k_"] else 0,
                }
            )
    timings["clusters"] += time.perf_counter() - clock
    return cluster_terms, selection


def emit_themes(inputs: CorpusInputs, models: CorpusModels, results: _Results, emit: Emit, *, cache: KeyedCache = NO_CACHE, timings: dict) -> None:
    """The themes table, a segment at a time: the writer may hold a keyed segment's rows
    encoded from the build that predicted them; the others are made here (and their
    outputs cached beside them)."""
    clock = time.perf_counter()
    for key, lo, hi in inputs.segments:
        keyed = f"{key} {models.key}" if models.reusable and key else None
        if keyed is not None and lo in results.predicted:
            cache.put("results", keyed, results.table(lo, hi))

        def rows(lo=lo, hi=hi) -> pa.Table:
            return to_arrow(_themes_columns(inputs, results, lo, hi), THEMES)

        emit("themes", rows, group=True, key=keyed)
    if not inputs.segments:
        emit("themes", THEMES.schema.empty_table(), group=True)
    timings["themes"] += time.perf_counter() - clock


def _themes_columns(inputs: CorpusInputs, results: _Results, lo: int, hi: int) -> dict:
    """The themes table's columns for rows ``lo:hi``."""
    clustered = results.cluster_id[lo:hi] >= 0
    return {
        "doc_id": inputs.table.column("doc_id").slice(lo, hi - lo),
        "provision_id": inputs.table.column("provision_id").slice(lo, hi - lo),
        "theme_id": pa.array(results.theme_id[lo:hi], pa.string()),
        "theme_score": results.theme_score[lo:hi],
        "theme_method": pa.array(results.theme_method[lo:hi], pa.string()),
        "cluster_id": pa.array(results.cluster_id[lo:hi], pa.int16(), mask=~clustered),
        "x": pa.array(results.xy[lo:hi, 0], pa.float64(), mask=~clustered),
        "y": pa.array(results.xy[lo:hi, 1], pa.float64(), mask=~clustered),
        "tokens": inputs.token_column(lo, hi),
    }


def substrings(texts, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> pa.Array:
    """``texts[rows[k]][starts[k]:ends[k]]`` (character offsets, as Python slices them) for
    every k, without a Python string per passage and without copying the texts: the
    character offsets become byte offsets in numpy (each chunk of ``texts`` scanned once),
    the passages become views into the chunks' own bytes (Arrow's ``string_view``), and
    Arrow copies just the passages' bytes into an ordinary string array.

    >>> substrings(pa.array(["依法行政", "ab法治"]), np.array([1, 0]), np.array([1, 2]), np.array([3, 4])).to_pylist()
    ['b法', '行政']
    """
    rows, starts, ends = (np.asarray(x, dtype=np.int64) for x in (rows, starts, ends))
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    first_row = np.cumsum([0] + [len(c) for c in chunks])
    of_chunk = np.searchsorted(first_row, rows, side="right") - 1
    by_chunk = np.argsort(of_chunk, kind="stable")
    cuts = np.searchsorted(of_chunk[by_chunk], np.arange(len(chunks) + 1))
    views = np.zeros((len(rows), 16), np.uint8)
    buffers = []
    for k in np.flatnonzero(np.diff(cuts)).tolist():  # the chunks some passage is in
        sel = by_chunk[cuts[k] : cuts[k + 1]]
        at, first, data = _char_starts(chunks[k])
        local = rows[sel] - first_row[k]
        begin = at[first[local] + starts[sel]]
        views[sel] = _views(data, begin, at[first[local] + ends[sel]] - begin, len(buffers))
        buffers.append(chunks[k].buffers()[2] or pa.py_buffer(b""))
    return pa.Array.from_buffers(pa.string_view(), len(rows), [None, pa.py_buffer(views), *buffers]).cast(pa.string())


def _char_starts(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(at, first, data)`` of a string array: character c of text t starts at byte
    ``at[first[t] + c]`` of ``data``, its data buffer (c = the text's length gives its end)."""
    offsets = np.frombuffer(texts.buffers()[1], np.int32)[texts.offset : texts.offset + len(texts) + 1].astype(np.int64)
    data = np.frombuffer(texts.buffers()[2], np.uint8) if texts.buffers()[2] is not None else np.zeros(0, np.uint8)
    # A character starts at every byte that is not a UTF-8 continuation byte (10xxxxxx).
    at = np.append(np.flatnonzero((data[offsets[0] : offsets[-1]] & 0xC0) != 0x80) + offsets[0], offsets[-1])
    return at, np.searchsorted(at, offsets[:-1]), data


def _views(data: np.ndarray, begin: np.ndarray, size: np.ndarray, buffer: int) -> np.ndarray:
    """Arrow ``string_view`` headers of the byte ranges ``data[begin:begin + size]`` of data
    buffer number ``buffer``: 16 bytes each — the length, then up to 12 bytes inline, or a
    4-byte prefix, the buffer number and the offset."""
    n = len(begin)
    view = np.zeros((n, 16), np.uint8)
    view[:, 0:4] = size.astype("<i4").view(np.uint8).reshape(n, 4)
    twelve = np.arange(12)
    view[:, 4:16] = np.where(twelve < size[:, None], data[np.minimum(begin[:, None] + twelve, max(0, len(data) - 1))] if len(data) else 0, 0)
    long = size > 12
    view[long, 8:12] = np.array([buffer], "<i4").view(np.uint8)
    view[long, 12:16] = begin[long].astype("<i4").view(np.uint8).reshape(-1, 4)
    return view


def reuse_columns(
    inputs: CorpusInputs, *, jobs: int = 1, cache: KeyedCache = NO_CACHE, free: Callable[[], None] = lambda: None, documents: Sequence[dict] = (), **options
) -> dict[str, object]:
    """The reuse table's columns: every passage shared by provisions of two documents
    (alignments found by earlier builds are reused from ``cache``), and the higher-level
    document of ``documents`` both took it from (:func:`fazhi.analyze.fromabove.from_above`)."""
    doc_ids, prov_ids = inputs.column("doc_id"), inputs.column("provision_id")
    doc_of = pc.dictionary_encode(doc_ids).indices.to_numpy(zero_copy_only=False)
    flat, offsets = inputs.take_prints()
    found = find_reuse_indexed(doc_of, flat, offsets, inputs.texts(), jobs=jobs, cache=cache, **options)
    del flat, offsets
    free()  # the candidate search's and the alignment's working memory
    n = len(found.i)
    ia, ja, span, containment = found.i, found.j, found.spans, found.containment
    del found
    base = inputs.column("text_start").to_numpy(zero_copy_only=False)
    start_a, matched = base[ia] + span[:, 0], span[:, 4]
    ids_a = prov_ids.take(pa.array(ia))
    ids_b = prov_ids.take(pa.array(ja))
    # Longest first, then by place; the row number breaks the last ties as a stable sort
    # would.  The order is found first and every column built in it, never copied twice.
    keyed = pa.table({"matched": matched, "provision_id_a": ids_a, "start_a": start_a, "provision_id_b": ids_b, "row": np.arange(n)})
    order = pc.sort_indices(
        keyed, sort_keys=[("matched", "descending"), ("provision_id_a", "ascending"), ("start_a", "ascending"), ("provision_id_b", "ascending"), ("row", "ascending")]
    ).to_numpy()
    del keyed
    ia, ja, span, containment = ia[order], ja[order], span[order], containment[order]
    # Both sides' passages cut in one call: the two sides share most of their texts, and
    # each distinct text's characters are located once.
    cut = substrings(inputs.texts(), np.concatenate([ia, ja]), np.concatenate([span[:, 0], span[:, 2]]), np.concatenate([span[:, 1], span[:, 3]]))
    out = {
        "passage_id": np.arange(n),
        "doc_id_a": doc_ids.take(pa.array(ia)),
        "provision_id_a": ids_a.take(pa.array(order)),
        "start_a": base[ia] + span[:, 0],
        "end_a": base[ia] + span[:, 1],
        "doc_id_b": doc_ids.take(pa.array(ja)),
        "provision_id_b": ids_b.take(pa.array(order)),
        "start_b": base[ja] + span[:, 2],
        "end_b": base[ja] + span[:, 3],
        "matched": span[:, 4],
        "length": span[:, 1] - span[:, 0],
        "text_a": cut.slice(0, n),
        "text_b": cut.slice(n),
        "containment": containment,
    }
    out["from_above"] = from_above(out, documents)
    return {name: (v if isinstance(v, pa.Array) else pa.array(v)).cast(REUSE.schema.field(name).type) for name, v in out.items()}
