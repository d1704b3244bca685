"""Shared text both documents took from above (issue 29, fazhi.analyze.fromabove): the rules on
hand-made reuse rows, the vectorised cover against plain Python on random rows, a small built
corpus (a province plan, two of its cities, a city of another province, the national outline,
a later province plan), and the founding documents plus the companion openings."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.analyze.fromabove import MIN_COVER, from_above
from fazhi.schema import LEVEL_RANKS

ROOT = Path(__file__).resolve().parent.parent.parent


def doc(doc_id, level, province, issued=None, start=2022):
    return {"doc_id": doc_id, "level": level, "province_zh": province, "issued_date": issued, "period_start": start}


def passage(a, b, span_a, span_b=None):
    span_b = span_b or span_a
    return {"doc_id_a": a, "start_a": span_a[0], "end_a": span_a[1], "doc_id_b": b, "start_b": span_b[0], "end_b": span_b[1]}


COLUMNS = ["doc_id_a", "start_a", "end_a", "doc_id_b", "start_b", "end_b"]


def above_of(docs, rows):
    return from_above(pd.DataFrame(rows, columns=COLUMNS), pd.DataFrame(docs)).to_pylist()


# -- the rules, on hand-made reuse rows ---------------------------------------------------------
P = doc("p", "province", "甲省", "2021-12-01", 2021)
A = doc("a", "prefecture", "甲省", "2022-03-01")
B = doc("b", "prefecture", "甲省", "2022-05-01")
C = doc("c", "prefecture", "乙省", "2022-04-01")
N = doc("n", "national", None, "2021-08-01", 2021)


def test_peers_sharing_what_their_province_has_took_it_from_there_and_their_own_text_is_theirs():
    rows = [
        passage("a", "b", (0, 30)),  # the province's sentence
        passage("a", "b", (40, 60)),  # theirs alone
        passage("p", "a", (0, 30)),
        passage("p", "b", (0, 30)),
    ]
    assert above_of([P, A, B], rows) == ["p", None, None, None]


def test_another_provinces_city_did_not_take_it_from_this_province_but_from_a_national_document():
    rows = [passage("a", "c", (0, 30)), passage("p", "a", (0, 30)), passage("p", "c", (0, 30))]
    assert above_of([P, A, C], rows) == [None, None, None]
    # the same passage in a national document: taken from there by all three
    rows += [passage("n", "a", (0, 30)), passage("n", "c", (0, 30)), passage("n", "p", (0, 30))]
    assert above_of([P, A, C, N], rows) == ["n", "n", "n", None, None, None]


def test_the_nearest_level_wins_and_a_document_issued_after_either_does_not_count():
    rows = [passage("a", "b", (0, 30))] + [passage(h, d, (0, 30)) for h in ("n", "p") for d in ("a", "b")]
    assert above_of([P, A, B, N], rows)[0] == "p"  # the province, though the nation has it too
    later = doc("p", "province", "甲省", "2022-04-01", 2022)  # after a, before b
    assert above_of([later, A, B], rows[:1] + rows[3:])[0] is None
    assert above_of([later, A, B, N], rows)[0] == "n"
    # without issue dates the first years order them: a plan starting after both is not their source
    undated = [{**d, "issued_date": None} for d in (A, B)]
    assert above_of([doc("p", "province", "甲省", None, 2023), *undated], rows[:1] + rows[3:])[0] is None
    assert above_of([doc("p", "province", "甲省", None, 2022), *undated], rows[:1] + rows[3:])[0] == "p"


def test_the_higher_document_must_cover_most_of_the_passage_on_both_sides():
    share = lambda n: [passage("a", "b", (0, 100), (200, 300)), passage("p", "a", (0, n)), passage("p", "b", (200, 300))]
    assert above_of([P, A, B], share(round(MIN_COVER * 100)))[0] == "p"
    assert above_of([P, A, B], share(round(MIN_COVER * 100) - 1))[0] is None
    # several passages with the higher document add up (overlaps counted once); b's side must be covered too
    pieces = [passage("a", "b", (0, 100), (200, 300)), passage("p", "a", (0, 50)), passage("p", "a", (30, 85)), passage("p", "b", (200, 300))]
    assert above_of([P, A, B], pieces)[0] == "p"
    assert above_of([P, A, B], pieces[:3] + [passage("p", "b", (200, 250))])[0] is None


def test_a_county_takes_from_a_city_of_its_province_but_peers_of_one_level_are_not_above_each_other():
    county, district = doc("x", "county", "甲省", "2022-06-01"), doc("y", "district", "甲省", "2022-07-01")
    rows = [passage("x", "y", (0, 30)), passage("a", "x", (0, 30)), passage("a", "y", (0, 30))]
    assert above_of([A, county, district], rows)[0] == "a"
    assert above_of([A, B, doc("x", "prefecture", "甲省")], [passage("a", "b", (0, 30)), passage("x", "a", (0, 30)), passage("x", "b", (0, 30))])[0] is None
    # an unknown level or a document the table does not describe is above nothing
    assert above_of([{**P, "level": None}, A, B], [passage("a", "b", (0, 30)), passage("p", "a", (0, 30)), passage("p", "b", (0, 30))])[0] is None
    assert above_of([A, B], [passage("a", "b", (0, 30)), passage("p", "a", (0, 30)), passage("p", "b", (0, 30))])[0] is None


def test_no_passages():
    assert above_of([P], []) == []


# -- the vectorised cover against plain Python ---------------------------------------------------
DOCS = [
    doc("d0", "national", None, "2021-01-01", 2021), doc("d1", "province", "甲省", "2021-06-01", 2021),
    doc("d2", "province", "乙省", None, 2021), doc("d3", "prefecture", "甲省", "2022-01-01"),
    doc("d4", "prefecture", "甲省", None, 2020), doc("d5", "county", "甲省", "2021-03-01"), doc("d6", "prefecture", "乙省", "2022-02-01"),
]  # fmt: skip


def _above_by_hand(h: dict, d: dict) -> bool:
    rh, rd = LEVEL_RANKS[h["level"]], LEVEL_RANKS[d["level"]]
    if rh >= rd or (h["level"] != "national" and h["province_zh"] != d["province_zh"]):
        return False
    if h["issued_date"] and d["issued_date"]:
        return h["issued_date"] <= d["issued_date"]
    return h["period_start"] <= d["period_start"]


def _by_hand(rows: list[dict]) -> list[str | None]:
    docs = {d["doc_id"]: d for d in DOCS}
    chars: dict[tuple[str, str], set[int]] = {}
    for r in rows:
        chars.setdefault((r["doc_id_a"], r["doc_id_b"]), set()).update(range(r["start_a"], r["end_a"]))
        chars.setdefault((r["doc_id_b"], r["doc_id_a"]), set()).update(range(r["start_b"], r["end_b"]))
    out = []
    for r in rows:
        best = None
        for h in sorted(docs):
            if not (_above_by_hand(docs[h], docs[r["doc_id_a"]]) and _above_by_hand(docs[h], docs[r["doc_id_b"]])):
                continue
            cover = min(
                len(chars.get((r["doc_id_a"], h), set()) & set(range(r["start_a"], r["end_a"]))) / max(1, r["end_a"] - r["start_a"]),
                len(chars.get((r["doc_id_b"], h), set()) & set(range(r["start_b"], r["end_b"]))) / max(1, r["end_b"] - r["start_b"]),
            )
            key = (-LEVEL_RANKS[docs[h]["level"]], -cover, h)
            if cover >= MIN_COVER and (best is None or key < best[0]):
                best = (key, h)
        out.append(best and best[1])
    return out


SPAN = st.tuples(st.integers(0, 60), st.integers(1, 25)).map(lambda t: (t[0], t[0] + t[1]))
ROW = st.tuples(st.sampled_from([d["doc_id"] for d in DOCS]), st.sampled_from([d["doc_id"] for d in DOCS]), SPAN, SPAN)


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, max_size=40))
def test_from_above_equals_plain_python_on_random_rows(picked):
    rows = [passage(a, b, sa, sb) for a, b, sa, sb in picked if a != b]
    assert above_of(DOCS, rows) == _by_hand(rows)


def test_dates_are_read_from_text_dates_and_timestamps_alike():
    rows = [passage("a", "b", (0, 30)), passage("p", "a", (0, 30)), passage("p", "b", (0, 30))]
    for kind in (str, datetime.date.fromisoformat, pd.Timestamp):
        docs = [{**d, "issued_date": kind(d["issued_date"])} for d in (P, A, B)]
        assert above_of(docs, rows)[0] == "p"


# -- a built corpus ------------------------------------------------------------------------------
#: Synthetic sentences: S1 the province's, S2 the two cities' own (and a later province plan's),
#: S3 the national outline's (repeated by the province and two cities of two provinces).
S1 = "各级行政机关要把年度法治培训的完成情况纳入本单位目标责任考核的重要内容"
S2 = "探索建立邻里法律明白人与社区调解员结对帮扶的工作机制并定期交流经验"
S3 = "坚持把政府各项活动都纳入法治轨道持续推进严格规范公正文明执法不断深化"

CORPUS = {  # doc_id: (jurisdiction, English name, level, province, doc_type, issued, sentences)
    "n_outline": ("全国", "National", "national", "", "outline", "2021-08-11", [S3]),
    "p_plan": ("安徽省", "Anhui", "province", "安徽省", "plan", "2021-12-01", [S1, S3]),
    "a_plan": ("淮北市", "Huaibei", "prefecture", "安徽省", "plan", "2022-03-01", [S1, S2, S3]),
    "b_plan": ("宿州市", "Suzhou", "prefecture", "安徽省", "plan", "2022-05-01", [S1, S2]),
    "c_plan": ("十堰市", "Shiyan", "prefecture", "湖北省", "plan", "2022-04-01", [S1, S3]),
    "l_plan": ("安徽省", "Anhui", "province", "安徽省", "action_plan", "2023-01-10", [S2]),
}
FILLER = ["加强组织领导,明确责任分工。", "强化督促检查,确保各项任务落到实处。", "做好宣传引导,营造良好氛围。"]


def _text(name: str, sentences: list[str], issued: str) -> str:
    y, m, d = issued.split("-")
    items = [f"{k}.{s}。{FILLER[k % 3]}" for k, s in enumerate(sentences, 1)]
    return "\n".join([f"{name}法治政府建设实施方案", "一、主要任务", *items, "二、保障措施", f"{len(items) + 1}.{FILLER[0]}", name, f"{y}年{int(m)}月{int(d)}日"]) + "\n"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import fazhi

    raw = tmp_path_factory.mktemp("raw")
    head = "doc_id,file,jurisdiction_zh,jurisdiction_en,level,province_zh,doc_type,period_start,period_end,issued_date"
    lines = [head]
    for doc_id, (name, en, level, province, doc_type, issued, sentences) in CORPUS.items():
        (raw / f"{doc_id}.txt").write_text(_text(name, sentences, issued), encoding="utf-8")
        lines.append(f"{doc_id},{doc_id}.txt,{name},{en},{level},{province},{doc_type},{issued[:4]},2025,{issued}")
    (raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("processed")
    fazhi.build(raw, out)
    return fazhi.load(out)


def _sentence(text: str) -> str:
    return next((f"S{k}" for k, s in enumerate((S1, S2, S3), 1) if s[2:-2] in text), "other")


def test_the_build_writes_from_above_for_each_case(synthetic):
    r = synthetic.reuse
    got = {(tuple(sorted((x.doc_id_a, x.doc_id_b))), _sentence(x.text_a)): (None if pd.isna(x.from_above) else x.from_above) for x in r.itertuples()}
    assert got[(("a_plan", "b_plan"), "S1")] == "p_plan"  # both cities took the province's sentence
    assert got[(("a_plan", "b_plan"), "S2")] is None  # their own (the province plan that has it came later)
    assert got[(("a_plan", "c_plan"), "S1")] is None  # 湖北's city did not take 安徽's sentence
    assert got[(("b_plan", "c_plan"), "S1")] is None
    assert got[(("a_plan", "c_plan"), "S3")] == "n_outline"  # the national outline's, in two provinces
    assert got[(("a_plan", "p_plan"), "S3")] == "n_outline" and got[(("a_plan", "p_plan"), "S1")] is None
    assert got[(("a_plan", "l_plan"), "S2")] is None and got[(("b_plan", "l_plan"), "S2")] is None
    assert r.loc[r.doc_id_a.eq("n_outline") | r.doc_id_b.eq("n_outline"), "from_above"].isna().all()  # nothing is above the nation
    # the table is what the pure function computes from the loaded tables
    assert [None if pd.isna(v) else v for v in r["from_above"]] == from_above(r, synthetic.documents).to_pylist()


def test_page_04_counts_only_what_peers_share_on_their_own(synthetic):
    from fazhi.report import sharedtext

    r = synthetic.reuse
    m = sharedtext.shares(synthetic)
    both = r[(r.doc_id_a == "a_plan") & (r.doc_id_b == "b_plan")]
    own = both[both.from_above.isna()]
    assert len(both) == 2 and len(own) == 1
    n_chars = synthetic.documents.set_index("doc_id")["n_chars"]
    assert m.loc["a_plan", "b_plan"] == pytest.approx((own.end_a - own.start_a).sum() / n_chars["a_plan"])
    assert m.loc["a_plan", "c_plan"] > 0 and m.loc["c_plan", "p_plan"] > 0  # 安徽's sentence in 湖北's city still counts
    taken = r[r.from_above.notna()]
    en, zh = sharedtext.from_above_notes(synthetic, "en")[0], sharedtext.from_above_notes(synthetic, "zh")[0]
    assert en.startswith(f"{len(taken)} of {len(r)} shared passages ({taken.matched.sum()} of {r.matched.sum()} characters matched)")
    n_outline = (taken.from_above == "n_outline").sum()
    assert f"National · national outline 2021–2025 ({n_outline} passages)" in en and "Anhui · implementation plan 2021–2025 (1 passage)" in en
    assert f"{len(r)} 段共享文字中有 {len(taken)} 段" in zh and "安徽省 · " in zh
    table = sharedtext.passages_table(synthetic, "en", top=None)
    assert table["taken from above"].fillna("").tolist() == [
        {"n_outline": "National · national outline 2021–2025", "p_plan": "Anhui · implementation plan 2021–2025"}.get(v, "") for v in sharedtext.passages(synthetic, None)["from_above"]
    ]
    assert "取自上级文件" in sharedtext.passages_table(synthetic, "zh", top=3).columns
    # the table lists the longest passages and the longest taken from above, which are short as a rule
    ranked = r.sort_values(["matched", "passage_id"], ascending=[False, True])
    expected = {ranked.passage_id.iloc[0], ranked[ranked.from_above.notna()].passage_id.iloc[0]}
    assert set(sharedtext.passages(synthetic, top=1).passage_id) == expected
    links = sharedtext.passage_links(synthetic, top=None)["above"]
    assert set(links.dropna()) == {"text/n_outline.html", "text/p_plan.html"}
    # a page of the two cities alone still discounts the province's sentence, and names it without a link
    pair = synthetic.subset(["淮北市", "宿州市"])
    assert sharedtext.shares(pair).loc["a_plan", "b_plan"] == pytest.approx(m.loc["a_plan", "b_plan"])
    assert sharedtext.passages_table(pair, "en", top=None)["taken from above"].tolist().count("p_plan") == 1
    assert sharedtext.passage_links(pair, top=None)["above"].isna().all()


def test_the_method_notes_state_the_analysis_threshold():
    from fazhi.report import sharedtext

    assert sharedtext.FROM_ABOVE_COVER == MIN_COVER
    assert f"{round(MIN_COVER * 100)} %" in dict(sharedtext.method_notes("en"))["Taken from above"]
    assert f"{round(MIN_COVER * 100)}%" in dict(sharedtext.method_notes("zh"))["取自上级文件"]


# -- the founding documents and the companion openings --------------------------------------------
def test_founding_and_companions(joined):
    r, d = joined.reuse, joined.documents.set_index("doc_id")
    pair = lambda a, b: r[((r.doc_id_a == a) & (r.doc_id_b == b)) | ((r.doc_id_a == b) & (r.doc_id_b == a))]
    # 安徽's action plan is 淮北's template: the province is the source, nothing above both gave it
    template = pair("huaibei_2022_action_plan", "anhui_2022_action_plan")
    assert len(template) >= 5 and template.from_above.isna().all()
    # 淮北's two plans both cite the province's plan by name: taken from it, not from each other
    cited = pair("huaibei_2022_action_plan", "huaibei_2021_plan")
    assert cited.loc[cited.text_a.str.contains("安徽省法治政府建设实施方案"), "from_above"].tolist() == ["anhui_2021_plan"]
    # 大兴's opinion and report both open with 北京's wording
    assert "beijing_2021_opinion" in set(pair("daxing_2022_opinion", "daxing_2022_report").from_above)
    # peers of two provinces citing the national outline: taken from the outline (淮北 cites it twice in
    # one provision and the outline's opening names itself once: the alignment pairs one copy with it)
    peers = pair("huaibei_2022_action_plan", "daxing_2022_opinion")
    cites = peers[peers.text_a.str.contains("实施纲要")]
    assert cites.from_above.tolist().count("national_2021_outline") == 1
    assert peers.from_above.isna().sum() >= 5  # most of what they share is their own
    # every named document is a level above both and not issued after either
    taken = r[r.from_above.notna()]
    assert len(taken) >= 10
    for x in taken.itertuples():
        h = d.loc[x.from_above]
        for side in (x.doc_id_a, x.doc_id_b):
            s = d.loc[side]
            assert LEVEL_RANKS[h.level] < LEVEL_RANKS[s.level], x
            assert h.level == "national" or h.province_zh == s.province_zh, x
            if not pd.isna(h.issued_date) and not pd.isna(s.issued_date):
                assert h.issued_date <= s.issued_date, x
    assert np.isin(taken.from_above, ["national_2021_outline", "anhui_2021_plan", "beijing_2021_opinion"]).all()


def test_a_profile_counts_what_peers_share_on_their_own_and_names_what_came_from_above(synthetic):
    from fazhi.report import profile

    r = synthetic.reuse
    mine = profile.own(synthetic, "淮北市")
    passages = profile.shared_text(synthetic, mine, "en", top=None)
    mine_rows = r[(r.doc_id_a == "a_plan") | (r.doc_id_b == "a_plan")]
    assert passages["taken from above"].notna().sum() == mine_rows.from_above.notna().sum() > 0
    with_b = profile.shared_with(synthetic, mine, "en", passages=passages).set_index("shared with")
    pair = mine_rows[((mine_rows.doc_id_a == "b_plan") | (mine_rows.doc_id_b == "b_plan")) & mine_rows.from_above.isna()]
    assert with_b.loc[synthetic.documents.set_index("doc_id").loc["b_plan", "jurisdiction_en"], "passages"] == len(pair) == 1
