"""Briefings: execute the notebooks (nbclient, papermill's parameter convention), export self-contained HTML, check offline.

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
    """The notebooks, in their numbered order.

    >>> [p.name for p in notebook_sources()][:2]
    ['01_corpus_overview.py', '02_target_comparison.py']
    """
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
    """Every tag attribute that would fetch from the network (``src``/``href`` to http(s)://).

    >>> remote_references('<script src="https://cdn.example/x.js"></script><img src="a.png">')
    ["<script src='https://cdn.example/x.js'>"]
    """
    parser = _RemoteRefs()
    parser.feed(page)
    return parser.found


SCRIPT_BLOCK = re.compile(r"(<script\b.*?</script>)", re.S | re.I)
EXTERNAL_ANCHOR = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>(.*?)</a>", re.S | re.I)


def remove_external_links(page: str) -> str:
    """Turn links to the web (itables' help links) into their text; scripts are left alone.

    >>> remove_external_links('<a href="https://itables.org">help</a>')
    'help'
    """
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


def execute(source: Path, parameters: dict, workdir: Path, name: str | None = None):
    """Run one notebook in a kernel of its own; returns the executed notebook (one job of
    :func:`run_in_one_kernel`).  ``name`` keeps runs of one notebook with different
    parameters apart (profiles); the kernel's sockets go in ``workdir``.

    >>> nb = execute(Path("notebooks/02_target_comparison.py"), {"lang": "en"}, Path("/tmp"))  # doctest: +SKIP
    """
    name = name or source.stem
    return run_in_one_kernel([(source, parameters, name)], workdir / f"{name}-ipc")[0]


def export_html(nb, *, title: str, footer: str = "", lang: str = "zh", nav: str = "") -> str:
    """One self-contained HTML page in ``lang``: code, prompts and the other language's
    markdown cells (tagged ``zh``/``en``) left out.

    >>> page = export_html(nb, title="2 · Target comparison", lang="en")  # doctest: +SKIP
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    other = "en" if lang == "zh" else "zh"
    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = ("parameters", "injected-parameters", RESET_TAG, other)
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="fazhi_offline", extra_template_basedirs=[str(TEMPLATE_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    exporter.language_code = lang
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"fazhi_footer": footer, "fazhi_nav": nav})
    return body


def parameters_in_words(parameters: dict, lang: str) -> str:
    """The briefing's parameters as a sentence.

    >>> parameters_in_words({"jurisdictions": None, "indicators": ["court_appearance_rate"]}, "en")
    'all jurisdictions; headline indicators: court_appearance_rate'
    """
    js, inds = parameters.get("jurisdictions"), parameters.get("indicators")
    if lang == "zh":
        who = "全部辖区" if not js else "辖区:" + "、".join(js)
        what = "重点指标:默认三项(出庭应诉率、执法人员培训学时、行政复议纠错率)" if not inds else "重点指标:" + "、".join(inds)
        return f"{who};{what}"
    who = "all jurisdictions" if not js else "jurisdictions: " + ", ".join(js)
    what = "headline indicators: the default three (court appearance, training hours, reconsideration correction)" if not inds else "headline indicators: " + ", ".join(inds)
    return f"{who}; {what}"


INDEX_STYLE = """body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:900px;margin:3em auto;line-height:1.6;padding:0 1em}
li{margin:.6em 0} .d{color:#555} table{border-collapse:collapse;font-size:14px} td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}
.meta{color:#444;font-size:14px}"""


def _index(corpus, pages: list[tuple[str, str, str]], profiles: list[tuple[str, str]], texts: list[tuple[str, str]], parameters: dict, lang: str, other_href: str | None) -> str:
    """The language's index: what the corpus is, when and with what it was built, the pages."""
    from fazhi.version import __version__
    from fazhi.report.i18n import jurisdiction_column, word

    d = corpus.documents
    e = html.escape
    years = f"{int(d['period_start'].min())}–{int(d['period_end'].max())}"
    n_j = d["jurisdiction_zh"].nunique()
    built = build_date()
    rows = "".join(
        f"<tr><td>{e(str(r[jurisdiction_column(lang)]))}</td><td>{e(word(r['level'], lang))}</td><td>{e(word(r['doc_type'], lang))}</td>"
        f"<td>{r['period_start']}–{r['period_end']}</td><td>{e(str(r['title'] or ''))}</td><td>{e(word('draft' if r['is_draft'] else 'final', lang))}</td></tr>"
        for _, r in d.iterrows()
    )
    head = "".join(f"<th>{e(word(k, lang))}</th>" for k in ("jurisdiction", "level", "type", "period", "title", "status"))
    items = "\n".join(f'<li><a href="{e(href)}">{e(title)}</a><br><span class="d">{e(desc)}</span></li>' for href, title, desc in pages)
    prof = " · ".join(f'<a href="{e(href)}">{e(name)}</a>' for href, name in profiles)
    txt = " · ".join(f'<a href="{e(href)}">{e(name)}</a>' for href, name in texts)
    if lang == "zh":
        title, intro = "fazhi 法治政府建设简报", "地方法治政府建设规划与报告的并列比较。每个页面都可离线打开。"
        meta = (f"语料:{len(d)} 份文件,{n_j} 个辖区,{years} 年。生成日期 {built};fazhi {__version__};数据版本 {corpus.data_version}。"
                f"参数:{parameters_in_words(parameters, lang)}。")  # fmt: skip
        labels = ("简报", "辖区概况", "全文(条目锚点、量化表述标出)", "English")
    else:
        title, intro = "fazhi briefings", "Chinese local-government rule-of-law plans and reports, side by side. Every page opens offline."
        meta = (f"Corpus: {len(d)} documents, {n_j} jurisdictions, {years}. Built {built}; fazhi {__version__}; data version {corpus.data_version}. "
                f"Parameters: {parameters_in_words(parameters, lang)}.")  # fmt: skip
        labels = ("Briefings", "Jurisdiction profiles", "Full texts (provisions anchored, quantity statements highlighted)", "中文")
    switch = f'<p><a href="{e(other_href)}">{labels[3]}</a></p>' if other_href else ""
    return f"""<!DOCTYPE html>
<html lang="{'zh-Hans' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{e(title)}</title><style>{INDEX_STYLE}</style></head>
<body><h1>{e(title)}</h1>{switch}
<p>{e(intro)}</p>
<p class="meta">{e(meta)}</p>
<table><tr>{head}</tr>{rows}</table>
<h2>{labels[0]}</h2>
<ol>
{items}
</ol>
<h2>{labels[1]}</h2><p>{prof}</p>
<h2>{labels[2]}</h2><p>{txt}</p>
</body></html>
"""


def build_date() -> str:
    """The date pages say they were built: ``SOURCE_DATE_EPOCH`` if set (reproducible
    builds: the same inputs then give the same bytes), else today (UTC).

    >>> import os
    >>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    >>> build_date()
    '2023-11-14'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return when.strftime("%Y-%m-%d")


DESCRIPTIONS = {
    "zh": {
        "01": "有哪些文件、各自的状态、文本怎样清理、任务条目有多长。",
        "02": "谁设定了什么目标、有多严格、到哪一年,报告了什么数值;全部表述。",
        "03": "各辖区按纲要任务领域的侧重,以及数据自身的聚类。",
        "04": "哪些辖区共享文字,以及最长的共享段落。",
    },
    "en": {
        "01": "The documents, their status, how their text was cleaned, how long their tasks are.",
        "02": "Who sets which target, how strict, by when, and what was reported achieved; every statement.",
        "03": "What each jurisdiction stresses, by the national outline's task areas, and the data's own clusters.",
        "04": "Which wording jurisdictions share, and the longest shared passages.",
    },
}
PROFILE = "05_profile"


def _prepared(source: Path, parameters: dict):
    """The notebook of ``source`` with stable cell ids and its parameters injected (papermill's
    convention), and a first cell that clears the namespace a previous notebook left."""
    import jupytext
    import nbformat

    nb = jupytext.read(source)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    for k, cell in enumerate(nb.cells):  # nbformat would draw random ids: the pages would differ run to run
        cell.id = f"{source.stem[:2]}-{k:03d}"
    # papermill's convention: the values go in a cell tagged injected-parameters, right after
    # the cell tagged parameters (whose defaults they override).
    where = next((k for k, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), -1)
    injected = nbformat.v4.new_code_cell("".join(f"{k} = {v!r}\n" for k, v in parameters.items()), metadata={"tags": ["injected-parameters"]})
    injected.id = f"{source.stem[:2]}-params"
    nb.cells.insert(where + 1, injected)
    reset = nbformat.v4.new_code_cell("%reset -f", metadata={"tags": [RESET_TAG]})
    reset.id = f"{source.stem[:2]}-reset"
    nb.cells.insert(0, reset)
    return nb


RESET_TAG = "fazhi-reset"


def run_in_one_kernel(jobs: list, sockets: Path) -> list:
    """Execute several notebooks one after the other in **one** kernel: the kernel start and
    the imports (pandas, plotly, fazhi) are paid once, not per page.  Each notebook starts
    with ``%reset -f``, so none sees another's variables.  A job is ``(source, parameters,
    name)`` — its result the executed notebook — or ``(source, parameters, name, export
    keywords)`` — its result the checked, exported HTML page.

    >>> pages = run_in_one_kernel([(Path("notebooks/03_themes.py"), {"lang": "zh"}, "zh-03_themes")], Path("/tmp/k0"))  # doctest: +SKIP
    """
    from jupyter_client.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    km = _ipc_kernel_manager(sockets)(kernel_name="python3")
    out = []
    try:
        for source, parameters, name, *export in jobs:
            nb = _prepared(source, parameters)
            client = NotebookClient(nb, km=km, kernel_name="python3", timeout=900, resources={"metadata": {"path": str(source.parent)}})
            try:
                client.execute(cwd=str(source.parent))
            except CellExecutionError as e:
                raise BriefingError(f"{name}: notebook failed: {e.ename}: {e.evalue}", path=source) from None
            if export:  # the page, exported here: the exports run side by side too
                problems = _problems_in_outputs(nb)
                if problems:
                    raise BriefingError(f"{name}: " + "; ".join(problems), path=source)
                out.append(stable_ids(remove_external_links(export_html(nb, **export[0])), f"fz{name.split('-', 1)[1][:2]}"))
            else:
                out.append(nb)
    finally:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    return out


def _execute_all(jobs_list: list, jobs: int | None, progress) -> list:
    """Every job of :func:`run_in_one_kernel` done, results in order.  The jobs are dealt to
    ``jobs`` worker processes (default: one per core), each with one kernel for all its
    notebooks (a kernel client is not safe to share between threads)."""
    workers = max(1, min(len(jobs_list), jobs if jobs is not None else os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="fazhi-kernels-") as tmp:
        if workers == 1:
            if progress:
                progress(f"executing {len(jobs_list)} notebooks in one kernel")
            return run_in_one_kernel(jobs_list, Path(tmp) / "k0")
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        hands = [jobs_list[k::workers] for k in range(workers)]
        if progress:
            progress(f"executing {len(jobs_list)} notebooks in {workers} kernels")
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            runs = [pool.submit(run_in_one_kernel, hand, Path(tmp) / f"k{k}") for k, hand in enumerate(hands)]
            results = [run.result() for run in runs]
        done = {}
        for k, hand in enumerate(hands):
            for job, nb in zip(hand, results[k]):
                done[job[2]] = nb
        return [done[job[2]] for job in jobs_list]


def build_briefings(
    processed_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    *,
    jurisdictions: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    lang: str | Sequence[str] = ("zh", "en"),
    notebooks: Sequence[Path] | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> list[Path]:
    """Execute and export every notebook in each language of ``lang`` (``jobs`` at a time,
    default: one per core), one profile page per jurisdiction and one full-text page per
    document; returns the HTML paths, each language's index after its pages, the top
    index last.  Pages go to ``out_dir/<lang>/``.

    >>> build_briefings("data/processed", "reports", lang="en", jurisdictions=["Huaibei", "Qinghai"])[-1]  # doctest: +SKIP
    """
    from fazhi.corpus import default_processed_dir, load
    from fazhi.report import fulltext
    from fazhi.report.profile import jurisdictions as profile_list

    langs = [lang] if isinstance(lang, str) else list(lang)
    for lg in langs:
        if lg not in ("zh", "en"):
            raise BriefingError(f"lang must be 'zh' or 'en', not {lg!r}")
    processed = Path(processed_dir) if processed_dir is not None else default_processed_dir()
    # Fails early, with a clear message, if nothing was built or a jurisdiction is unknown.
    full = load(processed)
    corpus = full.subset(jurisdictions)
    if indicators:
        from fazhi.extract.catalogue import load_catalogue

        unknown = [i for i in indicators if i not in load_catalogue().by_id]
        if unknown:
            raise BriefingError(f"unknown indicator(s) {unknown}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base = {"jurisdictions": list(jurisdictions) if jurisdictions else None, "indicators": list(indicators) if indicators else None, "processed_dir": str(processed.resolve())}
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    sources = list(notebooks or notebook_sources())
    profile_source = next((s for s in sources if s.stem == PROFILE), None)
    pages_sources = [s for s in sources if s.stem != PROFILE]
    people = profile_list(corpus) if profile_source else []
    written: list[Path] = []
    jobs_list, meta = [], []
    for lg in langs:
        footer = _footer(corpus, base, lg)
        nav = f'<a href="index.html">{"← 简报目录" if lg == "zh" else "← Briefings"}</a>'
        for source in pages_sources:
            title = _title(source, lg)
            meta.append((lg, source.stem + ".html", "page", (source.stem + ".html", title, DESCRIPTIONS[lg].get(source.stem[:2], ""))))
            jobs_list.append((source, {**base, "lang": lg}, f"{lg}-{source.stem}", {"title": title, "footer": footer, "lang": lg, "nav": nav}))
        for zh, en, slug in people:
            name = zh if lg == "zh" else en
            title = ("辖区概况:" if lg == "zh" else "Profile: ") + name
            stem = f"{PROFILE}_{slug}"
            meta.append((lg, stem + ".html", "profile", (stem + ".html", name)))
            jobs_list.append((profile_source, {"jurisdiction": zh, "lang": lg, "processed_dir": base["processed_dir"]}, f"{lg}-{stem}", {"title": title, "footer": footer, "lang": lg, "nav": nav}))
    finished = _execute_all(jobs_list, jobs, progress)
    for lg in langs:
        folder = out / lg
        (folder / "text").mkdir(parents=True, exist_ok=True)
        pages, profiles, texts = [], [], []
        for (source, *_), (page_lang, file, what, entry), page in zip(jobs_list, meta, finished):
            if page_lang != lg:
                continue
            (profiles if what == "profile" else pages).append(entry)
            written.append(_write_page(folder / file, page, source))
        for doc_id, name in zip(corpus.documents["doc_id"], corpus.documents["jurisdiction_zh" if lg == "zh" else "jurisdiction_en"]):
            written.append(_write_page(folder / "text" / f"{doc_id}.html", fulltext.page(corpus, doc_id, lg), None))
            texts.append((f"text/{doc_id}.html", f"{name} · {doc_id}"))
        # Pages an earlier run wrote that this one did not (another corpus, other parameters)
        # would sit beside the new ones unlinked and out of date: they go.
        fresh = set(written)
        for stale in [*folder.glob("[0-9][0-9]_*.html"), *(folder / "text").glob("*.html")]:
            if stale not in fresh:
                stale.unlink()
        other = [x for x in langs if x != lg]
        index = folder / "index.html"
        index.write_text(_index(corpus, pages, profiles, texts, base, lg, f"../{other[0]}/index.html" if other else None), "utf-8")
        written.append(index)
    top = out / "index.html"
    top.write_text(_top_index(langs), "utf-8")
    written.append(top)
    return written


def _title(source: Path, lang: str) -> str:
    import jupytext

    title = jupytext.read(source).metadata.get("title") or source.stem
    # Titles are written "fazhi N · 中文 · English": keep the page's language.
    parts = [p.strip() for p in title.split("·")]
    if len(parts) == 3:
        return f"{parts[0]} · {parts[1] if lang == 'zh' else parts[2]}"
    return title


def _footer(corpus, base: dict, lang: str) -> str:
    from fazhi.version import __version__

    n = len(corpus.documents)
    if lang == "zh":
        return f"fazhi {__version__} · {n} 份文件 · 数据版本 {corpus.data_version} · 生成于 {build_date()} · {parameters_in_words(base, lang)}"
    return f"fazhi {__version__} · {n} documents · data version {corpus.data_version} · built {build_date()} · {parameters_in_words(base, lang)}"


def _write_page(target: Path, page: str, source: Path | None) -> Path:
    remote = remote_references(page)
    if remote:
        raise BriefingError(f"HTML would load from the network: {remote[:3]}", path=source or target)
    tmp_target = target.with_suffix(".html.tmp")
    tmp_target.write_text(page, "utf-8")
    os.replace(tmp_target, target)
    return target


def _top_index(langs: list[str]) -> str:
    links = {"zh": '<a href="zh/index.html" lang="zh-Hans">中文简报</a>', "en": '<a href="en/index.html" lang="en">Briefings in English</a>'}
    items = "".join(f"<li>{links[lg]}</li>" for lg in langs)
    return f"""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>fazhi</title><style>{INDEX_STYLE}</style>
</head><body><h1>fazhi</h1><ul>{items}</ul></body></html>
"""
