"""Tokens, outline themes, clusters and shared text."""

import csv
import subprocess
import sys

import numpy as np
import pytest

from fazhi.analyze.stage import provision_tokens
from fazhi.analyze.clusters import ProvisionClusterer
from fazhi.analyze.reuse import align
from fazhi.report.summaries import coverage, purity, reuse_summary, similarity_matrix
from fazhi.schema import THEME_IDS
from fazhi.taxonomy import load_themes
from fazhi.analyze.tokenize import stopwords, tokens, user_terms

from conftest import ROOT


# -- tokens -------------------------------------------------------------------------------
def test_domain_terms_stay_whole_and_boilerplate_goes():
    toks = tokens("进一步完善府院联动机制,加强行政机关负责人出庭应诉,严格重大行政决策合法性审查")
    assert "府院联动" in toks and "重大行政决策" in toks and "合法性审查" in toks
    assert not {"进一步", "完善", "加强", "机制", "严格"} & set(toks)


def test_dictionary_and_stop_list_are_data_of_the_required_size():
    assert len(user_terms()) >= 150
    assert {"行政复议", "出庭应诉", "重大行政决策", "合法性审查", "规范性文件", "综合行政执法", "放管服", "府院联动", "公职律师", "法律顾问", "告知承诺制"} <= set(user_terms())
    assert {"进一步", "加强", "完善", "推进", "健全", "全面", "深入", "切实", "工作", "机制"} <= stopwords()


