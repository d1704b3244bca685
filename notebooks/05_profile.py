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
# The profile is defined once (fazhi.report.profile.write) and shown here section by section; `fazhi brief`
# renders the same sections into one page per jurisdiction without a kernel.
from fazhi.report import profile, view

full = view.start(processed_dir)
profile.write(view.Notebook(lang), full, jurisdiction or full.documents["jurisdiction_zh"].iloc[0])
