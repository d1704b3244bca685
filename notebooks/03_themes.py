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
#   title: "fazhi 3 · Themes 主题"
# ---

# %% [markdown]
# # 3 · Themes 主题
#
# What each jurisdiction stresses, mapped onto the task areas of the national outline
# 《法治政府建设实施纲要(2021—2025年)》 (T2–T10), and how the provisions group by their own wording.

# %% tags=["parameters"]
# Parameters (papermill and `fazhi brief` set them).
# Jurisdictions to show, by name (淮北市 or Huaibei) or doc_id; None shows every document.
jurisdictions = None
# Catalogue indicator ids for the headline comparison; None means the three headline indicators.
indicators = None
# Label language, zh or en.
lang = "zh"
# Folder of the processed tables; None means data/processed of this project.
processed_dir = None

# %%
from fazhi.report import plots

corpus = plots.start(processed_dir, jurisdictions)

# %% [markdown]
# ## Emphasis by outline task area
# Share of each jurisdiction's task provisions in each area; an empty cell is 0%. A provision's
# area is decided by seed terms of each area in its heading, its section's heading and its text.

# %%
plots.show(plots.theme_heatmap(corpus, lang))

# %% [markdown]
# ## The data's own grouping
# Unsupervised clusters of the task provisions (TF-IDF, latent semantic analysis, k-means).
# The characteristic terms of each cluster, its size, the outline area most of its provisions
# belong to, and how pure it is. The cross-table shows where the data's grouping agrees with the
# outline and where it cuts across it.

# %%
plots.table(plots.cluster_terms_table(corpus, lang), paging=False)

# %%
plots.table(plots.cluster_theme_crosstab(corpus, lang).reset_index(), paging=False)

# %% [markdown]
# ## A map of the provisions
# Each point is a task provision placed by the two main dimensions of its vocabulary and
# coloured by outline area; hover for its text.

# %%
plots.show(plots.theme_map_figure(corpus, lang))

# %% [markdown]
# ## How many clusters, and how stable
# The number of clusters is the one with the best silhouette among those that come out the same
# (adjusted Rand index ≥ 0.8, dotted line) when k-means is rerun 20 times with other seeds; the
# dashed line marks the choice.

# %%
plots.show(plots.stability_figure(corpus, lang))
