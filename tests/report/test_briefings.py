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

import pytest

import fazhi
from conftest import manifest_row, write_raw
from fazhi.report.briefing import build_briefings, remote_references

from conftest import ROOT
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI") == "true"
NAMES = ["01_corpus_overview", "02_target_comparison", "03_themes", "04_shared_text"]


def need(condition: bool, reason: str):
    """Skip locally when a system tool is missing; under CI=true it must be there."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required under CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def briefings(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return build_briefings(built[1], out)


def test_default_briefings(briefings):
    assert [p.name for p in briefings] == [n + ".html" for n in NAMES] + ["index.html"]
    for p in briefings[:-1]:
        page = p.read_text("utf-8")
        assert remote_references(page) == []
        assert "plots.setup()" not in page and "import fazhi" not in page  # code hidden
        assert 'class="js-plotly-plot"' in page or "plotly-graph-div" in page
        assert "fazhi · 5 documents" in page
    index = briefings[-1].read_text("utf-8")
    assert all(f'href="{n}.html"' in index for n in NAMES)


def shows(page: str, text: str) -> bool:
    """Text is on the page as HTML or inside plotly's JSON (non-ASCII written as \\uXXXX)."""
    import json

    flat = page.replace("\\u003cbr\\u003e", " ").replace("<br>", " ")
    return text in flat or json.dumps(text)[1:-1] in flat


def test_briefings_show_the_data(briefings):
    page = (briefings[1]).read_text("utf-8")
    for text in ("target ≥ 90% (2024)", "reported = 11.25% (2023)", "淮北市", "行政复议纠错率", "本地区同期行政诉讼一审纠错率"):
        assert shows(page, text), text


def test_non_default_parameters(built, tmp_path):
    paths = build_briefings(built[1], tmp_path, jurisdictions=["Qinghai", "十堰市"], indicators=["online_service_rate", "public_satisfaction_rule_of_law"], lang="en")
    page = paths[1].read_text("utf-8")
    assert all(shows(page, t) for t in ("Online availability of government services", "Qinghai", "Shiyan"))
    assert "Huaibei" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "fazhi · 2 documents" in page
    assert paths[0].read_text("utf-8").count("Daxing") == 0


def test_bad_parameters_fail_clearly(built, tmp_path):
    with pytest.raises(KeyError, match="unknown jurisdiction"):
        build_briefings(built[1], tmp_path, jurisdictions=["Atlantis"])
    with pytest.raises(fazhi.FazhiError, match="unknown indicator"):
        build_briefings(built[1], tmp_path, indicators=["no_such_indicator"])
    with pytest.raises(fazhi.FazhiError, match="lang must be"):
        build_briefings(built[1], tmp_path, lang="fr")


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
    return build_briefings(base / "processed", base / "reports")


def test_document_text_is_escaped_in_briefings(hostile_briefings):
    for p in hostile_briefings:
        page = p.read_text("utf-8")
        for bad in ("<script>alert(", "<img src=x onerror", "<script>confirm(", "<b>恶意</b>"):
            assert bad not in page, (p.name, bad)
    overview = hostile_briefings[0].read_text("utf-8")
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in overview or "\\u003cscript\\u003ealert(5)" in overview


# -- a real browser -------------------------------------------------------------------------------------
def _browser():
    need(CHROMIUM.exists(), "Debian's chromium is not installed (apt-get install chromium)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    need(bool(fonts.strip()), "no CJK font installed (apt-get install fonts-noto-cjk): Chinese would render as boxes")
    playwright = pytest.importorskip("playwright.sync_api")
    return playwright


def _open(playwright, path: Path, on_dialog=None):
    p = playwright.sync_playwright().start()
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
    ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 1600})
    page = ctx.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    if on_dialog:
        page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    return p, browser, page, requests, errors


@pytest.mark.parametrize("name, expected_tick", [(NAMES[0], "淮北市"), (NAMES[1], "淮北市"), (NAMES[2], "淮北市"), (NAMES[3], "淮北市")])
def test_briefing_renders_offline_in_chromium(briefings, name, expected_tick):
    playwright = _browser()
    path = next(p for p in briefings if p.stem == name)
    p, browser, page, requests, errors = _open(playwright, path)
    try:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        page.wait_for_selector("table.dataTable", timeout=30000)
        ticks = page.eval_on_selector_all(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text, .js-plotly-plot .legendtext", "els => els.map(e => e.textContent)")
        assert expected_tick in ticks
        assert page.eval_on_selector_all(".js-plotly-plot", "els => els.length") >= 1
        rows = page.eval_on_selector_all("table.dataTable tbody tr", "els => els.length")
        assert rows >= 1
        schemes = {u.split(":", 1)[0] for u in requests}
        assert schemes <= {"file", "data", "blob"}, sorted(u for u in requests if not u.startswith(("file:", "data:", "blob:")))
        assert errors == []
    finally:
        browser.close()
        p.stop()


def test_hostile_text_shows_as_text_and_runs_nothing(hostile_briefings):
    playwright = _browser()
    dialogs = []
    for path in hostile_briefings[:-1]:
        p, browser, page, requests, errors = _open(playwright, path, on_dialog=lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.wait_for_selector("table.dataTable", timeout=30000)
            page.wait_for_timeout(500)
            if path.stem == "01_corpus_overview":
                assert "<script>alert(5)</script>" in page.inner_text("body")
        finally:
            browser.close()
            p.stop()
    assert dialogs == []


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
        for n in NAMES:
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
