"""Notebooks and briefings: execution with parameters, offline HTML, escaping, a real browser, JupyterLab."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import fazhi
from conftest import manifest_row, write_raw
from fazhi.report.briefing import build_briefings, remote_references

from conftest import ROOT
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI") == "true"
NAMES = ["01_corpus_overview", "02_target_comparison", "03_themes", "04_shared_text", "06_follow_through"]
#: Pages without a chart on the founding corpus: no report follows a plan of its jurisdictions, and page 06 says so.
CHARTLESS = {"06_follow_through": {"zh": "没有可比的对", "en": "No pairs"}}


def need(condition: bool, reason: str):
    """Skip locally when a system tool is missing; under CI=true it must be there."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required under CI: {reason}")
        pytest.skip(reason)




PROFILES = ["huaibei", "tai-an", "qinghai", "shiyan", "daxing"]
DOCS = ["huaibei_2022_action_plan", "taian_2017_plan", "qinghai_2024_key_points", "shiyan_2023_report", "daxing_2022_opinion"]


def page_of(briefings, lang: str, name: str) -> Path:
    return next(p for p in briefings if p.parent.name == lang and p.stem == name)


def test_default_briefings(briefings):
    root = briefings[-1].parent
    assert briefings[-1] == root / "index.html"
    for lang in ("zh", "en"):
        names = {str(p.relative_to(root / lang)) for p in briefings if p.is_relative_to(root / lang)}
        assert names == {n + ".html" for n in NAMES} | {f"05_profile_{s}.html" for s in PROFILES} | {f"text/{d}.html" for d in DOCS} | {"index.html"}
    for p in briefings:
        page = p.read_text("utf-8")
        assert remote_references(page) == [], p
        assert "view.setup()" not in page and "import fazhi" not in page and "%reset" not in page  # code hidden
    for lang in ("zh", "en"):
        for n in NAMES:
            page = page_of(briefings, lang, n).read_text("utf-8")
            assert ("fazhi 0.1.0 · 5 份文件" if lang == "zh" else "fazhi 0.1.0 · 5 documents") in page
            if n in CHARTLESS:
                assert 'class="fz-fig' not in page and CHARTLESS[n][lang] in page
                continue
            assert page.count('id="fz-plotly-src"') == 1 and "plotly.js v" not in page  # plotly.js once per site, beside the pages
            assert 'class="fz-fig plotly-graph-div"' in page
    assets = {p.name.split("-")[0] for p in (root / "assets").iterdir()}
    assert assets == {"plotly", "script", "style"} and sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) < 15_000_000  # the site ≤ 15 MB
    index = (root / "zh" / "index.html").read_text("utf-8")
    assert all(f'href="{n}.html"' in index for n in NAMES) and all(f'href="05_profile_{s}.html"' in index for s in PROFILES)
    assert "语料:5 份文件,5 个辖区,2017–2025 年" in index and "数据版本" in index and "参数:全部辖区" in index
    en_index = (root / "en" / "index.html").read_text("utf-8")
    assert "Corpus: 5 documents, 5 jurisdictions, 2017–2025" in en_index and "Parameters: all jurisdictions" in en_index


def shows(page: str, text: str) -> bool:
    """Text is on the page as HTML or inside embedded JSON (escaped or not)."""
    import json

    flat = page.replace("\\u003cbr\\u003e", " ").replace("<br>", " ")
    return text in flat or json.dumps(text)[1:-1] in flat or json.dumps(text, ensure_ascii=False)[1:-1] in flat


def test_briefings_show_the_data(briefings):
    zh = page_of(briefings, "zh", NAMES[1]).read_text("utf-8")
    for text in ("目标 ≥ 90%(2024)", "报告值 = 11.25%(2023)", "淮北市", "行政复议纠错率", "本地区同期行政诉讼一审纠错率", "七21"):
        assert shows(zh, text), text
    en = page_of(briefings, "en", NAMES[1]).read_text("utf-8")
    for text in ("target ≥ 90% (2024)", "reported = 11.25% (2023)", "Huaibei", "class hours", "Methodology and coverage"):
        assert shows(en, text), text


