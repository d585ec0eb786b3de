"""Mounting (挂链) of project and company names onto chain nodes, and document chains."""

from __future__ import annotations

import pytest

from chainatlas.chains.library import load_library
from chainatlas.chains.mounting import (
    ChainMounter,
    Mount,
    document_chains,
    word_weight,
)


@pytest.fixture(scope="module")
def mounter() -> ChainMounter:
    return ChainMounter(load_library())


def nodes(mounts: list[Mount]) -> set[tuple[str, str]]:
    return {(mount.chain_id, mount.node_id) for mount in mounts}


# Project names written for these tests → the nodes they must sit on (exactly).
PROJECTS = [
    ("年产10万吨磷酸铁锂正极材料项目", {("new-energy-battery", "cathode")}),
    ("年产2万吨电池级碳酸锂项目", {("new-energy-battery", "lithium-salts")}),
    ("5亿平方米锂电隔膜项目", {("new-energy-battery", "separator")}),
    ("年产8万吨六氟磷酸锂及电解液项目", {("new-energy-battery", "electrolyte")}),
    ("高端锂电铜箔项目", {("new-energy-battery", "copper-foil")}),
    ("20GWh储能电池生产基地", {("new-energy-battery", "energy-storage")}),
    ("退役动力电池梯次利用项目", {("new-energy-battery", "recycling")}),
    (
        "负极材料石墨化及人造石墨项目",
        {("new-energy-battery", "anode")},
    ),
    ("镁合金汽车零部件压铸项目", {("magnesium-light-alloy", "auto-magnesium-parts")}),
    ("年产3万吨高纯镁锭冶炼项目", {("magnesium-light-alloy", "primary-magnesium")}),
    ("耐热钢还原罐生产线", {("magnesium-light-alloy", "reduction-retort")}),
    ("智能压铸岛及半固态成型装备项目", {("magnesium-light-alloy", "die-casting-equipment")}),
    ("3C产品镁合金结构件项目", {("magnesium-light-alloy", "consumer-3c-parts")}),
    (
        "笔记本电脑镁合金外壳项目",
        {("magnesium-light-alloy", "consumer-3c-parts"), ("electronic-information", "terminals")},
    ),
    (
        "铝土矿开采及年产100万吨氧化铝项目",
        {("aluminium", "bauxite"), ("aluminium", "alumina")},
    ),
    ("高端铝板带箔项目", {("aluminium", "sheet-strip")}),
    ("新能源汽车铝合金电池托盘项目", {("aluminium", "auto-lightweighting")}),
    ("年产20万吨再生铝项目", {("aluminium", "recycled-aluminium")}),
    ("N型TOPCon高效电池片项目", {("photovoltaic", "cell")}),
    ("100MW农光互补光伏电站", {("photovoltaic", "pv-plant")}),
    ("氢基竖炉直接还原铁项目", {("green-steel", "eaf-hydrogen")}),
    ("五轴联动加工中心生产项目", {("cnc-machine-tool", "metal-cutting")}),
    ("卷烟厂易地技术改造项目", {("tobacco", "cigarette-manufacturing")}),
    ("烟叶复烤生产线升级项目", {("tobacco", "redrying")}),
    ("海绵钛扩能改造项目", {("titanium", "sponge")}),
    ("3D打印金属粉末项目", {("additive-manufacturing", "metal-powder")}),
    ("工业陶瓷化工填料生产项目", {("env-equipment-ceramics", "industrial-ceramics")}),
    ("烟气脱硫脱硝成套设备项目", {("env-equipment-ceramics", "air-treatment")}),
    ("活塞式空压机生产线", {("air-compressor", "piston-compressor")}),
    ("新能源汽车电驱系统项目", {("nev-parts", "electric-drive")}),
    ("电动三轮车整车生产基地", {("electric-two-wheeler", "e-tricycle")}),
    ("拖挂式房车生产项目", {("recreational-vehicle", "towable")}),
    (
        "农产品冷库及冷链配送中心项目",
        {("cold-chain", "cold-storage"), ("cold-chain", "cold-transport")},
    ),
    ("万头肉牛养殖基地", {("beef-cattle", "farming")}),
    ("60万吨煤制烯烃项目", {("coal-chemical", "olefins")}),
    ("20万吨离子膜烧碱项目", {("chlor-alkali", "caustic-soda")}),
    (
        "LNG液化工厂尾气提氦项目",
        {("natural-gas-helium", "lng"), ("natural-gas-helium", "helium-extraction")},
    ),
    ("网络货运平台运营中心", {("digital-economy", "network-freight")}),
    (
        "智算中心一期项目",
        {("ai-computing", "intelligent-computing"), ("digital-economy", "computing-power")},
    ),
    ("12英寸晶圆制造项目", {("integrated-circuit", "wafer-fab")}),
    ("碳纤维复合材料制品项目", {("carbon-fiber-composites", "composites")}),
    (
        "纺纱织造一体化项目",
        {("textile-apparel", "spinning"), ("textile-apparel", "weaving")},
    ),
    ("中央厨房预制菜加工项目", {("green-food", "prepared-dishes")}),
    (
        "古镇景区提升改造项目",
        {("culture-tourism", "heritage-resources"), ("culture-tourism", "scenic-areas")},
    ),
    ("pack电池包组装线", {("new-energy-battery", "pack")}),
]


