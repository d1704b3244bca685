"""The 'All statements' table of the target-comparison briefing, checked against the
indicators table (not by eye)."""

from fazhi.report.targets import all_statements_table


def test_every_numeric_or_relative_row_is_listed_with_its_reasons(corpus):
    rows = corpus.indicators[corpus.indicators["status"] != "qualitative"]
    zh = all_statements_table(corpus, "zh")
    assert len(zh) == len(rows)
    assert zh["数值"].tolist()[:5] == rows["value"].tolist()[:5]
    # Unmapped statements are listed, and say so.
    unmapped = rows["indicator_id"].isna()
    assert unmapped.any() and (zh["指标"] == "(未归入)").sum() == unmapped.sum()
    assert zh.loc[unmapped.to_numpy(), "需核对"].str.contains("未归入指标目录").all()


def test_english_table_keeps_the_reasons_as_recorded(corpus):
    en = all_statements_table(corpus, "en")
    rows = corpus.indicators[corpus.indicators["status"] != "qualitative"]
    assert en["review"].tolist() == ["; ".join(r) for r in rows["review_reasons"]]
    assert "(unmapped)" in set(en["indicator"])
