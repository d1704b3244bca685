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
#   title: "fazhi 1 · 文件概览 · Corpus overview"
# ---

# %% [markdown] tags=["zh"]
# # 1 · 文件概览
#
# 语料中有哪些法治政府建设文件、各是什么类型和状态、文本在计数之前做了哪些清理、任务条目有多长。
# 所有数字都来自 `fazhi build` 写出的表格(`data/processed/`),没有任何手工录入。

# %% [markdown] tags=["en"]
# # 1 · Corpus overview
#
# Which rule-of-law documents are in the corpus, what kind and status each is, how the text was cleaned
# before anything was counted, and how long the numbered tasks are. Every figure comes from the
# tables `fazhi build` writes (`data/processed/`); nothing here is typed in by hand.

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
from fazhi.report import view, overview, provenance

corpus = view.start(processed_dir, jurisdictions)

# %% [markdown] tags=["zh"]
# ## 文件
# 每份文件一行:辖区、层级、类型、状态(征求意见稿或正式文本)、期间、文号、印发日期、条目与任务数、找到的量化表述数。
# 点击标题打开全文页(条目已加锚点,量化表述已标出)。

# %% [markdown] tags=["en"]
# ## The documents
# One row per document: jurisdiction, level, type, status (draft for comment or final), period, document
# number, issue date, provisions and tasks, and quantity statements found. Click a title for the
# full text (provisions anchored, quantity statements highlighted).

# %%
docs = overview.documents_table(corpus, lang)
view.table(docs, lang=lang, file="documents.csv", data=provenance.with_provenance(docs.assign(doc_id=corpus.documents["doc_id"].values), corpus, lang),
            links={docs.columns[5]: overview.document_links(corpus)}, paging=len(docs) > 25)

# %% [markdown] tags=["zh"]
# ## 规范化改动了什么
# 原始文件从不修改;从原文到分析文本的每一处改动都有记录。柱形是每个步骤改动的原文字符数:繁转简、删除拼音注音(如“關(guān)”)、
# 网页杂项(导航栏等)、空白、全半角、人工校正的乱码。

# %% [markdown] tags=["en"]
# ## What normalisation changed
# Raw texts are never edited; every change on the way to the analysed text is logged. Bars count the raw
# characters each step touched: traditional → simplified script, pinyin annotations removed (關(guān)), web page
# debris (navigation bars), whitespace, character width, reviewed corrections of garbled text.

# %%
view.show(overview.normalisation_figure(corpus, lang), overview.normalisation_rows(corpus), file="normalisation.csv", lang=lang)

# %% [markdown] tags=["zh"]
# 构建后仍留下的警告(没有人工校正的乱码、编号缺漏、与正文不符的清单元数据)。表格为空是好消息。

# %% [markdown] tags=["en"]
# Warnings left after the build (garbled text without a reviewed correction, gaps in the numbering, manifest
# metadata that disagrees with the text). An empty table is good news.

# %%
view.table(overview.warnings_table(corpus, lang), lang=lang, file="warnings.csv")

# %% [markdown] tags=["zh"]
# ## 任务条目有多长
# 每个点是一个任务条目(悬停查看编号与标题,点击打开原文)。报告和工作要点的条目通常少而长,行动计划多而短。

# %% [markdown] tags=["en"]
# ## How long are the tasks?
# Each point is one task provision (hover for its number and heading, click for the full text). Reports and key
# points tend to have fewer, longer items; action plans many short ones.

# %%
view.show(overview.provision_length_figure(corpus, lang), provenance.with_provenance(overview.task_rows(corpus), corpus, lang), file="task_lengths.csv", lang=lang)

# %%
view.methodology(lang)
