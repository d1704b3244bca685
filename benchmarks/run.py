"""``make bench``: build synthetic corpora of growing size and print what it costs.

Per size: documents/s, MB/s of raw text, peak RSS (the whole process tree, sampled
from /proc, and the largest single process), wall time per stage, the time of plain
``jieba.lcut`` over every provision text of the same build and the ratio of the
full build to it.  At the largest size also: a rebuild after one document changed
(per-document cache; three times, another document each time, and the median),
``fazhi.load()`` on the tables, a rebuild with another
``--jobs`` that must give byte-identical tables; and the adversarial 1 MB inputs.

At the smallest size also the fixed costs every cold build pays one after the other
(imports, a worker's start, jieba's dictionary, scikit-learn): the floor under its time.

First, **the small end** — what a researcher waits for: a cold build of the five founding
documents and the briefings after it (``make briefing`` after install), and, per size,
the build again **beside a CPU hog** (``--hogs`` processes spinning, a busy laptop), so
oversubscription shows in the numbers.

    python -m benchmarks.run                     # 100, 1,000 and 10,000 documents
    python -m benchmarks.run --sizes 100 1000 --jobs 2

Corpora and outputs go to ``--work`` (default ``.bench/``, git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import synthetic

ROOT = Path(__file__).resolve().parent.parent


def rebuilt(n: int) -> list[str]:
    """The documents changed, one at a time, for the incremental rebuilds: three runs,
    because one run's wall time swings with how much of the cache and the libraries a
    cold disk must deliver (8.8–37.9 s for the same code on this VM); all three and
    their median are printed."""
    return [f"synth_{i:05d}" for i in (0, n // 3, 2 * n // 3)]


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc), in KiB."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_build(raw: Path, out: Path, *, jobs: int, cache: Path | None, tag: str) -> dict:
    """``fazhi.build`` in a child process; its stage timings and peak memory."""
    result = out.parent / f"{out.name}-{tag}.json"
    code = (
        "import json, sys, fazhi; "
        f"s = fazhi.build({str(raw)!r}, {str(out)!r}, jobs={jobs}, cache={repr(str(cache)) if cache else False}); "
        f"json.dump({{'timings': s.timings, 'hits': s.cache_hits, 'documents': s.n_documents, 'provisions': s.n_provisions, "
        f"'indicators': s.n_indicators, 'quality': s.n_quality}}, open({str(result)!r}, 'w'))"
    )
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    peak = 0
    series: list[tuple[float, int]] = []
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            rss = _tree_rss_kib(proc.pid)
            series.append((time.perf_counter() - start, rss))
            peak = max(peak, rss)
            time.sleep(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    rc = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    t.join()
    if rc:
        raise SystemExit(f"build of {raw} failed with exit code {rc}")
    info = json.loads(result.read_text())
    info.update(wall=wall, peak_tree_mib=peak / 1024, stage_peak_mib=_stage_peaks(series, info["timings"], wall))
    return info


@contextlib.contextmanager
def cpu_hog(n: int):
    """``n`` processes spinning on the CPU for the duration of the block (a busy laptop)."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for h in hogs:
            h.kill()
            h.wait()


FIRST_SCREEN_DRAWN = """() => [...document.querySelectorAll('.fz-fig')]
  .filter(d => d.getBoundingClientRect().top < window.innerHeight)
  .every(d => d.getAttribute('data-drawn'))"""


