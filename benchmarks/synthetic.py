"""A deterministic synthetic corpus: N documents recombined from the founding five.

Each document takes section headings and task provisions of the real documents
(parsed by fazhi itself, so the pieces are clean), shuffles and renumbers them
(``1.``, ``(一)`` or ``第一条`` style), varies figures, years and place names, and
wraps them in a plausible front matter (notice, doc number, addressee, date).  Some
documents are then written in traditional characters (OpenCC ``s2t``), some carry
pinyin annotations after their characters (``關(guān)``, as in the Shiyan seed) and
some are framed by web-page navigation (as in the Tai'an seed).  The same
``(n, seed)`` always gives the same bytes.

By default every document is a jurisdiction of its own (names drawn per document, so two
may share a Chinese name).  With ``jurisdictions=J`` document ``k`` belongs to jurisdiction
``k % J``, whose names, level and province are drawn once for it (every document of it
agrees) and whose Chinese name no other jurisdiction has: the scale of the field, where
briefings have a profile page per jurisdiction.  ``name_length`` gives long names (a
bad-input corpus) and ``numbers=False`` only task texts without a figure;
:func:`write_special` writes the small special corpora the tests use.

>>> docs = list(generate(3, seed=1))
>>> [d.row["doc_id"] for d in docs]
['synth_00000', 'synth_00001', 'synth_00002']
>>> docs[0].text == next(generate(1, seed=1)).text
True
>>> docs = list(generate(6, seed=1, jurisdictions=4))
>>> [d.row["jurisdiction_en"] for d in docs]
['Synth J0000', 'Synth J0001', 'Synth J0002', 'Synth J0003', 'Synth J0000', 'Synth J0001']
>>> docs[0].row["jurisdiction_zh"] == docs[4].row["jurisdiction_zh"], docs[0].row["province_zh"] == docs[4].row["province_zh"]
(True, True)
>>> docs[0].row["doc_type"] == document(0, seed=1).row["doc_type"]  # type, period, content: still from k
True
>>> row = document(0, seed=1, jurisdictions=4, name_length=40).row
>>> len(row["jurisdiction_zh"]), len(row["jurisdiction_en"])
(40, 40)
"""

from __future__ import annotations

import csv
import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cn2an

from fazhi.ingest.manifest import read_corrections, read_manifest
from fazhi.pipeline import parse_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw"
#: Bump when the output changes, so cached corpora are regenerated.
VERSION = 2
TARGET_BYTES = (8_000, 32_000)  # uniform: ~20 KB on average

REAL_NAMES = ("淮北", "台安", "青海", "十堰", "大兴", "安徽", "辽宁", "湖北", "北京", "鞍山")
NAME_CHARS = "东西南北安平宁康泰和兴华阳山河江湖清永长新城德源丰盛昌明远云海龙凤金银石桥林溪"
LEVEL_SUFFIX = {"prefecture": "市", "county": "县", "district": "区", "province": "省"}
TYPE_TITLE = {
    "action_plan": "三年行动计划",
    "plan": "实施方案",
    "opinion": "实施意见",
    "key_points": "工作要点",
    "report": "工作情况的报告",
}
CN_NUM = "一二三四五六七八九十"
#: Provinces the non-provincial jurisdictions are spread over (as many as China has).
N_PROVINCES = 31
#: A figure in a text: a digit, or a quantity written in Chinese numerals (三年, 两个, 百分之…).
FIGURE = re.compile(
    r"[0-9０-９]|[零〇一二两三四五六七八九十百千万亿]+(?:[个项件次人名位年月日天周家条倍成批所场期类级届轮支座户元]|%|％)|百分之|半年"
)
EN_FILLER = ("Autonomous", "Prefecture", "New", "Area", "Economic", "and", "Technological", "Development", "Zone", "County")
MANIFEST_COLUMNS = ("doc_id", "file", "jurisdiction_zh", "jurisdiction_en", "level", "province_zh", "doc_type", "period_start", "period_end")


@dataclass(frozen=True)
class Pool:
    sections: tuple[str, ...]  # headings of top-level sections
    tasks: tuple[str, ...]  # task provisions' own text (label removed)
    pinyin: dict  # traditional character → syllable, from the Shiyan seed
    nav_head: tuple[str, ...]  # web-page lines before the Tai'an title
    nav_meta: tuple[str, ...]  # and the page's metadata and tool lines after it


