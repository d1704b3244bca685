# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   title: "fazhi 3 · 主题 · Themes"
# ---

# %% [markdown] tags=["zh"]
# # 3 · 主题
#
# 各辖区侧重什么:映射到《法治政府建设实施纲要(2021—2025年)》的任务领域(T2–T10),以及条目按自身用词如何分组。

# %% [markdown] tags=["en"]
# # 3 · Themes
#
# What each jurisdiction stresses, mapped onto the task areas of the national outline
# 《法治政府建设实施纲要(2021—2025年)》 (T2–T10), and how the provisions group by their own wording.

# %% tags=["parameters"]
# Parameters (papermill and `fazhi brief` set them).
# Jurisdictions to show, by name (淮北市 or Huaibei) or doc_id; None shows every document.
jurisdictions = None
# Catalogue indicator ids for the headline comparison; None means the three headline indicators.
indicators = None
# Language of the page, zh or en (markdown cells are tagged zh or en; the other language's are left out of the page).
lang = "zh"
# Folder of the processed tables; None means data/processed of this project.
processed_dir = None

# %%
from fazhi.report import view, themepage

corpus = view.start(processed_dir, jurisdictions)

# %% [markdown] tags=["zh"]
# ## 按纲要任务领域的侧重
# 各辖区任务条目在每个领域的占比。条目的领域由各领域的种子词在其标题、所在部分标题和正文中的出现决定(种子词见下表)。

# %% [markdown] tags=["en"]
# ## Emphasis by outline task area
# Share of each jurisdiction's task provisions in each area. A provision's area is decided by each area's seed
# words in its heading, its section's heading and its text (the seed words are in the table below).

# %%
view.show(themepage.theme_heatmap(corpus, lang), themepage.theme_shares(corpus, lang), file="theme_shares.csv", notes=themepage.outline_notes(corpus, lang), lang=lang)

# %% [markdown] tags=["zh"]
# ### 各领域的种子词
# 领域的名称和种子词取自分类数据(`fazhi/data/themes.csv`)。

# %% [markdown] tags=["en"]
# ### Seed words of each area
# The areas' names and seed words, from the taxonomy data (`fazhi/data/themes.csv`); the seed words are Chinese.

# %%
view.table(themepage.seed_words_table(lang), lang=lang, file="theme_seed_words.csv", paging=False)

# %% [markdown] tags=["zh"]
# ## 数据自身的分组
# 任务条目的无监督聚类(TF-IDF、潜在语义分析、k-means)。每类以其最有代表性的三个词命名,“≈”后是最接近的纲要领域
# (该类多数条目所属的领域);表中还有每类的规模、特征词和属于该领域的条目占比。交叉表显示数据的分组与纲要在哪里一致、在哪里交叉。

# %% [markdown] tags=["en"]
# ## The data's own grouping
# Unsupervised clusters of the task provisions (TF-IDF, latent semantic analysis, k-means). Each cluster is named
# by its three most characteristic terms (in the original Chinese) and, after ≈, its nearest outline area (the
# area most of its provisions belong to); the table gives its size, its top terms and the share of its provisions
# in that area. The cross-table shows where the data's grouping agrees with the outline and where it cuts across it.

# %%
view.table(themepage.cluster_terms_table(corpus, lang), lang=lang, file="cluster_terms.csv", paging=False)

# %%
by_theme = themepage.cluster_theme_crosstab(corpus, lang).reset_index()
view.table(by_theme, lang=lang, file="cluster_by_theme.csv", paging=False, columnDefs=themepage.name_column(by_theme, lang, cap=12))

# %% [markdown] tags=["zh"]
# ### 各辖区的条目落在哪些类
# 每行是一个辖区的一个类:该类有多少条该辖区的任务条目,占其已聚类任务条目的比例(每个辖区按占比从大到小)。
# 搜索辖区名看它侧重哪些类,搜索类名再按占比排序看哪些辖区最侧重它;没有任务条目的辖区(如只有情况报告)只有一行 0。

# %% [markdown] tags=["en"]
# ### Where each jurisdiction's provisions fall
# A row per jurisdiction and cluster: how many of the jurisdiction's task provisions the cluster holds and their
# share of its clustered ones (largest first). Search a jurisdiction to see what it stresses, or a cluster and sort
# by share to see who stresses it most; a jurisdiction without task provisions (only an annual report, say) has
# one row with 0.

# %%
view.table(themepage.jurisdiction_cluster_table(corpus, lang), lang=lang, file="cluster_by_jurisdiction.csv", data=themepage.cluster_shares(corpus, lang))

# %% [markdown] tags=["zh"]
# ## 聚类数与稳定性
# 选择的聚类数是在用其他随机种子重跑时结果基本不变(调整兰德指数 ≥ 0.8,点线)的 k 中轮廓系数最好的一个;虚线标出选择。稳定性从轮廓系数最高的 k 往下测,遇到第一个稳定的 k 即停止,其余 k 不需要测(图中没有点)。

# %% [markdown] tags=["en"]
# ## How many clusters, and how stable
# The number of clusters is the one with the best silhouette among those that come out the same (adjusted Rand
# index ≥ 0.8, dotted line) when k-means is rerun with other seeds; the dashed line marks the choice.
# Stability is measured from the best silhouette down and stops at the first stable k; the k below
# it could not be chosen, so their stability is not measured (no point).

# %%
view.show(themepage.stability_figure(corpus, lang), corpus.cluster_selection, file="cluster_selection.csv", lang=lang)

# %% [markdown] tags=["zh"]
# ## 条目的用词地图
# 每个点是一个任务条目,用词相近的条目靠在一起,按纲要领域着色;悬停查看所属的类和正文,点击打开原文。

# %% [markdown] tags=["en"]
# ## A map of the provisions by their wording
# Each point is a task provision; provisions worded alike lie close together. Colour is the outline area; hover
# for its cluster and text (in Chinese), click for the full text.

# %%
view.show(themepage.theme_map_figure(corpus, lang), themepage.theme_map_rows(corpus, lang), file="theme_map.csv", notes=themepage.theme_map_notes(lang), lang=lang)

# %%
view.methodology(lang, themepage.method_notes(lang))
