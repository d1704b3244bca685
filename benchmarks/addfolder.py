"""``fazhi add`` of a folder at the field's scale: N files (default 300) in the formats a
researcher saves — portal pages, plain text, DOCX, PDF and DOC — timed end to end.

The texts are the synthetic documents of :mod:`benchmarks.synthetic` (one jurisdiction
per document, real place names are not needed: the division table leaves a made-up name
uninferred, which costs as much as finding one).  The mix: 50 % HTML, 20 % TXT, 15 % DOCX,
10 % PDF, 5 % DOC; PDF and DOC made by LibreOffice (one start each) before the clock
starts.  ``python -m benchmarks.addfolder --n 300`` prints the wall time, files per second
and the goal (300 files ≤ 60 s).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from benchmarks.officefiles import docx_from_text, portal_page
from benchmarks.synthetic import document

GOAL_S_PER_300 = 60.0
MIX = (("html", 50), ("txt", 20), ("docx", 15), ("pdf", 10), ("doc", 5))


def formats(n: int) -> list[str]:
    """The format of each of ``n`` files, in the proportions of :data:`MIX`, interleaved."""
    cycle = [fmt for fmt, share in MIX for _ in range(share)]
    return [cycle[(k * 37) % len(cycle)] for k in range(n)]


def make_folder(folder: Path, n: int, seed: int = 0) -> dict[str, int]:
    """``n`` files in ``folder`` (emptied first); returns the count per format made."""
    from fazhi.ingest.formats.word import libreoffice, libreoffice_convert

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    office: dict[str, dict[str, bytes]] = {"pdf": {}, "doc": {}}
    counts: dict[str, int] = {}
    for k, fmt in enumerate(formats(n)):
        d = document(k, seed)
        name = f"doc{k:04d}"
        if fmt in ("pdf", "doc") and libreoffice() is None:
            fmt = "docx"  # without LibreOffice the share goes to DOCX, and the report says so
        counts[fmt] = counts.get(fmt, 0) + 1
        if fmt == "txt":
            (folder / f"{name}.txt").write_text(d.text, "utf-8")
        elif fmt == "html":
            (folder / f"{name}.html").write_bytes(portal_page(d.text, title=d.row.get("title") or d.text.splitlines()[0], published=""))
        elif fmt == "docx":
            (folder / f"{name}.docx").write_bytes(docx_from_text(d.text))
        else:
            office[fmt][f"{name}.docx"] = docx_from_text(d.text)
    for target, files in office.items():
        if files:
            for name, data in libreoffice_convert(files, target).items():
                (folder / name).with_suffix(f".{target}").write_bytes(data)
    return counts


def run(work: Path, n: int = 300, seed: int = 0) -> dict:
    """Make the folder, then time ``fazhi.add.add`` of it into an empty raw folder."""
    from fazhi.add import add

    files = work / f"add-{n}" / "files"
    raw = work / f"add-{n}" / "raw"
    counts = make_folder(files, n, seed)
    shutil.rmtree(raw, ignore_errors=True)
    t = time.perf_counter()
    result = add([files], raw)
    wall = time.perf_counter() - t
    return {"n": n, "counts": counts, "wall": wall, "added": len(result.added), "errors": [str(e) for e in result.errors]}


def report(r: dict) -> str:
    goal = GOAL_S_PER_300 * r["n"] / 300
    mix = ", ".join(f"{fmt} {c}" for fmt, c in sorted(r["counts"].items()))
    lines = [f"  fazhi add of a folder of {r['n']} files ({mix}): {r['wall']:.1f} s = {r['n'] / r['wall']:.1f} files/s; "
             f"goal ≤ {goal:.0f} s: {'met' if r['wall'] <= goal else 'NOT met'}; {r['added']} added, {len(r['errors'])} failed"]  # fmt: skip
    lines += [f"    failed: {e}" for e in r["errors"][:5]]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path(__file__).resolve().parent.parent / ".bench")
    args = ap.parse_args(argv)
    print(report(run(args.work.resolve(), args.n, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