def page_open_times(reports: Path) -> None:
    """How long each briefing page takes to open in headless Chromium (offline, 1280×900):
    until the load event, and until the charts on the first screen are drawn.  Skipped
    without Chromium and Playwright."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  page open times: skipped (playwright not installed)")
        return
    if not chromium.exists():
        print("  page open times: skipped (no /usr/bin/chromium)")
        return
    pages = sorted(p for p in reports.rglob("*.html"))
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            times = []
            for _ in range(2):  # the second visit is what a reader sees; both are printed
                ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
                page = ctx.new_page()
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.wait_for_function(FIRST_SCREEN_DRAWN, timeout=60000)
                load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                ready = page.evaluate("() => performance.now()")
                times.append((load / 1000, ready / 1000))
                ctx.close()
            rows.append((str(path.relative_to(reports)), path.stat().st_size, times))
        browser.close()
    print(f"  page open times in headless Chromium (load event / first screen drawn, two visits; goal < 2 s):")
    for name, size, times in rows:
        shown = "  ".join(f"{a:.2f}/{b:.2f} s" for a, b in times)
        print(f"    {name:<38} {size / 1e6:5.1f} MB  {shown}")
    worst = max(b for _, _, times in rows for _, b in times)
    print(f"    slowest first screen: {worst:.2f} s over {len(rows)} pages", flush=True)


def small_end(work: Path, jobs: int, hogs: int) -> None:
    """Cold build of the founding documents and the briefings after it, idle and beside a hog."""
    print("\n== small end: the five founding documents (cold cache)", flush=True)
    for busy in (0, hogs):
        label = f"beside {busy} CPU hog(s)" if busy else "idle"
        out, cache, reports = work / f"small-out-{busy}", work / f"small-cache-{busy}", work / f"small-reports-{busy}"
        for folder in (out, cache, reports):
            shutil.rmtree(folder, ignore_errors=True)
        with cpu_hog(busy):
            r = run_build(ROOT / "data" / "raw", out, jobs=jobs, cache=cache, tag="small")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "fazhi.cli", "brief", "--processed", str(out), "--out", str(reports), "-q"],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            brief = time.perf_counter() - t
        print(f"  {label}: fazhi build {r['wall']:.1f} s (" + ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items())
              + f"); fazhi brief {brief:.1f} s; make briefing after install ≈ {r['wall'] + brief:.1f} s", flush=True)  # fmt: skip
        if not busy:
            page_open_times(reports)


def _stage_peaks(series: list[tuple[float, int]], timings: dict[str, float], wall: float) -> dict[str, float]:
    """Peak tree RSS (MiB) within each build stage; the stages run one after another
    and end with the process (start-up and import time come before the first)."""
    t = wall - sum(timings.values())
    peaks = {}
    for name, seconds in timings.items():
        inside = [rss for s, rss in series if t <= s <= t + seconds]
        peaks[name] = round(max(inside, default=0) / 1024)
        t += seconds
    return peaks


def jieba_alone(out: Path) -> float:
    """Seconds of plain ``jieba.lcut`` (the project's tokenizer) over every provision text."""
    code = (
        "import time, pyarrow.parquet as pq; from fazhi.analyze.tokenize import tokenizer; tk = tokenizer(); "
        f"texts = pq.read_table({str(out / 'provisions.parquet')!r}, columns=['text']).column('text').to_pylist(); "
        "t = time.perf_counter(); [tk.lcut(x) for x in texts]; print(time.perf_counter() - t)"
    )
    return float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout)


#: What a cold build pays, one after the other, whatever its documents: each timed in a
#: fresh process, after the imports of the entry before it, so the parts add up.
FIXED_COSTS = {
    "the build imports fazhi.pipeline": "import fazhi.pipeline",
    "a spawned worker imports it again": "import fazhi.pipeline",
    "the worker loads jieba's dictionary (from its cache)": "from fazhi.pipeline import start_worker; start_worker()",
    "the corpus stage imports scikit-learn": "import fazhi.analyze.clusters, sklearn.cluster, sklearn.decomposition, sklearn.metrics",
}


def fixed_costs() -> list[tuple[str, float]]:
    """Seconds of each of :data:`FIXED_COSTS`: the floor under a cold build's wall time."""
    rows = []
    for label, code in FIXED_COSTS.items():
        setup = "import time; " if code == "import fazhi.pipeline" else "import time, fazhi.pipeline; "
        probe = setup + "t = time.perf_counter(); " + code + "; print(time.perf_counter() - t)"
        rows.append((label, float(subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True).stdout)))
    return rows


