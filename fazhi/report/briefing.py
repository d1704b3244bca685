"""Briefings: execute the notebooks (nbclient, papermill's parameter convention), export self-contained HTML, check offline.

``build_briefings()`` runs every notebook of ``notebooks/`` (jupytext percent scripts)
with the given parameters, exports each to one HTML file with the code hidden (a
template without require.js, MathJax or Mermaid from CDNs; plotly.js and the table
scripts inline), refuses output that would not open offline or that shows errors or
warnings, and writes an ``index.html`` linking them.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

from fazhi.errors import FazhiError
from fazhi.procs import release_memory, tree_rss_kib

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


INDEX_STYLE = """body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:1180px;margin:2em auto;line-height:1.6;padding:0 1em}
li{margin:.6em 0} .d{color:#555} table{border-collapse:collapse;font-size:14px;width:100%} td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}
th{cursor:pointer;position:sticky;top:0;background:#fff} th:hover{background:#f3f3f3} .meta{color:#444;font-size:14px}
.fz-filters{display:flex;flex-wrap:wrap;gap:.6em;margin:.8em 0;align-items:center;font-size:14px} .fz-filters input,.fz-filters select{font:inherit;padding:.15em .4em}
#fz-count{color:#555} .draft{color:#a33}"""

#: Filters and sorting of the index's document table (plain JavaScript, no library: the index opens offline and at once).
INDEX_SCRIPT = """<script>
(function () {
  var table = document.getElementById('fz-docs'), rows = [].slice.call(table.tBodies[0].rows);
  var q = document.getElementById('fz-q'), year = document.getElementById('fz-year');
  var selects = [].slice.call(document.querySelectorAll('select[data-col]'));
  function apply() {
    var text = q.value.trim().toLowerCase(), y = parseInt(year.value, 10), n = 0;
    rows.forEach(function (r) {
      var ok = (!text || r.textContent.toLowerCase().indexOf(text) >= 0)
        && (isNaN(y) || (+r.dataset.start <= y && y <= +r.dataset.end))
        && selects.every(function (s) { return !s.value || r.dataset[s.dataset.col] === s.value; });
      r.style.display = ok ? '' : 'none'; if (ok) n++;
    });
    document.getElementById('fz-count').textContent = document.getElementById('fz-count').dataset.template.replace('N', n);
  }
  [q, year].concat(selects).forEach(function (el) { el.addEventListener('input', apply); });
  [].slice.call(table.tHead.rows[0].cells).forEach(function (th, k) {
    th.addEventListener('click', function () {
      var dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir > 0 ? 'asc' : 'desc';
      rows.sort(function (a, b) { return dir * a.cells[k].textContent.localeCompare(b.cells[k].textContent, 'zh'); });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    });
  });
  apply();
})();
</script>"""


def _text(value) -> str:
    """A cell's text: missing values (None, NaN, NaT) are empty, never 'nan'.

    >>> _text(float("nan")), _text(None), _text("淮北市")
    ('', '', '淮北市')
    """
    import pandas as pd

    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _index(corpus, pages: list[tuple[str, str, str]], profiles: list[tuple[str, str]], parameters: dict, lang: str, other_href: str | None) -> str:
    """The language's index: what the corpus is, when and with what it was built, the pages,
    and every document in a table a reader can search, filter (province, level, type, a year
    the period covers) and sort, each row linking to the jurisdiction's profile and the full text."""
    from fazhi.report.i18n import jurisdiction_column, province_label, word
    from fazhi.report.profile import jurisdictions as profile_list
    from fazhi.version import __version__

    d = corpus.documents
    e = html.escape
    years = f"{int(d['period_start'].min())}–{int(d['period_end'].max())}"
    n_j = d["jurisdiction_zh"].nunique()
    built = build_date()
    slugs = {zh: f"{PROFILE}_{slug}.html" for zh, _, slug in profile_list(corpus)} if profiles else {}
    rows = []
    for r in d.itertuples():
        name = e(_text(getattr(r, jurisdiction_column(lang))))
        who = f'<a href="{e(slugs[r.jurisdiction_zh])}">{name}</a>' if r.jurisdiction_zh in slugs else name
        title = e(_text(r.title)) or e(word("untitled", lang))
        draft = bool(r.is_draft)
        rows.append(
            f'<tr data-province="{e(_text(r.province_zh))}" data-level="{e(r.level)}" data-type="{e(r.doc_type)}" data-start="{int(r.period_start)}" data-end="{int(r.period_end)}">'
            f"<td>{who}</td><td>{e(province_label(r.province_zh, lang))}</td><td>{e(word(r.level, lang))}</td><td>{e(word(r.doc_type, lang))}</td>"
            f"<td>{int(r.period_start)}–{int(r.period_end)}</td><td><a href=\"text/{e(r.doc_id)}.html\">{title}</a></td>"
            f"<td{' class=draft' if draft else ''}>{e(word('draft' if draft else 'final', lang))}</td></tr>"
        )  # fmt: skip
    head = "".join(f"<th>{e(word(k, lang))}</th>" for k in ("jurisdiction", "province_name", "level", "type", "period", "title", "status"))

    def select(col: str, values, shown) -> str:
        opts = "".join(f'<option value="{e(v)}">{e(shown(v))}</option>' for v in sorted(set(values)) if v)
        name = word("province_name" if col == "province" else col, lang)
        return f'<select data-col="{col}" aria-label="{e(name)}"><option value="">{e(name)}: {e(word("all", lang))}</option>{opts}</select>'

    filters = (
        f'<input id="fz-q" type="search" placeholder="{e(word("search", lang))}" size="24">'
        + select("province", [_text(v) for v in d["province_zh"]], lambda v: province_label(v, lang))
        + select("level", d["level"], lambda v: word(v, lang))
        + select("type", d["doc_type"], lambda v: word(v, lang))
        + f'<input id="fz-year" type="number" min="1990" max="2100" placeholder="{e(word("year", lang))}" style="width:6em">'
        + f'<span id="fz-count" data-template="{e(word("n documents shown", lang))}"></span>'
    )
    items = "\n".join(f'<li><a href="{e(href)}">{e(title)}</a><br><span class="d">{e(desc)}</span></li>' for href, title, desc in pages)
    if lang == "zh":
        title, intro = "fazhi 法治政府建设简报", "地方法治政府建设规划与报告的并列比较。每个页面都可离线打开。"
        meta = (f"语料:{len(d)} 份文件,{n_j} 个辖区,{years} 年。生成日期 {built};fazhi {__version__};数据版本 {corpus.data_version}。"
                f"参数:{parameters_in_words(parameters, lang)}。")  # fmt: skip
        labels = ("简报", "文件与辖区(点击辖区看概况,点击标题看全文;可搜索、筛选、点表头排序)", "English")
    else:
        title, intro = "fazhi briefings", "Chinese local-government rule-of-law plans and reports, side by side. Every page opens offline."
        meta = (f"Corpus: {len(d)} documents, {n_j} jurisdictions, {years}. Built {built}; fazhi {__version__}; data version {corpus.data_version}. "
                f"Parameters: {parameters_in_words(parameters, lang)}.")  # fmt: skip
        labels = ("Briefings", "Documents and jurisdictions (a jurisdiction opens its profile, a title the full text; search, filter, click a header to sort)", "中文")
    switch = f'<p><a href="{e(other_href)}">{labels[2]}</a></p>' if other_href else ""
    body = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="{'zh-Hans' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{e(title)}</title><style>{INDEX_STYLE}</style></head>
<body><h1>{e(title)}</h1>{switch}
<p>{e(intro)}</p>
<p class="meta">{e(meta)}</p>
<h2>{labels[0]}</h2>
<ol>
{items}
</ol>
<h2>{e(labels[1])}</h2>
<div class="fz-filters">{filters}</div>
<table id="fz-docs"><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table>
{INDEX_SCRIPT}
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
        "06": "规划的数值目标在其后的报告中是否达到:各指标逐年的目标与报告值,全部状态及其原文链接。",
    },
    "en": {
        "01": "The documents, their status, how their text was cleaned, how long their tasks are.",
        "02": "Who sets which target, how strict, by when, and what was reported achieved; every statement.",
        "03": "What each jurisdiction stresses, by the national outline's task areas, and the data's own clusters.",
        "04": "Which wording jurisdictions share, and the longest shared passages.",
        "06": "Whether the plans' numeric targets were met in later reports: targets and reported figures along the years, every status with links to the text.",
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


class _KernelWatch:
    """Watches a kernel's memory from a thread; past ``limit_mb`` it kills the kernel (the
    notebook then fails with a dead kernel, which :func:`_kernel_death` explains) rather than
    letting the system's out-of-memory killer pick a process at random."""

    def __init__(self, km, limit_mb: float | None):
        import threading

        self.km, self.limit_mb, self.peak_mb, self.over = km, limit_mb, 0.0, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def process(self):
        """The kernel's process (a ``subprocess.Popen``), once started."""
        return getattr(getattr(self.km, "provisioner", None), "process", None)

    def _run(self) -> None:
        import signal

        while not self._stop.wait(0.25):
            pid = getattr(self.process(), "pid", None)
            if pid is None:
                continue
            used = tree_rss_kib(pid) / 1024
            self.peak_mb = max(self.peak_mb, used)
            if self.limit_mb and used > self.limit_mb and not self.over:
                self.over = True
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


def _kernel_death(watch: _KernelWatch) -> str:
    """Why a kernel died, in words: over the memory limit, a signal, or an exit code."""
    import signal

    if watch.over:
        return f"out of memory: it used {watch.peak_mb:.0f} MB, over the limit of {watch.limit_mb:.0f} MB (--memory-limit)"
    process = watch.process()
    code = process.poll() if process is not None else None
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else f"signal {-code}"
        hint = " (the system's out-of-memory killer sends it when memory runs out)" if -code == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exit code {code}" if code is not None else "it stopped answering"


def _close(client) -> None:
    """Close a notebook client's channels (nbclient leaves them open when the kernel manager is
    ours, and when the kernel died: their sockets would be reported unclosed much later)."""
    kc = getattr(client, "kc", None)
    if kc is not None:
        try:
            kc.stop_channels()
        except Exception:  # closing after a crash: nothing more to tell
            pass


def run_in_one_kernel(jobs: list, sockets: Path, *, memory_limit_mb: float | None = None) -> list:
    """Execute several notebooks one after the other in **one** kernel: the kernel start and
    the imports (pandas, plotly, fazhi) are paid once, not per page.  Each notebook starts
    with ``%reset -f``, so none sees another's variables.  A job is ``(source, parameters,
    name)`` — its result the executed notebook — or ``(source, parameters, name, export)`` —
    the page is checked, exported and written (``export`` holds :func:`export_html`'s keywords
    and ``target``, ``assets``, ``self_contained``) and the result is its path: nothing of a
    page is kept once it is written.  A kernel that dies (killed, or over ``memory_limit_mb``)
    is a :class:`BriefingError` naming the page and the cause.

    >>> pages = run_in_one_kernel([(Path("notebooks/03_themes.py"), {"lang": "zh"}, "zh-03_themes")], Path("/tmp/k0"))  # doctest: +SKIP
    """
    from jupyter_client.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    from fazhi.report.view import PAGE_ONLY

    km = _ipc_kernel_manager(sockets)(kernel_name="python3")
    watch = _KernelWatch(km, memory_limit_mb)
    # A kernel that only makes pages shows figures as page HTML only (nothing held twice); one
    # whose notebooks are returned (``execute``) keeps plotly's mimetype for JupyterLab.
    env = {**os.environ, **({PAGE_ONLY: "1"} if all(len(job) > 3 for job in jobs) else {})}
    out = []
    try:
        for source, parameters, name, *export in jobs:
            nb = _prepared(source, parameters)
            client = NotebookClient(nb, km=km, kernel_name="python3", timeout=900, resources={"metadata": {"path": str(source.parent)}})
            try:
                client.execute(cwd=str(source.parent), env=env)
            except CellExecutionError as e:
                _close(client)
                if watch.over:
                    raise BriefingError(f"{name}: the notebook's kernel died ({_kernel_death(watch)})", path=source) from None
                raise BriefingError(f"{name}: notebook failed: {e.ename}: {e.evalue}", path=source) from None
            except DeadKernelError:
                _close(client)
                raise BriefingError(f"{name}: the notebook's kernel died ({_kernel_death(watch)})", path=source) from None
            if export:  # the page, exported and written here: the exports run side by side too
                spec = dict(export[0])
                target, assets, self_contained = spec.pop("target"), spec.pop("assets", None), spec.pop("self_contained", True)
                problems = _problems_in_outputs(nb)
                if problems:
                    raise BriefingError(f"{name}: " + "; ".join(problems), path=source)
                page = stable_ids(remove_external_links(export_html(nb, **spec)), f"fz{name.split('-', 1)[1][:2]}")
                out.append(write_page(target, page, source, assets=None if self_contained else assets))
                del page
            else:
                out.append(nb)
            _close(client)
            del nb, client
            release_memory()
    finally:
        watch.stop()
        if km.has_kernel:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # a dead kernel's shutdown may itself fail; the error above is the one to tell
                pass
    return out


def _data_pages(jobs: list, settings: dict) -> list[Path]:
    """Pages rendered from the tables without a kernel (profiles, full texts), each written at
    once: nothing of a page is kept after it is written."""
    from fazhi.corpus import load
    from fazhi.report import fulltext, profile

    if not jobs:
        return []
    full = load(settings["processed"])
    corpus = full.subset(settings["jurisdictions"])
    written = []
    for kind, key, lang, target, extra in jobs:
        if kind == "profile":
            page = profile.page(full, key, lang, footer=extra["footer"], nav=extra["nav"])
            page = stable_ids(remove_external_links(page), f"fzp{lang}")
        else:
            page = fulltext.page(corpus, key, lang, original=settings["originals"].get(key))
        written.append(write_page(target, page, None, assets=None if settings["self_contained"] else settings["assets"]))
        del page
        release_memory()  # a worker holds no more than its largest page, not the sum of them
    return written


def _work(hand: list, sockets: Path, settings: dict) -> list[Path]:
    """One worker's share: its notebooks in one kernel, then its pages rendered from data."""
    notebooks = [job[1:] for job in hand if job[0] == "notebook"]
    data = [job for job in hand if job[0] != "notebook"]
    return [*run_in_one_kernel(notebooks, sockets, memory_limit_mb=settings["memory_limit_mb"]), *_data_pages(data, settings)]


def _execute_all(jobs_list: list, jobs: int | None, progress, settings: dict) -> list[Path]:
    """Every job written, paths in order.  The jobs are dealt to ``jobs`` worker processes
    (default: one per core), each with one kernel for its notebooks (a kernel client is not
    safe to share between threads) and its share of the pages rendered from data; the
    notebooks are dealt first so every worker gets some of the costly ones.  A worker that
    dies (killed, out of memory) is one :class:`BriefingError`; so is Ctrl-C's end."""
    workers = max(1, min(len(jobs_list), jobs if jobs is not None else os.cpu_count() or 1))
    order = sorted(range(len(jobs_list)), key=lambda k: jobs_list[k][0] != "notebook")
    with tempfile.TemporaryDirectory(prefix="fazhi-kernels-") as tmp:
        if progress:
            n_nb = sum(j[0] == "notebook" for j in jobs_list)
            progress(f"writing {len(jobs_list)} pages ({n_nb} notebooks) in {workers} worker(s)")
        hands = [order[k::workers] for k in range(workers)]
        if workers == 1:
            results = [_work([jobs_list[k] for k in hands[0]], Path(tmp) / "k0", settings)]
        else:
            results = _in_workers(hands, jobs_list, Path(tmp), settings)
        done: dict[int, Path] = {}
        for hand, paths in zip(hands, results):
            done.update(zip(hand, paths))
        return [done[k] for k in range(len(jobs_list))]


def _in_workers(hands: list[list[int]], jobs_list: list, tmp: Path, settings: dict) -> list[list[Path]]:
    """Each hand of jobs done by a spawned worker process; a worker that dies is one line."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(len(hands), mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = [pool.submit(_work, [jobs_list[k] for k in hand], tmp / f"k{w}", settings) for w, hand in enumerate(hands)]
        try:
            return [run.result() for run in runs]
        except BrokenProcessPool:
            for run in runs:
                run.cancel()
            raise BriefingError("a briefing worker process ended abruptly (killed, or out of memory); no page was published") from None


class _IndexCorpus:
    """What the indexes read of a corpus (its documents and data version), without the rest."""

    def __init__(self, documents, data_version: str):
        self.documents, self.data_version = documents, data_version


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
    self_contained: bool = False,
    memory_limit_mb: float | None = None,
    raw_dir: str | Path | None = None,
) -> list[Path]:
    """Execute and export every notebook in each language of ``lang`` (``jobs`` at a time,
    default: one per core), write one profile page per jurisdiction and one full-text page per
    document (rendered from the tables, no kernel); returns the HTML paths, each language's
    index after its pages, the top index last.  Pages go to ``out_dir/<lang>/``; plotly.js,
    the table library and the page style go once to ``out_dir/assets/`` unless
    ``self_contained`` (then every page carries its own copy: a page to send by e-mail).  The
    site is staged and switched: on any failure the previous site stays as it was.
    ``raw_dir``: the raw folder the tables were built from; its files still as built are
    copied beside the pages and linked from the full-text pages (default: the project's
    ``data/raw`` when ``processed_dir`` is the default too; else none).

    >>> build_briefings("data/processed", "reports", lang="en", jurisdictions=["Huaibei", "Qinghai"])[-1]  # doctest: +SKIP
    """
    from fazhi.corpus import default_processed_dir, load
    from fazhi.report import site
    from fazhi.report.profile import jurisdictions as profile_list

    langs = [lang] if isinstance(lang, str) else list(lang)
    for lg in langs:
        if lg not in ("zh", "en"):
            raise BriefingError(f"lang must be 'zh' or 'en', not {lg!r}")
    processed = Path(processed_dir) if processed_dir is not None else default_processed_dir()
    if raw_dir is None and processed_dir is None and (processed.parent / "raw").is_dir():
        raw_dir = processed.parent / "raw"  # data/processed was built from data/raw
    # Fails early, with a clear message, if nothing was built or a jurisdiction is unknown.
    full = load(processed)
    corpus = full.subset(jurisdictions)
    if indicators:
        from fazhi.extract.catalogue import load_catalogue

        unknown = [i for i in indicators if i not in load_catalogue().by_id]
        if unknown:
            raise BriefingError(f"unknown indicator(s) {unknown}")
    out = Path(out_dir)
    base = {"jurisdictions": list(jurisdictions) if jurisdictions else None, "indicators": list(indicators) if indicators else None, "processed_dir": str(processed.resolve())}
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    sources = list(notebooks or notebook_sources())
    pages_sources = [s for s in sources if s.stem != PROFILE]
    people = profile_list(corpus) if any(s.stem == PROFILE for s in sources) else []
    with site.staged(out) as stage:
        from fazhi.report.originals import copy_originals

        settings = {"processed": str(processed), "jurisdictions": base["jurisdictions"], "assets": stage / "assets", "self_contained": self_contained,
                    "memory_limit_mb": memory_limit_mb, "originals": copy_originals(corpus.documents, raw_dir, stage) if raw_dir is not None else {}}  # fmt: skip
        jobs_list, meta = [], []
        for lg in langs:
            folder = stage / lg
            (folder / "text").mkdir(parents=True, exist_ok=True)
            footer = _footer(corpus, base, lg)
            nav = f'<a href="index.html">{"← 简报目录" if lg == "zh" else "← Briefings"}</a>'
            for source in pages_sources:
                title = _title(source, lg)
                meta.append((lg, "page", (source.stem + ".html", title, DESCRIPTIONS[lg].get(source.stem[:2], ""))))
                export = {"title": title, "footer": footer, "lang": lg, "nav": nav, "target": folder / f"{source.stem}.html", "assets": settings["assets"], "self_contained": self_contained}
                jobs_list.append(("notebook", source, {**base, "lang": lg}, f"{lg}-{source.stem}", export))
            for zh, en, slug in people:
                stem = f"{PROFILE}_{slug}"
                meta.append((lg, "profile", (stem + ".html", zh if lg == "zh" else en)))
                jobs_list.append(("profile", zh, lg, folder / f"{stem}.html", {"footer": footer, "nav": nav}))
            for doc_id in corpus.documents["doc_id"]:
                meta.append((lg, "text", doc_id))
                jobs_list.append(("text", doc_id, lg, folder / "text" / f"{doc_id}.html", None))
        documents = corpus.documents.drop(columns=["text"], errors="ignore")
        data_version = corpus.data_version
        del full, corpus  # the workers load their own; this process keeps only what the indexes need
        release_memory()
        finished = _execute_all(jobs_list, jobs, progress, settings)
        corpus = _IndexCorpus(documents, data_version)
        written: list[Path] = []
        for lg in langs:
            pages = [entry for (page_lang, what, entry) in meta if page_lang == lg and what == "page"]
            profiles = [entry for (page_lang, what, entry) in meta if page_lang == lg and what == "profile"]
            written += [path for (page_lang, *_), path in zip(meta, finished) if page_lang == lg]
            other = [x for x in langs if x != lg]
            index = stage / lg / "index.html"
            index.write_text(_index(corpus, pages, profiles, base, lg, f"../{other[0]}/index.html" if other else None), "utf-8")
            written.append(index)
        top = stage / "index.html"
        top.write_text(_top_index(langs), "utf-8")
        written.append(top)
        if progress:
            progress(f"switching the site in {out}")
    return [out / p.relative_to(stage) for p in written]


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


def write_page(target: Path, page: str, source: Path | None, *, assets: Path | None = None) -> Path:
    """Check one page for network references, move its large scripts and styles to ``assets``
    (unless None: a self-contained page), and write it atomically.

    >>> import tempfile
    >>> write_page(Path(tempfile.mkdtemp()) / "a.html", "<p>ok</p>", None).read_text()
    '<p>ok</p>'
    """
    from fazhi.report.render import externalize

    remote = remote_references(page)
    if remote:
        raise BriefingError(f"HTML would load from the network: {remote[:3]}", path=source or target)
    if assets is not None:
        prefix = os.path.relpath(assets, target.parent).replace(os.sep, "/") + "/"
        page = externalize(page, assets, prefix)
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