@functools.lru_cache(maxsize=1)
def pool() -> Pool:
    """The pieces, taken from the five seeds by fazhi's own parser."""
    sources, problems = read_manifest(SEEDS / "sources.csv")
    corrections, more = read_corrections(SEEDS / "corrections.csv", {s.doc_id for s in sources})
    if problems or more:
        raise RuntimeError(f"seed manifest problems: {problems + more}")
    sections, tasks = [], []
    for src in sources:
        parsed = parse_text(src.path.read_bytes(), path=src.path, corrections=[c for c in corrections if c.doc_id == src.doc_id])
        for p in parsed.outline.provisions:
            if p.is_task and len(p.text) >= 20:
                tasks.append(p.text)
            elif p.kind == "section" and p.heading and len(p.heading) <= 30:
                sections.append(p.heading)
    shiyan = (SEEDS / "shiyan_2023_report.txt").read_text("utf-8")
    pinyin = {}
    for m in re.finditer(r"([\u4e00-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", shiyan):
        pinyin.setdefault(m.group(1), m.group(2))
    taian = (SEEDS / "taian_2017_plan.txt").read_text("utf-8").splitlines()
    title = next(i for i, line in enumerate(taian) if "实施方案" in line and "首页" not in line)
    meta = tuple(line for line in taian[title + 1 : title + 4] if "发布时间" in line or "打印" in line)
    return Pool(tuple(sections), tuple(tasks), pinyin, tuple(taian[:title]), meta)


@functools.lru_cache(maxsize=1)
def figure_free_tasks() -> tuple[str, ...]:
    """The task texts of :func:`pool` without any figure: no digit, no quantity in Chinese
    numerals (:data:`FIGURE`) and nothing fazhi's own extractor reads as a quantity
    (``全覆盖`` is 100%), so a corpus of them has no numeric statement at all.

    >>> 80 < len(figure_free_tasks()) < len(pool().tasks)
    True
    """
    from fazhi.extract.indicators import find_quantities

    return tuple(t for t in pool().tasks if not FIGURE.search(t) and not find_quantities(t))


@dataclass
class SyntheticDocument:
    row: dict  # manifest row
    text: str
    tasks: tuple[str, ...] = ()  # the task provisions' bodies, as written (without their labels)


@dataclass(frozen=True)
class Jurisdiction:
    index: int
    stem: str  # the name without its level suffix (the place name the text uses)
    zh: str
    en: str
    level: str
    province: str


def _name(rng: random.Random) -> str:
    return "".join(rng.sample(NAME_CHARS, 2))


def _vary(text: str, rng: random.Random, name: str, years: tuple[int, int]) -> str:
    """Figures, years and place names changed; the wording kept."""
    text = re.sub("|".join(REAL_NAMES), name, text)
    text = re.sub(r"(?<!\d)20[12]\d(?=年)", lambda m: str(rng.randint(*years)), text)
    text = re.sub(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)%", lambda m: f"{rng.choice((60, 70, 75, 80, 85, 90, 95, 98, 100))}%", text)
    return re.sub(r"(?<![\d.年月])(\d{1,3})(?=[人次件项个条家场期学])", lambda m: str(max(1, int(m.group(1)) + rng.randint(-3, 5))), text)


def _marker(style: str, k: int) -> str:
    cn = cn2an.an2cn(k + 1)
    return {"arabic": f"{k + 1}.", "paren": f"({cn})", "article": f"第{cn}条 "}[style]


def _to_traditional(text: str) -> str:
    return _s2t().convert(text)


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _annotate(text: str, rng: random.Random, table: dict) -> str:
    """``關(guān)``-style annotations after most characters the table knows."""
    return "".join(f"{ch}({table[ch]})" if ch in table and rng.random() < 0.9 else ch for ch in text)


LEVELS = ("prefecture", "county", "county", "district", "province")  # drawn with these weights


@functools.cache
def _provinces(seed: int) -> tuple[str, ...]:
    rng = random.Random(f"synthetic-provinces:{seed}")
    names: list[str] = []
    while len(names) < N_PROVINCES:
        name = _name(rng) + "省"
        if name not in names:
            names.append(name)
    return tuple(names)