def load_time(out: Path) -> tuple[float, float]:
    """Seconds of ``fazhi.load()``, and of reading every table into pandas after it."""
    code = (
        "import time, fazhi; t = time.perf_counter(); c = fazhi.load(%r); a = time.perf_counter() - t; "
        "t = time.perf_counter(); [len(getattr(c, n)) for n in ('documents', 'provisions', 'indicators', 'themes', 'reuse', 'quality')]; "
        "print(a, time.perf_counter() - t)" % str(out)
    )
    out_text = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    a, b = out_text.split()
    return float(a), float(b)


def tables_digest(out: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(out.glob("*.parquet")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def corpus(work: Path, n: int, seed: int) -> tuple[Path, int]:
    folder = work / f"raw-{n}-s{seed}-v{synthetic.VERSION}"
    stamp = folder / ".complete"
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        synthetic.write_corpus(folder, n, seed)
        stamp.write_text("ok")
        print(f"  generated {n} documents in {time.perf_counter() - t:.1f} s", flush=True)
    size = sum(p.stat().st_size for p in (folder / "docs").iterdir())
    return folder, size


def adversarial() -> list[tuple[str, float]]:
    from benchmarks.adversarial import ADVERSARIAL, adversarial_texts
    from fazhi.ingest.manifest import Source
    from fazhi.pipeline import process_document

    rows = []
    for name, text in adversarial_texts(1_000_000).items():
        src = Source(name, f"{name}.txt", Path(f"{name}.txt"), "某市", "Moushi", "prefecture", "某省", "plan", 2023, 2025,
                     None, None, None, None, None, None, None, None, 2, Path("sources.csv"))  # fmt: skip
        t = time.perf_counter()
        process_document(src, text.encode("utf-8"))
        rows.append((f"{name} ({ADVERSARIAL[name][1]})", time.perf_counter() - t))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000], help="corpus sizes (none: only the small end)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=ROOT / ".bench")
    ap.add_argument("--skip-adversarial", action="store_true")
    ap.add_argument("--skip-jieba", action="store_true", help="do not time jieba alone (same corpus measured before)")
    ap.add_argument("--skip-jobs-check", action="store_true", help="do not rebuild with another --jobs to compare bytes")
    ap.add_argument("--hogs", type=int, default=1, help="CPU-hog processes for the busy-machine runs (0: skip them)")
    ap.add_argument("--skip-small-end", action="store_true", help="do not time the founding documents and the briefings")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"command: python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    if not args.skip_small_end:
        small_end(work, args.jobs, args.hogs)
    results = {}
    for n in args.sizes:
        print(f"\n== {n} documents", flush=True)
        raw, size = corpus(work, n, args.seed)
        out = work / f"out-{n}"
        cache = work / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        r = run_build(raw, out, jobs=args.jobs, cache=cache, tag="full")
        jb = None if args.skip_jieba else jieba_alone(out)
        mb = size / 1e6
        results[n] = r["wall"]
        print(f"  raw text {mb:.1f} MB; {r['provisions']} provisions, {r['indicators']} indicator rows, {r['quality']} quality rows")
        print(f"  full build ({args.jobs} jobs, cold cache): {r['wall']:.1f} s = {n / r['wall']:.1f} documents/s, {mb / r['wall']:.2f} MB/s")
        print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items()))
        print("  peak RSS (process tree) by stage: " + ", ".join(f"{k} {v} MiB" for k, v in r["stage_peak_mib"].items()))
        print(f"  peak RSS: {r['peak_tree_mib']:.0f} MiB (process tree, sampled every 0.2 s)")
        if jb is not None:
            print(f"  jieba.lcut alone over the provision texts (1 process): {jb:.1f} s; full build / jieba = {r['wall'] / jb:.2f}")
            if n == min(args.sizes):  # where fixed costs weigh most: what no document can make cheaper
                costs = fixed_costs()
                fixed = sum(t for _, t in costs)
                print("  fixed costs of a cold build, one after the other: " + ", ".join(f"{label} {t:.2f} s" for label, t in costs)
                      + f"; together {fixed:.2f} s")  # fmt: skip
                # The build tokenizes every provision too: at best that work is split evenly
                # over the jobs, so fixed + jieba / jobs is a floor no per-document work can lower.
                floor = fixed + jb / max(1, args.jobs)
                print(f"  floor = fixed costs + jieba's own work over {args.jobs} job(s) = {fixed:.2f} + {jb / max(1, args.jobs):.2f} = {floor:.2f} s"
                      f" = {floor / jb:.2f} × jieba, against the goal of 1.5 × jieba = {1.5 * jb:.2f} s")  # fmt: skip
        if args.hogs and n <= 1000:  # the small and middle sizes the issue targets
            busy_cache = work / f"cache-{n}-busy"
            shutil.rmtree(busy_cache, ignore_errors=True)
            with cpu_hog(args.hogs):
                rb = run_build(raw, work / f"out-{n}-busy", jobs=args.jobs, cache=busy_cache, tag="busy")
            ratio = f"; / jieba (idle) = {rb['wall'] / jb:.2f}" if jb else ""
            print(f"  beside {args.hogs} CPU hog(s), cold cache: {rb['wall']:.1f} s{ratio} (" + ", ".join(f"{k} {v:.1f} s" for k, v in rb["timings"].items()) + ")")
        if n == max(args.sizes):
            first = tables_digest(out)  # of the unchanged corpus, for the --jobs check below
            rebuilds, names = [], rebuilt(n)
            for name in names:  # one document changed at a time, then restored
                doc = raw / "docs" / f"{name}.txt"
                original = doc.read_bytes()
                changed = original.replace("法治".encode(), "法制".encode(), 1)
                if changed == original:
                    raise SystemExit(f"{doc} has no 法治 to change")
                try:
                    doc.write_bytes(changed)
                    rebuilds.append(run_build(raw, out, jobs=args.jobs, cache=cache, tag=f"incremental-{name}"))
                finally:
                    doc.write_bytes(original)
            walls = [inc["wall"] for inc in rebuilds]
            mid = statistics.median(walls)
            print(f"  incremental rebuild after changing 1 document ({', '.join(names)}, one at a time): "
                  + ", ".join(f"{w:.1f} s" for w in walls)
                  + f"; median {mid:.1f} s = {100 * mid / r['wall']:.1f}% of the full build"
                  + f" (first run: {100 * walls[0] / r['wall']:.1f}%)")
            for name, inc in zip(names, rebuilds):
                print(f"    {name}: {inc['hits']} of {n} from the cache; stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in inc["timings"].items())
                      + f"; before the first stage {inc['wall'] - sum(inc['timings'].values()):.1f} s")
            a, b = load_time(out)
            print(f"  fazhi.load(): {a:.2f} s (then reading every table into pandas: {b:.2f} s)")
            if args.skip_jobs_check:
                continue
            other = work / f"out-{n}-jobs1"
            shutil.rmtree(other, ignore_errors=True)
            r1 = run_build(raw, other, jobs=1 if args.jobs > 1 else 2, cache=None, tag="otherjobs")
            same = tables_digest(other) == first
            print(f"  rebuild with --jobs {1 if args.jobs > 1 else 2}, no cache: {r1['wall']:.1f} s; tables byte-identical: {same} ({first})")
    if len(results) > 1:
        sizes = sorted(results)
        for a, b in zip(sizes, sizes[1:]):
            print(f"\ngrowth {a} → {b} documents: {results[b] / results[a]:.1f}× the time for {b / a:.0f}× the documents")
    if not args.skip_adversarial:
        print("\n== adversarial 1 MB inputs (process_document, one process)")
        for name, secs in adversarial():
            print(f"  {secs:6.2f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
