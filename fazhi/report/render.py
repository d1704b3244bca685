"""HTML the notebooks emit: figures drawn on demand, tables, CSV downloads — all offline.

* plotly.js is inlined **once per page** (the first figure brings it), gzip-compressed and
  base64-encoded; the browser unpacks it (``DecompressionStream``) before drawing.  Each figure is a
  ``<div>`` and its JSON; a small loader draws a figure when it comes near the screen,
  so a page with ten charts costs the reader one chart's drawing to open.
* Every CSV download is built in the page (a ``Blob``), from data embedded beside the
  chart or table: no server, no network.
* In JupyterLab the same calls display plotly's own mimetype and an itables table.

Data from documents is escaped before it reaches the page; JSON embedded in
``<script>`` cannot close the script (``<`` is written ``\\u003c``).
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import os
import re
from pathlib import Path

import pandas as pd

_state = {"plotlyjs_done": False, "downloads_done": False, "n": 0}

# Draws each figure once it is within a screen of the viewport (and all before printing);
# a click on a point whose customdata starts with a link opens the provision it cites.
LOADER = """<script>
window.fazhi = window.fazhi || (function () {
// plotly.js arrives gzip-compressed and base64-encoded (a third of its size): unpacked with the
// browser's own DecompressionStream, then run; figures wait for it.
var ready = (async function () {
  var packed = document.getElementById('fz-plotly-gz');
  var shared = document.getElementById('fz-plotly-src');
  if (shared && !window.Plotly) {
    // A site's pages share one copy of plotly.js beside them (assets/), loaded by relative path after the text.
    await new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = JSON.parse(shared.textContent);
      tag.onload = resolve; tag.onerror = function () { reject(new Error('fazhi: cannot load ' + tag.src + ': keep the assets folder beside the pages')); };
      document.head.appendChild(tag);
    });
  } else if (packed) {
    // A data: URL decodes base64 natively (no network: it never leaves the page).
    var gz = await fetch('data:application/octet-stream;base64,' + packed.textContent.trim());
    var code = await new Response(gz.body.pipeThrough(new DecompressionStream('gzip'))).blob();
    // As a script element from a blob: URL, the browser compiles it as it would an inline script.
    await new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = URL.createObjectURL(new Blob([code], {type: 'text/javascript'}));
      tag.onload = resolve; tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  // The Chinese pages' chart toolbar and messages (plotly falls back to English without a locale).
  Plotly.register({moduleType: 'locale', name: 'zh', dictionary: {
  'Download plot as a PNG': '下载为 PNG 图片', 'Download plot': '下载图片', 'Download plot as JSON': '下载为 JSON',
  'Zoom': '缩放', 'Pan': '平移', 'Box Select': '矩形选择', 'Lasso Select': '套索选择', 'Zoom in': '放大', 'Zoom out': '缩小',
  'Autoscale': '自动缩放', 'Reset axes': '重置坐标轴', 'Reset': '重置', 'Reset view': '重置视图', 'Reset views': '重置视图',
  'Toggle Spike Lines': '显示/隐藏辅助线', 'Show closest data on hover': '悬停显示最近的数据', 'Compare data on hover': '悬停比较数据',
  'Toggle show closest data on hover': '切换悬停显示', 'Double-click to zoom back out': '双击还原',
  'Preparing image - this may take a few seconds': '正在生成图片,请稍候', 'Image download succeeded': '图片已下载',
  'Sorry, there was a problem downloading your image!': '图片下载失败', 'JSON download succeeded': 'JSON 已下载',
  'Sorry, there was a problem downloading your JSON file!': 'JSON 下载失败', 'trace': '数据系列'
}, format: {days: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'], shortDays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  months: ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'],
  shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'], date: '%Y-%m-%d'}});
})();
  var pending = {};
  function draw(id) {
    var node = pending[id]; if (!node) return; delete pending[id];
    // A figure's JSON is parsed when it is drawn, not when the page opens: a page of forty charts
    // (or one of 8,000 points) shows its text without parsing what is off screen.
    var spec = JSON.parse(node.textContent);
    var div = document.getElementById(id);
    ready.then(function () { return Plotly.newPlot(div, spec.data, spec.layout, spec.config); }).then(function (gd) {
      gd.on('plotly_click', function (ev) {
        var p = ev.points && ev.points[0], cd = p && p.customdata;
        var link = Array.isArray(cd) ? cd[0] : cd;
        if (typeof link === 'string' && link.indexOf('#') >= 0 && link.indexOf('//') < 0) window.location.href = link;
      });
      div.setAttribute('data-drawn', '1');
      div.dispatchEvent(new Event('fz-drawn', {bubbles: true}));
    });
  }
  // Figures on the screen are drawn at once; those within a screen of it when the browser is idle,
  // so a large one just below (a map of 8,000 points) does not hold up the first screen.
  var later = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  var io = ('IntersectionObserver' in window) ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      io.unobserve(e.target);
      var id = e.target.id;
      if (e.boundingClientRect.top < window.innerHeight && e.boundingClientRect.bottom > 0) draw(id);
      else later(function () { draw(id); });
    });
  }, {rootMargin: '100% 0px'}) : null;
  function add(id) {
    pending[id] = document.getElementById(id + '-spec');
    if (io) io.observe(document.getElementById(id)); else draw(id);
  }
  function drawAll() { Object.keys(pending).forEach(draw); }
  window.addEventListener('beforeprint', drawAll);
  // Highlight one jurisdiction in every chart (a hundred names cannot each have a colour): points
  // whose customdata names it stay, the others fade; '' shows all again.
  var current = '';
  function shade(div) {
    if (!div.data) return;
    div.data.forEach(function (t, k) {
      if (!Array.isArray(t.customdata) || t.type !== 'scatter' || !t.marker) return;
      var base = t.marker.fzBase || (t.marker.fzBase = {opacity: t.marker.opacity === undefined ? 1 : t.marker.opacity, size: t.marker.size});
      var hit = t.customdata.map(function (c) { return !current || (Array.isArray(c) && c[1] === current); });
      var any = hit.some(Boolean);
      Plotly.restyle(div, {'marker.opacity': [current ? hit.map(function (h) { return h ? 1 : 0.12; }) : base.opacity],
                           'marker.size': [current && any && typeof base.size === 'number' ? hit.map(function (h) { return h ? base.size * 1.6 : base.size; }) : base.size]}, [k]);
    });
  }
  function highlight(name) {
    current = name || '';
    document.querySelectorAll('.fz-fig[data-drawn]').forEach(shade);
  }
  document.addEventListener('fz-drawn', function (e) { if (current) shade(e.target); });
  return {add: add, drawAll: drawAll, pending: pending, highlight: highlight};
})();
</script>"""

DOWNLOADER = """<script>
window.fazhiDownload = function (button) {
  var data = JSON.parse(document.getElementById(button.getAttribute('data-src')).textContent);
  var blob = new Blob(['\\ufeff' + data.csv], {type: 'text/csv;charset=utf-8'});
  var a = document.createElement('a');
  a.href = URL.createObjectURL(blob); a.download = data.file;
  document.body.appendChild(a); a.click();
  // Revoking the blob at once can cancel a download the browser has not started yet.
  setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
};
</script>
<style>.fz-dl{font-size:12px;margin:.3em 0 1em;padding:.2em .8em;cursor:pointer}
.fz-note{color:#555;font-size:13px;margin:.2em 0 1.2em}</style>"""


#: The order of plotly.js's full bundle's ``register([...])`` list (its ``lib/index.js``), by
#: version, read from the bundle in a browser; scatter is in plotly's core.
BUNDLE_ORDER = {
    "4.1.1": (
        "bar", "box", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "contour", "scatterternary", "violin", "funnel",
        "waterfall", "image", "pie", "sunburst", "treemap", "icicle", "funnelarea", "scatter3d", "surface", "isosurface", "volume",
        "mesh3d", "cone", "streamtube", "scattergeo", "choropleth", "scattergl", "splom", "parcoords", "parcats", "scattermap",
        "choroplethmap", "densitymap", "sankey", "indicator", "table", "carpet", "scattercarpet", "contourcarpet", "ohlc",
        "candlestick", "scatterpolar", "scatterpolargl", "barpolar", "scattersmith", "quiver", "calendars",
    ),
}  # fmt: skip
#: The trace types the briefings draw (plotly's core brings scatter).
TRACES_USED = ("bar", "box", "heatmap")
REGISTER = re.compile(r"(\w+)\.register\(\[((?:\w+\(\),?)+)\]\)")


@functools.lru_cache(maxsize=2)
def plotly_bundle(traces: tuple[str, ...] = TRACES_USED) -> str:
    """plotly.js with only ``traces`` registered: the other trace modules stay in the file
    but are never initialised, which halves the time a page takes to start plotly (0.7 s of
    1.4 s in headless Chromium here).  Any bundle whose version and register list are not
    the ones checked is returned whole.

    >>> len(plotly_bundle()) < len(plotly_bundle(BUNDLE_ORDER["4.1.1"]))  # doctest: +SKIP
    True
    """
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", js[:300])
    order = BUNDLE_ORDER.get(version.group(1) if version else "")
    found = list(REGISTER.finditer(js))
    if order is None or len(found) != 1:
        return js
    m = found[0]
    calls = m.group(2).rstrip(",").split(",")
    if len(calls) != len(order):
        return js
    keep = ",".join(c for c, name in zip(calls, order) if name in traces)
    return js[: m.start()] + f"{m.group(1)}.register([{keep}])" + js[m.end() :]


#: plotly.js's official cartesian bundle (npm ``plotly.js-cartesian-dist-min`` 4.1.1, MIT licence,
#: vendored unchanged; sha256 7954215085…): scatter, bar, box, heatmap and eight more trace types
#: in 1.5 MB instead of the full bundle's 4.8 MB — a page's plotly starts in a third of the time.
CARTESIAN = Path(__file__).resolve().parent / "vendor" / "plotly-cartesian-4.1.1.min.js"
CARTESIAN_TRACES = ("bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie", "scatter", "scatterternary", "violin")


@functools.lru_cache(maxsize=1)
def page_bundle() -> str:
    """The plotly.js the pages load: the vendored cartesian bundle when plotly.py writes
    figures for the same plotly.js version (the figures' JSON is then what it expects), else
    plotly.py's own bundle with only the traces used registered (:func:`plotly_bundle`).

    >>> page_bundle()[:60].splitlines()[1]
    '* plotly.js (cartesian - minified) v4.1.1'
    """
    from plotly.offline import get_plotlyjs

    wanted = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", get_plotlyjs()[:300])
    if CARTESIAN.exists() and wanted and f"v{wanted.group(1)}" in CARTESIAN.read_text("utf-8")[:200] and set(TRACES_USED) <= set(CARTESIAN_TRACES):
        return CARTESIAN.read_text("utf-8")
    return plotly_bundle()


@functools.lru_cache(maxsize=1)
def packed_plotly() -> str:
    """:func:`page_bundle` gzip-compressed (no timestamp: the same bytes every time) and
    base64-encoded, for a ``<script type="application/octet-stream">`` the loader unpacks:
    4.8 MB of JavaScript become 1.9 MB of page.

    >>> import base64, gzip
    >>> gzip.decompress(base64.b64decode(packed_plotly())).decode() == page_bundle()
    True
    """
    import base64
    import gzip

    return base64.b64encode(gzip.compress(page_bundle().encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def reset() -> None:
    """Start a new page: the next figure inlines plotly.js again, the next download its script.

    >>> reset()
    >>> _state['plotlyjs_done']
    False
    """
    _state.update(plotlyjs_done=False, downloads_done=False, n=0)


def _next_id(kind: str) -> str:
    _state["n"] += 1
    return f"fz-{kind}-{_state['n']:03d}"


def script_json(value) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` written
    as ``\\u003c`` …, so no document text can close or reopen a script (JSON.parse reads them back).

    >>> script_json({"q": "</script><b>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def figure_html(fig, config: dict) -> tuple[str, str]:
    """The page's HTML for one figure (plotly.js the first time, then a div, its JSON, a
    draw call) and the figure's element id.

    >>> import plotly.graph_objects as go
    >>> reset()
    >>> html, fid = figure_html(go.Figure(go.Bar(x=[1], y=[2])), {})
    >>> (fid, html.count('id="fz-plotly-gz"'))
    ('fz-fig-001', 1)
    """
    parts = []
    if not _state["plotlyjs_done"]:
        parts.append(f'<script type="application/octet-stream" id="fz-plotly-gz">{packed_plotly()}</script>{LOADER}')
        _state["plotlyjs_done"] = True
    fid = _next_id("fig")
    spec = dict(fig) if isinstance(fig, dict) else json.loads(fig.to_json())  # a plotly Figure, or a spec built as plain data
    spec["config"] = config
    height = spec.get("layout", {}).get("height") or 460
    parts.append(
        f'<div id="{fid}" class="fz-fig plotly-graph-div" style="height:{int(height)}px;width:100%"></div>'
        f'<script type="application/json" id="{fid}-spec">{script_json(spec)}</script>'
        f'<script>window.fazhi.add("{fid}");</script>'
    )
    return "".join(parts), fid


def csv_text(df: pd.DataFrame) -> str:
    """The CSV a download yields: list cells written as ``fazhi export`` writes them
    (:func:`fazhi.export.list_text`: ``; ``-joined), no index.

    >>> csv_text(pd.DataFrame({"a": [1], "units": [["司法局", "财政局"]]}))
    'a,units\\n1,司法局; 财政局\\n'
    """
    from fazhi.export import list_text

    def is_list(v) -> bool:  # a Python list or the numpy array pyarrow gives for a list column
        return isinstance(v, (list, tuple)) or (hasattr(v, "tolist") and not isinstance(v, (str, float, int)) and getattr(v, "ndim", 0) == 1)

    out = df.copy()
    for col in out.columns:
        if out[col].map(is_list).any():
            out[col] = out[col].map(lambda v: list_text(v) if is_list(v) else v)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def download_html(df: pd.DataFrame, file: str, button: str, target: str | None = None) -> str:
    """A button that saves ``df`` as ``file`` (CSV, UTF-8 with BOM so Excel reads Chinese);
    ``target`` is the id of the figure whose rows these are.

    >>> 'data-rows="2"' in download_html(pd.DataFrame({"a": [1, 2]}), "a.csv", "Download CSV")
    True
    """
    parts = []
    if not _state["downloads_done"]:
        parts.append(DOWNLOADER)
        _state["downloads_done"] = True
    did = _next_id("csv")
    for_figure = f' data-for="{target}"' if target else ""
    parts.append(
        f'<script type="application/json" id="{did}">{script_json({"file": file, "csv": csv_text(df)})}</script>'
        f'<button class="fz-dl" data-src="{did}" data-rows="{len(df)}"{for_figure} onclick="fazhiDownload(this)">{html.escape(button)} · {html.escape(file)}</button>'
    )
    return "".join(parts)


def note_html(lines: list[str]) -> str:
    """Notes under a chart (what it leaves out, and why); text is escaped.

    >>> note_html(['<b>1</b> relative target'])
    '<div class="fz-note">&lt;b&gt;1&lt;/b&gt; relative target</div>'
    """
    if not lines:
        return ""
    return '<div class="fz-note">' + "<br>".join(html.escape(x) for x in lines) + "</div>"


#: Inline blocks larger than this move to a shared file when pages are written as a site.
BIG_BLOCK = 64 * 1024
_BLOCK = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def write_asset(folder: Path, stem: str, suffix: str, text: str) -> str:
    """``text`` saved once as ``folder/stem-<digest>.suffix`` (named by its content, so pages
    of one run share it, two runs never disagree on it, and a stale copy is never picked up);
    returns the file name.

    >>> import tempfile
    >>> write_asset(Path(tempfile.mkdtemp()), "a", "js", "var x = 1;")
    'a-f677d6b770cd4f5e.js'
    """
    data = text.encode("utf-8")
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    target = Path(folder) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # two workers writing the same asset write the same bytes
    return name


def externalize(page: str, assets: Path, prefix: str) -> str:
    """The page with its large inline scripts and styles moved to shared files in ``assets``
    (``prefix`` is the relative path from the page to that folder): plotly.js, the table
    library and the notebook CSS are then on disk once per site instead of once per page.
    The inline, compressed plotly.js becomes a pointer the loader follows.  JSON data blocks
    and module scripts stay in the page (Chromium refuses module scripts from ``file://``).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> out = externalize("<style>" + "a{}" * 30000 + "</style><script>var x;</script>", folder, "../assets/")
    >>> out.startswith('<link rel="stylesheet" href="../assets/style-') and out.endswith("<script>var x;</script>")
    True
    """

    def move(m: re.Match) -> str:
        tag, attrs, body = m.group(1).lower(), m.group(2), m.group(3)
        if tag == "script" and 'id="fz-plotly-gz"' in attrs:
            name = write_asset(assets, "plotly", "js", page_bundle())
            return f'<script type="application/json" id="fz-plotly-src">{script_json(prefix + name)}</script>'
        if len(body) < BIG_BLOCK:
            return m.group(0)
        if tag == "style":
            return f'<link rel="stylesheet" href="{html.escape(prefix + write_asset(assets, "style", "css", body))}">'
        kind = _TYPE.search(attrs)
        if "src=" in attrs.lower() or (kind and kind.group(1).lower() not in ("text/javascript", "application/javascript")):
            return m.group(0)
        # Not deferred: itables' module scripts that precede its loader in the page expect it to have run during parsing.
        return f'<script src="{html.escape(prefix + write_asset(assets, "script", "js", body))}"></script>'

    return _BLOCK.sub(move, page)
