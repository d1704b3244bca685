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
#   title: "fazhi 4 · 共享文本 · Shared text"
# ---

# %% [markdown] tags=["zh"]
# # 4 · 共享文本
#
# 哪些辖区使用相同的文字,最长的共享段落是什么。

# %% [markdown] tags=["en"]
# # 4 · Shared text
#
# Which jurisdictions share wording, and the longest shared passages.

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
from fazhi.report import view, sharedtext

corpus = view.start(processed_dir, jurisdictions)

# %% [markdown] tags=["zh"]
# ## 文件之间共享多少文字
# 每格是行文件中与列文件共享的段落(字符 shingle 对齐,允许一两个字的差异,但数字不同处(二十大与十九大、2022年与2023年)断开)占行文件正文的比例。
# 两份文件都取自同一上级文件(全国纲要、本省方案等,语料中级别高于双方的文件)的段落不计入:那不是二者互相借用。
# 图下注明这样扣除了多少,以及两份无关文件通常共享多少:高于这一基线的文件对才值得细看。

# %% [markdown] tags=["en"]
# ## How much text documents share
# Each cell is the share of the row document's text in passages it shares with the column document (aligned
# character shingles; a gap of a character or two is allowed, but never one that changes a number: 二十大 is not
# 十九大, nor 2022年 2023年). Passages both documents took from a document above both (the national outline,
# their province's plan: a document of the corpus a level above both) are not counted: they did not copy each
# other. The notes under the chart say how much that leaves out, and what two unrelated documents typically
# share: pairs above that baseline are the ones worth reading.

# %%
view.show(sharedtext.similarity_figure(corpus, lang), sharedtext.similarity_drawn_rows(corpus, lang), file="shared_shares.csv",
          notes=sharedtext.from_above_notes(corpus, lang) + sharedtext.baseline_notes(corpus, lang), lang=lang)

# %% [markdown] tags=["zh"]
# ## 最长的共享段落
# 最长的 50 段共享文字,以及双方都取自上级文件的最长 50 段(这类多是引用的文件名和开头套语,较短)。
# 两边的原文并排(可能相差一两个字或标点);点击条目编号打开原文。最后一列是双方都取自的上级文件(空白:双方自己的共享文字)。

# %% [markdown] tags=["en"]
# ## The longest shared passages
# The 50 longest passages, and the 50 longest that both documents took from a document above both (mostly cited
# titles and opening formulas, so shorter). Both sides as written (they may differ by a character or
# punctuation), in the original Chinese; click a provision number for the full text. The last column names the
# document above both that both took the passage from (blank: text the two share on their own).

# %%
shared = sharedtext.passages_table(corpus, lang)
links = sharedtext.passage_links(corpus)
view.table(shared, lang=lang, file="shared_passages.csv", data=sharedtext.passages(corpus),
            links={shared.columns[1]: links["a"], shared.columns[3]: links["b"], shared.columns[5]: links["above"]})

# %%
view.methodology(lang, sharedtext.method_notes(lang))
