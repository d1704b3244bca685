"""The processed tables, declared once: columns, types, descriptions, allowed values.

Everything else derives from here: the pyarrow schemas used (and checked) on
write, and the data dictionary in the README (``fazhi dictionary``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyarrow as pa

LEVELS = ("national", "province", "prefecture", "county", "district")
DOC_TYPES = ("action_plan", "plan", "opinion", "key_points", "report", "outline")
ISSUER_LEVELS = ("government", "department", "sub-district")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "binary")
FORMATS = ("txt", "html", "pdf", "docx", "doc")  # fazhi.ingest.formats.FORMATS
SCRIPTS = ("traditional", "simplified")
STYLES = ("preamble", "none", "chapter", "section", "article", "cn", "paren_cn", "arabic", "paren_arabic", "circled")
PROVISION_KINDS = ("preamble", "section", "item", "body")
QUALITY_KINDS = (
    "encoding",
    "newline",
    "correction",
    "garbled",
    "width",
    "whitespace",
    "web_debris",
    "layout",
    "pinyin",
    "script",
    "outline_gap",
    "no_outline",
    "metadata",
    "conversion",
)
QUALITY_ACTIONS = ("removed", "replaced", "inserted", "flagged")

DEADLINE_TYPE = pa.struct(
    [
        pa.field("year", pa.int16()),
        pa.field("month", pa.int8()),
        pa.field("recurring", pa.bool_()),
        pa.field("text", pa.string()),
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
    ]
)


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    values: tuple[str, ...] | None = None

    def field(self) -> pa.Field:
        meta = {"description": self.description}
        if self.values:
            meta["values"] = "|".join(self.values)
        return pa.field(self.name, self.type, nullable=self.nullable, metadata=meta)


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @functools.cached_property
    def schema(self) -> pa.Schema:
        # Cached: the build compares every written batch's schema with it.
        return pa.schema([c.field() for c in self.columns], metadata={"table": self.name, "description": self.description})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name, type_, description, nullable=True, values=None) -> Column:
    return Column(name, type_, description, nullable, values)


# Columns that mean the same thing in every table are defined once.
DOC_ID = _c("doc_id", pa.string(), "Document id: a lowercase slug, unique in the corpus (huaibei_2022_action_plan).", False)
PROVISION_ID = _c("provision_id", pa.string(), "Provision id: doc_id, a colon and the outline path of ordinals (huaibei_2022_action_plan:2.1.3); 0 is the preamble.", False)
START = _c("start", pa.int32(), "Offset (characters, inclusive) into documents.text of the same doc_id.", False)
END = _c("end", pa.int32(), "Offset (characters, exclusive) into documents.text of the same doc_id.", False)

DOCUMENTS = TableSpec(
    "documents",
    "One row per document: manifest metadata (blanks filled from the text where it states them) and the normalised text.",
    (
        DOC_ID,
        _c("title", pa.string(), "Title of the document itself (not of a cover notice), simplified."),
        _c("jurisdiction_zh", pa.string(), "Issuing jurisdiction in Chinese (淮北市).", False),
        _c("jurisdiction_en", pa.string(), "Issuing jurisdiction in English (Huaibei).", False),
        _c("level", pa.string(), "Administrative level of the jurisdiction.", False, LEVELS),
        _c("province_zh", pa.string(), "Province-level unit the jurisdiction belongs to (安徽省); itself for a province; empty at the national level.", False),
        _c("doc_type", pa.string(), "action_plan 行动计划, plan 实施方案/规划, opinion 实施意见, key_points 工作要点, report 情况报告, outline 实施纲要 (national).", False, DOC_TYPES),
        _c("period_start", pa.int16(), "First year the document covers.", False),
        _c("period_end", pa.int16(), "Last year the document covers (a report covers one year: equal to period_start).", False),
        _c("issued_date", pa.date32(), "Date the document was signed or issued."),
        _c("issuer", pa.string(), "Issuing body as written (淮北市人民政府)."),
        _c("issuer_level", pa.string(), "Who the document speaks for: government (the jurisdiction's government, its general office or law-based-governance committee), department, or sub-district; the manifest's value, else inferred from issuer and title. Comparisons use only government documents.", False, ISSUER_LEVELS),
        _c("current_name", pa.string(), "The jurisdiction's present name when the document was issued under a former one (大兴县 → 大兴区), typed in the manifest; follow-through pairs a plan and the reports of one place under it. Null: the name has not changed."),
        _c("doc_number", pa.string(), "Document number (发文字号) as written, simplified (淮政〔2022〕45号)."),
        _c("addressees", pa.string(), "Addressees (主送) line as written, without its colon."),
        _c("is_draft", pa.bool_(), "True for drafts (征求意见稿, 草案, 送审稿 …).", False),
        _c("source_url", pa.string(), "Where the text was obtained, if known."),
        _c("notes", pa.string(), "Free-text notes from the manifest."),
        _c("detected_fields", pa.list_(pa.string()), "Fields that the manifest left blank and were filled from the text.", False),
        _c("source_file", pa.string(), "Raw text file, relative to the manifest's folder.", False),
        _c("sha256", pa.string(), "SHA-256 of the raw file's bytes.", False),
        _c("encoding", pa.string(), "Encoding the raw file (or a web page) was decoded with; binary for PDF and Word files.", False, ENCODINGS),
        _c("format", pa.string(), "Format of the raw file, told by its bytes: txt, html (a saved web page), pdf, docx, doc.", False, FORMATS),
        _c("converter", pa.string(), "What turned the raw file into the text the quality log rebuilds, with its version (pdfplumber 0.11.10; fazhi decode for plain text).", False),
        _c("script", pa.string(), "Script of the source text (the normalised text is always simplified).", False, SCRIPTS),
        _c("n_converted", pa.int32(), "Characters changed by traditional→simplified conversion.", False),
        _c("text", pa.string(), "Normalised text (simplified, width-folded, debris and annotations removed); offsets index this.", False),
        _c("n_chars", pa.int32(), "Length of text in characters.", False),
        _c("header_end", pa.int32(), "text[:header_end] is the front matter (title, document number, addressees, cover letter, date).", False),
        _c("back_start", pa.int32(), "text[back_start:] is the back matter (signature date, attachments note); equals n_chars if none.", False),
        _c("n_provisions", pa.int32(), "Number of rows in provisions for this document.", False),
        _c("n_tasks", pa.int32(), "Number of task provisions (is_task) in this document.", False),
        _c("task_style", pa.string(), "Numbering style of the task items (arabic for 1., paren_cn for (一) …).", True, STYLES),
    ),
    ("doc_id",),
)

PROVISIONS = TableSpec(
    "provisions",
    "One row per numbered item of a document's outline (plus its preamble), with hierarchy, own text and offsets.",
    (
        DOC_ID,
        PROVISION_ID,
        _c("parent_id", pa.string(), "provision_id of the enclosing item; null at the top level."),
        _c("depth", pa.int8(), "Outline depth: 1 for top-level items (一、) and the preamble.", False),
        _c("label", pa.string(), "Numbering as written (18. or (三) or 一、); empty for the preamble.", False),
        _c("path_label", pa.string(), "The item's number as a citation prints it: its ancestors' labels and its own, punctuation dropped (二(九)39); empty for the preamble.", False),
        _c("ordinal", pa.int16(), "The label's number (三 → 3); 0 for the preamble."),
        _c("style", pa.string(), "Numbering style of the label.", False, STYLES),
        _c("kind", pa.string(), "preamble (text before the first item), section (has sub-items), item (leaf), body (a document without numbering).", False, PROVISION_KINDS),
        _c("heading", pa.string(), "Short heading the item opens with (推进政府职能法定化), if any."),
        _c("text", pa.string(), "The provision's own text, without its label and without its sub-items' text.", False),
        START,
        END,
        _c("subtree_end", pa.int32(), "End offset of the provision together with all its sub-items.", False),
        _c("is_task", pa.bool_(), "True for the actionable items: those in the document's task numbering style, outside general sections (总体要求, 指导思想, 保障措施 …); in a report, only the forward-looking part (下一步, 明年工作计划) holds tasks.", False),
        _c("lead_units", pa.list_(pa.string()), "Lead units (责任单位/牵头单位) named in the item.", False),
        _c("partner_units", pa.list_(pa.string()), "Partner units (配合单位) named in the item.", False),
        _c("deadlines", pa.list_(DEADLINE_TYPE), "Time limits in the item: year, month (where given), recurring (每年…), text as written, offsets.", False),
        _c("n_chars", pa.int32(), "Length of text in characters.", False),
    ),
    ("provision_id",),
)

QUALITY = TableSpec(
    "quality",
    "Every change normalisation made (removal, conversion, correction) and every warning, so nothing is lost silently.",
    (
        DOC_ID,
        _c("seq", pa.int32(), "Row order within the document (text order).", False),
        _c("kind", pa.string(), "What produced the row (see the normalisation steps in the README).", False, QUALITY_KINDS),
        _c("action", pa.string(), "removed, replaced or inserted text, or flagged a span without changing it.", False, QUALITY_ACTIONS),
        START,
        END,
        _c("raw_start", pa.int32(), "Offset of the changed stretch in the decoded raw text (the converter's text for a PDF, web page or Word file; 0 on a conversion row).", False),
        _c("raw_end", pa.int32(), "End offset of the changed stretch in the decoded raw text.", False),
        _c("line", pa.int32(), "Line number (1-based) of raw_start in the raw file.", False),
        _c("before", pa.string(), "The raw text of the stretch (what was there).", False),
        _c("after", pa.string(), "The normalised text of the stretch (what is there now).", False),
        _c("detail", pa.string(), "Why: the rule, correction reason or warning.", False),
    ),
    ("doc_id", "seq"),
)

COMPARATORS = ("=", ">=", ">", "<=", "<", "~", "between", "relative")
QUALIFIERS = ("at_least", "more_than", "less_than", "nearly", "at_most", "about", "range")
REVIEW_REASONS = (
    "approximate", "range", "relative to a benchmark", "subject unmapped", "no figure", "number in words",
    "kind from document type", "year from document", "year unknown", "unit as written", "previous year's figure",
    "starting figure of a change",
)  # fmt: skip
INDICATOR_KINDS = ("target", "reported")
INDICATOR_STATUSES = ("numeric", "relative", "qualitative")
YEAR_SOURCES = ("sentence", "section", "document", "comparison base", "change start", "table")
THEME_IDS = ("T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10")

INDICATORS = TableSpec(
    "indicators",
    "One row per quantitative target or reported figure (numeric), relative target, or catalogue indicator mentioned without a number (qualitative).",
    (
        DOC_ID,
        _c("seq", pa.int32(), "Row order within the document (text order).", False),
        _c("provision_id", pa.string(), "The provision the statement is in.", False),
        _c("path_label", pa.string(), "The provision's number as printed (provisions.path_label: 二(九)39), for citing the statement.", False),
        _c("jurisdiction_zh", pa.string(), "Issuing jurisdiction in Chinese (documents.jurisdiction_zh), so the table reads without a join.", False),
        _c("jurisdiction_en", pa.string(), "Issuing jurisdiction in English (documents.jurisdiction_en).", False),
        _c("doc_type", pa.string(), "Type of the document the statement is in (documents.doc_type).", False, DOC_TYPES),
        _c("indicator_id", pa.string(), "Catalogue indicator (fazhi/data/indicators.csv) the statement measures; null if none fits."),
        _c("indicator_zh", pa.string(), "Catalogue name in Chinese."),
        _c("indicator_en", pa.string(), "Catalogue name in English."),
        _c("theme_id", pa.string(), "National outline task area of the catalogue indicator (T2–T10).", True, THEME_IDS),
        _c("subject", pa.string(), "The measured thing as written (政务服务事项网上可办率); … marks words left out around the figure.", False),
        _c("value", pa.float64(), "The figure (95 for 95%, 17600 for 1.76万, 50 for 二分之一, 100 for 全覆盖); null for relative and qualitative rows."),
        _c("unit", pa.string(), "Unit of the figure (%, 学时, 次, 人 …): as written, except that a statement mapped to an indicator shows the indicator's unit when its measure word counts the same thing (2期 lectures → 次, 103宗 cases → 件, 3名 → 人; fazhi.extract.catalogue.SAME_UNITS)."),
        _c("unit_written", pa.string(), "The measure word as written (期, 宗, 名 …); differs from unit only where the catalogue merged it."),
        _c("comparator", pa.string(), "From the wording: 不低于/以上 >=, 高于/余/多/逾 >, 低于/近/不足 <, 以内/控制在 <=, 保持/达/为 =, 约/左右 ~ (about, no interval), between for a range (90%—95%), relative for a benchmark.", True, COMPARATORS),
        _c("qualifier", pa.string(), "What the wording says about the figure: at_least (不低于, 以上), more_than (余, 多, 逾, 高于), less_than (不足, 低于), nearly (近), at_most (以内, 不超过), about (约, 左右), range; null for a plain figure.", True, QUALIFIERS),
        _c("lower", pa.float64(), "Lower bound of the interval the statement allows."),
        _c("upper", pa.float64(), "Upper bound of the interval the statement allows."),
        _c("lower_inclusive", pa.bool_(), "Whether lower itself is allowed."),
        _c("upper_inclusive", pa.bool_(), "Whether upper itself is allowed."),
        _c("relative_to", pa.string(), "For a relative target, the benchmark as written (本地区同期行政诉讼一审纠错率)."),
        _c("relative_comparator", pa.string(), "For a relative target, how it compares with the benchmark (> for 高于).", True, COMPARATORS[:-1]),
        _c("kind", pa.string(), "target (set for the future) or reported (achieved): from the clause's wording (确保/力争/要求 … target; 已/累计 … reported), else the section (a report's next-year part sets targets), else the document type.", False, INDICATOR_KINDS),
        _c("status", pa.string(), "numeric, relative or qualitative (mentioned without a number).", False, INDICATOR_STATUSES),
        _c("year", pa.int16(), "Target or reported year: from the sentence, the paragraph's lead (——2022年为…), else a one-year document's year."),
        _c("year_source", pa.string(), "Where year came from.", True, YEAR_SOURCES),
        _c("cadence", pa.string(), "Recurrence from the wording: per year, per person per year, per quarter, per term of office …"),
        _c("scope", pa.string(), "Part of the jurisdiction a split figure applies to (市级, 县级)."),
        _c("worded", pa.string(), "The number as worded when not in figures (全覆盖, 二分之一, 两)."),
        _c("value_text", pa.string(), "The figure as written with its qualifier (90%以上)."),
        _c("quote", pa.string(), "The clause the statement is in (documents.text[start:end]).", False),
        START,
        END,
        _c("review_reasons", pa.list_(pa.string()), "Why the row may be wrong or needs reading in context: approximate, range, subject unmapped, kind from document type (no wording in the clause or section decided it), year from document, number in words …; empty when nothing is doubtful.", False, REVIEW_REASONS),
    ),
    ("doc_id", "seq"),
)

THEME_METHODS = ("seed", "centroid", "none")

THEMES = TableSpec(
    "themes",
    "One row per provision: its national-outline theme (seed-term votes, else nearest theme centroid), its unsupervised cluster and 2-D map position (task provisions), and its tokens.",
    (
        DOC_ID,
        PROVISION_ID,
        _c("theme_id", pa.string(), "Outline task area T2–T10 (names in fazhi/data/themes.csv); null if nothing indicates one.", True, THEME_IDS),
        _c("theme_score", pa.float64(), "Seed: share of the votes the winning theme got (1 = unanimous). Centroid: cosine similarity to the theme centroid.", False),
        _c("theme_method", pa.string(), "seed (seed-term votes), centroid (no seed term: nearest theme centroid) or none.", False, THEME_METHODS),
        _c("cluster_id", pa.int16(), "Unsupervised cluster (task provisions only; 0 = largest cluster)."),
        _c("x", pa.float64(), "First TruncatedSVD coordinate of the provision's TF-IDF vector (task provisions), for plotting."),
        _c("y", pa.float64(), "Second TruncatedSVD coordinate (task provisions), for plotting."),
        _c("tokens", pa.list_(pa.string()), "Content tokens (jieba with the domain dictionary; stop words removed): heading first, then text.", False),
    ),
    ("provision_id",),
)

CLUSTER_TERMS = TableSpec(
    "cluster_terms",
    "Top terms of each cluster by class-based TF-IDF, with the cluster's size, majority outline theme, name and nearest outline area.",
    (
        _c("cluster_id", pa.int16(), "Cluster (themes.cluster_id).", False),
        _c("rank", pa.int16(), "1 = the term most characteristic of the cluster.", False),
        _c("term", pa.string(), "Token.", False),
        _c("score", pa.float64(), "Class-based TF-IDF: frequency in the cluster × log(1 + average cluster size / frequency overall).", False),
        _c("n_provisions", pa.int32(), "Task provisions in the cluster.", False),
        _c("majority_theme_id", pa.string(), "The outline theme most of the cluster's provisions have.", True),
        _c("majority_share", pa.float64(), "Share of the cluster's provisions in the majority theme (its purity).", True),
        _c("label_zh", pa.string(), "The cluster's name: its three defining terms joined by · (执法·检查·处罚), from its top terms in rank order, a term giving way to a longer top term that contains it and is at least half as characteristic (行政 → 行政执法; fazhi.analyze.clusters.cluster_names).", False),
        _c("nearest_theme_id", pa.string(), "The outline task area most of the cluster's provisions are assigned to (provisions without one do not vote; ties: the outline's order); null if none has one.", True, THEME_IDS),
        _c("nearest_share", pa.float64(), "Share of the cluster's provisions in the nearest area.", False),
    ),
    ("cluster_id", "rank"),
)

CLUSTER_SELECTION = TableSpec(
    "cluster_selection",
    "How the number of clusters was chosen: silhouette and stability (mean adjusted Rand index over reruns with other seeds) for each k tried.",
    (
        _c("k", pa.int16(), "Number of clusters tried.", False),
        _c("silhouette", pa.float64(), "Mean silhouette (cosine, in the LSA space).", False),
        _c("stability", pa.float64(), "Mean adjusted Rand index of n_stability_runs reruns against the reference run; null where not measured (stability is measured in order of silhouette and stops at the first stable k, the one the rule picks)."),
        _c("chosen", pa.bool_(), "The k used for themes.cluster_id.", False),
        _c("criterion", pa.string(), "The selection rule applied.", False),
        _c("n_stability_runs", pa.int16(), "Reruns behind the stability figure (0 where not measured).", False),
    ),
    ("k",),
)

REUSE = TableSpec(
    "reuse",
    "Passages shared by provisions of two different documents (character shingles, inverted-index candidates, aligned blocks joined across small gaps).",
    (
        _c("passage_id", pa.int32(), "Row id, longest passages first.", False),
        _c("doc_id_a", pa.string(), "First document (earlier in the manifest).", False),
        _c("provision_id_a", pa.string(), "Provision of the first document.", False),
        _c("start_a", pa.int32(), "Offset of the passage in documents.text of doc_id_a.", False),
        _c("end_a", pa.int32(), "End offset in doc_id_a.", False),
        _c("doc_id_b", pa.string(), "Second document.", False),
        _c("provision_id_b", pa.string(), "Provision of the second document.", False),
        _c("start_b", pa.int32(), "Offset of the passage in documents.text of doc_id_b.", False),
        _c("end_b", pa.int32(), "End offset in doc_id_b.", False),
        _c("matched", pa.int32(), "Characters matched (punctuation not counted).", False),
        _c("length", pa.int32(), "Characters of the passage in document a (end_a - start_a).", False),
        _c("text_a", pa.string(), "The passage as document a has it.", False),
        _c("text_b", pa.string(), "The passage as document b has it (may differ by a character or punctuation).", False),
        _c("containment", pa.float64(), "Shared fingerprints (winnowed 6-character shingles) of the two provisions / fingerprints of the smaller one.", False),
        _c("from_above", pa.string(), "A document a level above both documents (a national one for all; a province's or a city's for the lower levels of its province), issued no later than either, whose shared passages with each of them cover at least 80 % of this passage's characters in both: both took the passage from it (the nearest level first; fazhi.analyze.fromabove). Null when none."),
    ),
    ("passage_id",),
)

FOLLOW_STATUSES = ("met", "not met", "target year not reached", "no comparable figure", "not reported", "no later report", "report year unknown")
FOLLOW_REVIEW_REASONS = ("approximate figure", "overlapping plans", "report without a year", "figure in another unit", "figure for another scope", "mentioned without a figure", "figure of another year", "not reported so far")
CASCADE_RELATIONS = ("verbatim", "restated", "tightened", "loosened", "changed", "own")
CASCADE_REVIEW_REASONS = ("year differs", "several parents", "no date to order")
#: Rank of a level in the hierarchy (0 = top); a district (区) is a county-level unit.
LEVEL_RANKS = {"national": 0, "province": 1, "prefecture": 2, "county": 3, "district": 3}

FOLLOW_THROUGH = TableSpec(
    "follow_through",
    "One row per pair of a target of a plan, opinion, key points or action plan and a figure a later report of the same jurisdiction gives for the same catalogue indicator; a target without any such figure has one row that says why (fazhi.analyze.followthrough).",
    (
        _c("jurisdiction_zh", pa.string(), "Jurisdiction (documents.jurisdiction_zh; an old name mapped to the current one).", False),
        _c("province_zh", pa.string(), "Province of the jurisdiction (documents.province_zh).", False),
        _c("indicator_id", pa.string(), "Catalogue indicator both statements measure.", False),
        _c("unit", pa.string(), "The target's unit (indicators.unit: the catalogue's unit where it merged a measure word).", False),
        _c("scope", pa.string(), "Part of the jurisdiction the target applies to (市本级, 县级); null for the whole."),
        _c("target_doc_id", pa.string(), "Document that sets the target.", False),
        _c("target_seq", pa.int32(), "indicators.seq of the target.", False),
        _c("target_provision_id", pa.string(), "Provision the target is in.", False),
        _c("target_start", pa.int32(), "Offset of the target's clause in documents.text of target_doc_id.", False),
        _c("target_end", pa.int32(), "End offset of the target's clause.", False),
        _c("target_quote", pa.string(), "The target's clause (不少于4次).", False),
        _c("target_value_text", pa.string(), "The target's figure as written (95%以上)."),
        _c("target_comparator", pa.string(), "The target's comparator (indicators.comparator).", True, COMPARATORS),
        _c("target_lower", pa.float64(), "Lower bound the target allows."),
        _c("target_upper", pa.float64(), "Upper bound the target allows."),
        _c("target_year", pa.int16(), "The year the target names; null when it names none (then it holds for the plan's period)."),
        _c("due_year", pa.int16(), "The year by which the target is due: the year it names, else the report's year for a yearly target (每年…), else the plan's last year; null if the plan has no period."),
        _c("report_doc_id", pa.string(), "The later report; null when no report of the jurisdiction gives the indicator."),
        _c("report_seq", pa.int32(), "indicators.seq of the reported figure."),
        _c("report_provision_id", pa.string(), "Provision the figure is in."),
        _c("report_start", pa.int32(), "Offset of the figure's clause in documents.text of report_doc_id."),
        _c("report_end", pa.int32(), "End offset of the figure's clause."),
        _c("report_quote", pa.string(), "The figure's clause (会前学法7次)."),
        _c("report_value_text", pa.string(), "The figure as written."),
        _c("report_value", pa.float64(), "The reported figure."),
        _c("report_unit", pa.string(), "The figure's unit (indicators.unit)."),
        _c("report_year", pa.int16(), "Year the figure is for (indicators.year, else the report's year)."),
        _c("status", pa.string(), "met; not met (due and short of the bound); target year not reached (short of the bound before it is due, or the corpus's latest report of the jurisdiction is older than the target's first year); no comparable figure (the report gives the indicator in another unit, for another scope or without a number); not reported (reports of the target's years exist and say nothing of it); no later report (the jurisdiction has no report of the target's years); report year unknown.", False, FOLLOW_STATUSES),
        _c("bound", pa.float64(), "The target's bound the figure is measured against: its lower bound, else its upper bound."),
        _c("gap", pa.float64(), "report_value − bound (positive: above the bound); null without a comparable figure."),
        _c("n_reports", pa.int16(), "Reports of the jurisdiction in the target's years (its year to the plan's end; the plan's period for a target without a year).", False),
        _c("review_reasons", pa.list_(pa.string()), "Why the row needs reading in context: approximate figure (余, 约 …), overlapping plans (another plan of the jurisdiction sets the same indicator for the same years), report without a year, figure in another unit, figure for another scope, mentioned without a figure, figure of another year.", False, FOLLOW_REVIEW_REASONS),
    ),
    ("target_doc_id", "target_seq", "report_doc_id", "report_seq"),
)

CASCADE = TableSpec(
    "cascade",
    "One row per target of a document: the target of a document of a higher level (national → province → city → county, same province, issued earlier, periods overlapping) it repeats for the same indicator, unit and scope, and how (fazhi.analyze.cascade); own when none does.",
    (
        _c("doc_id", pa.string(), "Document of the target (the lower level).", False),
        _c("seq", pa.int32(), "indicators.seq of the target.", False),
        _c("provision_id", pa.string(), "Provision the target is in.", False),
        START,
        END,
        _c("jurisdiction_zh", pa.string(), "Jurisdiction of the document.", False),
        _c("level", pa.string(), "Its level.", False, LEVELS),
        _c("indicator_id", pa.string(), "Catalogue indicator.", False),
        _c("unit", pa.string(), "Unit of both targets.", False),
        _c("scope", pa.string(), "Part of the jurisdiction both targets apply to; null for the whole."),
        _c("quote", pa.string(), "The target's clause.", False),
        _c("value_text", pa.string(), "The target's figure as written."),
        _c("year", pa.int16(), "The target's year."),
        _c("parent_doc_id", pa.string(), "The higher-level document whose target it repeats; null for own."),
        _c("parent_seq", pa.int32(), "indicators.seq of the higher-level target."),
        _c("parent_provision_id", pa.string(), "Provision of the higher-level target."),
        _c("parent_start", pa.int32(), "Offset of the higher-level clause in documents.text of parent_doc_id."),
        _c("parent_end", pa.int32(), "End offset of the higher-level clause."),
        _c("parent_jurisdiction_zh", pa.string(), "Jurisdiction of the higher-level document."),
        _c("parent_level", pa.string(), "Its level.", True, LEVELS),
        _c("parent_quote", pa.string(), "The higher-level clause."),
        _c("parent_value_text", pa.string(), "The higher-level figure as written."),
        _c("parent_year", pa.int16(), "The higher-level target's year."),
        _c("relation", pa.string(), "verbatim (same bounds, clauses at least 80 % alike), restated (same bounds, other wording), tightened (a narrower interval, or the same one earlier: ≥90% → 100%), loosened (a wider one, or later), changed (intervals that cross), own (no higher-level target of the indicator).", False, CASCADE_RELATIONS),
        _c("similarity", pa.float64(), "How alike the two clauses are (difflib ratio of their characters, punctuation left out); null for own."),
        _c("review_reasons", pa.list_(pa.string()), "year differs (both name a year, not the same one), several parents (more than one higher-level target fits; the most alike is shown), no date to order (a document without issued_date: periods ordered them).", False, CASCADE_REVIEW_REASONS),
    ),
    ("doc_id", "seq"),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (DOCUMENTS, PROVISIONS, INDICATORS, THEMES, CLUSTER_TERMS, CLUSTER_SELECTION, REUSE, QUALITY, FOLLOW_THROUGH, CASCADE)}


def data_dictionary() -> str:
    """Markdown data dictionary generated from the declarations above."""
    out = []
    for spec in TABLES.values():
        out.append(f"#### `{spec.name}`\n\n{spec.description} Key: `{', '.join(spec.key)}`.\n")
        out.append("| column | type | null | description |")
        out.append("|---|---|---|---|")
        for c in spec.columns:
            desc = c.description + (f" One of: {', '.join(c.values)}." if c.values else "")
            out.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {desc.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)
