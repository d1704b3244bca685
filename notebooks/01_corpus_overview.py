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
#   title: "fazhi 1 · Corpus overview 文件概览"
# ---

# %% [markdown]
# # 1 · Corpus overview 文件概览
#
# Which rule-of-law documents are in the corpus, what kind each is, how the text was cleaned
# before anything was counted, and how long the numbered tasks are. Every figure comes from the
# tables `fazhi build` writes (`data/processed/`); nothing here is typed in by hand.

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
# ## The documents
# One row per document: jurisdiction, administrative level, document type (action plan 行动计划,
# plan 实施方案, opinion 实施意见, key points 工作要点, report 情况报告), the years it covers, how many
# numbered provisions and actionable tasks it has, and how many quantity statements were found.

# %%
plots.table(plots.documents_table(corpus, lang), paging=False)

# %% [markdown]
# ## What normalisation changed
# Raw texts are never edited; every change made on the way to the analysed text is logged. Bars
# count raw characters touched by each step: `script` (traditional → simplified), `pinyin`
# (annotations such as 關(guān) removed), `web_debris` (navigation bars and page furniture),
# `whitespace`, `width` (full-width forms), `correction` (reviewed fixes of garbled text).

# %%
plots.show(plots.normalisation_figure(corpus, lang))

# %% [markdown]
# Warnings left after the build (garbled text without a reviewed correction, gaps in the
# numbering, manifest metadata that disagrees with the text). An empty table is good news.

# %%
plots.table(plots.warnings_table(corpus, lang))

# %% [markdown]
# ## How long are the tasks?
# Each point is one task provision (hover for its number and heading). Reports and key-point
# documents tend to have fewer, longer items; action plans many short ones.

# %%
plots.show(plots.provision_length_figure(corpus, lang))
