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
#   title: "fazhi 4 · Shared text 文本借鉴"
# ---

# %% [markdown]
# # 4 · Shared text 文本借鉴
#
# Which wording jurisdictions share. Passages are found on character shingles (so segmentation
# errors do not matter) and aligned; only passages of at least 15 matching characters count.

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
# ## How much of each document is shared
# Read a row: the share of that document's characters that lie in passages it shares with the
# document of the column. Shared text is not necessarily copied from one to the other: both may
# quote the national outline.

# %%
plots.show(plots.similarity_figure(corpus, lang))

# %% [markdown]
# ## The longest shared passages
# Both sources side by side, longest first.

# %%
plots.table(plots.passages_table(corpus, lang))