@functools.cache
def _jurisdiction_table(seed: int, name_length: int | None) -> list[Jurisdiction]:
    """Jurisdictions drawn so far for ``(seed, name_length)``, extended by :func:`jurisdiction`."""
    return []


def jurisdiction(j: int, seed: int = 0, name_length: int | None = None) -> Jurisdiction:
    """The ``j``-th jurisdiction: drawn from ``random.Random`` seeded by ``(seed, j)``; a
    Chinese name an earlier jurisdiction already has grows by a character (drawn too) until
    it is new, so jurisdiction ``j`` is the same in every corpus with more than ``j``.

    >>> a, b = jurisdiction(42, seed=0), jurisdiction(42, seed=0)
    >>> a == b, a.en, a.zh == a.stem + LEVEL_SUFFIX[a.level]
    (True, 'Synth J0042', True)
    >>> len({jurisdiction(j).zh for j in range(500)})
    500
    """
    if name_length is not None and name_length < 12:
        raise ValueError(f"name_length must be at least 12 (Synth J0000 and a character more), not {name_length}")
    table = _jurisdiction_table(seed, name_length)
    taken = {x.zh for x in table}
    while len(table) <= j:
        i = len(table)
        rng = random.Random(f"synthetic-jurisdiction:{seed}:{i}")
        level = rng.choice(LEVELS)
        suffix = LEVEL_SUFFIX[level]
        stem = _name(rng) if name_length is None else "".join(rng.choices(NAME_CHARS, k=max(1, name_length - len(suffix))))
        while stem + suffix in taken:
            if name_length is None:
                stem += rng.choice(NAME_CHARS)  # a third character (a fourth, if need be)
            else:  # keep the length: redraw the last character
                stem = stem[:-1] + rng.choice(NAME_CHARS)
        zh = stem + suffix
        taken.add(zh)
        province = zh if level == "province" else rng.choice(_provinces(seed))
        en = f"Synth J{i:04d}"
        if name_length is not None:
            while len(en) < name_length:
                en += " " + rng.choice(EN_FILLER)
            en = en[:name_length]
            if en.endswith(" "):  # a manifest strips its cells
                en = en[:-1] + "x"
        table.append(Jurisdiction(i, stem, zh, en, level, province))
    return table[j]