def test_non_default_parameters(built, tmp_path):
    stale = tmp_path / "en" / "05_profile_atlantis.html"  # left by an earlier run on another corpus
    stale.parent.mkdir(parents=True)
    stale.write_text("old", "utf-8")
    nbs = [ROOT / "notebooks" / f"{n}.py" for n in (*NAMES[:2], "05_profile")]  # the pages the parameters change
    paths = build_briefings(built[1], tmp_path, jurisdictions=["Qinghai", "十堰市"], indicators=["online_service_rate", "public_satisfaction_rule_of_law"], lang="en", notebooks=nbs)
    assert not (tmp_path / "zh").exists() and not stale.exists()
    assert sorted(p.name for p in paths if p.stem.startswith("05_")) == ["05_profile_qinghai.html", "05_profile_shiyan.html"]
    page = page_of(paths, "en", NAMES[1]).read_text("utf-8")
    assert all(shows(page, t) for t in ("Online availability of government services", "Qinghai", "Shiyan"))
    assert "Huaibei" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "fazhi 0.1.0 · 2 documents" in page and "jurisdictions: Qinghai, 十堰市" in page
    assert page_of(paths, "en", NAMES[0]).read_text("utf-8").count("Daxing") == 0


def test_bad_parameters_fail_clearly(built, tmp_path):
    with pytest.raises(KeyError, match="unknown jurisdiction"):
        build_briefings(built[1], tmp_path, jurisdictions=["Atlantis"])
    with pytest.raises(fazhi.FazhiError, match="unknown indicator"):
        build_briefings(built[1], tmp_path, indicators=["no_such_indicator"])
    with pytest.raises(fazhi.FazhiError, match="lang must be"):
        build_briefings(built[1], tmp_path, lang="fr")


# -- pages checked as text (the charts and tables are checked against the tables in test_charts.py) --
def test_page_04_shows_the_baseline_in_both_languages(briefings):
    for lang, words in (("zh", ["通常共享 1.1 %", "高于 3.2 %", "仅供参考"]), ("en", ["typically share 1.1 %", "pairs above 3.2 % stand out", "indicative only"])):
        page = next(p for p in briefings if p.parent.name == lang and p.stem == "04_shared_text").read_text("utf-8")
        assert all(w in page for w in words), lang


def test_themes_and_shared_text_pages_have_their_own_method_notes(briefings):
    import html

    for lang, names, terms, seeds, caveat, notes in (
        ("zh", ["行政复议·化解·行政调解 (≈ T7 社会矛盾纠纷行政预防调处化解体系)"], ["占其已聚类任务条目", "各辖区的条目落在哪些类"], ["种子词", "出庭应诉 负责人出庭应诉"], "写于2015–2020年纲要之下的:台安县 实施方案 2017–2020", ["聚类及其名称", "用词地图"]),
        ("en", ["“行政复议·化解·行政调解” (≈ T7 Dispute prevention and resolution)"], ["share of its clustered tasks", "Where each jurisdiction"], ["seed words", "出庭应诉 负责人出庭应诉"], "Written under the 2015–2020 outline: Tai'an implementation plan 2017–2020", ["Clusters and their names", "The map of wording"]),
    ):  # fmt: skip
        page = html.unescape(next(p for p in briefings if p.parent.name == lang and p.stem == "03_themes").read_text("utf-8"))
        for text in names + terms + seeds + notes + [caveat]:
            assert text in page, (lang, text)
        assert "潜在语义维度" not in page and "SVD 1" not in page
        method = page[page.index('class="fz-method"') :]
        assert "比较词" not in method and "How wording becomes an interval" not in method  # the target page's notes stay there
        shared = next(p for p in briefings if p.parent.name == lang and p.stem == "04_shared_text").read_text("utf-8")
        method = shared[shared.index('class="fz-method"') :]
        assert "比较词" not in method and "How wording becomes an interval" not in method
        assert ("什么算共享文字" if lang == "zh" else "What counts as shared text") in method
    # The thresholds the notes state are the aligner's.
    import inspect

    from fazhi.analyze.reuse import find_reuse_indexed
    from fazhi.report import sharedtext

    defaults = {k: v.default for k, v in inspect.signature(find_reuse_indexed).parameters.items()}
    assert (sharedtext.MIN_PASSAGE, sharedtext.MAX_GAP, sharedtext.BOILERPLATE_PROVISIONS) == (defaults["min_length"], defaults["max_gap"], defaults["max_df"])


