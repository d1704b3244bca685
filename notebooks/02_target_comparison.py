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
# 全辖区的数值优先于只适用于部分层级的数值,如“其中市本级”;同等时取最新的文件),以及另有几条表述、是否出自征求意见稿。
# 蓝色是目标,橙色是报告值,灰色是仅提及。悬停可见条目编号和原句,点击打开原文。

# %% [markdown] tags=["en"]
# ## The headline indicators
# By default the court appearance rate of agency heads, training hours per enforcement officer and the
# reconsideration correction rate. Each cell gives the jurisdiction's strongest statement (a number beats a
# relative target beats a mention; a figure for the whole jurisdiction beats one for a part of it, such as
# 其中市本级 "of which the city's own level"; ties go to the latest document), how many more statements there are and
# whether it comes from a draft. Blue is a target, orange a reported figure, grey a mention without a figure.
# Hover for the provision number and the sentence, click for the full text.

# %%
head = targets.headline_rows(corpus, targets.headline_ids(indicators), lang)
if targets.grid_fits(head):
    view.show(targets.headline_status_figure(corpus, indicators, lang), provenance.with_provenance(head[targets.HEADLINE_COLUMNS], corpus, lang),
              file="headline.csv", notes=targets.status_notes(corpus, lang), lang=lang)
else:
    view.notes(targets.status_notes(corpus, lang))

# %% [markdown] tags=["zh"]
# ### 谁设定了什么
# 每行一个辖区,每列一个指标;可搜索、筛选(如按省份或层级)并点击表头排序。点击表述打开原文并定位到该数值。

# %% [markdown] tags=["en"]
# ### Who sets what
# One row per jurisdiction, one column per indicator; search, filter (by province or level, for instance) and click a
# header to sort. A statement links to its own words in the full text (the figure underlined and focused).

# %%
matrix, links = targets.who_sets_what(head, corpus, lang)
view.table(matrix, lang=lang, file="who_sets_what.csv", links=links, paging=len(matrix) > 25)

# %% [markdown] tags=["zh"]
# ## 重点指标的目标与报告值
# 每个指标、每种单位一张图,按数值排序,每行一个辖区(及年份);辖区超过 60 个时每种类型一条点带,悬停看名称。颜色区分目标(蓝)
# 与报告值(橙);实心圆是确切目标,菱形是报告值,空心是约数,三角形是开放区间的端点(▶ 不低于,◀ 不超过),竖线段之间是区间。
# 页首的“突出显示”可在所有图中找出一个辖区。

# %% [markdown] tags=["en"]
# ## Headline targets and reported figures
# One chart per indicator and unit, sorted by value, one row per jurisdiction (and year); past 60 jurisdictions, one strip
# per kind with names on hover. Colour tells targets (blue) from reported figures (orange); a filled circle is an exact
# target, a diamond a reported figure, an open shape an approximate one, a triangle the bound of an open-ended target
# (▶ at least, ◀ at most), a line between ticks a range. “Highlight” at the top finds one jurisdiction in every chart.

# %%
view.highlight_box(corpus, lang)
rows = targets.numeric_statements(corpus, targets.headline_ids(indicators), lang)
for fig, drawn, file, notes in targets.indicator_views(rows, corpus, lang):
    view.show(fig, drawn, file=file, notes=notes, lang=lang)
view.notes(targets.left_out_notes(corpus, targets.headline_ids(indicators), rows, lang))

# %% [markdown] tags=["zh"]
# ## 其余指标目录中的指标(按纲要任务领域)
# 文件中出现的每个目录指标,按纲要任务领域分组,每个指标、每种单位一张图。

# %% [markdown] tags=["en"]
# ## Every other catalogue indicator, by outline task area
# Every catalogue indicator any document states, grouped by outline task area, one chart per indicator and unit.

# %%
for theme, rows in targets.theme_figures(corpus, lang):
    view.subheading(theme)
    for fig, drawn, file, notes in targets.indicator_views(rows, corpus, lang):
        view.show(fig, drawn, file=file, notes=notes, lang=lang)
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
