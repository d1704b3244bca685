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
from collections.abc import Sequence

from . import patterns as P
from .clusters import ProvisionClusterer, purity
from .reuse import find_reuse
from .themes import ProvisionTokens, ThemeAssigner
from .docstage import code_version, write_atomic
from .tokenize import cache_dir, tokens

MIN_TASKS_TO_CLUSTER = 8
#: Models are fitted on at most this many provisions (themes) and tasks (clusters);
#: the rest are predicted.  Below the limits (the founding corpus) everything is fitted.
MAX_FIT_PROVISIONS = 20_000
MAX_FIT_TASKS = 3_000


def fit_sample(texts: Sequence[str], limit: int) -> list[int]:
    """Indices of a deterministic sample: the ``limit`` texts with the smallest hashes.

    A bottom-k sample by content hash does not depend on order, and one changed
    document changes it only if its own provisions enter or leave it, so the
    fitted model (cached by its sample) usually survives an incremental rebuild.

    >>> fit_sample(["甲", "乙", "丙"], 5)
    [0, 1, 2]
    >>> len(fit_sample([str(i) for i in range(100)], 10))
    10
    """
    if len(texts) <= limit:
        return list(range(len(texts)))
    digest = [hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest() for t in texts]
    return sorted(sorted(range(len(texts)), key=lambda i: (digest[i], i))[:limit])


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


def analyze(
    provisions: Sequence[dict],
    token_pairs: Sequence[tuple[list[str], list[str]]],
    *,
    prints: Sequence | None = None,
    random_state: int = 0,
    timings: dict | None = None,
) -> dict[str, list[dict]]:
    """Rows of the cluster_terms, cluster_selection and reuse tables, and the themes table's columns.

    ``prints`` are the provisions' :func:`fazhi.reuse.fingerprints` if already
    computed; ``timings`` gets the seconds each step took.
    """
    timings = {} if timings is None else timings
    clock = time.perf_counter()
    by_id = {p["provision_id"]: k for k, p in enumerate(provisions)}
    feats = []
    for p, (text_toks, head_toks) in zip(provisions, token_pairs):
        parent = by_id.get(p["parent_id"]) if p["parent_id"] else None
        feats.append(ProvisionTokens(text_toks, head_toks, token_pairs[parent][1] if parent is not None else []))
    fit_rows = fit_sample([p["text"] for p in provisions], MAX_FIT_PROVISIONS)
    assigner = ThemeAssigner().fit([feats[i] for i in fit_rows])
    predictions = assigner.predict(feats)
    timings["themes"] = time.perf_counter() - clock
    clock = time.perf_counter()

    task_idx = [k for k, p in enumerate(provisions) if p["is_task"]]
    cluster_of: dict[int, int] = {}
    xy: dict[int, tuple[float, float]] = {}
    cluster_terms: list[dict] = []
    selection: list[dict] = []
    model = None
    if len(task_idx) >= MIN_TASKS_TO_CLUSTER:
        docs = [token_pairs[k][1] + token_pairs[k][0] for k in task_idx]
        sample = fit_sample([provisions[k]["text"] for k in task_idx], MAX_FIT_TASKS)
        try:
            model = _fit_clusterer([docs[i] for i in sample], random_state)
        except ValueError:  # too few distinct provisions to cluster: themes still apply
            model = None
    if model is not None:
        if len(sample) == len(docs):
            labels, embedding = model.labels_, model.embedding_
        else:
            labels, embedding = model.predict(docs), model.embed(docs)
        for k, lab, (x, y) in zip(task_idx, labels, embedding):
            cluster_of[k] = int(lab)
            xy[k] = (round(float(x), 6), round(float(y), 6))
        themes_of_tasks = [predictions[k][0] or "none" for k in task_idx]
        _, tab = purity(labels, themes_of_tasks)
        sizes = Counter(int(lab) for lab in labels)
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
    # Columns, not a dict per row: 400,000 provisions' rows as dicts cost ~300 MB more.
    xs = [xy.get(k, (None, None)) for k in range(len(provisions))]
    themes = {
        "doc_id": [p["doc_id"] for p in provisions],
        "provision_id": [p["provision_id"] for p in provisions],
        "theme_id": [t for t, _, _ in predictions],
        "theme_score": [s for _, s, _ in predictions],
        "theme_method": [m for _, _, m in predictions],
        "cluster_id": [cluster_of.get(k) for k in range(len(provisions))],
        "x": [x for x, _ in xs],
        "y": [y for _, y in xs],
        "tokens": [head + text for text, head in token_pairs],
    }
    del xs
    reuse = reuse_rows(provisions, prints=prints)
    timings["reuse"] = time.perf_counter() - clock
    return {"themes": themes, "cluster_terms": cluster_terms, "cluster_selection": selection, "reuse": reuse}


def reuse_rows(provisions: Sequence[dict], prints: Sequence | None = None, **options) -> list[dict]:
    items = [(p["doc_id"], p["text"]) for p in provisions]
    rows = []
    for i, j, containment, ps in find_reuse(items, prints=prints, **options):
        a, b = provisions[i], provisions[j]
        base_a, base_b = a["text_start"], b["text_start"]
        rows.append(
            {
                "doc_id_a": a["doc_id"],
                "provision_id_a": a["provision_id"],
                "start_a": base_a + ps.start_a,
                "end_a": base_a + ps.end_a,
                "doc_id_b": b["doc_id"],
                "provision_id_b": b["provision_id"],
                "start_b": base_b + ps.start_b,
                "end_b": base_b + ps.end_b,
                "matched": ps.matched,
                "length": ps.end_a - ps.start_a,
                "text_a": ps.text_a,
                "text_b": ps.text_b,
                "containment": containment,
            }
        )
    rows.sort(key=lambda r: (-r["matched"], r["provision_id_a"], r["start_a"], r["provision_id_b"]))
    for k, r in enumerate(rows):
        r["passage_id"] = k
    return rows