def document(k: int, seed: int = 0, jurisdictions: int | None = None, *, name_length: int | None = None, numbers: bool = True) -> SyntheticDocument:
    """The ``k``-th synthetic document of the corpus with ``seed``.

    ``jurisdictions=J``: it belongs to jurisdiction ``k % J`` (see :func:`jurisdiction`);
    ``name_length``: that jurisdiction's names are this long (each document its own
    jurisdiction ``k`` when ``jurisdictions`` is None); ``numbers=False``: only task texts
    without a figure.  Type, period and content come from ``k`` whatever these are; with
    none of them the document is the one the benchmarks have always used.
    """
    rng = random.Random(seed * 1_000_003 + k)
    p = pool()
    level = rng.choice(LEVELS)
    stem = _name(rng)
    name = stem + LEVEL_SUFFIX[level]
    province = _name(rng) + "省"
    jurisdiction_en = f"Synth {k:05d}"
    if jurisdictions is not None or name_length is not None:  # the draws above are still made: the rest stays the same
        if jurisdictions is not None and jurisdictions < 1:
            raise ValueError(f"jurisdictions must be at least 1, not {jurisdictions}")
        j = jurisdiction(k % jurisdictions if jurisdictions is not None else k, seed, name_length)
        level, stem, name, province, jurisdiction_en = j.level, j.stem, j.zh, j.province, j.en
    task_pool = p.tasks if numbers else figure_free_tasks()
    doc_type = rng.choice(tuple(TYPE_TITLE))
    start = rng.randint(2015, 2025)
    end = start if doc_type in ("key_points", "report") else start + rng.randint(2, 4)
    issued = start + 1 if doc_type == "report" else start
    title = f"{name}{'关于' + str(start) + '年法治政府建设' if doc_type == 'report' else '法治政府建设'}{TYPE_TITLE[doc_type]}"
    style = rng.choice(("arabic", "paren", "article"))
    target = rng.randint(*TARGET_BYTES)

    lines = [
        f"{name}人民政府关于印发{title}的通知" if doc_type != "report" else title,
        f"{stem[0]}政〔{issued}〕{rng.randint(1, 120)}号",
        f"各{'县区' if level == 'prefecture' else '乡镇'}人民政府,{name}政府各部门:",
        f"现将《{title}》印发给你们,请认真贯彻落实。",
        f"{name}人民政府",
        f"{issued}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        title,
        f"为深入推进依法行政,加快建设法治政府,结合{name}实际,制定本{TYPE_TITLE[doc_type][-2:]}。",
    ]
    size = sum(len(line.encode()) for line in lines)
    n_task = 0
    bodies = []
    for s in range(rng.randint(3, 8)):
        lines.append(f"{CN_NUM[s]}、{rng.choice(p.sections)}")
        for _ in range(rng.randint(2, 8)):
            body = _vary(rng.choice(task_pool), rng, stem, (start, end))
            bodies.append(body)
            lines.append(_marker(style, n_task) + body)
            n_task += 1
            size += len(lines[-1].encode())
        if size >= target:
            break
    while size < target:  # a last section to reach the size drawn
        body = _vary(rng.choice(task_pool), rng, stem, (start, end))
        bodies.append(body)
        lines.append(_marker(style, n_task) + body)
        n_task += 1
        size += len(lines[-1].encode())
    text = "\n".join(lines) + "\n"
    script = rng.random()
    if script < 0.3:
        text = _to_traditional(text)
        if script < 0.06:
            text = _annotate(text, rng, p.pinyin)
    if rng.random() < 0.15:
        first, rest = text.split("\n", 1)
        text = "\n".join((*p.nav_head, first, *p.nav_meta, rest))
    doc_id = f"synth_{k:05d}"
    row = {
        "doc_id": doc_id,
        "file": f"docs/{doc_id}.txt",
        "jurisdiction_zh": name,
        "jurisdiction_en": jurisdiction_en,
        "level": level,
        "province_zh": province,
        "doc_type": doc_type,
        "period_start": start,
        "period_end": end,
    }
    return SyntheticDocument(row, text, tuple(bodies))


def generate(
    n: int, seed: int = 0, jurisdictions: int | None = None, *, name_length: int | None = None, numbers: bool = True
) -> Iterator[SyntheticDocument]:
    for k in range(n):
        yield document(k, seed, jurisdictions, name_length=name_length, numbers=numbers)


def write_corpus(
    folder: Path, n: int, seed: int = 0, jurisdictions: int | None = None, *, name_length: int | None = None, numbers: bool = True
) -> tuple[int, int]:
    """Write ``n`` documents and ``sources.csv`` into ``folder``; returns (documents, bytes).
    The options are those of :func:`document`."""
    folder = Path(folder)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    total = 0
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        w.writeheader()
        for doc in generate(n, seed, jurisdictions, name_length=name_length, numbers=numbers):
            data = doc.text.encode("utf-8")
            (folder / doc.row["file"]).write_bytes(data)
            total += len(data)
            w.writerow(doc.row)
    return n, total


#: Small corpora for the cases a briefing must survive: kind → options of :func:`write_corpus`.
SPECIAL: dict[str, dict] = {
    "one_jurisdiction": {"jurisdictions": 1},  # every document of one jurisdiction
    "no_numbers": {"jurisdictions": 3, "numbers": False},  # no figure in any task: nothing to chart
    "long_names": {"jurisdictions": 3, "name_length": 40},  # 40-character names, Chinese and English
}


def write_special(folder: Path, kind: str, n: int = 6, seed: int = 0) -> tuple[int, int]:
    """Write the special corpus ``kind`` (see :data:`SPECIAL`) of ``n`` documents into ``folder``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_special(Path(tmp), "one_jurisdiction", n=2)[0], len(read_manifest(Path(tmp) / "sources.csv")[0])
    (2, 2)
    """
    if kind not in SPECIAL:
        raise ValueError(f"unknown special corpus {kind!r} (one of {', '.join(SPECIAL)})")
    return write_corpus(folder, n, seed, **SPECIAL[kind])