@pytest.mark.parametrize(("name", "expected"), PROJECTS)
def test_project_names_mount_on_expected_nodes(
    mounter: ChainMounter, name: str, expected: set[tuple[str, str]]
) -> None:
    assert nodes(mounter.mount(name)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "城市综合体项目",
        "智能装备产业园项目",
        "新材料产业园项目",
        "电池项目",
        "设备制造项目",
        "某科技公司研发中心项目",
        "商业综合体及住宅开发项目",
        "",
    ],
)
def test_generic_or_unrelated_names_stay_unmounted(mounter: ChainMounter, name: str) -> None:
    assert mounter.mount(name) == []


def test_mount_fields_and_evidence(mounter: ChainMounter) -> None:
    (mount,) = mounter.mount("年产10万吨磷酸铁锂正极材料项目")
    assert mount.chain_name == "新能源电池"
    assert mount.node_name == "正极材料"
    assert mount.segment == "中游"
    assert mount.matched == ["磷酸铁锂", "正极材料"]
    assert mount.score == pytest.approx(2 * word_weight("正极材料"))


def test_best_first(mounter: ChainMounter) -> None:
    mounts = mounter.mount("年产5万吨碳酸锂及磷酸铁锂一体化项目")
    assert [m.node_id for m in mounts] == ["cathode", "lithium-salts"]
    assert mounts[0].score > mounts[1].score


def test_longest_keyword_wins_inside_a_word(mounter: ChainMounter) -> None:
    # 磷酸铁锂 contains 磷酸铁 (another node); only the longer word counts.
    assert ("new-energy-battery", "iron-phosphate") not in nodes(mounter.mount("磷酸铁锂项目"))
    assert nodes(mounter.mount("磷酸铁项目")) == {("new-energy-battery", "iron-phosphate")}


def test_longer_words_weigh_more() -> None:
    assert word_weight("正极") < word_weight("碳酸锂") < word_weight("磷酸铁锂")
    assert word_weight("新材料") < word_weight("正极")


def test_name_weighs_more_than_sentence(mounter: ChainMounter) -> None:
    (in_name,) = mounter.mount("磷酸铁锂正极材料项目")
    (in_sentence,) = mounter.mount("星河项目", "项目主要建设磷酸铁锂正极材料生产线")
    assert (in_sentence.chain_id, in_sentence.node_id) == ("new-energy-battery", "cathode")
    assert in_sentence.score < in_name.score


def test_sentence_alone_needs_more_than_one_word(mounter: ChainMounter) -> None:
    assert mounter.mount("星河项目", "项目主要生产正极材料") == []


def test_sentence_listing_other_projects_does_not_mount(mounter: ChainMounter) -> None:
    sentence = "从青石智能装备到远山还原罐项目,再到汽车镁合金零部件项目,产业链条逐步完善"
    assert mounter.mount("青石智能装备项目", sentence) == []
    assert nodes(mounter.mount("远山还原罐项目", sentence)) == {
        ("magnesium-light-alloy", "reduction-retort")
    }


def test_chain_named_in_name_node_from_sentence(mounter: ChainMounter) -> None:
    mounts = mounter.mount("华东镁业新区项目", "项目建设年产5万吨镁合金锭生产线")
    assert nodes(mounts) == {("magnesium-light-alloy", "magnesium-alloy")}
    assert mounts[0].matched == ["镁合金锭"]


def test_company_name(mounter: ChainMounter) -> None:
    mounts = mounter.mount("江南锂电隔膜科技有限公司")
    assert nodes(mounts) == {("new-energy-battery", "separator")}


def test_latin_words_match_whole_and_any_case(mounter: ChainMounter) -> None:
    # CRO (contract research) must not fire inside MicroLED.
    assert {m.chain_id for m in mounter.mount("MicroLED直显项目")} == {"new-display"}
    assert nodes(mounter.mount("年产5万吨pvc树脂项目")) == {("chlor-alkali", "pvc")}


def test_find_terms_offsets(mounter: ChainMounter) -> None:
    text = "新建隔膜和电解液产线"
    hits = mounter.find_terms(text)
    assert [(hit.word, text[hit.start : hit.end]) for hit in hits] == [
        ("隔膜", "隔膜"),
        ("电解液", "电解液"),
    ]


def test_document_chains_by_density(mounter: ChainMounter) -> None:
    text = (
        "本市新能源电池产业加快集聚,正极材料、负极材料、隔膜和电解液项目相继开工,"
        "磷酸铁锂产能持续扩大。镁铝轻合金方面,原镁冶炼和镁合金压铸项目稳步推进。"
        "此外,全市还有一家卷烟厂。"
    )
    assert document_chains(text, mounter) == ["new-energy-battery", "magnesium-light-alloy"]


@pytest.mark.parametrize(
    "text", ["", "今天天气很好,市民踊跃参加植树活动。", "全市新增一座光伏电站。"]
)
def test_document_chains_needs_repeated_evidence(mounter: ChainMounter, text: str) -> None:
    assert document_chains(text, mounter) == []
