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
#   title: "fazhi 2 · 指标对比 · Target comparison"
# ---

# %% [markdown] tags=["zh"]
# # 2 · 指标对比
#
# 谁设定了什么目标、有多严格、到哪一年,报告了什么数值。每个辖区都保留一行:“未设定”和“仅提及”(提到指标但没有数值)是答案,不是缺失。

# %% [markdown] tags=["en"]
# # 2 · Target comparison
#
# Who sets which target, how strict, by when, and what was reported achieved. Every jurisdiction keeps its
# row: *not set* and *qualitative* (mentioned without a number) are answers, not gaps.

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
from fazhi.report import view, provenance, targets

corpus = view.start(processed_dir, jurisdictions)

# %% [markdown] tags=["zh"]
# ## 重点指标
# 默认是行政机关负责人出庭应诉率、行政执法人员培训学时和行政复议纠错率。每格写出该辖区最强的表述(有数值优先于相对目标,再优先于仅提及;
# 同等时取最新的文件);悬停可见条目编号和原句,点击打开原文。

# %% [markdown] tags=["en"]
# ## The headline indicators
# By default the court appearance rate of agency heads, training hours per enforcement officer and the
# reconsideration correction rate. Each cell gives the jurisdiction's strongest statement (a number beats a
# relative target beats a mention; ties go to the latest document); hover for the provision number and the
# sentence, click for the full text.

# %%
head = targets.headline_rows(corpus, targets.headline_ids(indicators), lang)
view.show(targets.headline_status_figure(corpus, indicators, lang), provenance.with_provenance(head[targets.HEADLINE_COLUMNS], corpus, lang), file="headline.csv",
           notes=targets.status_notes(corpus, lang), lang=lang)

# %%
grid = targets.headline_table(head, lang)
view.table(grid, lang=lang, links={grid.columns[3]: targets.headline_links(head)}, paging=False)

# %% [markdown] tags=["zh"]
# ## 重点指标的目标与报告值
# 每个面板一个指标、一种单位,每行一个辖区(及年份),颜色区分辖区。圆圈是目标,菱形是报告值;区间目标画成粗线,开放区间(如“不低于”)
# 在开放一端画箭头并标出端点;空心是约数。

# %% [markdown] tags=["en"]
# ## Headline targets and reported figures
# One panel per indicator and unit, one row per jurisdiction (and year), colour by jurisdiction. Circles are
# targets, diamonds reported figures; a target range is a thick line, an open-ended one (at least …) ends in an
# arrow with its bound written beside it; open shapes are approximate.

# %%
rows = targets.numeric_statements(corpus, targets.headline_ids(indicators), lang)
drawn = targets.drawn_rows(rows, corpus, lang)
view.show(targets.indicator_panels_figure(rows, corpus, lang), drawn, file="headline_figures.csv",
           notes=targets.left_out_notes(corpus, targets.headline_ids(indicators), drawn, lang), lang=lang)

# %% [markdown] tags=["zh"]
# ## 其余指标目录中的指标(按纲要任务领域)
# 文件中出现的每个目录指标,按纲要任务领域分图,单位各自独立。

# %% [markdown] tags=["en"]
# ## Every other catalogue indicator, by outline task area
# Every catalogue indicator any document states, one chart per outline task area, each in its own unit.

# %%
for theme, rows in targets.theme_figures(corpus, lang):
    drawn = targets.drawn_rows(rows, corpus, lang)
    view.show(targets.indicator_panels_figure(rows, corpus, lang, title=theme), drawn, file=f"indicators_{rows['theme_id'].iloc[0]}.csv", lang=lang)
view.notes(targets.left_out_notes(corpus, None, targets.numeric_statements(corpus, None, lang), lang))

# %% [markdown] tags=["zh"]
# ## 归入指标目录的全部数值表述
# 可搜索、排序和筛选:主题、指标、目标或报告值、比较、数值、单位、年份、频次、条目编号和原句。

# %% [markdown] tags=["en"]
# ## Every numeric statement mapped to the catalogue
# Search, sort and filter: theme, indicator, target or reported, comparator, value, unit, year, cadence,
# provision number and the clause as written.

# %%
mapped = targets.statements_table(corpus, None, lang)
view.table(mapped, lang=lang, file="statements_mapped.csv", data=targets.download_rows(corpus, lang, mapped_only=True),
            links={mapped.columns[9]: targets.statement_links(corpus)})

# %% [markdown] tags=["zh"]
# ## 全部表述(无论是否归入目录)
# fazhi 在每份文件中找到的每个数值与相对表述,包括不属于任何目录指标的(“未归入”),以及为什么可能需要核对:
# 约数(约、余、近)、区间、由文件推断而非明写的类型或年份、汉字数字。上面的图没有画出的,都在这里。

# %% [markdown] tags=["en"]
# ## All statements, mapped or not
# Every figure and relative statement fazhi found in every document — including those no catalogue indicator
# fits (unmapped) — with why a row may need checking: an approximate figure (约, 余, 近), a range, a kind or year
# inferred from the document rather than stated, a number written in words. What the charts leave out is here.

# %%
everything = targets.all_statements_table(corpus, lang)
view.table(everything, lang=lang, file="statements_all.csv", data=targets.download_rows(corpus, lang),
            links={everything.columns[1]: targets.statement_links(corpus, mapped_only=False)})

# %%
view.methodology(lang)
