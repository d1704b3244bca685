"""Briefings: execute the notebooks with papermill, export self-contained HTML, check offline.

``build_briefings()`` runs every notebook of ``notebooks/`` (jupytext percent scripts)
with the given parameters, exports each to one HTML file with the code hidden (a
template without require.js, MathJax or Mermaid from CDNs; plotly.js and the table
scripts inline), refuses output that would not open offline or that shows errors or
warnings, and writes an ``index.html`` linking them.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

from fazhi.errors import FazhiError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)


class BriefingError(FazhiError):
    """A notebook failed, printed to stderr, or its HTML would not work offline."""


def notebook_sources(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks, in their numbered order."""
    paths = sorted(p for p in folder.glob("[0-9][0-9]_*.py"))
    if not paths:
        raise BriefingError("no notebooks (NN_name.py) found", path=folder)
    return paths


class _RemoteRefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "data", "poster", "srcset") and value and REMOTE.match(value):
                self.found.append(f"<{tag} {name}={value!r}>")


def remote_references(page: str) -> list[str]:
    """Every tag attribute that would fetch from the network (``src``/``href`` to http(s)://)."""
    parser = _RemoteRefs()
    parser.feed(page)
    return parser.found


SCRIPT_BLOCK = re.compile(r"(<script\b.*?</script>)", re.S | re.I)
EXTERNAL_ANCHOR = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>(.*?)</a>", re.S | re.I)


def remove_external_links(page: str) -> str:
    """Turn links to the web (itables' help links) into their text; scripts are left alone."""
    parts = SCRIPT_BLOCK.split(page)
    return "".join(p if k % 2 else EXTERNAL_ANCHOR.sub(r"\1", p) for k, p in enumerate(parts))


UUID = re.compile(r"[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}")


def stable_ids(page: str, prefix: str) -> str:
    """Random element ids (plotly's and itables' uuid4s) replaced by numbered ones, in order
    of appearance: the same inputs then give the same page, byte for byte.

    >>> stable_ids('<div id="ad1eb447-d4be-4a38-a2c1-6dc579ee95fb"></div><script>f("ad1eb447-d4be-4a38-a2c1-6dc579ee95fb")</script>', "p")
    '<div id="p-0000"></div><script>f("p-0000")</script>'
    """
    seen: dict[str, str] = {}

    def number(m: re.Match) -> str:
        key = m.group().replace("_", "-")
        return seen.setdefault(key, f"{prefix}-{len(seen):04d}")

    return UUID.sub(number, page)


def _problems_in_outputs(nb) -> list[str]:
    out = []
    for k, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                out.append(f"cell {k}: {o.get('ename')}: {o.get('evalue')}")
            elif o.get("output_type") == "stream" and o.get("name") == "stderr":
                out.append(f"cell {k} wrote to stderr: {''.join(o.get('text', ''))[:200]!r}")
    return out


def _ipc_kernel_manager(sockets: Path):
    """A kernel manager that talks to the kernel over local IPC sockets, not TCP
    (nothing leaves the machine, and the kernel has no unencrypted-TCP warning to print).
    The sockets are named after ``sockets``: kernels started side by side must not pick
    the same files (the default, ``kernel-ipc`` in the working folder, is shared)."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        def _ip_default(self) -> str:
            return str(sockets)

    return IPCKernelManager


def execute(source: Path, parameters: dict, workdir: Path):
    """Run one notebook with papermill; returns the executed notebook."""
    import jupytext
    import nbformat
    import papermill

    nb = jupytext.read(source)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    for k, cell in enumerate(nb.cells):  # nbformat would draw random ids: the pages would differ run to run
        cell.id = f"{source.stem[:2]}-{k:03d}"
    src = workdir / (source.stem + ".ipynb")
    out = workdir / (source.stem + ".executed.ipynb")
    nbformat.write(nb, src)
    try:
        papermill.execute_notebook(
            str(src), str(out), parameters=parameters, kernel_name="python3", progress_bar=False, log_output=False, cwd=str(source.parent),
            kernel_manager_class=_ipc_kernel_manager(workdir / f"{source.stem[:2]}-ipc"),
        )  # fmt: skip
    except papermill.PapermillExecutionError as e:
        raise BriefingError(f"notebook failed in cell {e.cell_index}: {e.ename}: {e.evalue}", path=source) from None
    return nbformat.read(out, as_version=4)


def export_html(nb, *, title: str, footer: str = "") -> str:
    """One self-contained HTML page, code and prompts hidden."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = ("parameters", "injected-parameters")
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="fazhi_offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"fazhi_footer": footer})
    return body


