"""Every regular expression fazhi uses, compiled once, named for what it finds.

Text is matched *after* width folding (full-width ``，（）：`` are ASCII by then),
so the patterns only list the ASCII forms unless they run before folding.
"""

from __future__ import annotations

import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_DIGITS = "〇零一二三四五六七八九十百千两"
#: Latin letters that occur in Hanyu Pinyin with tone marks (and ü).
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")

# -- normalisation -------------------------------------------------------------
CRLF = re.compile(r"\r\n?")
LINE_LEADING_WS = re.compile(r"(?m)^[ \t]+")
LINE_TRAILING_WS = re.compile(r"(?m)[ \t]+$")
INNER_WS_RUN = re.compile(r"[ \t]{2,}|\t")
BLANK_LINES = re.compile(r"\n{2,}")
EDGE_NEWLINES = re.compile(r"^\n+|\n+$")

#: A pinyin annotation right after a Han character: 關(guān) → the "(guān)".
PINYIN_ANNOTATION = re.compile(rf"(?<=[{HAN}])\(([{PINYIN_LETTERS}]{{1,7}})\)")
#: The same after something that is not Han (a garble signal): F(xiàn).
PINYIN_AFTER_NON_HAN = re.compile(rf"(?<=[A-Za-z0-9?])\(([{PINYIN_LETTERS}]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][{PINYIN_LETTERS}]{{0,6}})\)")
#: A toned syllable closed by ")" whose "(" was eaten by a garble: 袛?shù)
BROKEN_ANNOTATION = re.compile(rf"(?<![({PINYIN_LETTERS}])[{PINYIN_LETTERS}]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][{PINYIN_LETTERS}]{{0,6}}\)")
#: ASCII "?" glued to ASCII punctuation or letters: typical of GBK bytes read wrongly.
GARBLE_QUESTION = re.compile(r"\?(?=[!,.;:A-Za-z(])")
REPLACEMENT_CHAR = re.compile("\ufffd+")
#: "?" glued to full-width punctuation: a character lost in a bad decode (?。ù…).
GARBLE_QUESTION_CJK = re.compile(r"\?(?=[。，、；：（）！])")
#: A toned pinyin fragment that is not an annotation "(…)" right after a Han character.
STRAY_PINYIN = re.compile(
    rf"(?<![({PINYIN_LETTERS}])[{PINYIN_LETTERS}]{{0,6}}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][{PINYIN_LETTERS}]{{0,6}}(?![{PINYIN_LETTERS})])"
)
#: Box-drawing and block characters never occur in these texts; GBK read as something else makes them.
BOX_DRAWING = re.compile("[\u2500-\u259f]+")

# -- web-page debris (matched on whole, trimmed lines) ---------------------------
NAV_SEPARATOR = re.compile(r"\s*[|｜]\s*")
BREADCRUMB = re.compile(r"^(?:您?(?:当前|现在)?所在(?:的)?位置|当前位置|您的位置)\s*[:：]?")
BREADCRUMB_ARROWS = re.compile(r"首页\s*(?:>|》|→|/)|^[\u4e00-\u9fff]{2,8}(?:\s*(?:>|→)\s*[\u4e00-\u9fff]{2,8})+$")
PAGE_META_KEY = re.compile(
    r"(上稿单位|信息员|发布时间|发布日期|更新时间|时间|阅读次数|浏览次数|点击次数|访问次数|信息来源|文章来源|来源|作者|责任编辑|编辑|字号|打印|分享到)\s*[:：]"
)
#: The portal's "today is" line, a date of the visit, not of the document: 今天是:2019年10月31日 星期三.
PAGE_TODAY = re.compile(r"^(?:今天是|今日是|今天|当前日期)\s*[:：]?\s*\d{4}\s*年|^\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]")
#: A cell that names a field of a portal's metadata table (索引号 | … | 发文字号 | …).
META_TABLE_KEY = re.compile(
    r"^(?:索\s*引\s*号|发文字号|文\s*号|发布机构|制发机构|发文机关|发文单位|公文时效|有效性|主题分类|成文日期|发布日期|生效日期|标\s*题|主\s*题\s*词|公开方式)$"
)
PAGE_BUTTONS = re.compile(r"^(?:【[^【】]{0,12}(?:】|$)\s*)+$")
PAGE_BUTTON_WORDS = re.compile(r"字号|打印|关闭|窗口|收藏|分享|返回|顶部|纠错|[大中小]")
#: A breadcrumb broken over lines: 首页 alone, then ">> 政务公开 >> 法治政府工作报告".
BREADCRUMB_PART = re.compile(r"^(?:首\s*页|(?:>>?|»|›|→)\s*\S.*)$")
#: A reposting site's name heading the page, often twice: 某某资讯网 某某资讯网.
SITE_NAME = re.compile(r"^(\S{2,12}(?:网|网站|门户|在线))(?:\s+\1)*$")
#: A content farm's lead: 下面是小编为大家整理的…,供大家参考。
SITE_BLURB = re.compile(r"^(?:下面|以下)是(?:小编|本站|编辑)|供大家(?:参考|借鉴|学习)[^。]{0,6}。?$")
#: A repost's source line: 转自:司法部, 转载自 某网.
REPOST_LINE = re.compile(r"^(?:转自|转载自|来自)\s*[:：]\s*\S{1,30}$")
#: A portal's footer: who runs the site and its registrations (主办:… 承办:…, 网站标识码, ICP备, 版权所有).
PAGE_FOOTER_STRONG = re.compile(r"网站标识码|ICP备|公网安备|版权所有|Copyright|©")
PAGE_FOOTER_KEY = re.compile(r"(主办|承办|协办|技术支持|维护单位|网站地图|联系我们)(?:单位)?\s*[:：]")
PAGE_TOOLS = re.compile(r"^(?:分享到|扫一扫|上一篇|下一篇|相关链接|相关阅读|打印本页|关闭窗口|返回顶部|【关闭】|【打印】)")

