"""A deterministic synthetic corpus: N documents recombined from the founding five.

Each document takes section headings and task provisions of the real documents
(parsed by fazhi itself, so the pieces are clean), shuffles and renumbers them
(``1.``, ``(一)`` or ``第一条`` style), varies figures, years and place names, and
wraps them in a plausible front matter (notice, doc number, addressee, date).  Some
documents are then written in traditional characters (OpenCC ``s2t``), some carry
pinyin annotations after their characters (``關(guān)``, as in the Shiyan seed) and
some are framed by web-page navigation (as in the Tai'an seed).  The same
``(n, seed)`` always gives the same bytes.

>>> docs = list(generate(3, seed=1))
>>> [d.row["doc_id"] for d in docs]
['synth_00000', 'synth_00001', 'synth_00002']
>>> docs[0].text == next(generate(1, seed=1)).text
True
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


@dataclass
class SyntheticDocument:
    row: dict  # manifest row
    text: str


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


def document(k: int, seed: int = 0) -> SyntheticDocument:
    """The ``k``-th synthetic document of the corpus with ``seed``."""
    rng = random.Random(seed * 1_000_003 + k)
    p = pool()
    level = rng.choice(("prefecture", "county", "county", "district", "province"))
    stem = _name(rng)
    name = stem + LEVEL_SUFFIX[level]
    province = _name(rng) + "省"
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
    for s in range(rng.randint(3, 8)):
        lines.append(f"{CN_NUM[s]}、{rng.choice(p.sections)}")
        for _ in range(rng.randint(2, 8)):
            body = _vary(rng.choice(p.tasks), rng, stem, (start, end))
            lines.append(_marker(style, n_task) + body)
            n_task += 1
            size += len(lines[-1].encode())
        if size >= target:
            break
    while size < target:  # a last section to reach the size drawn
        body = _vary(rng.choice(p.tasks), rng, stem, (start, end))
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
        "jurisdiction_en": f"Synth {k:05d}",
        "level": level,
        "province_zh": province,
        "doc_type": doc_type,
        "period_start": start,
        "period_end": end,
    }
    return SyntheticDocument(row, text)


def generate(n: int, seed: int = 0) -> Iterator[SyntheticDocument]:
    for k in range(n):
        yield document(k, seed)


def write_corpus(folder: Path, n: int, seed: int = 0) -> tuple[int, int]:
    """Write ``n`` documents and ``sources.csv`` into ``folder``; returns (documents, bytes)."""
    folder = Path(folder)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    total = 0
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        w.writeheader()
        for doc in generate(n, seed):
            data = doc.text.encode("utf-8")
            (folder / doc.row["file"]).write_bytes(data)
            total += len(data)
            w.writerow(doc.row)
    return n, total
