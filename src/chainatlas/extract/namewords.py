"""Word knowledge for bounding company and project names in running text.

Chinese has no spaces, so a name's left edge is where the words before it stop
being name-like: a function word, a business verb, punctuation. The segmenter
(``rjieba``) gives word boundaries and tells whether a word is a dictionary
word: trade names such as 路飞 or 嘉沃 are not, which marks them as names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import rjieba

if TYPE_CHECKING:
    from chainatlas.extract.gazetteer import Gazetteer


# Precompiled: re's module functions pay a cache lookup on every call.
_SHORT_CJK = re.compile(r"[\u4e00-\u9fff]{1,6}")
_TRADE_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")


def words(listing: str) -> frozenset[str]:
    """A word set written as whitespace-separated words (keeps long lists readable)."""
    return frozenset(listing.split())


# Tokens that never start or continue a name leftwards: function words, business
# verbs, time and quantity words, titles. Words common *inside* names (投资, 建设,
# 发展, 开发, 管理, 控股, 集团) are deliberately absent.
STOP_TOKENS = words(
    """
    与 和 同 及 以及 跟 并 并且 而 在 由 从 对 向 为 是 将 把 被 给 让 使 于 至 以 或 其 其中
    分别 旗下 下属 等 等等 了 的 地 得 也 都 又 还 已 已经 正在 就 当天 日前 近日 今天 今年 去年
    目前 如今 此外 同时 通过 经过 作为 包括 如 像 即 系 属 有 有着 拥有 成立 设立 注册 新建 组建
    引进 引入 签约 签订 签署 签下 达成 举行 举办 召开 走进 来到 考察 参观 拜访 前往 赴 入驻 进驻
    落户 联手 携手 促成 获悉 表示 介绍 称 说 据 据悉 企业 该 本 这 那 这家 那家 一家 两家 多家
    各 各家 知名 龙头 链主 重点 优质 骨干 上市 民营 国有 大型 总经理 董事长 负责人 记者 推动
    支持 鼓励 希望 依托 带动 吸引 牵头 拟 拟建 计划 预计 投资建设 意向 项目 及其 一批 一个 多个
    几家 两个 三个 首家 这个 那个 它 他们 我们 代表 相关 共同 分公司 子公司 母公司 邀请 加强
    深化 合作 战略 框架 协议 总投资 年产 生产 打造 建成 到 去 来 至 宣布 假冒 公布 关于 看 让 请
    向 帮 随 按 据 经 自 往 继
    """
)
_STOP_CHARS = frozenset("，,。；;：:、！？!?“”\"'‘’《》【】[]{}|/\\ \t\n\r—…·")
_DATEISH = re.compile(r"^(?:[0-9０-９]+|[一二三四五六七八九十〇零两]+)[年月日号个家项批]?$")

# Words that end Chinese company short names (路飞镁业, 森萍科技, 有泽新材料).
INDUSTRY_WORD = re.compile(
    r"镁业|铝业|锂业|钢铁|科技|实业|新材料|新能源|电子|电气|电器|化工|家居|电梯|智能装备|装备|控股|"
    r"食品|药业|医药|制药|生物|车业|光电|环保|建材|机械|矿业|纺织|服饰|米业|重工|轻合金|半导体|"
    r"光伏|乳业|牧业|置业|传媒|通信|精工|汽车|股份"
)
_INDUSTRY_TAIL = re.compile(f"(?:{INDUSTRY_WORD.pattern})$")

# Name parts that mark a body that is not an enterprise.
NOT_COMPANY: tuple[str, ...] = (
    "政府", "管委会", "管理委员会", "委员会", "办事处", "协会", "商会", "联合会", "学会",
    "研究所", "大学", "学院", "报社", "日报", "新闻网", "电视台", "融媒", "党委", "党工委",
    "人大", "政协", "法院", "检察院", "发改委", "纪委", "招商局", "服务中心", "指挥部", "专班",
    "小分队", "工作组", "领导小组", "监管", "商务局", "工信局", "商务厅",
)  # fmt: skip
# Heads that name places or things visited rather than firms (走进生产车间).
NOT_FIRM_HEADS: tuple[str, ...] = (
    "车间", "展厅", "园区", "基地", "现场", "中心", "工厂", "厂区", "项目", "产业", "市场",
    "平台", "企业", "集群",
)  # fmt: skip
GENERIC_HEADS = words(
    """
    该 本 子 分 母 全资 控股 上市 平台 投资 国有 民营 外资 合资 各 其 这家 那家 有限 股份 企业
    龙头 科技 实业 能源 新能源 物流 建设 发展 管理 贸易 服务 集团 总 省属 市属 县属 央企 国企
    中央 大型 知名 相关 多家 两家 一家 几家 该集团 本集团 总部 运营 工程 产业 商贸 旅游 文旅
    建筑 运输
    """
)
# Generic words that cannot be a trade name by themselves (发展新能源, 绿色建材).
_GENERIC_WORDS = words(
    """
    谋划 储备 在谈 洽谈 签约 同类 人脉 资源 优势 信息
    发展 产业 推动 绿色 高端 智能 数字 先进 现代 新型 传统 首位 重点 优势 特色 主导 战略 新兴
    未来 锂电 镁铝 铝镁 稀贵 有色 精深 加工 制造 全省 全市 全县 全国 国内 国际 领域 行业 板块
    材料 能源 建设 招商 投资 项目 企业 集团 公司 生产 配套 上下游 产业链 链条 集群 龙头 园区
    工业 农业 服务
    """
)

PROVINCE_SHORT = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南",
    "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    "中国",
)  # fmt: skip
_PROVINCE_SET = frozenset(PROVINCE_SHORT)
_PLACE = re.compile(
    r"^(?:" + "|".join(PROVINCE_SHORT) + r")(?:省|市|自治区)?$"
    r"|^[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|盟|旗|镇|乡|村|开发区|园区)$"
)
_PLACE_PREFIX = re.compile(
    r"^(?:(?:" + "|".join(PROVINCE_SHORT) + r")(?:省|市|自治区)?|[\u4e00-\u9fff]{2,4}?(?:市|县|区))"
)


def looks_like_place(s: str) -> bool:
    """Whether ``s`` has the form of a place name (安徽省, 黄陂区), without the gazetteer:
    金川 in 金川集团 is a trade name although a 金川区 exists."""
    return bool(_PLACE.match(s))


def is_place(s: str) -> bool:
    """Whether ``s`` is a bare place name (安徽, 乐山市, 黄陂区, 黄冈)."""
    return bool(_PLACE.match(s)) or bool(s and _gazetteer().lookup(s))


def has_place(s: str) -> bool:
    """Whether ``s`` holds a place name: a full name (铜山区) or the short name of a city or
    province (烟台); short county names are too often ordinary words (振兴, 建设)."""
    return any(
        m.end - m.start >= 2
        and (m.kind == "full" or any(d.level in ("province", "city") for d in m.candidates))
        for m in _gazetteer().find(s)
    )


def _gazetteer() -> Gazetteer:
    # imported here: the gazetteer is loaded once, on first use, not on import
    from chainatlas.extract.gazetteer import load_gazetteer

    return load_gazetteer()


def strip_place_prefix(core: str) -> str:
    """乐山市益丰顺农业科技 → 益丰顺农业科技; keeps at least two characters."""
    m = _PLACE_PREFIX.match(core)
    if m and len(core) - m.end() >= 2:
        return core[m.end() :]
    return core


def strip_industry_suffix(core: str) -> str:
    return _INDUSTRY_TAIL.sub("", core)


_GENERIC_START = re.compile("|".join(sorted(map(re.escape, _GENERIC_WORDS), key=len, reverse=True)))


def has_generic_word(s: str) -> bool:
    """Whether ``s`` is or starts with a generic word (so is no trade name)."""
    return bool(_GENERIC_START.match(s)) or s in STOP_TOKENS


@lru_cache(maxsize=4096)
def _cut(window: str) -> tuple[str, ...]:
    return tuple(rjieba.cut(window))


def cut(text: str) -> list[str]:
    """Words of ``text`` from the segmenter."""
    return list(_cut(text))


_FUNCTION_CHARS = frozenset("的在与和将为是了首同一等该本其这那各每此对向把被从已正")


_GLUE_CHARS = frozenset("从到在与和由对向把将为以随除让继据自于就着了")


def glued_function_char(word: str) -> bool:
    """Whether the segmenter glued a preposition to a name: 就铭誉, 从路 (not 在建, 对接)."""
    return len(word) >= 2 and word[0] in _GLUE_CHARS and not rjieba.has_word(word)


def tag(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` with their part-of-speech tags, from the segmenter."""
    return list(_tag(text))