# -- header (front and back matter) ------------------------------------------------
DOC_NUMBER = re.compile(rf"[{HAN}]{{1,16}}[〔\[【(]\d{{4}}[〕\]】)]\s*\d{{1,4}}\s*号")
DOC_NUMBER_LINE = re.compile(rf"^{DOC_NUMBER.pattern}$")
DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: A date in Chinese numerals, zeros written 〇, 零, 0 or O: 二〇〇五年三月三日, 二00五年三月三日.
DATE_CN_NUMERAL = re.compile(r"([〇零0OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
DATE_LINE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    + DATE_CN_NUMERAL.pattern.replace("(", "(?:").replace("(?:?:", "(?:")
    + r")$"
)
DATE_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
META_FIELD = re.compile(
    r"(索\s*引\s*号|发文字号|文\s*号|发布机构|发文机关|公文时效|主题分类|成文日期|发布日期|生效日期|标\s*题)\s*[:：]\s*"
)
#: A portal's metadata block as label lines (often bulleted), the value on the same line or the
#: next: "• 信息索引号:" / "1133…/2024-139175", "• 发布日期:" / "2024-01-31".
META_BLOCK_LABEL = re.compile(
    r"^[•·▪●◆\-\*]?\s*(?:信息)?(?:索\s*引\s*号|审核程序|发布机构|发文机关|发文字号|文\s*号|发布日期|成文日期|生成日期|"
    r"公开方式|公开范围|公开时限|主题分类|组配分类|体裁分类|有\s*效\s*性)\s*[:：]\s*(?P<value>[^。]{0,40})$"
)
#: A portal's numbered metadata list: ``5. [成文日期] 2021-11-26`` (key in brackets, value after).
META_LIST = re.compile(r"^\s*\d{1,2}\s*[.、]\s*\[(?P<key>[^\]]{2,10})\]\s*(?P<value>.*)$")
ADDRESSEE_LINE = re.compile(r"^[^。]{2,120}[:：]$")
COVER_LETTER = re.compile(r"印发给你们|现印发|请认真(?:组织)?(?:贯彻)?(?:落实|执行|实施)|请结合实际")
NOTE_LINE = re.compile(r"^\((?:此件|本件)[^)]*\)$")
#: How the name of an organ that signs ends: 某县人民政府, 某市市场监督管理局, 某街道办事处, 某区政务服务中心.
ORGAN_SUFFIX = r"(?:人民政府|办公厅|办公室|办事处|委员会|管委会|小组|政府|中心|局|厅|委|院|部)"
ISSUER_LINE = re.compile(rf"^[{HAN}()]{{2,40}}{ORGAN_SUFFIX}$")
TITLE_KEYWORD = re.compile(r"方案|意见|计划|要点|报告|通知|规划|纲要|办法|规定|决定|安排|总结|情况|体系|细则|清单|汇报")
PERIOD_LINE = re.compile(r"^\(\d{4}\s*[-—–~至]\s*\d{4}\s*年?\)$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
PERIOD = re.compile(r"(\d{4})\s*[-—–~至]\s*(\d{4})\s*年")
NOTICE_TITLE = re.compile(r"(?:关于)?印发(?:《)?(?P<inner>.+?)(?:》)?的通知$")
ISSUER_IN_TITLE = re.compile(rf"^(?P<issuer>[{HAN}]{{2,30}}?(?:人民政府办公厅|人民政府|办公厅|委员会|政府))关于")
DRAFT_MARK = re.compile(r"征求意见稿|草案|送审稿|讨论稿|试行稿")
ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d*\s*[:：]")
CC_LINE = re.compile(r"^(?:抄送|印发|主送|联系人|联系电话)\s*[:：]")
SENTENCE_PUNCT = re.compile(r"[。;；!！?？]")
JURISDICTION = re.compile(rf"^(?P<name>[{HAN}]{{1,12}}?(?:自治区|自治州|特别行政区|省|市|县|区|州|盟|旗))")

# -- outline ---------------------------------------------------------------------------
_MARKER = (
    rf"(?:"
    rf"(?P<chapter>第(?P<chapter_n>[{CN_DIGITS}\d]+)章)|"
    rf"(?P<section>第(?P<section_n>[{CN_DIGITS}\d]+)节)|"
    rf"(?P<article>第(?P<article_n>[{CN_DIGITS}\d]+)条)|"
    rf"(?P<cn>(?P<cn_n>[{CN_DIGITS}]{{1,4}})[、.])|"
    rf"(?P<paren_cn>\((?P<paren_cn_n>[{CN_DIGITS}]{{1,4}})\))|"
    rf"(?P<arabic>(?P<arabic_n>\d{{1,3}})[.、](?!\d))|"
    rf"(?P<paren_arabic>\((?P<paren_arabic_n>\d{{1,3}})\))|"
    rf"(?P<circled>(?P<circled_n>[\u2460-\u2473]))"
    rf")"
)
#: Numbering at the start of a line, one named alternative per style.
OUTLINE_MARKER = re.compile("^" + _MARKER)
#: The same, anchored wherever ``.match(text, pos)`` puts it (for inline items).
OUTLINE_MARKER_AT = re.compile(_MARKER)
MARKER_STYLES = ("chapter", "section", "article", "cn", "paren_cn", "arabic", "paren_arabic", "circled")
#: Where an item may start in the middle of a line: after a sentence end.
INLINE_ITEM_START = re.compile(r"(?<=[。;!?])\s*(?=(?:\d{1,3}[.、]|\(\d{1,3}\)|\([一二三四五六七八九十]{1,3}\)|[\u2460-\u2473]))")
#: A heading that ends at the first full stop: "推进政府职能法定化。"
FIRST_SENTENCE = re.compile(r"^[^。;!?\n]{2,40}?[。;!?]")
#: Headings are plain phrases: no brackets, titles in 《》 or figures.
NOT_IN_HEADING = re.compile(r"[()《》\d%]")
SINGLE_SENTENCE = re.compile(r"^[^。;!?\n]{2,40}[。;!?]?$")

#: Headings of general sections — provisions, but not tasks: 一、总体要求, (一)指导思想, 保障措施,
#: 充分认识…的重大意义.
GENERAL_HEADING = re.compile(
    r"^(?:总体要求|指导思想|基本原则|工作原则|工作目标|主要目标|总体目标|发展目标|目标任务|保障措施|组织保障|"
    r"组织实施|工作要求|实施步骤|工作步骤|进度安排|职责分工|工作机制|适用范围)|重要意义|重大意义|必要性|紧迫性"
)
#: Headings of the forward-looking part of a report: 八、2020年法治政府建设工作计划, 下一步工作打算.
OUTLOOK_HEADING = re.compile(
    r"下一步|今后|明年|工作(?:计划|打算|安排|思路|重点|要点)|(?:19|20)\d{2}年.{0,16}(?:计划|打算|安排|思路|重点|要点)|努力方向"
)

# -- units and deadlines -----------------------------------------------------------------
UNITS_NOTE = re.compile(r"\((?P<body>(?:牵头|责任|主责)单位\s*[:：][^()\n]{0,400}?)\)")
UNIT_ROLE = re.compile(r"(?P<role>牵头单位|责任单位|主责单位|配合单位|参与单位|协办单位)\s*[:：]")
UNIT_SPLIT = re.compile(r"[、,，;；]")
#: A unit note that names the units by a verb: 〔省直各部门(单位),各市(州)人民政府按职责分工负责〕,
#: (市司法局牵头,市直各部门配合).  〔〕 may hold ( ) inside; ( ) may not.
ROLE_NOTE = re.compile(
    r"〔(?P<body>[^〔〕\n]{2,300}?(?:负责|牵头|配合|参与|协助))〕|\((?P<pbody>[^()\n]{2,200}?(?:负责|牵头|配合|参与|协助))\)"
)
#: The verb closing a clause of such a note, and the role it gives.
ROLE_VERB = re.compile(r"(?:按职责分工|按职责|分别|具体|共同)?(?P<verb>牵头负责|负责|牵头|配合|参与|协助)$")
DEADLINE = re.compile(
    r"(?P<text>"
    r"(?:(?P<prefix>到|至|截至|截止到|截止)\s*)?"
    r"(?:(?P<every>每年)|(?P<year>(?:19|20)\d{2})\s*年)"
    r"(?:(?P<month>\d{1,2})\s*月(?:份)?)?"
    r"(?:(?P<day>\d{1,2})\s*日)?"
    r"(?P<suffix>年底前|年底|年末|底前|底|末|前|以前|之前|上半年|下半年|内|起|开始)?"
    r")"
)
