"""Score the build against hand annotations: quantities (precision, recall, comparators),
themes (agreement with labels), and report cluster selection and shared text.

``python -m fazhi.evaluate`` (or ``make eval``) builds the corpus into a temporary
folder, compares its numeric indicator rows with ``tests/annotations/quantities.csv``
(one row per quantity statement: document, provision path, value, unit, comparator)
and prints the scores and every miss.  A statement counts as found when a row in the
same provision has the same value and unit.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "annotations" / "quantities.csv"
THEME_LABELS = ROOT / "tests" / "annotations" / "themes.csv"


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
    """Numeric rows, one per quantity statement (rows sharing a figure are one statement)."""
    ind = corpus.indicators
    ind = ind[ind["status"] == "numeric"]
    seen = set()
    out = []
    for r in ind.itertuples():
        path = r.provision_id.split(":", 1)[1]
        k = (r.doc_id, path, r.start, r.value, r.unit, r.value_text)
        if k in seen:
            continue
        seen.add(k)
        out.append({"doc_id": r.doc_id, "path": path, "value": r.value, "unit": r.unit, "comparator": r.comparator, "quote": r.quote})
    return out


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


def report(result: dict, pred: list[dict]) -> str:
    lines = [f"{'document':<26} {'gold':>5} {'pred':>5} {'found':>5} {'precision':>9} {'recall':>7}"]
    for doc, (g, p, t) in sorted(result["by_doc"].items()):
        lines.append(f"{doc:<26} {g:>5} {p:>5} {t:>5} {t / max(1, p):>9.1%} {t / max(1, g):>7.1%}")
    lines.append(
        f"{'all':<26} {result['gold']:>5} {result['predicted']:>5} {result['tp']:>5} "
        f"{result['precision']:>9.1%} {result['recall']:>7.1%}"
    )
    lines.append(f"comparator accuracy on found statements: {result['comparator_accuracy']:.1%}")
    quotes = {_key(p["doc_id"], p["path"], p["value"], p["unit"]): p["quote"] for p in pred}
    for name in ("missed", "spurious"):
        lines.append(f"{name} ({len(result[name])}):")
        for k in result[name]:
            lines.append(f"  {k[0]} {k[1]} {k[2]:g}{k[3]}" + (f"  «{quotes[k][:40]}»" if k in quotes else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fazhi.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args(argv)
    import fazhi

    with tempfile.TemporaryDirectory() as tmp:
        fazhi.build(args.raw, tmp)
        corpus = fazhi.load(tmp)
    pred = predicted(corpus)
    print(report(score(read_gold(args.gold), pred), pred))
    print()
    print(theme_agreement(corpus))
    print()
    print(structure_report(corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