@lru_cache(maxsize=8192)
def novel(word: str) -> bool:
    """Whether ``word`` is unknown to the dictionary, as trade names are (嘉沃, 创普斯)."""
    if not word or word[0] in _FUNCTION_CHARS or rjieba.has_word(word):
        return False
    words = _cut(word)
    return not all(len(w) >= 2 and rjieba.has_word(w) for w in words)


_NOUN_TAGS = ("n", "nz", "nr", "ns", "nt", "ng", "nrt", "eng", "j", "x")


def ends_in_noun(name: str) -> bool:
    """Whether the segmenter's last word of ``name`` is a noun (names are; 支撑突出 is not)."""
    tags = _tag(name)
    return bool(tags) and tags[-1][1] in _NOUN_TAGS


_PLACE_HEAD = re.compile(
    r"^(?:材料)?(?:产业|行业|领域|板块|产品)|^[^，,。；;、项]{0,8}?(?:产业园|产业城|园区|物流园|科技园|科创园|基地|小镇|片区|工业园)"
)


def part_of_place_name(text: str, end: int) -> bool:
    """Whether the words after ``end`` make the name part of a park's or an industry's name
    (融园食品产业城, 镍铜钴新材料产业)."""
    return bool(_PLACE_HEAD.match(text[end : end + 12]))


