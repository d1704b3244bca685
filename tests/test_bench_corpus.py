"""The synthetic corpus generator of ``make bench`` (benchmarks/synthetic.py): jurisdictions
shared by several documents, the same bytes for the same arguments, the default output
unchanged, and the special corpora (long names, no figures, one jurisdiction).  No build."""

from __future__ import annotations

import csv
import doctest
import hashlib
import json
import re

import pytest

from benchmarks import synthetic
from fazhi.extract.indicators import find_quantities

#: sha256 of the texts of ``generate(3, seed=0)``, computed before jurisdictions existed:
#: other benchmarks and the cache VERSION rely on the default corpus staying the same.
DEFAULT_TEXTS_SHA256 = "24cbab9145ff6b1269eeda7c181a29aa8f4cc2cb58d3a87e572e09baf67fd4d4"
#: ... and of their manifest rows (json, sorted keys) followed by each text.
DEFAULT_ROWS_SHA256 = "eef423c71b94c9641315d1956fbd05badfda6f57ad59ca30dc4457271fd5d708"
#: ... and of every file ``write_corpus(folder, 5, seed=3)`` writes (relative path + bytes, sorted).
DEFAULT_FOLDER_SHA256 = "19de5479624e7eac0ce2f7c2bc08c98c31499854d1b1fcc67060f608c1abd96a"


def folder_digest(folder) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


