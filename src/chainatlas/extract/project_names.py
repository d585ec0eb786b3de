"""Finding project names in text: …项目 heads, parks and bases, and listed projects.

A name is read leftwards from its head word to a word boundary: punctuation, a
function word, or a verb that introduces the name (签订, 投资建设, 打造). The
word right before the head always belongs to the name (戈壁农业建设项目).
Names made only of generic words (招商引资项目, 配套项目, 企业投资项目) or
counted (54个项目) are aggregates or references, not projects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from chainatlas.extract import namewords
from chainatlas.extract.namewords import words
from chainatlas.extract.textscan import segments_with

# Precompiled: re's module functions pay a cache lookup on every call.
_CLOSING = re.compile("[)）]")
_COUNT_BEFORE = re.compile(r"[0-9一二三四五六七八九十两]+(?:个|项|批)$")
_ANY_CJK = re.compile(r"[\u4e00-\u9fff]")
_COUNTED_ITEM = re.compile(r"[0-9]+(?:个|项|家)|[以上下]$")
_KEY_NOISE = re.compile(r"[“”\"\s()（）·]")


class Span(NamedTuple):  # built in hot loops; cheaper than a frozen dataclass
    start: int
    end: int
    name: str
    listed: bool = False  # found in a list (引进甲、乙等项目), not at its own head word


# Words that end a project name leftwards (besides punctuation).
_STOP = words(
    """
    的 与 和 就 在 是 将 拟 把 对 向 由 从 为 了 等 也 都 又 还 已 已经 正在 其中 该 本 这 这个
    那 此 签订 签约 签署 引进 引入 投资 建设 打造 新建 实施 推进 开工 动工 启动 落户 对接 跟踪
    包含 包括 涵盖 举行 举办 开展 参观 走进 来到 观摩 考察 宣布 标志 助力 推动 支持 联合 拟建
    计划 规划 谋划 储备 洽谈 达成 促成 全力 加快 加速 成功 先后 其 作为 是 位于 还有 以及 共
    当天 日前 近日 目前 今年 去年 如 继 到 至 首家 一批 一个 多个 投资建设 合作 协议 框架 战略
    将在 也将 有 到位 依托 随著 随着 标志著 标志着 公司 一系列 系列 一大批 一批批 坚持 不看 以
    让 除 从 共同 促进 牢固 树立 项目 共同促进 业主 新开工 集中 重点 重大 省级 市级 一大批 大批
    进行 之一 感受 看到 了解 希望 鼓励 发挥 聚焦 围绕 设立 成立 组建 筹建 兴建
    """
)
# Words that alone make no project name: a name needs something beyond them.
_GENERIC = words(
    """
    企业 投资 招商 引资 招商引资 重点 重大 产业 建设 配套 工业 基础 设施 基础设施 民生 社会 事业
    城镇 交通 农林 水利 发展 产业发展 优质 签约 开工 在建 新建 续建 储备 谋划 以上 亿元 亿元以上
    省级 市级 县级 一批 集中 代表性 领域 循环 经济 园区 世界 强 首家 文旅 农业 服务业 类 综合
    示范 旅游 标杆 现代 都市 大 好 新 高 科技 高科技 食品 生产 加工 同类 全产业链 产业链 链条
    补链 延链 强链 主导 龙头 上下游 项目 相关 其他 各类 这些 这批 一 二 三 该 本 转型 升级 技改
    扩能 数字 智能 新兴 新能源 电池 基地 示范区 集聚区 功能区 园 区 城市 全市 全县 全省 乡村
    振兴 民营 外资 内资 市外 省外 签约项目 合作项目 标志性 引领性 支撑性 牵引性 关键 核心 优势
    特色 首位 链主 落地 两个 好项目 大项目 金融 服务 物流 商贸 文化 体育 康养 教育 医疗 卫生
    公共 政府 配套工程 工程 都市 三地 两地 各地 全 抓 大抓 推进 洽谈 第二批 第一批 第三批
    """
)
# A word right before 项目 that makes the name a category, not a project (金川集团重点项目).
_CATEGORY = words(
    """
    重点 重大 招商引资 签约 配套 在建 新建 续建 储备 谋划 产业 招商 引资 工业 实施 投资 示范
    洽谈 推进 抓 大抓 抓好 推动 服务 保障 落实 包装 引进 招引 对接 争取 盯紧 紧盯 论 好 大 优质
    民生 类
    """
)
_VERB_TAGS = ("v", "vn", "vd", "vg")
# Verbs that govern a name in front of it (检阅三地项目, 参观甲基地)
_GOVERNING = words(
    """
    检阅 观摩 参观 考察 调研 视察 看望 走访 推动 加快 抓好 做好 推进 服务 保障 签订 签约 引进
    选址 采购 优先
    """
)
_STOP_TAGS = ("p", "c", "r", "u", "uj", "ul", "uz", "ug", "y", "e")
# Words that cannot even be the verb right before 项目 (每季度有项目, 加大项目储备).
_FIRST_STOP = words(
    """
    有 是 为 加大 赢得 进行 做好 抓好 对 把 将 个 等 的 项目 以 让 和 与 及 签订 签约 签署 完成
    发放 开展 实施 落实 启动 申报 争取 引进 招引 对接 服务 保障 举行 举办 召开 办理 审批
    """
)
_PARK_HEAD = re.compile(
    r"(?:产业园区|产业园|物流园|科创园|科技园|产业城|物流城|商贸城|度假区|智慧工厂|产业基地|"
    r"生产基地|制造基地|储备基地|基地)(?!项目|有限|公司|集团|管委会|建设项目)"
)
_PROJECT_HEAD = re.compile(r"项目(?!部|办|组|单位|库|建设单位)")
# After a head these words make it the modifier of an event or a campaign, not a project.
_NOT_AFTER = re.compile(
    r"^(?:推介|观摩|专班|建设年|为王|论英雄|攻坚|工作|招商会|洽谈会|推进会|调度|建设现场会|"
    r"集中|化|管理|服务|审批|包装|谋划|储备|库|资金|用地|手续|落地|见效|业主|负责人|之最|之一)"
)
_MAX_PROJECT = 40
_NO_NAME_BEFORE = frozenset("的个批等和与及在是了对把被从将为，,。；;：:、！？!?（(\n 　")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·/\-“”\"()（）.%]+")
_EDGE = re.compile("[，,。；;：:、！？!?\n 　—]")


def _left_edge(text: str, head_start: int) -> int | None:
    """Where the name before ``head_start`` begins (word-wise), or None if it is empty."""
    lo = max(0, head_start - _MAX_PROJECT)
    edges = [m.end() for m in _EDGE.finditer(text, lo, head_start)]
    lo = edges[-1] if edges else lo
    words = namewords.tag(text[lo:head_start])
    start = head_start
    quote_open = False
    right_tag = ""
    for i, (word, tag) in enumerate(reversed(words)):
        pos = start - len(word)
        if word in ("”", '"'):
            quote_open = True
        elif word == "“":
            quote_open = False
        elif not quote_open and _ends_name(word, tag, first=i == 0, right_tag=right_tag):
            break
        if not _NAME_CHARS.fullmatch(word):
            break
        if namewords.glued_function_char(word):
            start = pos + 1  # the segmenter glued a preposition on: 就|铭誉, 从|路
            break
        right_tag = tag
        start = pos
    while start < head_start and text[start] in '”"）)-/·':
        start += 1
    opening = max(text.rfind("(", start, head_start), text.rfind("（", start, head_start))
    if opening >= 0 and not _CLOSING.search(text, opening, head_start):
        start = opening + 1
    for word, _tag in namewords.tag(text[start:head_start]):
        # a name does not begin with a governing verb: 检阅|三地项目 (but 预制菜… is a name)
        if word not in _GOVERNING or start + len(word) >= head_start:
            break
        start += len(word)
    return start if start < head_start else None


_LEADING_FUNCTION_CHARS = frozenset("从到在与和由对向把将为以随除让继据自于着了")


def _ends_name(word: str, tag: str, *, first: bool, right_tag: str) -> bool:
    """Whether ``word`` (read leftwards) lies outside the name.

    The word next to the head may be a verb (戈壁农业建设项目, 生产项目); further
    left a listed verb governs the name (签订…项目), and so does any verb right
    before a place name (促进|金昌市…, 对接|金川区…): names begin with their place.
    """
    if first and tag in _VERB_TAGS and word not in _FIRST_STOP:
        return False
    if word in _STOP or (word in _FIRST_STOP and first):
        return True
    if tag in _STOP_TAGS and (len(word) > 1 or word in _LEADING_FUNCTION_CHARS):
        return True
    return tag.startswith("v") and right_tag == "ns" and len(word) > 1


@lru_cache(maxsize=8192)
def _is_category(body: str) -> bool:
    """金川集团公司重点项目, 人力抓项目, 第三产业项目: the body ends in a kind of project."""
    for word in _CATEGORY:
        if body.endswith(word) and (len(body) - len(word) < 4 or word not in _NAME_TAILS):
            return True
    return False


# Category words that also end specific names when a long head precedes them:
# 房车专用底盘配套项目, 智慧农业示范项目 (but 配套项目, 重点推进项目 are kinds).
_NAME_TAILS = frozenset({"推进", "配套", "示范"})


_SCALE = re.compile(r"[一二三四五六七八九十百千万0-9]+亿级")  # 百亿级新能源: a scale label
# 14亿智能服装 (a headline's sum), not 5000万吨/年镍盐 (a capacity)
_LEADING_AMOUNT = re.compile(r"[0-9.]+(?:亿|万)(?:元)?(?![吨件只套台辆平立千瓦头])")


@lru_cache(maxsize=8192)
def _is_specific(body: str) -> bool:
    """Whether a name body says which project it is (not 招商引资, 配套, 企业投资)."""
    plain = re.sub(r"[“”\"·()（）/\-]", "", body)
    if len(plain) < 2 or re.search(r"[0-9一二三四五六七八九十两几多]+(?:个|项|批|家|大)", plain):
        return False
    if "项目" in plain or (len(plain) < 4 and not namewords.novel(plain)):
        return False
    if re.search(r"推介|暨|大会|论坛|博览会|会议|活动|仪式", plain):
        return False
    if _LEADING_AMOUNT.match(plain) or _SCALE.match(plain):
        return False  # 14亿智能服装项目: a headline's summary, not a name
    if re.fullmatch(r"[0-9.]+(?:亿元|万元|亿|万)?(?:以上)?", plain):
        return False
    words = [w for w in namewords.cut(plain) if w.strip()]
    return any(w not in _GENERIC and not re.fullmatch(r"[0-9.]+", w) for w in words)


def find_project_names(text: str) -> list[Span]:
    """Every specific name ending in 项目 (三官土寨影视基地项目, 路飞镁业年产…项目)."""
    out: list[Span] = []
    for m in _PROJECT_HEAD.finditer(text):
        if m.start() == 0 or text[m.start() - 1] in _NO_NAME_BEFORE:
            continue  # cheap test first: 的项目, 个项目, 、项目 name nothing
        if _NOT_AFTER.match(text[m.end() : m.end() + 6]):
            continue
        start = _left_edge(text, m.start())
        if start is None:
            continue
        body = text[start : m.start()]
        aggregate = _counted_before(text, start) or _counted_after(text, m.end())
        if _is_specific(body) and not _is_category(body) and not aggregate:
            out.append(Span(start, m.end(), text[start : m.end()]))
    return out


_COUNT_AFTER = re.compile(
    r"(?:不少于|不低于|超过|达到?|共计?|累计|合计|总数)?[0-9一二三四五六七八九十两百]+(?:个|项|批)"
)


def _counted_after(text: str, end: int) -> bool:
    """Whether a count follows the name (签约专用车项目14个, 引进X项目不少于20个): an aggregate."""
    return _COUNT_AFTER.match(text, end) is not None


def _counted_before(text: str, start: int) -> bool:
    """Whether a count precedes the name (60个纺织服装项目 is an aggregate)."""
    return bool(_COUNT_BEFORE.search(text[max(0, start - 6) : start]))


_PARK_CUES = re.compile(
    r"建设|打造|开工|动工|奠基|落户|投资|签约|签订|建成|投产|开园|入驻|进驻|引进|运营|竣工|试生产|"
    r"走进|来到|观摩"
)


def find_park_projects(text: str, firms: Iterable[str] = ()) -> list[Span]:
    """Parks, bases and factories being built or signed (航发智慧物流园, 深海养殖装备制造基地).

    The name must hold a proper name (a place, a firm from ``firms``, an unknown word).
    """
    firm_names = [f for f in firms if len(f) >= 2]
    out: list[Span] = []
    for m in _PARK_HEAD.finditer(text):
        start = _left_edge(text, m.start())
        if start is None:
            continue
        body = text[start : m.start()]
        if not _is_specific(body) or _counted_before(text, start):
            continue
        if _LOCATION_BEFORE.search(text, max(0, start - 4), start):
            continue  # 选址/位于/落户甲产业园: the park is where a project goes, not the project
        if not (_proper(body) or any(f in body for f in firm_names)):
            continue
        if not _PARK_CUES.search(_sentences_around(text, m.start())):
            continue
        out.append(Span(start, m.end(), text[start : m.end()]))
    return out


_LOCATION_BEFORE = re.compile(r"(?:选址|位于|坐落于?|落户于?|入驻|进驻|建在|设在|布局在?)$")


@lru_cache(maxsize=8192)
def _proper(body: str) -> bool:
    """A body with a proper name in it: a place, a trade name or another unknown word."""
    for word, tag in namewords.tag(body):
        if word in _GENERIC or not re.search(r"[\u4e00-\u9fffA-Za-z]", word):
            continue
        if tag in ("ns", "nz", "eng") or (len(word) >= 2 and namewords.novel(word)):
            return True
    return namewords.has_place(body)


def _sentences_around(text: str, index: int) -> str:
    """The sentence holding ``index`` with the sentences before and after it."""
    lo = index
    for _ in range(2):
        lo = max(text.rfind(ch, 0, max(lo - 1, 0)) for ch in "。！？\n") + 1
    hi = index
    for _ in range(2):
        ends = [p for p in (text.find(ch, hi + 1) for ch in "。！？\n") if p >= 0]
        hi = min(ends) if ends else len(text)
    return text[lo:hi]


_ITEM = r"[\u4e00-\u9fffA-Za-z0-9“”/·()（）]{2,30}?"
_LIST = re.compile(
    rf"(?:(?:引进|引入|签约|签下|对接|跟踪对接|新开工|开工|实施|推进|包括|涵盖|储备|谋划|洽谈|建设)了?"
    rf"((?:{_ITEM}、)*{_ITEM})|[，,]((?:{_ITEM}、)+{_ITEM}))"
    rf"(?:等(?P<kind>[^，,。；;的]{{0,12}}?)|(?=[0-9一二三四五六七八九十两]+个)(?:[^，,。；;]{{0,12}}?))项目"
)
# A list is closed by 等 or a count in its own sentence: only such sentences are scanned.
_LIST_CLOSE = re.compile(r"等|[0-9一二三四五六七八九十两]个")
# 甲、乙等产业项目: the items are industries named as examples, not projects.
_KIND_OF_INDUSTRY = re.compile(r"产业|行业|领域|类")


def find_listed_projects(text: str) -> list[Span]:
    """Projects listed before 等…项目: 引进甲、乙项目等 / 对接甲、乙等项目 / 甲、乙2个项目."""
    out: list[Span] = []
    matches = (
        m for lo, hi in segments_with(text, _LIST_CLOSE) for m in _LIST.finditer(text, lo, hi)
    )
    for m in matches:
        if m.group("kind") and _KIND_OF_INDUSTRY.search(m.group("kind")):
            continue
        group = 1 if m.group(1) is not None else 2
        pos = m.start(group)
        for index, item in enumerate(m.group(group).split("、")):
            start = text.find(item, pos)
            pos = start + len(item)
            if index == 0:
                edge = _left_edge(text, pos)
                if edge is None:
                    continue
                start, item = edge, text[edge:pos]
            body = item.removesuffix("项目")
            if not _is_specific(body) or "的" in item or not _ANY_CJK.search(item):
                continue
            if _COUNTED_ITEM.search(item) or _is_category(body):
                continue
            name = item if item.endswith("项目") else item + "项目"
            out.append(Span(start, start + len(item), name, listed=True))
    return out


def name_key(name: str) -> str:
    """A name compared loosely: no quotes, brackets' content kept, no trailing 项目."""
    plain = _KEY_NOISE.sub("", name)
    return plain.removesuffix("项目") or plain