LINK = re.compile(r"text/([a-z0-9_]+)\.html#([ps]-[0-9.~-]+)")


def test_every_provision_link_resolves(briefings):
    root = briefings[-1].parent
    n = 0
    for lang in ("zh", "en"):
        ids = {d: set(re.findall(r'id="([ps]-[^"]+)"', (root / lang / "text" / f"{d}.html").read_text("utf-8"))) for d in DOCS}
        for p in briefings:
            if p.parent != root / lang:
                continue
            for doc, anchor in LINK.findall(p.read_text("utf-8")):
                assert anchor in ids[doc], (p.name, doc, anchor)
                n += 1
    assert n > 500


def test_full_text_pages_link_the_original_file_as_built(briefings, corpus, tmp_path):
    from conftest import RAW
    from fazhi.report.originals import copy_originals

    root = briefings[-1].parent
    for lang, label in (("zh", "原始文件"), ("en", "Original file")):
        for doc in corpus.documents.itertuples():
            page = (root / lang / "text" / f"{doc.doc_id}.html").read_text("utf-8")
            href = re.search(rf'<dt>{label}</dt><dd><a href="([^"]+)">{doc.source_file}</a>', page)
            assert href, (lang, doc.doc_id)
            copy = (root / lang / "text" / href.group(1)).resolve()
            assert copy.read_bytes() == (RAW / doc.source_file).read_bytes()
    # A file changed since the build is not attached, and the page says why.
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "qinghai_2024_key_points.txt").write_bytes((RAW / "qinghai_2024_key_points.txt").read_bytes() + "补充".encode())
    out = copy_originals(corpus.documents, raw, tmp_path / "site")
    assert out["qinghai_2024_key_points"] == {"missing": "changed", "file": "qinghai_2024_key_points.txt"}
    assert sorted(p.name for p in (tmp_path / "site" / "originals").iterdir()) == sorted(set(corpus.documents["doc_id"]) - {"qinghai_2024_key_points"})


HOSTILE = """某市法治政府建设实施方案<script>alert(1)</script>
为推进依法行政,制定本方案。
一、主要任务
1.<img src=x onerror=alert(2)>推进政务公开。政务服务事项网上可办率不低于95%<script>alert(3)</script>。
2.加强行政复议工作。行政机关负责人出庭应诉率不低于90%<img src=x onerror=alert(4)>。
3.规范执法。每人每年接受不少于60学时的业务知识和法律法规培训。
4.加强监督。审计监督全覆盖。
5.加强应急管理。应急预案修订完成。
"""


