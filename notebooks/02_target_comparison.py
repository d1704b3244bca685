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
#   title: "fazhi 2 · Target comparison 指标对比"
# ---

# %% [markdown]
# # 2 · Target comparison 指标对比
#
# Who sets which target, how strict, by when, and what was reported achieved. Every jurisdiction
# keeps its row: *not set* and *qualitative* (the indicator is mentioned without a number) are
# answers, not gaps.

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
# ## The headline indicators
# 行政机关负责人出庭应诉率 (court appearance of agency heads), 行政执法人员培训学时 (training hours per
# enforcement officer) and 行政复议纠错率 (reconsideration correction rate) by default. Each cell
# shows the strongest statement the jurisdiction makes; hover for the sentence it comes from.

# %%
plots.show(plots.headline_status_figure(corpus, indicators, lang))

# %% [markdown]
# ## Targets as intervals, reports as points
# A target such as "不低于90%" allows everything from 90 up, so it is drawn as a bar from 90 to
# 100; "低于30%" as a bar from 0 to 30; an exact target or a reported figure (◆) as a point.
# Hover for the quote and the year. Colours are the same jurisdiction in every briefing.

# %%
plots.show(plots.interval_figure(corpus, None, lang, unit="%"))

# %% [markdown]
# Counts per year (lectures, study sessions, training sessions, training hours …):

# %%
plots.show(plots.interval_figure(corpus, None, lang, unit="次"))

# %% [markdown]
# ## Targets next to reported figures
# Open circles are targets, diamonds reported figures, for every percentage indicator.

# %%
plots.show(plots.target_vs_reported_figure(corpus, None, lang))

# %% [markdown]
# ## Every numeric statement mapped to the catalogue
# Search, sort and filter: theme (national outline task area), indicator, target or reported,
# comparator, value, unit, year, cadence, and the clause as written.

# %%
plots.table(plots.statements_table(corpus, None, lang))

# %% [markdown]
# ## All statements, mapped or not
# Every figure fazhi found in every document — including those no catalogue indicator fits
# (`unmapped`) — with why a row may need checking: an approximate figure (约, 余, 近), a range,
# a kind or year inferred from the document rather than stated, a number written in words.
# What the charts above leave out is here.

# %%
plots.table(plots.all_statements_table(corpus, lang))
