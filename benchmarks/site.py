"""Measures of a briefing site written by ``fazhi brief``: its size on disk, its pages, its
links (parsed with :mod:`html.parser`, every page) and, in headless Chromium, a bounded
sample of its pages (page errors, time to the first screen drawn, the tallest figure).

    python -m benchmarks.site reports          # the checks on a site already written

Used by ``make bench`` (benchmarks/run.py, ``--brief-sizes``).
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: True when every figure whose top is on the first screen has been drawn.
FIRST_SCREEN_DRAWN = """() => [...document.querySelectorAll('.fz-fig')]
  .filter(d => d.getBoundingClientRect().top < window.innerHeight)
  .every(d => d.getAttribute('data-drawn'))"""

ALL_DRAWN = "() => [...document.querySelectorAll('.fz-fig')].every(d => d.getAttribute('data-drawn'))"

#: Draw every figure (not only those near the screen), then measure them all.
DRAW_ALL = """() => { const f = window.fazhi; if (f && typeof f.drawAll === 'function') { f.drawAll(); return true; } return false; }"""
FIGURES = """() => [...document.querySelectorAll('.fz-fig')].map(d => [d.id || '', Math.round(d.getBoundingClientRect().height)])"""

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 900}

#: A link a chart point carries (plotly ``customdata``): a page of the site, maybe with an anchor.
CHART_LINK = re.compile(r'"((?:\.\./|text/)?[\w.-]+\.html(?:#[^"\\\s]*)?)"')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# ---------------------------------------------------------------------------- size and pages


def disk_usage(folder: Path) -> tuple[int, int, int]:
    """(bytes on disk, apparent bytes, files) of everything under ``folder``, like ``du -L``:
    symlinks followed, a file (inode) reached twice — two links to one shared file —
    counted once."""
    seen: set[tuple[int, int]] = set()
    disk = apparent = files = 0
    for root, dirs, names in os.walk(folder, followlinks=True):
        for name in names:
            try:
                st = os.stat(os.path.join(root, name))  # follows a symlink to its target
            except OSError:
                continue  # a dangling link
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue
            seen.add(key)
            disk += st.st_blocks * 512
            apparent += st.st_size
            files += 1
    return disk, apparent, files


def html_files(site: Path) -> list[Path]:
    """The HTML files of ``site``, sorted; none under a hidden folder (``.staging-*``: a run
    not finished)."""
    return sorted(p for p in site.rglob("*.html") if not any(part.startswith(".") for part in p.relative_to(site).parts[:-1]))


def page_kinds(site: Path) -> dict[str, list[Path]]:
    """The HTML files of ``site`` by kind: index, notebook page (01..04…), profile, full text, other."""
    kinds: dict[str, list[Path]] = {"index": [], "page": [], "profile": [], "text": [], "other": []}
    for p in html_files(site):
        rel = p.relative_to(site).parts
        if p.name == "index.html":
            kinds["index"].append(p)
        elif len(rel) == 3 and rel[1] == "text":
            kinds["text"].append(p)
        elif len(rel) == 2 and p.name.startswith("05_profile_"):
            kinds["profile"].append(p)
        elif len(rel) == 2 and re.match(r"\d\d_", p.name):
            kinds["page"].append(p)
        else:
            kinds["other"].append(p)
    return kinds


# ---------------------------------------------------------------------------- links


class _Links(HTMLParser):
    """Element ids (and ``<a name>``), ``a[href]`` values, what the page loads (``script[src]``,
    ``link[href]``, ``img[src]``) and the links in figure specs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.assets: list[str] = []
        self.chart_links: list[str] = []
        self._spec = False

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if v is None:
                continue
            if k == "id" or k == "name" and tag == "a":
                self.ids.add(v)
            elif k == "href" and tag == "a":
                self.hrefs.append(v)
            elif (k, tag) in (("src", "script"), ("href", "link"), ("src", "img")):
                self.assets.append(v)
        self._spec = tag == "script" and any(k == "id" and v and v.endswith("-spec") for k, v in attrs)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._spec = False

    def handle_data(self, data):
        if self._spec:
            self.chart_links.extend(CHART_LINK.findall(data))


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0  # relative a[href] checked (with their #fragments)
    external: int = 0  # a[href] with a scheme (http:, data:, …) or //host: not checked
    chart_links: int = 0  # links carried by chart points, checked the same way
    assets: int = 0  # relative script[src], link[href], img[src]: the file must exist
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (page, href, why)
    broken_assets: list[tuple[str, str, str]] = field(default_factory=list)
    broken_chart: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text("utf-8", errors="replace"))
    p.close()
    return p