@pytest.fixture(scope="session")
def hostile_briefings(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    other = HOSTILE.replace("某市", "另市").replace("alert(", "confirm(")
    raw = write_raw(
        base / "raw",
        {"a.txt": HOSTILE.encode(), "b.txt": other.encode()},
        [manifest_row("a_2023_plan", "a.txt", title="<b>恶意</b>标题<script>alert(5)</script>"), manifest_row("b_2023_plan", "b.txt", jurisdiction_zh="另市", jurisdiction_en="Other")],
    )
    fazhi.build(raw, base / "processed")
    return build_briefings(base / "processed", base / "reports", lang="zh")


def test_document_text_is_escaped_in_briefings(hostile_briefings):
    for p in hostile_briefings:
        page = p.read_text("utf-8")
        for bad in ("<script>alert(", "<img src=x onerror", "<script>confirm(", "<b>恶意</b>"):
            assert bad not in page, (p.name, bad)
    overview = hostile_briefings[0].read_text("utf-8")
    assert "&amp;lt;script&amp;gt;alert(5)" in overview or "&lt;script&gt;alert(5)&lt;/script&gt;" in overview


# -- a real browser -------------------------------------------------------------------------------------
def _browser():
    need(CHROMIUM.exists(), "Debian's chromium is not installed (apt-get install chromium)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    need(bool(fonts.strip()), "no CJK font installed (apt-get install fonts-noto-cjk): Chinese would render as boxes")
    playwright = pytest.importorskip("playwright.sync_api")
    return playwright


@pytest.fixture(scope="module")
def chromium():
    playwright = _browser()
    p = playwright.sync_playwright().start()
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
    yield browser
    browser.close()
    p.stop()


STATUS_EN = re.compile(r"\b(target|reported|not set|qualitative|numeric|relative)\b", re.I)
STATUS_ZH = ("目标", "报告值", "未设定", "仅提及", "相对目标", "有数值")
# What a page shows outside quotes: headings, prose, legends, axis and colour-bar labels,
# heatmap cells, table headers and the kind/status columns.
LABELS_JS = """() => {
  const pick = sel => [...document.querySelectorAll(sel)].map(e => e.textContent.trim()).filter(Boolean);
  return {
    prose: pick('.jp-RenderedMarkdown, .fz-prose, .fz-note, .fz-method, h1, h2, h3'),
    chart: pick('.fz-fig .legendtext, .fz-fig .cbaxis text, .fz-fig .xtick text, .fz-fig .ytick text, .fz-fig .gtitle, .fz-fig .g-xtitle, .fz-fig .g-ytitle, .fz-fig .annotation-text, .fz-fig .heatmaplayer text'),
    headers: pick('table.dataTable thead th, .dt-info, .dt-search label, button.fz-dl'),
  };
}"""


def _check_download(button, page, path: Path, target: Path, *, click: bool = True):
    """One CSV download: as many rows as the button says, as the table's info line says, as
    the figure has statement marks; provenance columns filled.  ``click``: through the
    browser's download (Blob, saved file); else the same CSV read from the page's data block
    the button blobs (every button is checked so; a batch is downloaded for real)."""
    if click:
        with page.expect_download() as info:
            button.click()
        info.value.save_as(target)
        data = pd.read_csv(target, encoding="utf-8-sig")
    else:
        import io

        text = button.evaluate("b => JSON.parse(document.getElementById(b.getAttribute('data-src')).textContent).csv")
        data = pd.read_csv(io.StringIO(text))
    assert len(data) == int(button.get_attribute("data-rows")), (path.name, button.text_content())
    total = button.evaluate("b => { const c = b.closest('.jp-Cell'); const i = c && c.querySelector('.dt-info'); return i ? i.textContent : null }")
    if total:
        assert len(data) == int(re.findall(r"\d+", total)[-1]), (path.name, total)
    fig_points = button.evaluate("b => { const f = b.dataset.for && document.getElementById(b.dataset.for); return f && f.data ? f.data.filter(t => t.customdata && t.customdata.length && t.type === 'scatter' && t.mode !== 'lines').reduce((n, t) => n + t.customdata.length, 0) : null }")
    if fig_points and "doc_id" in data.columns and "quote" in data.columns:
        assert len(data) == fig_points, (path.name, button.text_content())
    if "citation" in data.columns:
        assert data["citation"].notna().any() and data["data_version"].nunique() == 1


#: What a reader sees on a page: chart texts, table cells and headers, the heading.
_SEEN = """() => ({
  svg: [...document.querySelectorAll('svg text')].map(e => e.textContent).join('\\n'),
  th: [...document.querySelectorAll('th')].map(e => e.innerText.trim()),
  td: [...document.querySelectorAll('td')].map(e => e.innerText.trim()),
  h1: document.querySelector('h1') && document.querySelector('h1').innerText.trim(),
})"""


def _open(chromium, path: Path, **context):
    """Start loading a page offline in a context of its own, recording its requests and
    errors; the caller waits for it.  The tests start every page first and check them one by
    one, so Chromium parses the next pages' scripts while the first is checked."""
    ctx = chromium.new_context(offline=True, viewport={"width": 1280, "height": 1600}, **context)
    page = ctx.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="commit")
    return ctx, page, requests, errors


def _check_page(opened, path: Path, lang: str, names: dict, tmp_path: Path, seen: dict | None = None):
    """Check one opened page: no errors or network, every chart drawn with its jurisdictions
    named, every CSV download equal to the rows shown, labels in the page's language."""
    ctx, page, requests, errors = opened
    try:
        page.wait_for_load_state("load")
        page.evaluate("() => window.fazhi && window.fazhi.drawAll()")
        page.wait_for_function("() => [...document.querySelectorAll('.fz-fig')].every(d => d.getAttribute('data-drawn'))", timeout=30000)
        if seen is not None:  # what a reader sees: chart texts, table cells and headers, the heading
            seen.update(page.evaluate(_SEEN))
        # Legends: a chart that shows several jurisdictions names them (legend or one row each).
        figures = page.evaluate("""() => [...document.querySelectorAll('.fz-fig')].map(f => ({
            legend: [...f.querySelectorAll('.legendtext')].map(e => e.textContent),
            ticks: [...f.querySelectorAll('.ytick text, .xtick text')].map(e => e.textContent)}))""")  # one round trip for every figure
        for fig in figures:
            shown = {n for n in names if any(n in t for t in fig["legend"] + fig["ticks"])}
            if len(shown) > 1 and fig["legend"]:
                in_rows = {n for n in names if any(n in t for t in fig["ticks"])}
                assert shown <= in_rows or all(n in " ".join(fig["legend"]) for n in shown), (path.name, shown, fig["legend"])
        # Downloads: the rows of the CSV are the rows shown, for every button, read from the data
        # block the button blobs; the first two table and two figure buttons of each page are
        # downloaded for real (one script serves every button; Chromium would stop a tab's
        # automatic downloads after ten anyway).
        buttons = page.query_selector_all("button.fz-dl")
        n_buttons = len(buttons)
        for k, button in enumerate(buttons):
            _check_download(button, page, path, tmp_path / f"{path.stem}-{k}.csv", click=False)
        every = page.query_selector_all("button.fz-dl")
        batch = [b for b in every if not b.get_attribute("data-for")][:2] + [b for b in every if b.get_attribute("data-for")][:2]
        for k, button in enumerate(batch):
            _check_download(button, page, path, tmp_path / f"{path.stem}-dl-{k}.csv")
        n_downloads = n_buttons
        labels = page.evaluate(LABELS_JS)
        visible = " ".join(labels["chart"] + labels["headers"])
        if lang == "zh":
            assert not STATUS_EN.search(visible), (path.name, STATUS_EN.search(visible).group())
            toolbar = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
            assert (toolbar or path.stem in CHARTLESS) and not any(re.search(r"[A-Za-z]{4,}", t or "") for t in toolbar if "Plotly" not in (t or "")), toolbar
        else:
            assert not any(w in visible for w in STATUS_ZH), (path.name, [w for w in STATUS_ZH if w in visible])
            assert not re.search(r"[\u4e00-\u9fff]", " ".join(labels["headers"])), path.name
        # Nothing offers to send a chart to a server.
        assert page.eval_on_selector_all(".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='分享'], .modebar-btn[data-val='sendChartToCloud']", "els => els.length") == 0
        schemes = {u.split(":", 1)[0] for u in requests}
        assert schemes <= {"file", "data", "blob"}, sorted(u for u in requests if not u.startswith(("file:", "data:", "blob:")))
        assert errors == []
        return n_downloads
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefings_work_offline_in_chromium(briefings, chromium, lang, tmp_path, corpus):
    names = set(corpus.documents["jurisdiction_zh" if lang == "zh" else "jurisdiction_en"])
    downloads, seen = 0, {}
    pages = NAMES + ["05_profile_tai-an"]
    opened = [_open(chromium, page_of(briefings, lang, name), accept_downloads=True) for name in pages]
    for name, page in zip(pages, opened):
        seen[name] = {}
        downloads += _check_page(page, page_of(briefings, lang, name), lang, names, tmp_path, seen[name])
    assert downloads >= 20
    _reader_sees_scope_kind_draft(seen, lang)


def _reader_sees_scope_kind_draft(seen: dict, lang: str) -> None:
    """Issue 27 as read in Chromium: the 市本级 rate, the draft and the second statement show in
    the grid's cells; tables have no NaN, no untranslated status, no Chinese headers on en pages;
    Tai'an is not 泰安."""
    grid = seen[NAMES[1]]
    svg = re.sub(r"\s+", "", grid["svg"])  # cells wrap their text into lines
    for w in {"zh": ("仅市本级", "征求意见稿", "另有1条"), "en": ("ownlevelonly", "draftforcomment", "+1more")}[lang]:
        assert w in svg, w
    assert not [c for c in grid["td"] if c in ("NaN", "nan", "None")]
    if lang == "zh":
        assert not [c for c in grid["td"] if c in ("relative", "numeric", "qualitative", "target", "reported")]
    else:
        assert not [h for h in grid["th"] if re.search(r"[\u4e00-\u9fff]", h)]
    assert seen["05_profile_tai-an"]["h1"] == {"zh": "辽宁省台安县", "en": "Tai'an County, Liaoning (台安县)"}[lang]


def _follow_link(chromium, page_path: Path, selector: str, probe: str):
    """Click the first link matching ``selector`` on a page, check the browser lands on its
    target, and return what ``probe`` (a JS function) says about the page landed on."""
    ctx = chromium.new_context(offline=True)
    page = ctx.new_page()
    try:
        page.goto(page_path.resolve().as_uri())
        link = page.wait_for_selector(selector, timeout=30000)
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith(href.split("/", 1)[1])
        return page.evaluate(probe)
    finally:
        ctx.close()


def test_provision_links_land_on_the_provision(briefings, chromium):
    target = _follow_link(chromium, page_of(briefings, "zh", NAMES[1]), 'a[href*="text/taian_2017_plan.html#p-"]',
                          "() => { const t = document.querySelector(':target'); return [t && t.className, t && getComputedStyle(t).backgroundColor] }")
    assert target[0] == "prov"
    assert target[1] != "rgba(0, 0, 0, 0)"


def test_a_figure_link_focuses_the_figure_not_the_whole_provision(briefings, chromium):
    """Issue 27: a click on 淮北's target lit the whole 总体目标 (about 12 figures)."""
    target = _follow_link(chromium, page_of(briefings, "en", NAMES[1]), 'a[href*="text/huaibei_2022_action_plan.html#s-"]',
                          "() => { const t = document.querySelector(':target'); return [t.tagName, t.textContent, getComputedStyle(t).backgroundColor,"
                          " document.querySelectorAll('.prov:target').length] }")
    assert target[0] == "MARK" and 0 < len(target[1]) < 80 and target[2] != "rgba(0, 0, 0, 0)"
    # The provision around it is shown, not targeted: one figure is focused.
    assert target[3] == 0


def test_hostile_text_shows_as_text_and_runs_nothing(hostile_briefings, chromium):
    dialogs, errors = [], []
    opened = []
    for path in hostile_briefings:  # every page starts loading; then each is checked
        ctx = chromium.new_context(offline=True)
        page = ctx.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.resolve().as_uri(), wait_until="commit")
        opened.append((path, ctx, page))
    for path, ctx, page in opened:
        try:
            page.wait_for_load_state("load")
            page.evaluate("() => window.fazhi && window.fazhi.drawAll()")
            page.wait_for_function("() => [...document.querySelectorAll('.fz-fig')].every(d => d.getAttribute('data-drawn'))", timeout=30000)
            page.wait_for_timeout(100)  # a dialog, if any script ran, would have opened by now
            if path.stem == "01_corpus_overview":
                page.wait_for_selector("table.dataTable", timeout=30000)
                assert "<script>alert(5)</script>" in page.inner_text("body")
            if path.parent.name == "text":
                assert "<script>alert(" in page.inner_text("body") or "<img src=x" in page.inner_text("body")
        finally:
            ctx.close()
    assert dialogs == [] and errors == []


