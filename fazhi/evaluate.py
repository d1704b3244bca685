"""Score the build against hand annotations, in-sample and out-of-sample separately.

``python -m fazhi.evaluate`` (or ``make eval``) prints two blocks:

* **in-sample** — the five founding documents (``data/raw``), which the extractors were
  written on: quantities against ``tests/annotations/quantities.csv`` (a statement counts
  as found when a row in the same provision has the same value and unit), theme agreement
  with ``tests/annotations/themes.csv``, cluster selection and shared text;
* **out-of-sample** — the development set (``tests/fixtures/devdocs``, real documents from
  other jurisdictions) against ``tests/annotations/devdocs_quantities.csv`` and
  ``devdocs_documents.csv``.  A statement is anchored by its quote: it counts as found when
  a numeric row of the document has the same value and unit and its span overlaps the
  quote.  Comparator, qualifier, kind and year are scored on the found statements; title,
  issue date, document number and the task count per document.

Then the manifest fields ``fazhi add`` infers, against ``tests/annotations/manifest_fields.csv``
(annotated by hand first): its tuning rows, its holdout rows (blind at their first run) and
the real portal pages read from their HTML.

``--holdout DIR`` scores a further annotated folder the same way (raw files with their
``sources.csv``, plus ``quantities.csv`` and ``documents.csv``): material annotated before
any tuning and never looked at while tuning.

Each block ends with the catalogue's coverage (numeric statements per document, how many map
to an indicator) and the mappings checked against the hand annotation
(``tests/annotations/catalogue_sample.csv``, ``catalogue_holdout.csv``); ``--catalogue DIR``
prints only that for further raw folders (``tests/fixtures/companions``, held out).
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "annotations" / "quantities.csv"
THEME_LABELS = ROOT / "tests" / "annotations" / "themes.csv"
DEV_RAW = ROOT / "tests" / "fixtures" / "devdocs"
DEV_QUANTITIES = ROOT / "tests" / "annotations" / "devdocs_quantities.csv"
DEV_DOCUMENTS = ROOT / "tests" / "annotations" / "devdocs_documents.csv"
CATALOGUE_SAMPLES = (ROOT / "tests" / "annotations" / "catalogue_sample.csv", ROOT / "tests" / "annotations" / "catalogue_holdout.csv")
MANIFEST_GOLD = ROOT / "tests" / "annotations" / "manifest_fields.csv"
#: Real portal pages as saved; a page whose folder name is an annotated doc is scored from its HTML too.
REAL_PAGES = ROOT / "tests" / "fixtures" / "realpages"
MANIFEST_FIELDS = ("jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end", "title",
                   "issued_date", "doc_number", "issuer_level")  # fmt: skip


def _same_field(field: str, a: str, b: str) -> bool:
    """Equal once widths and spaces are normalised (and dashes, in a title)."""
    import re
    import unicodedata

    def norm(v: str) -> str:
        v = re.sub(r"\s+", "", unicodedata.normalize("NFKC", v or ""))
        return re.sub("[—–]", "-", v) if field == "title" else v

    return norm(a) == norm(b)


def manifest_inferred(gold: Path = MANIFEST_GOLD, pages: Path = REAL_PAGES) -> list[tuple[str, dict, dict]]:
    """``(set, annotated row, inferred fields)`` per annotated document: ``tuning`` and
    ``holdout`` (the annotation's column; blind at their first run) from the annotated file,
    and ``real pages (HTML)`` for the documents whose saved portal page is in ``pages``
    (read through the HTML converter, its metadata included)."""
    from fazhi.ingest.formats import extract
    from fazhi.parse.infer import infer_text

    with open(gold, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        x = extract((ROOT / r["file"]).read_bytes(), ROOT / r["file"])
        out.append(("holdout" if r["holdout"] == "yes" else "tuning", r, infer_text(x.text, x.meta, path=r["file"])))
        page = pages / r["doc"] / "page.html"
        if page.is_file():
            x = extract(page.read_bytes(), page)
            out.append(("real pages (HTML)", r, infer_text(x.text, x.meta, path=str(page))))
    return out


def manifest_scores(inferred: list[tuple[str, dict, dict]]) -> dict[str, dict]:
    """Per set: documents, fields right of fields annotated, and the wrong ones."""
    sets: dict[str, dict] = {}
    for which, r, inf in inferred:
        s = sets.setdefault(which, {"documents": 0, "right": 0, "total": 0, "wrong": []})
        s["documents"] += 1
        for f in MANIFEST_FIELDS:
            s["total"] += 1
            if _same_field(f, inf[f].value, r[f]):
                s["right"] += 1
            else:
                s["wrong"].append((r["doc"], f, r[f], inf[f].value))
    return sets


def manifest_report(sets: dict[str, dict]) -> str:
    """The manifest inference block of ``make eval``."""
    lines = ["manifest fields inferred (fazhi add; goal ≥ 95 %):"]
    for which, s in sets.items():
        lines.append(f"  {which:<20} {s['documents']:>3} documents  {s['right']:>4}/{s['total']:<4} fields right  {s['right'] / max(1, s['total']):6.1%}")
        lines += [f"      wrong: {doc} {f}: annotated {want!r}, inferred {got!r}" for doc, f, want, got in s["wrong"]]
    return "\n".join(lines)


def theme_agreement(corpus, labels_path: Path = THEME_LABELS) -> str:
    """Agreement of themes.theme_id with the hand labels, overall, per document and per theme."""
    import pandas as pd

    gold = pd.read_csv(labels_path, dtype=str)
    t = gold.merge(corpus.themes[["provision_id", "doc_id", "theme_id"]], on="provision_id", suffixes=("_gold", ""))
    t["agree"] = t["theme_id"] == t["theme_id_gold"]
    lines = [f"theme agreement with hand labels: {t['agree'].mean():.1%} ({int(t['agree'].sum())}/{len(t)})"]
    for doc, g in t.groupby("doc_id", sort=False):
        lines.append(f"  {doc:<26} {g['agree'].mean():.1%} ({int(g['agree'].sum())}/{len(g)})")
    confusion = pd.crosstab(t["theme_id_gold"], t["theme_id"])
    lines.append("confusion (rows: hand label, columns: assigned):")
    lines.extend("  " + line for line in confusion.to_string().splitlines())
    return "\n".join(lines)


def structure_report(corpus) -> str:
    from fazhi.report.summaries import reuse_summary

    sel = corpus.cluster_selection
    chosen = sel[sel["chosen"]]
    lines = ["cluster selection (k, silhouette, stability = mean ARI over reruns):"]
    lines.extend("  " + line for line in sel[["k", "silhouette", "stability", "chosen"]].to_string(index=False).splitlines())
    if len(chosen):
        from fazhi.report.summaries import purity

        tasks = corpus.themes.dropna(subset=["cluster_id"])
        score, _ = purity(tasks["cluster_id"], tasks["theme_id"])
        lines.append(f"chosen: {chosen.iloc[0]['criterion']}; purity against outline themes {score:.1%}")
    lines.append("shared passages by minimum matched length:")
    lines.extend("  " + line for line in reuse_summary(corpus.reuse).to_string(index=False).splitlines())
    return "\n".join(lines)


def _key(doc_id: str, path: str, value: float, unit: str) -> tuple:
    return (doc_id, path, round(float(value), 4), unit)


def read_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def predicted(corpus) -> list[dict]:
    """Numeric rows, one per quantity statement, with their provision path."""
    return [{**r, "path": r["provision_id"].split(":", 1)[1]} for r in _numeric_rows(corpus)]


def score(gold: list[dict], pred: list[dict]) -> dict:
    gold_keys = Counter(_key(g["doc_id"], g["path"], g["value"], g["unit"]) for g in gold)
    pred_keys = Counter(_key(p["doc_id"], p["path"], p["value"], p["unit"]) for p in pred)
    tp = gold_keys & pred_keys
    by_doc = defaultdict(lambda: [0, 0, 0])
    for k, n in gold_keys.items():
        by_doc[k[0]][0] += n
    for k, n in pred_keys.items():
        by_doc[k[0]][1] += n
    for k, n in tp.items():
        by_doc[k[0]][2] += n
    # Comparator accuracy on found statements: pair gold and predicted comparators per key.
    gold_cmp, pred_cmp = defaultdict(list), defaultdict(list)
    for g in gold:
        gold_cmp[_key(g["doc_id"], g["path"], g["value"], g["unit"])].append(g["comparator"])
    for p in pred:
        pred_cmp[_key(p["doc_id"], p["path"], p["value"], p["unit"])].append(p["comparator"])
    cmp_ok = sum(sum((Counter(gold_cmp[k]) & Counter(pred_cmp[k])).values()) for k in tp)
    n_tp = sum(tp.values())
    return {
        "gold": sum(gold_keys.values()),
        "predicted": sum(pred_keys.values()),
        "tp": n_tp,
        "precision": n_tp / max(1, sum(pred_keys.values())),
        "recall": n_tp / max(1, sum(gold_keys.values())),
        "comparator_accuracy": cmp_ok / max(1, n_tp),
        "by_doc": dict(by_doc),
        "missed": sorted((gold_keys - pred_keys).elements()),
        "spurious": sorted((pred_keys - gold_keys).elements()),
    }


def _score_table(result: dict, width: int) -> list[str]:
    """Gold, predicted and found statements with precision and recall, per document and in all."""
    lines = [f"{'document':<{width}} {'gold':>5} {'pred':>5} {'found':>5} {'precision':>9} {'recall':>7}"]
    for doc, (g, p, t) in sorted(result["by_doc"].items()):
        lines.append(f"{doc:<{width}} {g:>5} {p:>5} {t:>5} {t / max(1, p):>9.1%} {t / max(1, g):>7.1%}")
    lines.append(
        f"{'all':<{width}} {result['gold']:>5} {result['predicted']:>5} {result['tp']:>5} "
        f"{result['precision']:>9.1%} {result['recall']:>7.1%}"
    )
    return lines


def report(result: dict, pred: list[dict]) -> str:
    lines = _score_table(result, 26)
    lines.append(f"comparator accuracy on found statements: {result['comparator_accuracy']:.1%}")
    quotes = {_key(p["doc_id"], p["path"], p["value"], p["unit"]): p["quote"] for p in pred}
    for name in ("missed", "spurious"):
        lines.append(f"{name} ({len(result[name])}):")
        for k in result[name]:
            lines.append(f"  {k[0]} {k[1]} {k[2]:g}{k[3]}" + (f"  «{quotes[k][:40]}»" if k in quotes else ""))
    return "\n".join(lines)


# -- out-of-sample: statements anchored by their quote -----------------------------------
def same_figure(value: float, unit: str | None, gold_value: str, gold_unit: str | None) -> bool:
    """A predicted figure is the annotated one: the same measure word (with or without the 个
    it may be written with: 45个工作日 is 45工作日, :func:`fazhi.extract.catalogue.plain_unit`) and the same value to the precision the annotation writes (33.33 for a
    third is 33.3333…).

    >>> same_figure(100 / 3, "%", "33.33", "%"), same_figure(45.0, "个工作日", "45", "工作日"), same_figure(33.4, "%", "33.33", "%")
    (True, True, False)
    """
    from fazhi.extract.catalogue import plain_unit

    if plain_unit(unit) != plain_unit(gold_unit):
        return False
    decimals = len(gold_value.split(".", 1)[1]) if "." in gold_value else 0
    tolerance = 0.5 * 10**-decimals if decimals >= 2 else 1e-6  # a rounded annotation (33.33), not a whole count
    return math.isclose(value, float(gold_value), rel_tol=1e-9, abs_tol=max(tolerance, 1e-6))


def _anchor(text: str, quote: str, doc_id: str) -> tuple[int, int]:
    """Where an annotation's quote lies in the normalised text: as written, or converted the way
    the text was (traditional → simplified, full-width → half-width), so a quote copied from the
    raw file anchors too.

    >>> _anchor("审核行政规范性文件16件,纠错率11.25%", "審核行政規範性文件16件，", "d")
    (0, 13)
    >>> _anchor("全\\n年实现生产总值3亿元", "全年实现生产总值", "d")
    (0, 9)
    """
    from fazhi.parse.normalize import _t2s

    simplified = _t2s().convert(quote)
    forms = list(dict.fromkeys((quote, simplified, unicodedata.normalize("NFKC", simplified))))
    for q in forms:
        at = text.find(q)
        if at >= 0:
            return at, at + len(q)
    # a line break or a space the text keeps inside the quote (a layout's line not joined)
    m = re.search(r"\s*".join(re.escape(c) for c in "".join(forms[-1].split())), text)
    if m:
        return m.span()
    raise ValueError(f"annotation quote not in {doc_id}'s normalised text: {quote!r}")


def _agreeing(matched: list[tuple[dict, dict]], field: str) -> int:
    """How many matched pairs give ``field`` the same value (blank, None and NaN alike)."""
    return sum(str(a.get(field) or "") == str(b.get(field) or "") for a, b in matched)


def score_anchored(gold: list[dict], corpus) -> dict:
    """Match quote-anchored gold statements with numeric rows; score the matched fields.

    Each predicted row matches at most one gold statement (same document, value and unit,
    spans overlapping); unmatched predicted rows are spurious.
    """
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    pred = [p for p in _numeric_rows(corpus) if p["doc_id"] in texts]
    used: set[int] = set()
    matched, missed = [], []
    for g in gold:
        a, b = _anchor(texts[g["doc_id"]], g["quote"], g["doc_id"])
        hit = next(
            (
                i
                for i, p in enumerate(pred)
                if i not in used
                and p["doc_id"] == g["doc_id"]
                # the measure word as written, or as shown (0 起 for 未发生事故, 2次 for 2期)
                and (same_figure(p["value"], p["unit"], str(g["value"]), g["unit"]) or same_figure(p["value"], p["unit_shown"], str(g["value"]), g["unit"]))
                and p["start"] < b
                and a < p["end"]
            ),
            None,
        )
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            matched.append((g, pred[hit]))
    spurious = [p for i, p in enumerate(pred) if i not in used]

    def agree(field: str) -> float:
        return _agreeing(matched, field) / max(1, len(matched))

    by_doc = defaultdict(lambda: [0, 0, 0])
    for g in gold:
        by_doc[g["doc_id"]][0] += 1
    for p in pred:
        by_doc[p["doc_id"]][1] += 1
    for g, _ in matched:
        by_doc[g["doc_id"]][2] += 1
    for d in texts:
        by_doc[d]
    n_pred = len(pred)
    return {
        "gold": len(gold),
        "predicted": n_pred,
        "tp": len(matched),
        "precision": len(matched) / max(1, n_pred),
        "recall": len(matched) / max(1, len(gold)),
        "comparator_accuracy": agree("comparator"),
        "qualifier_accuracy": agree("qualifier"),
        "kind_accuracy": agree("kind"),
        "year_accuracy": agree("year"),
        "by_doc": dict(by_doc),
        "matched": matched,
        "missed": missed,
        "spurious": spurious,
    }


def _numeric_rows(corpus) -> list[dict]:
    ind = corpus.indicators
    ind = ind[ind["status"] == "numeric"]
    seen, out = set(), []
    for r in ind.to_dict("records"):
        # one statement once; one figure stated for several subjects (通过率和到岗率均为100%) is several
        k = (r["doc_id"], r["start"], r["end"], r["value"], r["unit"], r["value_text"], r["subject"])
        if k in seen:
            continue
        seen.add(k)
        year = r.get("year")
        r["year"] = "" if year is None or year != year else str(int(year))
        # Extraction is scored on the measure word as written (the catalogue shows 2期 lectures as 次).
        r["unit"], r["unit_shown"] = r.get("unit_written") or r["unit"], r["unit"]
        r = {k: None if isinstance(v, float) and v != v else v for k, v in r.items()}  # NaN → None
        out.append(r)
    return out


def score_documents(gold: list[dict], corpus) -> dict:
    """Title, issue date, document number and task count per document, exact match."""
    docs = corpus.documents.set_index("doc_id")
    rows, right = [], Counter()
    for g in gold:
        d = docs.loc[g["doc_id"]]
        blank = lambda v: v is None or v != v  # noqa: E731 (None or NaN)
        got = {
            "title": "" if blank(d["title"]) else d["title"],
            "issued_date": "" if blank(d["issued_date"]) else str(d["issued_date"])[:10],
            "doc_number": "" if blank(d["doc_number"]) else d["doc_number"],
            "tasks": str(int(d["n_tasks"])),
        }
        for f, v in got.items():
            # a title annotated in full-width brackets is the title the text gives in folded ones
            ok = unicodedata.normalize("NFKC", v) == unicodedata.normalize("NFKC", g[f] or "")
            right[f] += ok
            if not ok:
                rows.append((g["doc_id"], f, g[f] or "∅", v or "∅"))
    n = max(1, len(gold))
    return {"n": len(gold), "accuracy": {f: right[f] / n for f in ("title", "issued_date", "doc_number", "tasks")}, "wrong": rows}


def anchored_report(result: dict, docs: dict | None) -> str:
    lines = _score_table(result, 30)
    lines.append(
        "on found statements: "
        + ", ".join(f"{f} {result[f + '_accuracy']:.1%}" for f in ("comparator", "qualifier", "kind", "year"))
    )
    for g, p in result["matched"]:
        diffs = [f"{f} {g.get(f) or '∅'}→{p.get(f) or '∅'}" for f in ("comparator", "qualifier", "kind", "year") if str(g.get(f) or "") != str(p.get(f) or "")]
        if diffs:
            lines.append(f"  wrong field: {g['doc_id']} «{g['quote']}» " + "; ".join(diffs))
    lines.append(f"missed ({len(result['missed'])}):")
    lines.extend(f"  {g['doc_id']} {float(g['value']):g}{g['unit']}  «{g['quote']}»" for g in result["missed"])
    lines.append(f"spurious ({len(result['spurious'])}):")
    lines.extend(f"  {p['doc_id']} {p['value']:g}{p['unit'] or ''}  «{p['quote'][:50]}»" for p in result["spurious"])
    if docs:
        acc = docs["accuracy"]
        lines.append(f"documents ({docs['n']}): " + ", ".join(f"{f} {v:.0%}" for f, v in acc.items()))
        lines.extend(f"  wrong {f}: {d} expected {want!r} got {got!r}" for d, f, want, got in docs["wrong"])
    return "\n".join(lines)


def catalogue_report(corpus, samples=CATALOGUE_SAMPLES) -> str:
    """Catalogue coverage per document and the hand-checked mappings of these documents."""
    from fazhi.extract.catalogue import check_sample, coverage

    docs = set(corpus.documents["doc_id"])
    lines = ["catalogue coverage (numeric statements mapped to an indicator):"]
    lines.extend("  " + line for line in coverage(corpus.indicators).to_string(index=False).splitlines())
    sample = [g for path in samples for g in read_gold(path) if g["doc_id"] in docs]
    r = check_sample(sample, corpus.indicators, corpus.documents)
    lines.append(f"hand-checked mappings: {len(r['right'])} of {len(sample)} right, {len(r['wrong'])} wrong, {len(r['missing'])} not found")
    lines.extend(
        f"  wrong: {g['doc_id']} «{g['subject']}» {g['value']}{g['unit']}: expected {g['indicator_id'] or '—'}, got {got or '—'}"
        for g, got in r["wrong"]
    )
    lines.extend(f"  not found: {g['doc_id']} «{g['quote'][:40]}» {g['value']}{g['unit']}" for g in r["missing"])
    return "\n".join(lines)


#: What ``make eval`` measured, per field and set, for the briefings' limitations section and
#: the README: written by ``python -m fazhi.evaluate --write-limitations`` (``make eval``).
LIMITATIONS = ROOT / "fazhi" / "data" / "limitations.csv"
LIMITATION_COLUMNS = ("field", "set", "blind", "statements", "right", "accuracy")


def limitation_rows(in_sample: dict | None, catalogue_in: dict | None, samples: dict[str, dict]) -> list[dict]:
    """Per field (value, unit, comparator, kind, year, indicator, title, date, number, tasks) and
    set: how many annotated statements (or documents) the figure rests on and how many are right.
    Value and unit are recall (a statement is found with its value and unit); the other quantity
    fields are scored on the found statements; indicator is the hand-checked catalogue mapping.
    ``samples`` maps a quote-anchored set's name (out-of-sample, holdout) to what
    :func:`out_of_sample` measured on it (``result``, ``docs``, ``catalogue``).

    >>> found = {"gold": 4, "tp": 4, "matched": [({"kind": "target", "year": "2022"}, {"kind": "target", "year": "2022"})] * 4}
    >>> rows = limitation_rows({"gold": 10, "tp": 9, "comparator_accuracy": 1.0}, {"right": [1, 2], "wrong": []},
    ...                        {"out-of-sample": {"result": found, "docs": None, "catalogue": {"right": [], "wrong": []}}})
    >>> [(r["field"], r["set"], r["statements"], r["right"]) for r in rows][:3]
    [('value and unit', 'in-sample', 10, 9), ('comparator', 'in-sample', 9, 9), ('indicator', 'in-sample', 2, 2)]
    """
    rows = []

    def add(field, which, n, right):
        rows.append({"field": field, "set": which, "blind": False, "statements": int(n), "right": int(right),
                     "accuracy": round(right / n, 4) if n else None})  # fmt: skip

    def add_mappings(which, checked):
        n = len(checked["right"]) + len(checked["wrong"])
        if n:  # a set none of whose documents the catalogue sample covers has no indicator figure
            add("indicator", which, n, len(checked["right"]))

    if in_sample is not None:  # None: only the quote-anchored sets
        add("value and unit", "in-sample", in_sample["gold"], in_sample["tp"])
        add("comparator", "in-sample", in_sample["tp"], round(in_sample["comparator_accuracy"] * in_sample["tp"]))
        add_mappings("in-sample", catalogue_in)
    for which, measured in samples.items():
        result, docs = measured["result"], measured["docs"]
        add("value and unit", which, result["gold"], result["tp"])
        for field in ("comparator", "qualifier", "kind", "year"):
            ok = _agreeing(result["matched"], field)
            add(field, which, len(result["matched"]), ok)
        add_mappings(which, measured["catalogue"])
        if docs:
            for field, acc in docs["accuracy"].items():
                add({"issued_date": "date", "doc_number": "number"}.get(field, field), which, docs["n"], round(acc * docs["n"]))
    return rows


def pooled(rows: list[dict]) -> list[dict]:
    """Rows of one set from several folders as one row per field: statements and right summed.

    >>> pooled([{"field": "kind", "set": "holdout", "blind": False, "statements": 37, "right": 37, "accuracy": 1.0},
    ...         {"field": "kind", "set": "holdout", "blind": False, "statements": 45, "right": 43, "accuracy": 0.9556}])
    [{'field': 'kind', 'set': 'holdout', 'blind': False, 'statements': 82, 'right': 80, 'accuracy': 0.9756}]
    """
    out: dict[tuple, dict] = {}
    for r in rows:
        o = out.setdefault((r["field"], r["set"]), {**r, "statements": 0, "right": 0})
        o["statements"] += r["statements"]
        o["right"] += r["right"]
        o["accuracy"] = round(o["right"] / o["statements"], 4) if o["statements"] else None
    return list(out.values())


def is_written(folder: Path) -> bool:
    """Whether a holdout folder holds texts written for the genre (every manifest row's
    ``source_url`` says ``written:``), not real documents: they are measured apart."""
    with open(folder / "sources.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return bool(rows) and all((r.get("source_url") or "").startswith("written:") for r in rows)


def write_limitations(rows: list[dict], path: Path = LIMITATIONS) -> None:
    """The rows as CSV (sorted, so the same measurements give the same bytes)."""
    from fazhi.report.view import LIMITATION_SETS

    order = {name: k for k, name in enumerate(LIMITATION_SETS)}  # the sets in the order the table shows them
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=LIMITATION_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in sorted(rows, key=lambda r: (r["field"], order[r["set"]])):
            w.writerow(r)


_BUILDS: list[tempfile.TemporaryDirectory] = []  # kept until exit: corpus tables load lazily


def _build_and_load(raw: Path):
    import fazhi

    tmp = tempfile.TemporaryDirectory()
    _BUILDS.append(tmp)
    fazhi.build(raw, tmp.name)
    return fazhi.load(tmp.name)


def _catalogue_check(corpus, samples=CATALOGUE_SAMPLES) -> dict:
    from fazhi.extract.catalogue import check_sample

    docs = set(corpus.documents["doc_id"])
    return check_sample([g for path in samples for g in read_gold(path) if g["doc_id"] in docs], corpus.indicators, corpus.documents)


def out_of_sample(raw: Path, quantities: Path, documents: Path | None, *, measured: dict | None = None) -> str:
    corpus = _build_and_load(raw)
    result = score_anchored(read_gold(quantities), corpus)
    docs = score_documents(read_gold(documents), corpus) if documents and documents.exists() else None
    if measured is not None:
        measured.update(result=result, docs=docs, catalogue=_catalogue_check(corpus))
    return anchored_report(result, docs) + "\n" + catalogue_report(corpus)


def _flattened(folder: Path) -> Path:
    from fazhi.flatbody import flatten_folder

    tmp = tempfile.TemporaryDirectory()
    _BUILDS.append(tmp)
    flatten_folder(folder, Path(tmp.name) / folder.name)
    return Path(tmp.name) / folder.name


def _line(which: str, form: str, m: dict) -> str:
    """One row of the one-line table: statements, recall, precision, field accuracies, documents."""
    r, docs = m["result"], m.get("docs")
    fields = " ".join(f"{r[f + '_accuracy']:>9.1%}" if f + "_accuracy" in r else f"{'—':>9}" for f in ("comparator", "kind", "year"))
    acc = docs["accuracy"] if docs else {}
    heads = " ".join(f"{acc[f]:>7.0%}" if f in acc else f"{'—':>7}" for f in ("title", "issued_date", "doc_number", "tasks"))
    return f"{which:<22} {form:<9} {r['gold']:>5} {r['recall']:>7.1%} {r['precision']:>9.1%} {fields} {heads}"


def agreement(stored, flat) -> dict:
    """The one-line build of a folder against its build as stored (no annotation needed):
    statements found again with value, unit and provision path; their comparator, kind and year
    the same; title, date, number and task count the same.

    >>> import pandas as pd
    >>> class C:  # a stand-in corpus: two numeric rows
    ...     def __init__(self, kind):
    ...         self.indicators = pd.DataFrame({"doc_id": ["d", "d"], "provision_id": ["d:1", "d:2"], "start": [0, 9], "end": [3, 12], "value": [12.0, 95.0],
    ...             "unit": ["件", "%"], "value_text": ["12", "95"], "subject": ["受理", "办结率"], "status": "numeric", "comparator": ["=", ">="], "kind": ["reported", kind], "year": [2023, 2024]})
    ...         self.documents = pd.DataFrame({"doc_id": ["d"], "title": ["某县报告"], "issued_date": [None], "doc_number": [None], "n_tasks": [3]})
    >>> r = agreement(C("target"), C("reported"))
    >>> r["result"]["recall"], r["result"]["kind_accuracy"], r["docs"]["accuracy"]["tasks"]
    (1.0, 0.5, 1.0)
    """
    key = lambda r: (r["doc_id"], r["provision_id"].split(":", 1)[1], round(float(r["value"]), 4), r["unit"])  # noqa: E731
    left: dict[tuple, list] = defaultdict(list)
    for r in _numeric_rows(stored):
        left[key(r)].append(r)
    matched, spurious = [], []
    for r in _numeric_rows(flat):
        (matched.append((left[key(r)].pop(0), r)) if left.get(key(r)) else spurious.append(r))
    n = len(matched) + sum(map(len, left.values()))

    result = {"gold": n, "tp": len(matched), "recall": len(matched) / max(1, n), "precision": len(matched) / max(1, len(matched) + len(spurious)),
              "matched": matched, "missed": [r for rows in left.values() for r in rows], "spurious": spurious,
              **{f"{f}_accuracy": _agreeing(matched, f) / max(1, len(matched)) for f in ("comparator", "qualifier", "kind", "year")}}  # fmt: skip
    a, b = stored.documents.set_index("doc_id"), flat.documents.set_index("doc_id")
    columns = {"title": "title", "issued_date": "issued_date", "doc_number": "doc_number", "tasks": "n_tasks"}
    # str() makes None, NaN and values comparable alike
    wrong = [(d, f, str(a.at[d, c]), str(b.at[d, c])) for d in a.index for f, c in columns.items() if str(a.at[d, c]) != str(b.at[d, c])]
    acc = {f: (len(a) - sum(w[1] == f for w in wrong)) / max(1, len(a)) for f in columns}
    return {"result": result, "docs": {"n": len(a), "accuracy": acc, "wrong": wrong}}


def one_line_report(rows: list[tuple[str, dict, dict]]) -> str:
    """The one-line block of ``make eval``: each set as stored and with its body flattened.

    >>> m = {"result": {"gold": 4, "recall": 1.0, "precision": 1.0, "kind_accuracy": 0.75}, "docs": {"accuracy": {"tasks": 1.0}}}
    >>> print(one_line_report([("holdout", m, m)]).splitlines()[-1])
    holdout                one line      4  100.0%    100.0%         —     75.0%         —       —       —       —    100%
    """
    head = f"{'set':<22} {'form':<9} {'stmts':>5} {'recall':>7} {'precision':>9} {'comparator':>9} {'kind':>9} {'year':>9} {'title':>7} {'date':>7} {'number':>7} {'tasks':>7}"
    lines = [head]
    for which, stored, flat in rows:
        lines += ([_line(which, "as stored", stored)] if stored else []) + [_line(which, "one line" if stored else "vs stored", flat)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fazhi.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--dev", type=Path, default=DEV_RAW, help="development set folder (out-of-sample)")
    parser.add_argument("--holdout", type=Path, action="append", default=[],
                        help="a further annotated folder: raw files, sources.csv, quantities.csv, documents.csv (repeatable; pooled in the limitations)")
    parser.add_argument("--one-line-also", type=Path, action="append", default=[ROOT / "tests" / "fixtures" / "companions"], metavar="DIR",
                        help="a further raw folder whose one-line build is compared with its build as stored (no annotation needed; repeatable)")  # fmt: skip
    parser.add_argument(
        "--catalogue", type=Path, action="append", default=[], metavar="DIR", help="only the catalogue block for this raw folder (repeatable)"
    )
    parser.add_argument("--write-limitations", type=Path, nargs="?", const=LIMITATIONS, metavar="CSV",
                        help=f"write the per-field accuracies the briefings' limitations section shows (default {LIMITATIONS.relative_to(ROOT)})")  # fmt: skip
    args = parser.parse_args(argv)
    if args.catalogue:
        for folder in args.catalogue:
            print(f"== catalogue: {folder} ==")
            print(catalogue_report(_build_and_load(folder)))
        return 0

    corpus = _build_and_load(args.raw)
    pred = predicted(corpus)
    print("== in-sample: founding documents (the extractors were written on these) ==")
    in_sample = score(read_gold(args.gold), pred)
    print(report(in_sample, pred))
    print(catalogue_report(corpus))
    print()
    print(theme_agreement(corpus))
    print()
    print(structure_report(corpus))
    print()
    print(f"== out-of-sample: development set ({args.dev}; annotated before its first run, tuned on since: not blind) ==")
    measured: dict = {}
    print(out_of_sample(args.dev, DEV_QUANTITIES, DEV_DOCUMENTS, measured=measured))
    print()
    print(manifest_report(manifest_scores(manifest_inferred())))
    held: list[dict] = []
    written = {folder: is_written(folder) for folder in args.holdout}
    for folder in args.holdout:
        held.append({})
        print()
        what = "written holdout (texts a helper wrote for the genre, not real documents" if written[folder] else "holdout (real documents"
        print(f"== out-of-sample: {what}; {folder}; blind until its first run, see its commit; tuned on since) ==")
        print(out_of_sample(folder, folder / "quantities.csv", folder / "documents.csv", measured=held[-1]))
    print()
    print("== one-line bodies: every set again with its body joined into one line, as crawlers deliver it (fazhi.flatbody) ==")
    flat_corpus = _build_and_load(_flattened(args.raw))
    flat_in = score(read_gold(args.gold), predicted(flat_corpus))
    rows = [("in-sample", {"result": in_sample}, {"result": flat_in}), ("in-sample", None, agreement(corpus, flat_corpus))]
    for folder in args.one_line_also:
        rows.append((folder.name, None, agreement(_build_and_load(folder), _build_and_load(_flattened(folder)))))
    flat_dev: dict = {}
    out_of_sample(_flattened(args.dev), DEV_QUANTITIES, DEV_DOCUMENTS, measured=flat_dev)
    rows.append(("out-of-sample", measured, flat_dev))
    flat_held: list[dict] = []
    for folder, h in zip(args.holdout, held):
        flat_held.append({})
        flat = _flattened(folder)
        out_of_sample(flat, flat / "quantities.csv", flat / "documents.csv", measured=flat_held[-1])
        rows.append((f"holdout {folder.name}", h, flat_held[-1]))
    print(one_line_report(rows))
    print("(vs stored: the one-line build against the same folder's build as stored, no annotation: statements found again,"
          " their fields and the header fields the same)")
    for which, _, flat in rows[1 : 2 + len(args.one_line_also)]:
        r = flat["result"]
        for g, p in r["matched"]:
            diffs = [f"{f} {g.get(f) or '∅'}→{p.get(f) or '∅'}" for f in ("comparator", "kind", "year") if str(g.get(f) or "") != str(p.get(f) or "")]
            if diffs:
                print(f"  {which}: {g['doc_id']} {g['value']:g}{g['unit'] or ''} «{g['quote'][:30]}» " + "; ".join(diffs))
        print("\n".join(f"  {which}: {name} {p['doc_id']} {p['value']:g}{p['unit'] or ''} «{p['quote'][:30]}»" for name in ("missed", "spurious") for p in r[name]))
        print("\n".join(f"  {which}: {f} of {d}: {a!r} → {b!r}" for d, f, a, b in flat["docs"]["wrong"]))
    print(f"in-sample, one line: missed ({len(flat_in['missed'])}) and spurious ({len(flat_in['spurious'])}) by provision path (a lost outline shows here)")
    print("\n".join(f"  {name} {k[0]} {k[1]} {k[2]:g}{k[3]}" for name in ("missed", "spurious") for k in flat_in[name]))
    for (which, stored, flat) in rows[2 + len(args.one_line_also):]:
        print(f"{which}, one line:")
        table = len(_score_table(flat["result"], 30))  # the per-document table, printed above with the stored form
        print("\n".join("  " + line for line in anchored_report(flat["result"], flat["docs"]).splitlines()[table:]))
    if args.write_limitations:
        rows = limitation_rows(in_sample, _catalogue_check(corpus), {"out-of-sample": measured})
        rows += pooled([r for f, h in zip(args.holdout, held) for r in limitation_rows(None, None, {"holdout, written" if written[f] else "holdout": h})])
        rows += pooled([r for h in flat_held for r in limitation_rows(None, None, {"holdout, one line": h})])
        write_limitations(rows, args.write_limitations)
        print(f"\nlimitations written to {args.write_limitations} (holdout: {len(held)} folder(s) pooled)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