def check_links(site: Path) -> LinkReport:
    """Every relative ``a[href]`` of every HTML page of ``site`` must name an existing file
    and, if it has a ``#fragment``, an element id of that file (``#x`` alone: of the page
    itself).  Links of chart points (``customdata`` in the figure specs) are checked too,
    counted apart, and so are the files a page loads (scripts, styles, images), which must
    exist.  Parsed with html.parser, each page once."""
    t = time.perf_counter()
    site = site.resolve()
    parsed: dict[Path, _Links] = {p: _parse(p) for p in html_files(site)}
    report = LinkReport(pages=len(parsed))

    def ids_of(path: Path) -> set[str] | None:
        if path not in parsed:
            if path.suffix != ".html" or not path.is_file():
                return None
            parsed[path] = _parse(path)
        return parsed[path].ids

    def check(page: Path, href: str) -> str | None:
        """Why ``href`` on ``page`` is broken, or None."""
        parts = urlsplit(href)
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        if parts.path and not target.is_file():
            return "no such file" if not target.is_dir() else "a folder, not a page"
        if parts.fragment:
            ids = ids_of(target)
            if ids is not None and parts.fragment not in ids and unquote(parts.fragment) not in ids:
                return f"no id {unquote(parts.fragment)!r} in {target.name}"
        return None

    for page, links in list(parsed.items()):
        rel = str(page.relative_to(site))
        for href in links.hrefs:
            href = href.strip()
            if not href or href == "#":
                continue
            if href.startswith("//") or (SCHEME.match(href) and not href.lower().startswith("file:")):
                report.external += 1
                continue
            report.links += 1
            why = "an absolute file: link" if href.lower().startswith("file:") else check(page, href)
            if why:
                report.broken.append((rel, href, why))
        for src in links.assets:
            src = src.strip()
            if not src or src.startswith("//") or (SCHEME.match(src) and not src.lower().startswith("file:")):
                continue
            report.assets += 1
            why = "an absolute file: reference" if src.lower().startswith("file:") else check(page, src.split("#")[0])
            if why:
                report.broken_assets.append((rel, src, why))
        for href in links.chart_links:
            report.chart_links += 1
            why = check(page, href)
            if why:
                report.broken_chart.append((rel, href, why))
    report.seconds = time.perf_counter() - t
    return report


# ---------------------------------------------------------------------------- Chromium


def spread(items: list, k: int) -> list:
    """``k`` items of ``items`` evenly spaced from the first to the last (all if fewer): a
    deterministic sample that reaches both language folders of a sorted list."""
    if len(items) <= k:
        return list(items)
    if k <= 1:
        return items[:k]
    return [items[round(i * (len(items) - 1) / (k - 1))] for i in range(k)]


def browse_sample(site: Path, sample: int = 10) -> list[Path]:
    """The pages opened in Chromium: the top index, every page at the top level of each
    language folder except the profiles (index.html, 01..04), ``sample`` profile pages and
    ``sample`` full-text pages, spread over the sorted lists."""
    kinds = page_kinds(site)
    top = [p for p in kinds["index"] + kinds["page"] + kinds["other"] if len(p.relative_to(site).parts) <= 2]
    return sorted(top) + spread(kinds["profile"], sample) + spread(kinds["text"], sample)


@dataclass
class PageVisit:
    page: str
    mb: float
    load: float | None = None  # s to the load event (second visit)
    first_screen: float | None = None  # s to the first screen's figures drawn (second visit)
    first_visit: float | None = None  # the same on the first visit (a cold start)
    figures: int = 0
    tallest: int = 0  # px, after every figure was drawn
    tallest_id: str = ""
    undrawn: int = 0  # figures still not drawn after drawAll
    draw_all: bool = False  # the page has window.fazhi.drawAll
    errors: list[str] = field(default_factory=list)  # pageerror events
    problem: str = ""  # what stopped the visit (timeout, crash)


@dataclass
class BrowseReport:
    visits: list[PageVisit] = field(default_factory=list)
    skipped: str = ""  # why nothing or not everything was opened
    seconds: float = 0.0


def browse(site: Path, sample: int = 10, *, budget: float = 900.0, first_screen_timeout: float = 30.0) -> BrowseReport:
    """Open :func:`browse_sample` in headless Chromium (offline, 1280×900, a new context per
    visit) twice each, as ``page_open_times`` of benchmarks/run.py does — the second visit is
    what a reader sees, the first pays a cold start: page errors of both, load and
    first-screen times, then, on the second, every figure drawn (``window.fazhi.drawAll()``)
    and the tallest measured.  Never more than ``budget`` seconds in all: the pages left are
    reported as skipped."""
    report = BrowseReport()
    t0 = time.perf_counter()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        report.skipped = "playwright not installed"
        return report
    if not CHROMIUM.exists():
        report.skipped = f"no {CHROMIUM}"
        return report
    pages = browse_sample(site, sample)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            try:
                for k, path in enumerate(pages):
                    if time.perf_counter() - t0 > budget:
                        report.skipped = f"{len(pages) - k} of {len(pages)} pages not opened: over the {budget:.0f} s budget"
                        break
                    cold = _visit(browser, path, site, first_screen_timeout, PlaywrightError, measure=False)
                    v = _visit(browser, path, site, first_screen_timeout, PlaywrightError, measure=True)
                    v.first_visit = cold.first_screen
                    v.errors = cold.errors + [e for e in v.errors if e not in cold.errors]
                    v.problem = "; ".join(x for x in dict.fromkeys((cold.problem, v.problem)) if x)
                    report.visits.append(v)
            finally:
                browser.close()
    except Exception as e:  # noqa: BLE001 — a broken browser is a line of the report, not a crash
        report.skipped = f"Chromium failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    report.seconds = time.perf_counter() - t0
    return report


