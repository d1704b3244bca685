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
#   title: "fazhi 6 · 目标落实 · Follow-through"
# ---

# %% [markdown] tags=["zh"]
# # 6 · 目标落实
#
# 规划、实施意见、行动计划和工作要点中的每个数值目标,与同一辖区其后的情况报告对同一指标、同一单位、同一范围(如“市本级”)给出的数值配对。
# 每一对的状态按以下顺序判断:
#
# - **已达到**:目标已到期,报告值达到目标的界限;
# - **未达到**:目标已到期,报告值未达到界限;
# - **未到目标年份**:报告值尚未达到界限,但目标还没到期(或语料中最新的报告早于目标的首年);
# - **无可比数值**:报告提到该指标,但单位或范围不同,或没有数值;
# - **报告未提及**:目标年份内有报告,但没有提到该指标;
# - **无后续报告**:语料中没有该辖区目标年份内的报告;
# - **报告年份不明**:报告没有可确定的年份。
#
# 语料里没有的报告,不能说明目标没有落实:“无后续报告”的意思是应当补充这些报告。

# %% [markdown] tags=["en"]
# # 6 · Follow-through
#
# Each numeric target of a plan, opinion, action plan or key points, paired with the figures that later reports of the same
# jurisdiction give for the same indicator, unit and part of the jurisdiction (such as 市本级, the city government's own level).
# Each pair's status is the first that holds:
#
# - **met**: the target is due and the figure reaches its bound;
# - **not met**: the target is due and the figure falls short of it;
# - **target year not reached**: the figure falls short, but the target is not due yet (or the corpus's latest report is older than the target's first year);
# - **no comparable figure**: the report speaks of the indicator, but in another unit, for another part of the jurisdiction, or without a number;
# - **not reported**: reports of the target's years exist and say nothing of it;
# - **no later report**: the corpus holds no report of the jurisdiction for the target's years;
# - **report year unknown**: the report has no year to go by.
#
# A report missing from the corpus says nothing about a target: *no later report* means those reports should be added.

# %% tags=["parameters"]
# Parameters (papermill and `fazhi brief` set them).
# Jurisdictions to show, by name (淮北市 or Huaibei) or doc_id; None shows every document.
jurisdictions = None
# Catalogue indicator ids to chart; None charts every indicator a target and a later report share.
indicators = None
# Language of the page, zh or en (markdown cells are tagged zh or en; the other language's are left out of the page).
lang = "zh"
# Folder of the processed tables; None means data/processed of this project.
processed_dir = None

# %%
from fazhi.report import view, followpage

corpus = view.start(processed_dir, jurisdictions)

# %% [markdown] tags=["zh"]
# ## 各指标的目标与报告值
# 每个指标、每种单位一张图,只画至少有一对可比数值的指标。每行一个目标:蓝线是目标适用的年份,蓝色标记在目标到期的年份
# (▲ 不低于,▼ 不超过,● 确切值);菱形是其后报告的数值,颜色是状态(绿:已达到,红:未达到,橙:未到目标年份,灰:无可比数值),
# 旁边写着数值。悬停可见原句和条目编号,点击打开原文。目标超过 60 个时,图中改为各年各状态的计数。

# %% [markdown] tags=["en"]
# ## Targets and reported figures, by indicator
# One chart per indicator and unit, only for indicators with at least one comparable pair. One row per target: the blue line
# covers the years it holds, the blue mark sits where it is due (▲ at least, ▼ at most, ● exact); diamonds are the figures of
# later reports, coloured by status (green: met, red: not met, orange: target year not reached, grey: no comparable figure), their
# value beside them. Hover for the clause and its provision number, click for the full text. Past 60 targets a chart counts the
# statuses per year instead.

# %%
view.notes(followpage.page_notes(corpus, lang))
for fig, drawn, file, notes in followpage.follow_views(corpus, lang, indicators):
    view.show(fig, drawn, file=file, notes=notes, lang=lang)

# %% [markdown] tags=["zh"]
# ## 各辖区的状态计数
# 每个目标只按它最好的状态计一次(已达到优先于未达到,依此类推)。

# %% [markdown] tags=["en"]
# ## Statuses per jurisdiction
# Each target counted once, by its best status (met before not met, and so on down the list above).

# %%
counts = followpage.status_counts(corpus, lang)
view.table(counts, lang=lang, file="follow_status_counts.csv", paging=len(counts) > 25)

# %% [markdown] tags=["zh"]
# ## 全部目标与其后的数值
# 每行一对目标与报告值(没有报告值的目标一行,说明原因);可搜索、筛选和排序。原句链接到目标在原文中的位置,报告值链接到报告中的数值。

# %% [markdown] tags=["en"]
# ## Every target and the figures that follow it
# One row per target and later figure (a target without one has a row saying why); search, filter and sort. The clause links
# to the target in its full text, the reported figure to its place in the report.

# %%
view.table(followpage.status_table(corpus, lang), lang=lang, file="follow_through.csv", data=corpus.follow_through,
           links=followpage.status_links(corpus, lang))

# %%
view.methodology(lang, followpage.method_notes(lang))
