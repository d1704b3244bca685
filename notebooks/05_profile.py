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
#   title: "fazhi 5 · 辖区概况 · Jurisdiction profile"
# ---

# %% [markdown] tags=["zh"]
# # 5 · 辖区概况

# %% [markdown] tags=["en"]
# # 5 · Jurisdiction profile

# %% tags=["parameters"]
# Parameters (papermill and `fazhi brief` set them).
# The jurisdiction to profile, by name (淮北市 or Huaibei) or doc_id; None takes the first one.
jurisdiction = None
# Language of the page, zh or en.
lang = "zh"
# Folder of the processed tables; None means data/processed of this project.
processed_dir = None

# %%
from fazhi.report import view, overview, provenance, targets, profile

full = view.start(processed_dir)
corpus = profile.own(full, jurisdiction or full.documents["jurisdiction_zh"].iloc[0])
view.heading(profile.name(corpus, lang))

# %% [markdown] tags=["zh"]
# ## 文件与状态

# %% [markdown] tags=["en"]
# ## Documents and their status

# %%
docs = overview.documents_table(corpus, lang)
view.table(docs, lang=lang, file="documents.csv", data=provenance.with_provenance(docs.assign(doc_id=corpus.documents["doc_id"].values), corpus, lang),
            links={docs.columns[5]: overview.document_links(corpus)}, paging=False)
view.notes(profile.scope_notes(corpus, lang))

# %% [markdown] tags=["zh"]
# ## 全部目标与报告值
# 图中是归入指标目录的数值表述;表中是全部数值与相对表述(包括未归入目录的),附需核对的原因。

# %% [markdown] tags=["en"]
# ## Every target and reported figure
# The chart draws numeric statements mapped to the catalogue; the table lists every figure and relative
# statement, mapped or not, with why it may need checking.

# %%
rows = targets.numeric_statements(corpus, None, lang)
drawn = targets.drawn_rows(rows, corpus, lang)
view.show(targets.indicator_panels_figure(rows, corpus, lang), drawn, file="figures.csv", notes=targets.left_out_notes(corpus, None, drawn, lang), lang=lang)

# %%
everything = targets.all_statements_table(corpus, lang)
view.table(everything, lang=lang, file="statements_all.csv", data=targets.download_rows(corpus, lang),
            links={everything.columns[1]: targets.statement_links(corpus, mapped_only=False)})

# %% [markdown] tags=["zh"]
# ## 任务按纲要任务领域

# %% [markdown] tags=["en"]
# ## Tasks by outline task area

# %%
view.show(profile.tasks_by_theme_figure(corpus, lang), profile.tasks_by_theme(corpus).rename("tasks").rename_axis("theme_id").reset_index(), file="tasks_by_theme.csv", lang=lang)

# %% [markdown] tags=["zh"]
# ## 牵头与配合单位
# 文件在各条目中点名的牵头单位和配合单位,以及点名的条目数。

# %% [markdown] tags=["en"]
# ## Lead and partner units
# Units the documents name as lead or partner in their provisions (as written, in Chinese), and how many
# provisions name each.

# %%
view.table(profile.units_table(corpus, lang), lang=lang, file="units.csv")

# %% [markdown] tags=["zh"]
# ## 时限
# 有具体年月的时限按时间排列;“每年”之类的经常性时限列在表中。

# %% [markdown] tags=["en"]
# ## Deadlines
# Dated deadlines on a timeline; recurring ones (每年, every year) are in the table.

# %%
view.show(profile.deadlines_figure(corpus, lang), profile.deadlines(corpus), file="deadlines.csv", lang=lang)

# %%
dl = profile.deadlines(corpus)
dates = targets.deadlines_table(dl, lang)
view.table(dates, lang=lang, links={dates.columns[0]: provenance.provision_links(dl)})

# %% [markdown] tags=["zh"]
# ## 与其他辖区共享的文字

# %% [markdown] tags=["en"]
# ## Text shared with other jurisdictions

# %%
shared = profile.shared_text(full, corpus, lang)
view.table(shared.drop(columns=["doc_id", "provision_id"]), lang=lang, file="shared_text.csv", data=shared,
            links={shared.columns[2]: provenance.provision_links(shared)})

# %%
view.methodology(lang)