def _index(pages: list[tuple[str, str, str]], parameters: dict) -> str:
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a><br><span>{html.escape(desc)}</span></li>' for href, title, desc in pages)
    params = html.escape(json.dumps({k: v for k, v in parameters.items() if k != "processed_dir"}, ensure_ascii=False))
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>fazhi briefings 法治政府建设简报</title>
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:860px;margin:3em auto;line-height:1.6}}
li{{margin:1em 0}} span{{color:#555}} code{{background:#f4f4f4;padding:0 .3em}}</style></head>
<body><h1>fazhi briefings 法治政府建设简报</h1>
<p>Chinese local-government rule-of-law plans and reports, side by side. Each briefing opens offline.</p>
<ol>
{items}
</ol>
<p>Parameters: <code>{params}</code></p>
</body></html>
"""


DESCRIPTIONS = {
    "01": "The documents, how their text was cleaned, how long their tasks are.",
    "02": "Who sets which target, how strict, by when, and what was reported achieved.",
    "03": "What each jurisdiction stresses, by the national outline's task areas, and the data's own clusters.",
    "04": "Which wording jurisdictions share, and the longest shared passages.",
}


def build_briefings(
    processed_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    *,
    jurisdictions: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    lang: str = "zh",
    notebooks: Sequence[Path] | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Execute and export every notebook (``jobs`` at a time, default: one per core);
    returns the HTML paths (index last)."""
    from fazhi.corpus import default_processed_dir, load

    if lang not in ("zh", "en"):
        raise BriefingError(f"lang must be 'zh' or 'en', not {lang!r}")
    processed = Path(processed_dir) if processed_dir is not None else default_processed_dir()
    # Fails early, with a clear message, if nothing was built or a jurisdiction is unknown.
    corpus = load(processed).subset(jurisdictions)
    if indicators:
        from fazhi.extract.catalogue import load_catalogue

        unknown = [i for i in indicators if i not in load_catalogue().by_id]
        if unknown:
            raise BriefingError(f"unknown indicator(s) {unknown}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    parameters = {
        "jurisdictions": list(jurisdictions) if jurisdictions else None,
        "indicators": list(indicators) if indicators else None,
        "lang": lang,
        "processed_dir": str(processed.resolve()),
    }
    footer = f"fazhi · {len(corpus.documents)} documents from {processed.name}/ · parameters {json.dumps({k: v for k, v in parameters.items() if k != 'processed_dir'}, ensure_ascii=False)}"
    written: list[Path] = []
    pages = []
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    sources = list(notebooks or notebook_sources())
    executed: list = []
    with tempfile.TemporaryDirectory(prefix="fazhi-brief-") as tmp:
        # The notebooks run side by side, each driven from its own process (papermill's
        # kernel client is not safe to share between threads) with its own kernel: a kernel
        # spends most of its time starting and importing, on one core.  Pages are in order.
        workers = max(1, min(len(sources), jobs if jobs is not None else os.cpu_count() or 1))
        if workers == 1:
            for source in sources:
                if progress:
                    progress(f"executing {source.name}")
                executed.append((source, execute(source, parameters, Path(tmp))))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                runs = [pool.submit(execute, source, parameters, Path(tmp)) for source in sources]
                for source, run in zip(sources, runs):
                    if progress:
                        progress(f"executing {source.name}")
                    executed.append((source, run.result()))
        for source, nb in executed:
            problems = _problems_in_outputs(nb)
            if problems:
                raise BriefingError("; ".join(problems), path=source)
            import jupytext

            title = jupytext.read(source).metadata.get("title") or source.stem
            page = stable_ids(remove_external_links(export_html(nb, title=title, footer=footer)), f"fz{source.stem[:2]}")
            remote = remote_references(page)
            if remote:
                raise BriefingError(f"HTML would load from the network: {remote[:3]}", path=source)
            target = out / (source.stem + ".html")
            tmp_target = target.with_suffix(".html.tmp")
            tmp_target.write_text(page, "utf-8")
            os.replace(tmp_target, target)
            written.append(target)
            pages.append((target.name, title, DESCRIPTIONS.get(source.stem[:2], "")))
    index = out / "index.html"
    index.write_text(_index(pages, parameters), "utf-8")
    written.append(index)
    return written
