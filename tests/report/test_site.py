"""The briefing site at scale and under faults: shared assets, a staged switch, a killed kernel,
a memory ceiling, a dead worker, a busy folder, odd corpora.  The 100- and 300-jurisdiction runs
are `make bench`'s; here the same properties on small corpora."""

import fcntl
import hashlib
import re
from pathlib import Path

import pytest

import fazhi
from conftest import ROOT
from fazhi.report.briefing import BriefingError, build_briefings

SHARED = ROOT / "notebooks" / "04_shared_text.py"


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def notebook(folder: Path, name: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SHARED.read_text("utf-8") + extra, "utf-8")
    return path


@pytest.fixture(scope="module")
def site(briefings, tmp_path_factory):
    """A copy of the founding site (the session's briefings): the fault tests run briefs into it."""
    import shutil

    out = tmp_path_factory.mktemp("site") / "reports"
    shutil.copytree(briefings[-1].parent, out, symlinks=True)
    return out


def test_assets_are_shared_once_and_pages_point_at_them(site):
    assets = sorted(p.name for p in (site / "assets").iterdir())
    assert [a.split("-")[0] for a in assets] == ["plotly", "script", "style"]
    for page in [site / "en" / "04_shared_text.html", site / "en" / "05_profile_tai-an.html"]:
        html = page.read_text("utf-8")
        assert 'id="fz-plotly-gz"' not in html and "fz-plotly-src" in html  # plotly.js not in the page
        for ref in re.findall(r'(?:src|href)="(\.\./assets/[^"]+)"', html):
            assert (page.parent / ref).resolve().exists(), ref
        assert len(html) < 600_000
    assert not list(site.glob(".staging-*")) and not list(site.glob(".previous-*"))


def test_self_contained_pages_carry_their_scripts(built, tmp_path):
    build_briefings(built[1], tmp_path, lang="zh", jurisdictions=["Huaibei"], notebooks=[ROOT / "notebooks" / "05_profile.py"], self_contained=True, jobs=1)
    html = (tmp_path / "zh" / "05_profile_huaibei.html").read_text("utf-8")
    assert not (tmp_path / "assets").exists() and html.count('id="fz-plotly-gz"') == 1 and "../assets/" not in html


def test_a_killed_kernel_is_one_line_and_the_previous_site_stays(site, built):
    before = digest(site)
    killer = notebook(site.parent / f"{site.name}-killer", "04_shared_text.py", "\n# %%\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    with pytest.raises(BriefingError) as info:
        build_briefings(built[1], site, lang="en", notebooks=[killer, ROOT / "notebooks" / "05_profile.py"], jobs=1)
    message = str(info.value)
    assert "en-04_shared_text" in message and "kernel died (killed by SIGKILL" in message and "\n" not in message
    assert digest(site) == before and not list(site.glob(".staging-*"))


def test_a_memory_ceiling_stops_the_kernel_with_a_clear_error(site, built):
    before = digest(site)
    hog = notebook(site.parent / f"{site.name}-hog", "04_shared_text.py", "\n# %%\nimport time\nblock = b'x' * 400_000_000\ntime.sleep(5)\n")
    with pytest.raises(BriefingError, match=r"out of memory: it used \d+ MB, over the limit of 250 MB"):
        build_briefings(built[1], site, lang="en", notebooks=[hog], memory_limit_mb=250, jobs=1)
    assert digest(site) == before


def test_a_dead_worker_is_one_line_and_nothing_hangs(site, built):
    before = digest(site)
    nb = site.parent / f"{site.name}-worker"
    kills_worker = notebook(nb, "01_kills_worker.py", "\n# %%\nimport os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n")
    fine = notebook(nb, "02_fine.py")
    with pytest.raises(BriefingError, match="worker process ended abruptly"):
        build_briefings(built[1], site, lang="en", notebooks=[kills_worker, fine], jobs=2)
    assert digest(site) == before


def test_a_second_brief_into_a_busy_folder_is_refused(site, built):
    with open(site / ".fazhi-brief.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(fazhi.FazhiError, match="another fazhi brief is writing into this folder"):
            build_briefings(built[1], site, lang="en", notebooks=[SHARED])


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    """One corpus for the odd cases: three jurisdictions with 40-character names whose documents
    state no figure at all (a one-jurisdiction site is its subset)."""
    from benchmarks.synthetic import write_corpus

    base = tmp_path_factory.mktemp("odd")
    write_corpus(base / "raw", 4, 0, jurisdictions=3, name_length=40, numbers=False)
    fazhi.build(base / "raw", base / "processed")
    return base / "processed"


@pytest.mark.parametrize("who", ["all", "one"])
def test_odd_corpora_still_build_pages_that_read(odd, who, tmp_path):
    """No numeric statement, 40-character names, one jurisdiction: the data pages through `fazhi
    brief` (no kernel: fast), the comparison page's views called directly."""
    from fazhi.report import targets

    corpus = fazhi.load(odd)
    assert corpus.documents["jurisdiction_zh"].str.len().min() >= 40
    if who == "one":
        corpus = corpus.subset([corpus.documents["jurisdiction_zh"].iloc[0]])
    chosen = list(dict.fromkeys(corpus.documents["jurisdiction_zh"])) if who == "one" else None
    paths = build_briefings(odd, tmp_path / "site", lang="zh", jurisdictions=chosen, notebooks=[ROOT / "notebooks" / "05_profile.py"], jobs=1)
    profiles = [p for p in paths if p.stem.startswith("05_profile_")]
    assert len(profiles) == corpus.documents["jurisdiction_zh"].nunique() == (1 if who == "one" else 3)
    for page in profiles:
        html = page.read_text("utf-8")
        assert "Traceback" not in html and all(int(h) <= 1600 for h in re.findall(r'class="fz-fig plotly-graph-div" style="height:(\d+)px', html))
    head = targets.headline_rows(corpus, targets.headline_ids(), "zh")
    matrix, _ = targets.who_sets_what(head, corpus, "zh")
    assert len(matrix) == corpus.documents["jurisdiction_zh"].nunique()
    rows = targets.numeric_statements(corpus, None, "zh")
    assert rows.empty and targets.indicator_views(rows, corpus, "zh") == []
    index = (tmp_path / "site" / "zh" / "index.html").read_text("utf-8")
    assert index.count("<tr data-province") == len(corpus.documents) and "nan" not in re.sub(r"<script.*?</script>", "", index, flags=re.S)