def rows(folder) -> list[dict]:
    with open(folder / "sources.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_default_corpus_unchanged(tmp_path):
    docs = list(synthetic.generate(3, seed=0))
    assert hashlib.sha256(b"".join(d.text.encode() for d in docs)).hexdigest() == DEFAULT_TEXTS_SHA256
    h = hashlib.sha256()
    for d in docs:
        h.update(json.dumps(d.row, sort_keys=True, ensure_ascii=False).encode() + d.text.encode())
    assert h.hexdigest() == DEFAULT_ROWS_SHA256
    assert [synthetic.document(k, 0, None).text for k in range(3)] == [d.text for d in docs]
    synthetic.write_corpus(tmp_path, 5, 3)
    assert folder_digest(tmp_path) == DEFAULT_FOLDER_SHA256


@pytest.mark.parametrize("n, j", [(24, 7), (10, 10), (5, 1)])
def test_jurisdictions_shared_and_consistent(n, j):
    docs = list(synthetic.generate(n, seed=2, jurisdictions=j))
    assert len({d.row["jurisdiction_zh"] for d in docs}) == j
    assert len({d.row["jurisdiction_en"] for d in docs}) == j
    by_zh: dict[str, set] = {}
    for k, d in enumerate(docs):
        r = d.row
        by_zh.setdefault(r["jurisdiction_zh"], set()).add((r["jurisdiction_en"], r["level"], r["province_zh"]))
        assert r["jurisdiction_en"] == f"Synth J{k % j:04d}"
        assert r["jurisdiction_zh"].endswith(synthetic.LEVEL_SUFFIX[r["level"]])
        # type and period still come from k, as in the default corpus
        plain = synthetic.document(k, seed=2).row
        assert (r["doc_type"], r["period_start"], r["period_end"]) == (plain["doc_type"], plain["period_start"], plain["period_end"])
    assert all(len(v) == 1 for v in by_zh.values()), by_zh


def test_chinese_names_never_shared():
    # 400 two-character stems out of 46 × 45 collide many times: each gets a character more
    names = [synthetic.jurisdiction(j, seed=5).zh for j in range(400)]
    assert len(set(names)) == 400
    assert any(len(synthetic.jurisdiction(j, seed=5).stem) > 2 for j in range(400))
    # a jurisdiction is the same whatever the corpus it is drawn for
    assert synthetic.document(3, 5, 4).row["jurisdiction_zh"] == synthetic.document(403, 5, 400).row["jurisdiction_zh"] == names[3]


def test_same_arguments_same_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert synthetic.write_corpus(a, 8, 4, 3) == synthetic.write_corpus(b, 8, 4, 3)
    assert folder_digest(a) == folder_digest(b)
    synthetic.write_corpus(c, 8, 5, 3)
    assert folder_digest(c) != folder_digest(a)


def test_long_names(tmp_path):
    synthetic.write_special(tmp_path, "long_names", n=6)
    got = rows(tmp_path)
    assert len(got) == 6
    for r in got:
        assert len(r["jurisdiction_zh"]) == 40 and len(r["jurisdiction_en"]) == 40, r
        assert r["jurisdiction_en"] == r["jurisdiction_en"].strip()
    assert len({r["jurisdiction_zh"] for r in got}) == len({r["jurisdiction_en"] for r in got}) == 3


def test_no_numbers(tmp_path):
    docs = list(synthetic.generate(12, seed=0, **synthetic.SPECIAL["no_numbers"]))
    bodies = [t for d in docs for t in d.tasks]
    assert len(bodies) > 12 * 5
    for body in bodies:
        assert not re.search(r"[0-9]", body), body
        assert not synthetic.FIGURE.search(body), body
        assert not find_quantities(body), body  # not even 全覆盖 (read as 100%)
    # the bodies are in the texts (those not turned traditional or annotated)
    assert any(all(t in d.text for t in d.tasks) for d in docs)
    synthetic.write_special(tmp_path, "no_numbers", n=3)
    assert len(rows(tmp_path)) == 3


def test_one_jurisdiction(tmp_path):
    synthetic.write_special(tmp_path, "one_jurisdiction", n=4)
    got = rows(tmp_path)
    assert len({(r["jurisdiction_zh"], r["jurisdiction_en"], r["level"], r["province_zh"]) for r in got}) == 1
    assert len({r["doc_id"] for r in got}) == 4
    with pytest.raises(ValueError):
        synthetic.write_special(tmp_path, "nonsense")


def test_docstring_examples():
    failures, tried = doctest.testmod(synthetic, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried >= 8 and failures == 0


def test_site_link_check_and_size(tmp_path):
    # benchmarks/site.py, which make bench runs on the briefing sites it writes from these corpora
    from benchmarks import site

    (tmp_path / "en" / "text").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.js").write_text("x" * 5000)
    (tmp_path / "en" / "b.js").symlink_to(tmp_path / "assets" / "a.js")  # one file, counted once
    (tmp_path / "en" / "text" / "d1.html").write_text('<p id="p-1">t</p><a name="p-3"></a><a href="../index.html">up</a>', "utf-8")
    (tmp_path / "en" / "index.html").write_text(
        '<h2 id="top">x</h2><a href="#top">ok</a><a href="#nope">bad</a><a href="text/d1.html#p-1">ok</a>'
        '<a href="text/d1.html#p-3">ok</a><a href="text/d1.html#p-2">bad</a><a href="missing.html">bad</a>'
        '<a href="https://example.org">external</a><a href="file:///etc/hosts">bad</a><script src="../assets/a.js"></script>'
        '<script src="../assets/gone.js"></script><script type="application/json" id="fz-fig-001-spec">'
        '{"customdata": [["text/d1.html#p-1", "A"], ["text/d1.html#p-9", "B"]]}</script>',
        "utf-8",
    )
    r = site.check_links(tmp_path)
    assert (r.pages, r.links, r.external, r.assets, r.chart_links) == (2, 8, 1, 2, 2)
    assert sorted(href for _, href, _ in r.broken) == ["#nope", "file:///etc/hosts", "missing.html", "text/d1.html#p-2"]
    assert [href for _, href, _ in r.broken_assets] == ["../assets/gone.js"]
    assert [href for _, href, _ in r.broken_chart] == ["text/d1.html#p-9"]
    disk, apparent, files = site.disk_usage(tmp_path)
    assert disk >= 4096 and files == 3 and apparent == 5000 + sum(p.stat().st_size for p in tmp_path.rglob("*.html"))
    assert site.spread(list(range(100)), 4) == [0, 33, 66, 99]
    assert [p.name for p in site.browse_sample(tmp_path, 1)] == ["index.html", "d1.html"]