def _visit(browser, path: Path, site: Path, first_screen_timeout: float, PlaywrightError, *, measure: bool) -> PageVisit:
    v = PageVisit(str(path.relative_to(site)), path.stat().st_size / 1e6)
    ctx = browser.new_context(offline=True, viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.on("pageerror", lambda e: v.errors.append(str(e).splitlines()[0] if str(e) else repr(e)))
        step = "load"
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=60_000)
            step = "first screen"
            try:
                page.wait_for_function(FIRST_SCREEN_DRAWN, timeout=first_screen_timeout * 1000)
                v.first_screen = page.evaluate("() => performance.now()") / 1000
            except PlaywrightError:
                v.problem = f"first screen not drawn in {first_screen_timeout:.0f} s"
            v.load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            if measure:
                step = "drawAll"
                v.draw_all = bool(page.evaluate(DRAW_ALL))
                try:
                    page.wait_for_function(ALL_DRAWN, timeout=60_000)
                except PlaywrightError:
                    pass  # counted below
                page.wait_for_timeout(100)  # a last layout after the last figure
                figs = page.evaluate(FIGURES)
                v.figures = len(figs)
                v.undrawn = page.evaluate("() => document.querySelectorAll('.fz-fig:not([data-drawn])').length")
                if figs:
                    v.tallest_id, v.tallest = max(figs, key=lambda f: f[1])
        except PlaywrightError as e:
            v.problem = (v.problem + "; " if v.problem else "") + f"{step}: {str(e).splitlines()[0]}"
    finally:
        ctx.close()
    return v


# ---------------------------------------------------------------------------- printing


def print_links(r: LinkReport, indent: str = "  ") -> None:
    print(f"{indent}links: {r.links} relative a[href] on {r.pages} pages, {len(r.broken)} broken; "
          f"{r.chart_links} chart-point links, {len(r.broken_chart)} broken; {r.assets} scripts/styles/images loaded, {len(r.broken_assets)} missing; "
          f"{r.external} external a[href] not checked ({r.seconds:.1f} s)")  # fmt: skip
    for what, rows in (("broken link", r.broken), ("broken chart link", r.broken_chart), ("missing file", r.broken_assets)):
        by_why: dict[str, int] = {}
        for _, _, why in rows:
            key = re.sub(r"'.*'", "…", why)
            by_why[key] = by_why.get(key, 0) + 1
        for page, href, why in rows[:5]:
            print(f"{indent}  {what}: {page} → {href}: {why}")
        if len(rows) > 5:
            print(f"{indent}  … {len(rows) - 5} more (" + ", ".join(f"{n}× {w}" for w, n in by_why.items()) + ")")


def print_browse(r: BrowseReport, indent: str = "  ") -> None:
    if r.skipped and not r.visits:
        print(f"{indent}Chromium: skipped ({r.skipped})")
        return
    print(f"{indent}Chromium, two visits per page (offline, {VIEWPORT['width']}×{VIEWPORT['height']}): first screen drawn on the first visit; "
          f"on the second: load event / first screen drawn / figures / tallest figure after drawAll ({r.seconds:.0f} s in all)")  # fmt: skip
    for v in r.visits:
        cold = f"{v.first_visit:5.2f}" if v.first_visit is not None else "    —"
        load = f"{v.load:5.2f}" if v.load is not None else "    —"
        first = f"{v.first_screen:5.2f}" if v.first_screen is not None else "    —"
        notes = []
        if v.errors:
            notes.append(f"{len(v.errors)} page error(s): {v.errors[0][:100]}")
        if v.undrawn:
            notes.append(f"{v.undrawn} figure(s) never drawn")
        if v.figures and not v.draw_all:
            notes.append("no window.fazhi.drawAll")
        if v.problem:
            notes.append(v.problem)
        print(
            f"{indent}  {v.page:<44} {v.mb:5.1f} MB {cold} s | {load} s {first} s {v.figures:3d} figs {v.tallest:5d} px"
            + ("  " + "; ".join(notes) if notes else "")
        )
    if r.skipped:
        print(f"{indent}  {r.skipped}")


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Check a briefing site: size, pages, links, and a sample in Chromium.")
    ap.add_argument("site", type=Path)
    ap.add_argument("--sample", type=int, default=10, help="profile and full-text pages opened in Chromium (each)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    disk, apparent, files = disk_usage(args.site)
    kinds = page_kinds(args.site)
    print(f"{args.site}: {disk / 1e6:.1f} MB on disk ({apparent / 1e6:.1f} MB apparent, {files} files); "
          + ", ".join(f"{len(v)} {k}" for k, v in kinds.items() if v))  # fmt: skip
    print_links(check_links(args.site))
    if not args.no_browser:
        print_browse(browse(args.site, args.sample))
    return 0


if __name__ == "__main__":
    sys.exit(main())