def _boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Word boundaries (absolute offsets) of ``text[lo:hi]``, from the segmenter."""
    out = [lo]
    pos = lo
    for token in _cut(text[lo:hi]):
        pos += len(token)
        out.append(pos)
    return out


_CLAUSE_EDGE = re.compile("[，,。；;：:、\n ]")


def _tokens_before(text: str, end: int, width: int) -> list[tuple[int, str, str]]:
    """(offset, word, part-of-speech tag) of the words before ``end``, from a clause edge on."""
    lo = max(0, end - width)
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(text, lo, end)]
    lo = edges[-1] if edges else lo
    out = []
    pos = lo
    for token, tag in _tag(text[lo:end]):
        out.append((pos, token, tag))
        pos += len(token)
    return out


# Verbs that do occur inside firm names (成都交通投资集团, 紫云云计算); other verbs end a name.
NAME_VERBS = words(
    """
    投资 建设 发展 开发 管理 服务 经营 运营 咨询 设计 加工 制造 计算 通用 储能 研发 贸易 养殖
    种植 印刷 装配 销售 租赁 检测 控股 孵化 施工 安装 营销 交易 结算 登记 回收 利用 处理 运输
    配送 制品 制冷 照明 传动 融合 创新 创业 科创 智造 置业 保供 供应 物业 合作 联合 航空 航天
    装饰 包装 酿造
    """
)
_STOP_TAGS = frozenset(
    {"p", "c", "r", "d", "t", "u", "uj", "ul", "y", "e", "o", "q", "f", "ad", "vd"}
)


@lru_cache(maxsize=4096)
def _tag(window: str) -> tuple[tuple[str, str], ...]:
    return tuple(rjieba.tag(window))


def _name_token(token: str, tag: str) -> bool:
    if token in STOP_TOKENS or (token[-2:] in STOP_TOKENS and len(token) > 2):
        return False
    if _DATEISH.match(token) and not token.isdigit():
        return False
    if any(not (_is_name_char(ch)) for ch in token):
        return False
    if tag in _STOP_TAGS and len(token) > 1 and token not in NAME_VERBS:
        return False
    return not (tag.startswith("v") and tag != "vn" and len(token) > 1 and token not in NAME_VERBS)


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalnum()) or ch in "·()（）"


def name_start(text: str, end: int, max_len: int) -> int | None:
    """Where the name ending at ``end`` begins, scanning words leftwards; None if it is empty."""
    tokens = _tokens_before(text, end, max_len + 4)
    start = end
    i = len(tokens) - 1
    while i >= 0:
        pos, token, tag = tokens[i]
        if token in (")", "）"):
            j = i - 1
            while j >= 0 and tokens[j][1] not in ("(", "（") and i - j <= 5:
                j -= 1
            inner = text[tokens[j][0] + 1 : pos] if j >= 0 else ""
            if j < 0 or tokens[j][1] not in ("(", "（") or not _SHORT_CJK.fullmatch(inner):
                break
            start = tokens[j][0]
            i = j - 1
            continue
        if end - pos > max_len:
            break
        if glued_function_char(token) and _name_token(token[1:], "n"):
            start = pos + 1
            break
        if not _name_token(token, tag):
            # A verb-tagged word can be part of a trade name (京工|建新|材料): go on
            # through it when what follows it alone would be no name at all.
            rest = text[start:end]
            verb = tag.startswith("v") and token not in STOP_TOKENS
            if verb and i > 0 and tokens[i - 1][2] == "ns" and _clause_edge_before(tokens, i - 1):
                start = tokens[i - 1][0]  # 湖北|驰游|房车科技: a place opens the name
                break
            if not (verb and _generic_head(rest)):
                break
        start = pos
        i -= 1
    while start < end and (text[start] in "(（" or text[start].isspace()):
        start += 1
    return start if start < end else None


_MATERIAL_TAIL = re.compile(f"(?:{INDUSTRY_WORD.pattern}|材料|金属|技术)$")


def _generic_head(rest: str) -> bool:
    head = rest
    for _ in range(3):
        head = INDUSTRY_WORD.sub("", head) if INDUSTRY_WORD.fullmatch(head) else head
        head = _MATERIAL_TAIL.sub("", head)
    return len(head) < 2 or head in _GENERIC_WORDS


def _clause_edge_before(tokens: list[tuple[int, str, str]], i: int) -> bool:
    """Whether nothing name-like stands before token ``i`` (so a name may start there)."""
    return i == 0 or not _name_token(tokens[i - 1][1], tokens[i - 1][2])


def trade_before(text: str, end: int) -> tuple[int, bool] | None:
    """The trade name of 2–4 characters ending at ``end`` and whether it is a non-dictionary word.

    A province or city prefix in front of it is included (江西塞纳威, 北京翰城).
    """
    bounds = [b for b in _boundaries(text, max(0, end - 8), end) if end - 4 <= b <= end - 2]
    for start in bounds:
        trade = text[start:end]
        if not _TRADE_CHARS.fullmatch(trade):
            continue
        first = _cut(trade)[0]
        if (
            first in STOP_TOKENS
            or trade[0] in "的与和及在是了等对向把被从将为"
            or has_generic_word(trade)
            or is_place(trade)
            or INDUSTRY_WORD.fullmatch(trade)
            or INDUSTRY_WORD.search(trade)
        ):
            continue
        if any(
            ch in "的与和及在是了等对向把被从将为个家项" or not _is_name_char(ch) for ch in trade
        ):
            continue
        if trade[-1] in "基系类型":
            continue  # 镁基新材料, 铝系材料: a kind of material, not a trade name
        is_novel = novel(trade)
        for width in (3, 2):  # 黑龙江, 江西: no 3-character name ends in a 2-character one
            if start >= width and text[start - width : start] in _PROVINCE_SET:
                start -= width
                break
        return start, is_novel
    return None


_LEFT_CUES = (
    "走进", "来到", "引进", "引入", "与", "同", "联手", "携手", "由", "链主", "龙头", "企业",
    "依托", "支持", "希望", "鼓励", "考察", "参观", "拜访", "签约", "对接",
)  # fmt: skip
_RIGHT_CUES = re.compile(
    r"^(?:年产|年处理|项目|公司|集团|有限|投资|新建|落户|生产|的产品|等企业|等龙头|在[^，。]{0,8}(?:投资|建设))"
)


_LEFT_CUE_SET = frozenset(_LEFT_CUES)


def business_frame(text: str, start: int, end: int) -> bool:
    """Whether the words right before the name mark it as a firm (走进X, 与X签约, 龙头企业X)."""
    before = text[max(0, start - 3) : start].rstrip("了")
    return before[-1:] in _LEFT_CUE_SET or before[-2:] in _LEFT_CUE_SET


def followed_by_business(text: str, end: int) -> bool:
    """Whether the name is followed by a production or project word (X年产…, X项目)."""
    return bool(_RIGHT_CUES.match(text[end : end + 12]))