# -- JupyterLab -----------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyterlab_serves_the_notebooks(tmp_path):
    jupyter = Path(sys.executable).parent / "jupyter"
    need(jupyter.exists(), "jupyter is not installed in this environment")
    port, token = _free_port(), "fazhi-test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(ROOT / ".jupyter" / "lab" / "user-settings")}  # as `make lab` runs it
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--ServerApp.token={token}", f"--ServerApp.root_dir={ROOT}"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
        deadline = time.monotonic() + 90
        data = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    import json

                    data = json.load(r)
                    break
            except OSError:
                time.sleep(0.5)
        assert data is not None, "JupyterLab did not answer"
        entries = {c["name"]: c["type"] for c in data["content"]}
        for n in NAMES + ["05_profile"]:
            # jupytext's contents manager serves the percent scripts as notebooks.
            assert entries.get(n + ".py") == "notebook", entries
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as r:
            assert r.status == 200
        # Double-click opens a .py notebook as a notebook: the shipped default-viewer setting.
        settings = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}"
        with urllib.request.urlopen(settings, timeout=10) as r:
            import json

            assert json.load(r)["settings"]["defaultViewers"] == {"python": "Jupytext Notebook"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


#: The smallest notebook a briefing runs: the parameters cell and the page start of every notebook.
TINY_NOTEBOOK = """# %% [markdown]
# # A page

# %% tags=["parameters"]
jurisdictions = None
indicators = None
lang = "en"
processed_dir = None

# %%
from fazhi.report import view

corpus = view.start(processed_dir, jurisdictions)
view.notes([f"{len(corpus.documents)} documents"])
"""


def test_a_failing_notebook_is_named_in_one_line(built, tmp_path):
    # Two notebooks, two worker processes: the error crosses the process boundary as it was raised.
    bad = tmp_path / "nb"
    bad.mkdir()
    (bad / "01_fails.py").write_text(TINY_NOTEBOOK + '\n# %%\nraise ValueError("boom in the notebook")\n', "utf-8")
    (bad / "02_fine.py").write_text(TINY_NOTEBOOK, "utf-8")
    with pytest.raises(fazhi.FazhiError) as info:
        build_briefings(built[1], tmp_path / "out", notebooks=sorted(bad.glob("*.py")), lang="en", jobs=2)
    message = str(info.value)
    assert "01_fails.py" in message and "ValueError: boom in the notebook" in message and "\n" not in message
    assert not (tmp_path / "out" / "en" / "01_fails.html").exists()


def test_a_notebook_executed_for_a_researcher_keeps_plotly_figures(built, tmp_path):
    """`execute` returns the notebook with plotly's own output (JupyterLab draws it); only the
    kernels that make briefing pages show figures as page HTML alone."""
    from fazhi.report.briefing import execute

    nb = execute(ROOT / "notebooks" / "04_shared_text.py", {"lang": "en", "processed_dir": str(built[1])}, tmp_path)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert sum("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs) == 1
