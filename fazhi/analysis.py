"""Corpus-level steps after every document is parsed: themes, clusters, shared text.

They read only the provisions and their tokens (computed once per provision by
:func:`provision_tokens`), so they run after the per-document stage and before
the tables are written.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import patterns as P
from .clusters import ProvisionClusterer, purity
from .corpusinputs import CorpusInputs
from .reuse import find_reuse_indexed
from .schema import CLUSTER_SELECTION, CLUSTER_TERMS, REUSE
from .tableio import columns
from .themes import ProvisionTokens, ThemeAssigner
from .docstage import code_version, write_atomic
from .tokenize import cache_dir, tokens

MIN_TASKS_TO_CLUSTER = 8
#: Models are fitted on at most this many provisions (themes) and tasks (clusters);
#: the rest are predicted.  Below the limits (the founding corpus) everything is fitted.
MAX_FIT_PROVISIONS = 20_000
MAX_FIT_TASKS = 1_000
# Why 1,000 tasks: k-means with k ≤ 14 in 10 LSA dimensions has ≥ 70 tasks per cluster,
# and choosing k (11 values × 21 runs × 30 starts) costs ~10 ms per task fitted.
#: Provisions whose token lists are held as Python lists at once.
CHUNK = 20_000


def fit_sample(texts, limit: int) -> list[int]:
    """Indices of a deterministic sample: the ``limit`` texts with the smallest hashes.

    A bottom-k sample by content hash does not depend on order, and one changed
    document changes it only if its own provisions enter or leave it, so the
    fitted model (cached by its sample) usually survives an incremental rebuild.
    ``texts``: a list of strings or an Arrow string array.

    >>> fit_sample(["甲", "乙", "丙"], 5)
    [0, 1, 2]
    >>> len(fit_sample([str(i) for i in range(100)], 10))
    10
    """
    if len(texts) <= limit:
        return list(range(len(texts)))
    digest = [hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest() for t in _strings(texts)]
    return sorted(sorted(range(len(texts)), key=lambda i: (digest[i], i))[:limit])


def _strings(texts, batch: int = CHUNK):
    """The Python strings of a list or of an Arrow array, converted a batch at a time."""
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        for lo in range(0, len(texts), batch):
            yield from texts.slice(lo, batch).to_pylist()
    else:
        yield from texts


def _fit_clusterer(docs: list[list[str]], random_state: int) -> ProvisionClusterer:
    """Fit, or load the model fitted earlier on exactly these token lists."""
    h = hashlib.sha256(f"{code_version()} {random_state}".encode())
    for toks in docs:
        h.update("\x1f".join(toks).encode("utf-8") + b"\x1e")
    path = cache_dir() / "models" / f"clusters-{h.hexdigest()}.pkl"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # missing or unreadable: fit again  # noqa: BLE001
        pass
    model = ProvisionClusterer(random_state=random_state).fit(docs)
    write_atomic(path, pickle.dumps(model, protocol=5))
    return model


def provision_tokens(text: str, heading: str | None) -> tuple[list[str], list[str]]:
    """(own text tokens, heading tokens); the unit note (责任单位:…) is left out."""
    body = P.UNITS_NOTE.sub("", text)
    heading = heading or ""
    if heading and body.startswith(heading):
        body = body[len(heading) :]
    return tokens(body), tokens(heading)


def _features(inputs: CorpusInputs, parent: np.ndarray, rows: Sequence[int]) -> list[ProvisionTokens]:
    texts, heads = inputs.tokens(rows, "text"), inputs.tokens(rows, "head")
    parents = [int(parent[k]) for k in rows]
    parent_heads = dict(zip([p for p in parents if p >= 0], inputs.tokens([p for p in parents if p >= 0], "head")))
    return [ProvisionTokens(t, h, parent_heads.get(p, [])) for t, h, p in zip(texts, heads, parents)]


def analyze(inputs: CorpusInputs, emit: Callable[[str, dict], None], *, random_state: int = 0, jobs: int = 1, timings: dict | None = None) -> None:
    """The themes, cluster_terms, cluster_selection and reuse tables, each handed to
    ``emit(name, columns)`` as soon as it is ready and then dropped (so the themes
    table is on disk before the reuse step needs the memory).

    Token lists are materialised :data:`CHUNK` provisions at a time, so memory stays
    bounded however large the corpus; ``jobs`` processes align shared text;
    ``timings`` gets the seconds each step took.  ``inputs`` is spent afterwards.
    """
    timings = {} if timings is None else timings
    clock = time.perf_counter()
    n = len(inputs)
    texts = inputs.column("text")
    parent = pc.fill_null(pc.index_in(inputs.column("parent_id"), value_set=inputs.column("provision_id")), -1).to_numpy(zero_copy_only=False)
    fit_rows = fit_sample(texts, MAX_FIT_PROVISIONS)
    assigner = ThemeAssigner().fit(_features(inputs, parent, fit_rows))
    predictions: list[tuple] = []
    for lo in range(0, n, CHUNK):
        predictions.extend(assigner.predict(_features(inputs, parent, range(lo, min(n, lo + CHUNK)))))
    timings["themes"] = time.perf_counter() - clock
    clock = time.perf_counter()

    task_idx = np.flatnonzero(inputs.column("is_task").to_numpy(zero_copy_only=False))
    cluster_id = np.full(n, -1, dtype=np.int64)
    xy = np.full((n, 2), np.nan)
    cluster_terms: list[dict] = []
    selection: list[dict] = []
    model = None
    if len(task_idx) >= MIN_TASKS_TO_CLUSTER:
        sample = fit_sample(texts.take(pa.array(task_idx)), MAX_FIT_TASKS)
        try:
            model = _fit_clusterer(inputs.tokens(task_idx[sample], "head+text"), random_state)
        except ValueError:  # too few distinct provisions to cluster: themes still apply
            model = None
    if model is not None:
        if len(sample) == len(task_idx):
            labels, embedding = np.asarray(model.labels_), np.asarray(model.embedding_)
        else:
            labels, embedding = [], []
            for lo in range(0, len(task_idx), CHUNK):
                docs = inputs.tokens(task_idx[lo : lo + CHUNK], "head+text")
                lab, emb = model.predict_embed(docs)
                labels.append(lab)
                embedding.append(emb)
            labels, embedding = np.concatenate(labels), np.concatenate(embedding)
        cluster_id[task_idx] = labels
        # Python's round (correctly rounded decimals), as the founding tables have always had.
        xy[task_idx] = [[round(float(x), 6), round(float(y), 6)] for x, y in embedding.tolist()]
        themes_of_tasks = [predictions[k][0] or "none" for k in task_idx.tolist()]
        _, tab = purity(labels, themes_of_tasks)
        sizes = Counter(labels.tolist())
        for lab, terms in model.top_terms_.items():
            row = tab.loc[lab] if lab in tab.index else None
            for rank, (term, score) in enumerate(terms, 1):
                cluster_terms.append(
                    {
                        "cluster_id": lab,
                        "rank": rank,
                        "term": term,
                        "score": score,
                        "n_provisions": sizes.get(lab, 0),
                        "majority_theme_id": str(row.idxmax()) if row is not None else None,
                        "majority_share": round(float(row.max() / row.sum()), 6) if row is not None else None,
                    }
                )
        for k in sorted(model.silhouette_):
            selection.append(
                {
                    "k": k,
                    "silhouette": round(model.silhouette_[k], 6),
                    "stability": round(model.stability_by_k_[k], 6),
                    "chosen": k == model.k_,
                    "criterion": model.criterion_,
                    "n_stability_runs": model.n_stability,
                }
            )
    timings["clusters"] = time.perf_counter() - clock
    clock = time.perf_counter()
    clustered = cluster_id >= 0
    themes = {
        "doc_id": inputs.column("doc_id"),
        "provision_id": inputs.column("provision_id"),
        "theme_id": [t for t, _, _ in predictions],
        "theme_score": [s for _, s, _ in predictions],
        "theme_method": [m for _, _, m in predictions],
        "cluster_id": pa.array(cluster_id, pa.int16(), mask=~clustered),
        "x": pa.array(xy[:, 0], pa.float64(), mask=~clustered),
        "y": pa.array(xy[:, 1], pa.float64(), mask=~clustered),
        "tokens": inputs.token_column(),
    }
    del predictions
    inputs.drop_tokens()  # the reuse step reads texts and fingerprints only
    emit("themes", themes)
    del themes
    emit("cluster_terms", columns(cluster_terms, CLUSTER_TERMS))
    emit("cluster_selection", columns(selection, CLUSTER_SELECTION))
    clock = time.perf_counter()  # the tables emitted above count as writing, not reuse
    reuse = reuse_columns(inputs, jobs=jobs)
    timings["reuse"] = time.perf_counter() - clock
    inputs.close()  # spent: free its texts and fingerprints before the reuse table is written
    emit("reuse", reuse)


def _slices(texts: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, chunk: int = 50_000) -> pa.Array:
    """``texts[rows[k]][starts[k]:ends[k]]`` for every k, as Arrow, a chunk of Python strings at a time."""
    pieces = []
    for lo in range(0, len(rows), chunk):
        r = rows[lo : lo + chunk]
        need, inverse = np.unique(r, return_inverse=True)
        got = texts.take(pa.array(need)).to_pylist()
        pieces.append(pa.array([got[k][s:e] for k, s, e in zip(inverse.tolist(), starts[lo : lo + chunk].tolist(), ends[lo : lo + chunk].tolist())], pa.string()))
    return pa.concat_arrays(pieces) if pieces else pa.array([], pa.string())


def reuse_columns(inputs: CorpusInputs, *, jobs: int = 1, **options) -> dict[str, object]:
    """The reuse table's columns: every passage shared by provisions of two documents."""
    doc_ids, prov_ids = inputs.column("doc_id"), inputs.column("provision_id")
    doc_of = pc.dictionary_encode(doc_ids).indices.to_numpy(zero_copy_only=False)
    flat, offsets = inputs.prints()
    found = find_reuse_indexed(doc_of, flat, offsets, inputs.column("text"), jobs=jobs, **options)
    del flat, offsets
    n = len(found)
    ia = np.fromiter((r[0] for r in found), dtype=np.int64, count=n)
    ja = np.fromiter((r[1] for r in found), dtype=np.int64, count=n)
    base = inputs.column("text_start").to_numpy(zero_copy_only=False)
    span = np.array([r[3] for r in found], dtype=np.int64).reshape(n, 5)  # start_a, end_a, start_b, end_b, matched
    containment = np.fromiter((r[2] for r in found), dtype=np.float64, count=n)
    del found
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
    texts = inputs.column("text")
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
        "text_a": _slices(texts, ia, span[:, 0], span[:, 1]),
        "text_b": _slices(texts, ja, span[:, 2], span[:, 3]),
        "containment": containment,
    }
    return {name: (v if isinstance(v, pa.Array) else pa.array(v)).cast(REUSE.schema.field(name).type) for name, v in out.items()}
