"""Command line: ``fazhi add PATH…``, ``fazhi build``, ``fazhi inspect FILE``, ``fazhi dictionary``.

Errors are one line each on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from fazhi.version import __version__
from fazhi.errors import BuildError, FazhiError

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _cmd_add(args: argparse.Namespace) -> int:
    from fazhi.add import add, review_table

    result = add(args.paths, args.raw)
    if not args.quiet:
        for a in result.added:
            print(review_table(a))
            print()
    for e in result.errors:
        print(f"fazhi: error: {e}", file=sys.stderr)
    print(f"added {len(result.added)} file(s) to {result.manifest}" + (f"; {len(result.errors)} failed" if result.errors else "")
          + (f"; {len(result.skipped)} skipped (not a document type)" if result.skipped else ""))
    if result.added:
        print("review the rows (a value you type in sources.csv wins over the inferred one), then run fazhi build")
    return EXIT_ERROR if result.errors or not result.added else 0


def _cmd_build(args: argparse.Namespace) -> int:
    from fazhi.errors import ManifestError
    from fazhi.pipeline import build

    raw = Path(args.raw)
    failed = 0
    # No manifest: infer one as `fazhi add` does, and say so, file by file, naming the values
    # to check: an inferred row (a jurisdiction, a period) must be seen before it is trusted.
    if raw.is_dir() and not (raw / "sources.csv").exists():
        from fazhi.add import add, review_line

        added = add([raw], raw)
        for e in added.errors:
            print(f"fazhi: error: {e}", file=sys.stderr)
        if not added.added:
            raise ManifestError("no sources.csv and no document this folder could be read from (txt, html, pdf, docx, doc)", path=raw)
        print(f"no sources.csv: inferred {added.manifest} for {len(added.added)} file(s) (review it: a value you type there wins)", file=sys.stderr)
        if not args.quiet:
            for a in added.added:
                print("  " + review_line(a), file=sys.stderr)
        failed = len(added.errors)

    def progress(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    summary = build(args.raw, args.out, jobs=args.jobs, cache=not args.no_cache, progress=progress)
    print(summary.report())
    return EXIT_ERROR if failed else 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from fazhi.ingest.encoding import read_bytes
    from fazhi.parse.infer import infer_text
    from fazhi.parse.outline import parse_outline
    from fazhi.pipeline import parse_text

    path = Path(args.file)
    parsed = parse_text(read_bytes(path), path=path, doc_type=args.doc_type)
    # what `fazhi add` would infer from the same text (a PDF is converted once), so that inspect
    # shows the same place, level and type, and counts the tasks a report's plan part holds
    inferred = infer_text(parsed.decoded.text, dict(parsed.extracted.meta or {}) if parsed.extracted else {}, path=str(path))
    doc_type = args.doc_type or inferred["doc_type"].value or None
    h = parsed.header
    # only the task flags depend on the type: the outline again, not the conversion
    o = parsed.outline if doc_type == args.doc_type else parse_outline(parsed.text, doc_type=doc_type)
    changes = Counter(r.kind for r in parsed.records if r.action != "flagged")
    flags = [r for r in parsed.records if r.action == "flagged"]
    meta = {
        "file": str(path),
        "encoding": parsed.decoded.encoding,
        "script": parsed.norm.script,
        "title": h.title,
        "notice_title": h.notice_title,
        "doc_number": h.doc_number,
        "issued_date": h.issued_date,
        "issuer": h.issuer,
        "addressees": h.addressees,
        "jurisdiction_zh": inferred["jurisdiction_zh"].value or None,
        "level": inferred["level"].value or None,
        "province_zh": inferred["province_zh"].value or None,
        "issuer_level": inferred["issuer_level"].value or None,
        "doc_type": doc_type,
        "period": [h.period_start, h.period_end],
        "is_draft": h.is_draft,
        "n_chars": len(parsed.text),
        "task_style": o.task_style,
        "n_provisions": len(o.provisions),
        "n_tasks": sum(p.is_task for p in o.provisions),
    }
    if args.json:
        meta["changes"] = dict(sorted(changes.items()))
        meta["warnings"] = [{"kind": r.kind, "start": r.start, "end": r.end, "text": r.before, "detail": r.detail} for r in flags]
        meta["outline"] = [
            {"path": p.path, "depth": p.depth, "label": p.label, "heading": p.heading, "is_task": p.is_task, "start": p.start, "end": p.end}
            for p in o.provisions
        ]
        print(json.dumps(meta, ensure_ascii=False, indent=2))
        return 0
    print(f"{path}")
    for key, value in meta.items():
        if key != "file" and value not in (None, [None, None]):
            print(f"  {key:<15} {value}")
    print("  changes        " + (", ".join(f"{k} {v}" for k, v in sorted(changes.items())) or "none"))
    print("outline (* = task):")
    for p in o.provisions:
        first = (p.heading or p.text.split("\n", 1)[0])[: args.width]
        print(f"  {'*' if p.is_task else ' '} {'  ' * (p.depth - 1)}{p.label or '[preamble]'} {first}")
    print(f"warnings: {len(flags)}")
    for r in flags:
        print(f"  {r.kind} at {r.start}-{r.end}: {r.before[:40]!r} — {r.detail}")
    return 0


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _cmd_brief(args: argparse.Namespace) -> int:
    from fazhi.report.briefing import build_briefings

    def progress(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    paths = build_briefings(
        args.processed, args.out, jurisdictions=_split(args.jurisdictions), indicators=_split(args.indicators), lang=_split(args.lang) or ["zh", "en"], progress=progress,
        jobs=args.jobs, self_contained=args.self_contained, memory_limit_mb=args.memory_limit, raw_dir=args.raw,
    )
    indexes = [p for p in paths if p.name == "index.html"]
    print(f"briefings: {len(paths) - len(indexes)} pages")
    for p in indexes:
        print(f"  {p.resolve()}")
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from fazhi.schema import data_dictionary

    print(data_dictionary())
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from fazhi.export import export

    print(export(args.processed, args.out).report())
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description="Compare Chinese local-government rule-of-law plans and reports.")
    parser.add_argument("--version", action="version", version=f"fazhi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("add", help="add files or folders to the manifest (sources.csv), every field inferred from the text")
    a.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of documents (txt, html, pdf, docx, doc)")
    a.add_argument("--raw", default="data/raw", help="raw folder holding sources.csv; files outside it are copied in (default: data/raw)")
    a.add_argument("-q", "--quiet", action="store_true", help="no review table")
    a.set_defaults(func=_cmd_add)
    b = sub.add_parser("build", help="build data/processed from a raw folder (manifest + texts)")
    b.add_argument("--raw", default="data/raw", help="folder with sources.csv and the texts (default: data/raw)")
    b.add_argument("--out", default="data/processed", help="folder for the parquet tables (default: data/processed)")
    b.add_argument("-j", "--jobs", type=_positive_int, default=1, help="processes for the per-document stage (same output for any number; default 1)")
    b.add_argument("--no-cache", action="store_true", help="recompute every document instead of reusing cached results")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    b.set_defaults(func=_cmd_build)
    i = sub.add_parser("inspect", help="show what fazhi reads in one text file (no manifest needed)")
    i.add_argument("file")
    i.add_argument("--doc-type", default=None, help="document type, if known (affects deadline detection)")
    i.add_argument("--json", action="store_true", help="machine-readable output")
    i.add_argument("--width", type=int, default=40, help="characters of each item to show")
    i.set_defaults(func=_cmd_inspect)
    br = sub.add_parser("brief", help="execute the notebooks and write offline HTML briefings")
    br.add_argument("--processed", default=None, help="folder of the built tables (default: data/processed of this project)")
    br.add_argument("--out", default="reports", help="folder for the HTML files (default: reports)")
    br.add_argument("--raw", default=None, help="raw folder the tables were built from: its files are copied beside the pages and linked from the full texts (default: data/raw when --processed is the default)")
    br.add_argument("--jurisdictions", default=None, help="comma-separated names (淮北市 or Huaibei) or doc_ids; default all")
    br.add_argument("--indicators", default=None, help="comma-separated catalogue ids for the headline comparison")
    br.add_argument("--lang", default="zh,en", help="page languages, comma-separated: zh, en or zh,en (default: both)")
    br.add_argument("-j", "--jobs", type=_positive_int, default=None, help="worker processes (default: one per core)")
    br.add_argument("--self-contained", action="store_true", help="every page carries its own plotly.js and table scripts (a page to send by e-mail; a larger site)")
    br.add_argument("--memory-limit", type=_positive_int, default=None, metavar="MB",
                    help="stop with a clear error when a notebook kernel uses more than MB megabytes (default: no limit)")
    br.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    br.set_defaults(func=_cmd_brief)
    e = sub.add_parser("export", help="write the tables as CSV and XLSX with a Frictionless datapackage.json")
    e.add_argument("--processed", default=None, help="folder of the built tables (default: data/processed of this project)")
    e.add_argument("--out", default=None, help="folder to write into (default: the processed folder)")
    e.set_defaults(func=_cmd_export)
    d = sub.add_parser("dictionary", help="print the data dictionary (Markdown) generated from the schemas")
    d.set_defaults(func=_cmd_dictionary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except BuildError as e:
        for problem in e.problems:
            print(f"fazhi: error: {problem}", file=sys.stderr)
        print(f"fazhi: {len(e.problems)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except FazhiError as e:
        print(f"fazhi: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyError as e:  # an unknown jurisdiction or indicator named on the command line
        print(f"fazhi: error: {e.args[0] if e.args else e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("fazhi: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
