"""Company extraction: legal names, short names, aliases, exclusions and roles."""

from __future__ import annotations

import pytest

from chainatlas.extract.companies import company_core, company_role, same_company, trade_name
from chainatlas.extract.model import Extraction
from chainatlas.extract.pipeline import Extractor


def companies(text: str) -> dict[str, list[str]]:
    result: Extraction = Extractor(["companies"]).extract_normalised(text, None)
    return {c.name: sorted(c.aliases) for c in result.companies}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # legal suffixes, bounded on the left by function words and verbs
        ("县政府与青禾岭新材料有限公司签订了投资协议。", "青禾岭新材料有限公司"),
        ("我们走访了澜石智能装备股份有限公司的车间。", "澜石智能装备股份有限公司"),
        ("会上,盛桐投资集团有限公司作了发言。", "盛桐投资集团有限公司"),
        ("副县长宣布翠岸米业有限公司项目开工。", "翠岸米业有限公司"),
        ("该项目由北辰澳森能源有限责任公司承建。", "北辰澳森能源有限责任公司"),
        # a bracketed place inside the name stays in it
        ("落户的是锐丰镁业科技(江西)有限公司。", "锐丰镁业科技(江西)有限公司"),
        # a park before the firm says where it is, not who it is
        ("在东湖经济开发区汇禾生物科技有限公司的厂房里。", "汇禾生物科技有限公司"),
        # 集团 without 公司
        ("市长拜访了昊澜集团,双方达成共识。", "昊澜集团"),
    ],
)
def test_legal_names(text: str, expected: str) -> None:
    assert expected in companies(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # trade name + industry word, in a business frame
        ("观摩团走进泓昇家居,了解企业的智能产线。", "泓昇家居"),
        ("从芮弗镁业年产300万件压铸件项目到全县的产业布局。", "芮弗镁业"),
        # listed after 引进 and closed by a count
        ("今年引进澜钛、葛沃思、岚禾电气3个投资10亿元的项目。", "葛沃思"),
        # subject of a signing with a county
        ("5月9日,筑芯光谷与某某县签订战略合作协议。", "筑芯光谷"),
        # after 链主企业
        ("区内链主企业晋铝华恒的电解铝保障了下游。", "晋铝华恒"),
    ],
)
def test_short_names(text: str, expected: str) -> None:
    assert expected in companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "县人民政府与市商务局召开会议。",
        "省有色金属工业协会和市工商联商会派员参加。",
        "本市日报社、新闻网记者到场采访。",
        "该公司的子公司正在扩建。",
        "推动绿色建材和新能源汽车产业发展。",
    ],
)
def test_not_companies(text: str) -> None:
    assert companies(text) == {}


def test_short_name_becomes_alias_of_the_full_name() -> None:
    text = "锐丰镁业科技(江西)有限公司落户本县。锐丰镁业年产500万件项目已开工。"
    found = companies(text)
    assert list(found) == ["锐丰镁业科技(江西)有限公司"]
    assert "锐丰镁业" in found["锐丰镁业科技(江西)有限公司"]


def test_every_occurrence_is_evidence() -> None:
    text = "昊澜集团投资建厂。市领导会见了昊澜集团负责人。"
    result = Extractor(["companies"]).extract_normalised(text, None)
    [company] = result.companies
    assert [(e.start, e.end) for e in company.evidence] == [(0, 4), (15, 19)]


@pytest.mark.parametrize(
    ("name", "core", "trade"),
    [
        ("锐丰镁业科技(江西)有限公司", "锐丰镁业科技", "锐丰"),
        ("乐山市禾顺农业科技有限公司", "禾顺农业科技", "禾顺农业"),
        ("昊澜集团公司", "昊澜", "昊澜"),
    ],
)
def test_cores(name: str, core: str, trade: str) -> None:
    assert company_core(name) == core
    assert trade_name(name) == trade


@pytest.mark.parametrize(
    ("short", "long", "same"),
    [
        ("锐丰镁业", "锐丰镁业科技(江西)有限公司", True),
        ("昊澜公司", "昊澜集团公司", True),
        ("宁钛", "安徽宁钛轻合金", True),
        ("昊澜集团", "锐丰镁业科技(江西)有限公司", False),
        # the usual abbreviation: trade name kept, the rest picked in order
        ("澜兴能化", "山西澜兴能源化工有限公司", True),
        # sister firms sharing a trade name are not one firm
        ("江苏昊恒国际贸易有限公司", "江苏昊恒纺织服装国际贸易公司", False),
    ],
)
def test_same_company(short: str, long: str, same: bool) -> None:
    assert same_company(short, long) is same


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("区内链主企业晋铝华恒保障原料。", "chain_leader"),
        ("发挥龙头企业昊澜集团的带动作用。", "leading"),
        ("配套企业芮弗镁业随之落户。", "supporting"),
        ("昊澜集团参加了会议。", None),
    ],
)
def test_roles(text: str, role: str | None) -> None:
    name = next(n for n in ("晋铝华恒", "昊澜集团", "芮弗镁业") if n in text)
    start = text.index(name)
    assert company_role(text, start, start + len(name)) == role


@pytest.mark.parametrize(
    "text",
    [
        "川南冷链物流园项目开工,冷链物流园项目占地300亩。",  # a park, not a firm
        "配套企业也相继落地。",  # an adverb after 配套企业 is no name
    ],
)
def test_parks_and_adverbs_are_not_firms(text: str) -> None:
    assert companies(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb-looking word inside the name, after a place that opens it
        ("曾都区与湖北驰游房车科技有限公司举行签约仪式。", "湖北驰游房车科技有限公司"),
    ],
)
def test_a_place_opens_a_legal_name(text: str, expected: str) -> None:
    assert expected in companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "全县把镁基新材料作为一号产业,镁基新材料产值增长。",  # a kind of material
        "赴西安开展招商,围绕现代煤化工、网络货运等产业链对接企业。",  # a clause, no list
    ],
)
def test_material_kinds_and_clauses_are_not_firms(text: str) -> None:
    assert companies(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        # technology generations and product phrases have the shape of trade + industry word
        "澜禾电子主要生产5G通信模组，5G通信模组销往各地。",
        "县里推进煤制乙二醇项目建设，煤制乙二醇项目年底投产。",
        # a name the document calls an industry is not a firm
        "全市碲化光伏产业产值增长，碲化光伏企业达到20家，碲化光伏项目陆续开工。",
    ],
)
def test_products_and_industries_are_not_firms(text: str) -> None:
    found = companies(text)
    assert not any(name in found for name in ("5G通信", "煤制乙二醇", "碲化光伏"))


def test_a_role_frame_ends_the_name_before_an_investing_verb() -> None:
    found = companies("龙头企业澜禾新材投资的镁合金项目进展顺利。")
    assert "澜禾新材" in found


def test_an_unknown_word_before_a_product_project_is_a_firm() -> None:
    text = "观摩组来到澜兴能化煤制乙二醇项目。澜兴能化煤制乙二醇项目正在施工。"
    assert "澜兴能化" in companies(text)
