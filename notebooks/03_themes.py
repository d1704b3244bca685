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
# 各辖区任务条目在每个领域的占比;空格是 0%。条目的领域由各领域的种子词在其标题、所在部分标题和正文中的出现决定。

# %% [markdown] tags=["en"]
# ## Emphasis by outline task area
# Share of each jurisdiction's task provisions in each area; an empty cell is 0%. A provision's area is decided
# by each area's seed terms in its heading, its section's heading and its text.

# %%
view.show(themepage.theme_heatmap(corpus, lang), themepage.theme_shares(corpus, lang), file="theme_shares.csv", lang=lang)

# %% [markdown] tags=["zh"]
# ## 数据自身的分组
# 任务条目的无监督聚类(TF-IDF、潜在语义分析、k-means):每类的特征词、规模、多数条目所属的纲要领域及纯度。交叉表显示数据的分组
# 与纲要在哪里一致、在哪里交叉。

# %% [markdown] tags=["en"]
# ## The data's own grouping
# Unsupervised clusters of the task provisions (TF-IDF, latent semantic analysis, k-means): the characteristic
# terms of each cluster (in the original Chinese), its size, the outline area most of its provisions belong to,
# and how pure it is. The cross-table shows where the data's grouping agrees with the outline and where it cuts
# across it.

# %%
view.table(themepage.cluster_terms_table(corpus, lang), lang=lang, file="cluster_terms.csv", paging=False)

# %%
view.table(themepage.cluster_theme_crosstab(corpus, lang).reset_index(), lang=lang, file="cluster_by_theme.csv", paging=False)

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
# ## 条目分布图
# 每个点是一个任务条目,按其用词的两个主要维度放置,按纲要领域着色;悬停查看正文,点击打开原文。

# %% [markdown] tags=["en"]
# ## A map of the provisions
# Each point is a task provision placed by the two main dimensions of its vocabulary and coloured by outline
# area; hover for its text (in Chinese), click for the full text.

# %%
view.show(themepage.theme_map_figure(corpus, lang), themepage.theme_map_rows(corpus, lang), file="theme_map.csv", lang=lang)

# %%
view.methodology(lang)