def test_jieba_is_silent_and_caches_in_the_given_folder(tmp_path):
    code = (
        "import sys; from fazhi.analyze.tokenize import tokens, use_dictionary_cache; use_dictionary_cache(sys.argv[1]); "
        "print(tokens('行政复议纠错率'), 'pkg_resources' in sys.modules)"
    )
    for _ in range(2):  # the dictionary built and cached, then read from the cache
        r = subprocess.run([sys.executable, "-W", "error", "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        # jieba opened its dictionary without pkg_resources (which scans every installed package).
        assert r.stdout.strip() == "['行政复议', '纠错率'] False"
        assert (tmp_path / "jieba.cache").exists()


def test_tokens_are_computed_once_and_stored(corpus):
    t = corpus.themes.set_index("provision_id")
    p = corpus.item("qinghai_2024_key_points", "20")
    text_toks, head_toks = provision_tokens(p["text"], p["heading"])
    assert list(t.loc[p["provision_id"], "tokens"]) == head_toks + text_toks
    assert "行政复议" in head_toks


# -- themes ---------------------------------------------------------------------------------
def test_themes_are_declared_data():
    themes = load_themes()
    assert [t.theme_id for t in themes] == list(THEME_IDS)
    assert themes[5].theme_zh == "社会矛盾纠纷行政预防调处化解体系"
    assert all(t.theme_en and len(t.seeds) >= 15 for t in themes)


def test_every_task_has_a_theme(corpus):
    t = corpus.themes.merge(corpus.tasks[["provision_id"]], on="provision_id")
    assert len(t) == 156  # 181 hand-labelled items, less Shiyan's 25 (a report without a forward-looking part)
    assert t["theme_id"].notna().all()
    assert set(t["theme_method"]) <= {"seed", "centroid"}


def test_agreement_with_hand_labels(corpus):
    with open(ROOT / "tests" / "annotations" / "themes.csv", encoding="utf-8") as f:
        gold = {r["provision_id"]: r["theme_id"] for r in csv.DictReader(f)}
    pred = dict(zip(corpus.themes["provision_id"], corpus.themes["theme_id"]))
    agree = sum(pred[k] == v for k, v in gold.items()) / len(gold)
    assert len(gold) == 181
    assert agree >= 0.80, agree


@pytest.mark.parametrize(
    "doc_id, label, theme",
    [
        ("qinghai_2024_key_points", "21", "T7"),  # 出庭应诉
        ("daxing_2022_opinion", "24", "T8"),  # 行政执法监督 is oversight, not enforcement
        ("huaibei_2022_action_plan", "27", "T6"),
        ("taian_2017_plan", "8", "T3"),
        ("shiyan_2023_report", "1.1", "T10"),  # by path: a report's narrative items are not tasks
    ],
)
def test_clear_cases(corpus, doc_id, label, theme):
    pid = f"{doc_id}:{label}" if "." in label else corpus.item(doc_id, label)["provision_id"]
    assert corpus.themes.set_index("provision_id").loc[pid, "theme_id"] == theme


def test_coverage_shows_zeros_not_gaps(corpus):
    cov = coverage(corpus.themes, corpus.provisions, corpus.documents)
    assert list(cov.columns) == list(THEME_IDS)
    assert list(cov.index) == ["淮北市", "台安县", "青海省", "十堰市", "大兴区"]
    assert not cov.isna().any().any()
    assert (cov.sum(axis=1).round(9) == 1.0).all()
    en = coverage(corpus.themes, corpus.provisions, corpus.documents, lang="en")
    assert list(en.index)[1] == "Tai'an"


# -- clusters -----------------------------------------------------------------------------------
def test_clusters_are_stable_and_chosen_by_the_stated_rule(corpus):
    sel = corpus.cluster_selection
    chosen = sel[sel["chosen"]].iloc[0]
    measured = sel[sel["stability"].notna()]
    assert (measured["n_stability_runs"] >= 20).all() and (sel.loc[sel["stability"].isna(), "n_stability_runs"] == 0).all()
    assert chosen["stability"] >= 0.8
    stable = sel[sel["stability"] >= 0.8]
    assert chosen["silhouette"] == stable["silhouette"].max()
    # Stability is measured from the best silhouette down: every k left unmeasured ranks below the choice.
    assert (sel.loc[sel["stability"].isna(), "silhouette"] < chosen["silhouette"]).all()
    assert (chosen["k"], round(chosen["silhouette"], 3), round(chosen["stability"], 3)) == (11, 0.465, 0.837)
    tasks = corpus.themes.merge(corpus.tasks[["provision_id"]], on="provision_id")
    assert tasks["cluster_id"].nunique() == chosen["k"]
    assert tasks[["x", "y"]].notna().all().all()
    assert corpus.themes.merge(corpus.provisions[~corpus.provisions["is_task"]][["provision_id"]], on="provision_id")["cluster_id"].isna().all()


def test_cluster_terms_and_purity(corpus):
    terms = corpus.cluster_terms
    assert set(terms["cluster_id"]) == set(corpus.themes["cluster_id"].dropna().astype(int))
    first = terms[terms["rank"] == 1]
    assert (first["score"] > 0).all() and first["majority_share"].between(0, 1).all()
    tasks = corpus.themes.dropna(subset=["cluster_id"])
    score, tab = purity(tasks["cluster_id"], tasks["theme_id"])
    assert 0.4 <= score <= 1.0
    assert tab.values.sum() == 156


def test_clusterer_is_an_estimator_on_any_corpus():
    docs = [["应急", "预案", "演练"], ["应急", "救援", "预案"], ["复议", "纠错", "调解"], ["复议", "调解", "应诉"]] * 4
    m = ProvisionClusterer(k_range=(2, 5), n_stability=5, n_components=3, random_state=7)
    assert m.get_params()["random_state"] == 7 and m.set_params(min_df=1) is m
    m.fit(docs)
    # Four kinds of provision, each repeated: four clusters, every repeat with its kind.
    assert m.k_ == 4 and m.stability_ == 1.0

    # Measuring every k's stability would choose the same k: the lazy search skips only k it cannot pick.
    full = ProvisionClusterer(k_range=(2, 5), n_stability=5, n_components=3, random_state=7, min_df=1).fit(docs)
    assert set(full.stability_by_k_) <= set(full.silhouette_) and full.k_ == 4
    assert all(len(set(m.labels_[i::4])) == 1 for i in range(4))
    assert len(set(m.labels_[:4])) == 4
    assert m.embedding_.shape == (16, 2)
    assert m.silhouette_[4] > m.silhouette_[2]
    # New provisions are predicted onto the fitted clusters and map.  Each carries the word
    # only its kind has (演练, 纠错): a provision as close to two kinds would be a tie, broken
    # differently by different scikit-learn releases.
    new = [["应急", "演练"], ["复议", "纠错"]]
    labels, xy = m.predict_embed(new)
    assert labels.tolist() == [m.labels_[0], m.labels_[2]]
    assert np.allclose(xy, m.embed(new))
    assert labels.tolist() == m.predict(new).tolist()


def test_clusters_are_named_by_their_terms_and_the_area_most_of_them_carry():
    from fazhi.analyze.clusters import cluster_names

    # Two kinds of provision, each repeated; the stem (应急, 行政) gives way to its compound,
    # and the area is the one most of the cluster's provisions carry (a provision without one does not vote).
    docs = [["应急", "应急预案", "演练"], ["应急", "应急预案", "救援"], ["行政", "行政复议", "纠错"], ["行政", "行政复议", "调解"]] * 4
    m = ProvisionClusterer(k_range=(2, 3), n_stability=3, n_components=2, random_state=0).fit(docs)
    names = cluster_names(m.top_terms_, m.labels_, ["T6", "T6", "T7", None] * 4, THEME_IDS)
    assert names[m.labels_[0]] == ("应急预案·救援·演练", "T6", 1.0)
    assert names[m.labels_[2]] == ("行政复议·纠错·调解", "T7", 0.5)
    # Names that would be equal take one more term each; a tie between areas goes to the outline's order (T2 before T10).
    same = {0: [("执法", 0.5), ("检查", 0.4), ("处罚", 0.3), ("城管", 0.2)], 1: [("执法", 0.5), ("检查", 0.4), ("处罚", 0.3), ("培训", 0.2)]}
    named = cluster_names(same, [0, 0, 1, 1], ["T10", "T2", "T5", "none"], THEME_IDS)
    assert named == {0: ("执法·检查·处罚·城管", "T2", 0.5), 1: ("执法·检查·处罚·培训", "T5", 0.5)}


def test_founding_clusters_carry_their_names(corpus):
    ct = corpus.cluster_terms
    first = ct.drop_duplicates("cluster_id").set_index("cluster_id")
    # One name, area and share per cluster, on every row of it; no two clusters share a name.
    assert (ct.groupby("cluster_id")[["label_zh", "nearest_theme_id", "nearest_share"]].nunique(dropna=False) == 1).all().all()
    assert first["label_zh"].is_unique and first["label_zh"].str.count("·").eq(2).all()
    # The nearest area is the area most of the cluster's task provisions carry, and its share of them.
    tasks = corpus.themes.dropna(subset=["cluster_id"])
    for cid, g in tasks.groupby("cluster_id"):
        counts = g["theme_id"].value_counts()
        assert counts[first.loc[cid, "nearest_theme_id"]] == counts.max()
        assert first.loc[cid, "nearest_share"] == round(counts.max() / len(g), 6)
    reconsideration = first[first["label_zh"].str.startswith("行政复议")].iloc[0]
    assert (reconsideration["label_zh"], reconsideration["nearest_theme_id"]) == ("行政复议·化解·行政调解", "T7")
    assert first.loc[first["label_zh"].str.startswith("突发事件"), "nearest_theme_id"].tolist() == ["T6"]


def test_the_outline_years_are_declared_once():
    from fazhi.taxonomy import OUTLINE, before_outline, outline_of

    assert (OUTLINE.start, OUTLINE.end) == (2021, 2025) and "2021—2025" in OUTLINE.title_zh
    assert before_outline(2020) and not before_outline(2021) and not before_outline(2030)
    assert outline_of(2017, 2020).years == "2015–2020" and outline_of(2022, 2024) is OUTLINE
    assert outline_of(2019, 2022) is OUTLINE  # two years each: the later outline
    assert outline_of(2008, 2010) is None


# -- shared text --------------------------------------------------------------------------------
def _passages(corpus, a, b):
    r = corpus.reuse
    return r[((r["provision_id_a"] == a) & (r["provision_id_b"] == b)) | ((r["provision_id_a"] == b) & (r["provision_id_b"] == a))]


def test_taian_39_and_daxing_30_share_the_55_character_passage(corpus):
    t39 = corpus.item("taian_2017_plan", "39")["provision_id"]
    d30 = corpus.item("daxing_2022_opinion", "30")["provision_id"]
    rows = _passages(corpus, t39, d30)
    top = rows.sort_values("length", ascending=False).iloc[0]
    assert top["text_a"].startswith("把法治观念强不强、法治素养好不好")
    assert top["length"] == 55
    texts = corpus.documents.set_index("doc_id")["text"]
    assert texts["taian_2017_plan"][top["start_a"] : top["end_a"]] == top["text_a"]
    assert texts["daxing_2022_opinion"][top["start_b"] : top["end_b"]] == top["text_b"]
    # Huaibei 36 echoes it in part.
    h36 = corpus.item("huaibei_2022_action_plan", "36")["provision_id"]
    echo = _passages(corpus, h36, d30)
    assert echo["text_a"].str.contains("依法办事作为考察干部").any()
    assert len(_passages(corpus, h36, t39)) >= 1


def test_huaibei_15_and_daxing_31_share_the_training_wording(corpus):
    h15 = corpus.item("huaibei_2022_action_plan", "15")["provision_id"]
    d31 = corpus.item("daxing_2022_opinion", "31")["provision_id"]
    rows = _passages(corpus, h15, d31)
    assert "每人每年接受不少于60学时的业务知识和法律法规培训" in set(rows["text_a"])


def test_every_passage_points_at_both_texts(corpus):
    texts = corpus.documents.set_index("doc_id")["text"]
    for r in corpus.reuse.itertuples():
        assert r.doc_id_a != r.doc_id_b
        assert texts[r.doc_id_a][r.start_a : r.end_a] == r.text_a
        assert texts[r.doc_id_b][r.start_b : r.end_b] == r.text_b
        assert r.matched >= 15


def test_similarity_matrix_and_summary(corpus):
    m = similarity_matrix(corpus.reuse, corpus.documents)
    assert m.shape == (5, 5) and (m.values.diagonal() == 1).all()
    assert m.loc["taian_2017_plan", "daxing_2022_opinion"] > 0.01
    s = reuse_summary(corpus.reuse)
    assert list(s["min_matched"]) == [15, 20, 30, 50]
    assert s["passages"].is_monotonic_decreasing and s.iloc[-1]["max_length"] == 55


def test_align_tolerates_punctuation_and_small_gaps():
    a = "每人每年接受不少于60学时的业务知识和法律法规培训"
    b = "确保每人每年接受不少于60学时的业务和法律法规培训。"
    [p] = align(a, b, min_length=15)
    assert p.text_a == a and p.text_b.startswith("每人每年")


def test_tokens_memoised_by_block_equal_jieba_on_whole_texts(corpus):
    # The memo and the per-block cut must never change a token: compare with one
    # jieba call over the whole text, on every founding provision and a long digit run.
    from fazhi.analyze.tokenize import KEEP, raw_tokens

    texts = ["推进行政复议体制改革。1" + "2" * 1200 + "行政机关负责人出庭应诉率达到100%"] + list(corpus.provisions.text)
    stop = stopwords()
    for text in texts:
        expected = [t for t in raw_tokens(text) if KEEP.match(t) and t not in stop]
        assert tokens(text) == expected
        assert tokens(text) == expected  # the second time from the memo


def test_reuse_found_in_worker_processes_equals_one_process(corpus):
    # Tasks of 7 pairs, so the founding corpus's candidate pairs go to two workers in many tasks.
    from fazhi.analyze.reuse import find_reuse

    prov = corpus.provisions
    items = list(zip(prov.doc_id, prov.text))
    one = find_reuse(items)
    two = find_reuse(items, jobs=2, pairs_per_task=7)
    assert len(one) == len([p for p in one if p[3].matched >= 15]) > 50
    assert two == one
    assert {(items[i][0], items[j][0]) for i, j, _, _ in one} >= {("taian_2017_plan", "daxing_2022_opinion")}


def test_predictors_give_what_scikit_learn_gives():
    # The fitted models' predictors (plain arrays, used by every build) against
    # scikit-learn's own transform, projection and k-means prediction.
    import random

    from sklearn.preprocessing import normalize

    from fazhi.analyze.predictors import Tfidf, project

    rng = random.Random(3)
    words = ["行政复议", "纠错", "调解", "应急", "预案", "演练", "执法", "监督", "公开", "听证", "备案", "审查"]
    docs = [[rng.choice(words[: 6 + i % 6]) for _ in range(rng.randint(0, 12))] for i in range(80)]
    m = ProvisionClusterer(k_range=(3, 6), n_stability=3, n_components=4, random_state=1).fit(docs)
    new = [[rng.choice(words) for _ in range(rng.randint(0, 9))] + ["未见过"] for _ in range(40)] + [[]]
    rows = Tfidf.of(m.vectorizer_).transform(new)
    X = m.vectorizer_.transform(new)
    assert rows.indptr.tolist() == X.indptr.tolist() and rows.indices.tolist() == X.indices.tolist()
    assert np.allclose(rows.data, X.data, rtol=1e-12, atol=0)
    assert np.allclose(project(rows, m.svd_.components_.T), m.svd_.transform(X), rtol=1e-12, atol=1e-15)
    expected = [m.label_map_[int(c)] for c in m.kmeans_.predict(normalize(m.svd_.transform(X)))]
    labels, xy = m.predict_embed(new)
    assert labels.tolist() == expected
    assert np.allclose(xy, m.svd2_.transform(X), rtol=1e-12, atol=1e-15)
