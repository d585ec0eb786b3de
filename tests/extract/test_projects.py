"""Project extraction: names, families, firms, investment, capacity, status, aggregates."""

from __future__ import annotations

from datetime import date

import pytest

from chainatlas.extract.model import ProjectMention
from chainatlas.extract.pipeline import Extractor
from chainatlas.extract.project_names import find_listed_projects, find_project_names

_STAGES = ["companies", "amounts", "projects"]


def projects(text: str, published: date | None = None) -> list[ProjectMention]:
    return Extractor(_STAGES).extract_normalised(text, published).projects


def one(text: str) -> ProjectMention:
    found = projects(text)
    assert len(found) == 1, [p.name for p in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("双方签订投资6亿元的青枫湾康养小镇项目。", "青枫湾康养小镇项目"),
        ("县政府与企业签约的云栖湖片区综合开发项目签约额达50亿元。", "云栖湖片区综合开发项目"),
        ("芮弗镁业年产300万件汽车压铸件项目进展顺利。", "芮弗镁业年产300万件汽车压铸件项目"),
        ("将投资建设南坪冷链物流园项目。", "南坪冷链物流园项目"),
        ("对接沙湾农业建设等项目。", "沙湾农业建设项目"),
        ("引进了澜钛电梯、葛沃思电子项目等高科技项目。", "葛沃思电子项目"),
    ],
)
def test_project_names(text: str, name: str) -> None:
    assert name in [p.name for p in projects(text)]


@pytest.mark.parametrize(
    "text",
    [
        "全县共签约招商引资项目42个,总投资80亿元。",
        "今年集中开工重点项目18个。",
        "该集团重点项目进展顺利。",
        "召开文旅融合发展项目推介会。",
        "坚持项目为王,大抓项目。",
        "做好配套项目服务。",
    ],
)
def test_aggregates_and_references_are_not_projects(text: str) -> None:
    assert projects(text) == []


def test_names_of_one_project_form_one_family() -> None:
    text = (
        "总投资12亿元的鹭港智慧物流园项目今天开工。"
        "鹭港智慧物流园位于城北。鹭港物流园建成后将服务全市。"
    )
    project = one(text)
    assert project.name == "鹭港智慧物流园项目"
    assert {"鹭港智慧物流园", "鹭港物流园"} <= set(project.aliases)
    assert project.investment_cny == pytest.approx(1.2e9)
    assert project.status == "construction"
    assert len(project.evidence) == 3


@pytest.mark.parametrize(
    ("text", "investment"),
    [
        ("签订总投资35亿元的青枫湾康养小镇项目。", 3.5e9),
        ("青枫湾康养小镇项目总投资约8亿元,占地300亩。", 8e8),
        ("青枫湾康养小镇项目占地300亩。该项目总投资2亿元。", 2e8),
        # the batch total is not the project's own investment
        ("共签约项目12个,总投资40亿元,其中青枫湾康养小镇项目已开工。", None),
        # a phase is not the whole project
        ("青枫湾康养小镇项目一期投资约5亿元。", None),
    ],
)
def test_investment_of_the_project_itself(text: str, investment: float | None) -> None:
    assert one(text).investment_cny == (pytest.approx(investment) if investment else None)


def test_listed_projects_share_the_amount_each_one_has() -> None:
    text = "引进葛沃思、岚禾电气2个投资20亿元的项目。"
    found = {p.name: p for p in projects(text)}
    assert set(found) == {"葛沃思项目", "岚禾电气项目"}
    assert all(p.investment_cny == pytest.approx(2e9) for p in found.values())
    assert all(p.status == "signed" for p in found.values())


def test_project_company_from_its_name_and_from_the_sentence() -> None:
    text = (
        "锐丰镁业科技(江西)有限公司落户本县。锐丰镁业年产500万件压铸件项目已开工。"
        "盛桐投资集团有限公司与县政府签订了青枫湾康养小镇项目。"
    )
    by_name = {p.name: p.company for p in projects(text)}
    assert by_name["锐丰镁业年产500万件压铸件项目"] == "锐丰镁业科技(江西)有限公司"
    assert by_name["青枫湾康养小镇项目"] == "盛桐投资集团有限公司"


def test_a_trade_name_starting_the_project_beats_the_next_firm_in_the_clause() -> None:
    text = (
        "从锐丰年产500万件压铸件项目到昌盛光电年产2GW组件项目，园区项目接连落地。"
        "锐丰镁业科技(江西)有限公司负责人表示将加快建设。"
    )
    by_name = {p.name: p.company for p in projects(text)}
    assert by_name["锐丰年产500万件压铸件项目"] == "锐丰镁业科技(江西)有限公司"


def test_capacity_from_the_name() -> None:
    assert one("芮弗镁业年产300万件汽车压铸件项目开工。").capacity == "年产300万件"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("青枫湾康养小镇项目预计明年开工。", None),
        ("去年3月签约,8月开建,今年5月试投产,青枫湾康养小镇项目进展顺利。", "trial"),
        ("盛桐投资集团有限公司将投资5亿元建设青枫湾康养小镇项目。", "signed"),
        ("青枫湾康养小镇项目已全面投产。", "operating"),
    ],
)
def test_project_status(text: str, status: str | None) -> None:
    assert one(text).status == status


def test_stage_dates_resolved_against_publication() -> None:
    text = "去年3月签约,今年5月开工,青枫湾康养小镇项目进展顺利。"
    project = projects(text, date(2024, 8, 1))[0]
    assert project.dates.signed == "2023-03"
    assert project.dates.construction == "2024-05"


def test_name_finders_give_offsets() -> None:
    text = "双方签订投资6亿元的青枫湾康养小镇项目。"
    [span] = find_project_names(text)
    assert text[span.start : span.end] == "青枫湾康养小镇项目"
    listed = find_listed_projects("对接沙湾农业建设、北坡牧场扩建等项目。")
    assert [s.name for s in listed] == ["沙湾农业建设项目", "北坡牧场扩建项目"]


def test_parts_take_the_stage_of_the_project_before() -> None:
    text = "盛桐投资集团有限公司签约青川环湖旅游项目。这个项目包含北岭栈道项目、南湾码头项目。"
    by_name = {p.name: p.status for p in projects(text)}
    assert by_name["北岭栈道项目"] == "signed"
    assert by_name["南湾码头项目"] == "signed"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("烟台滨海数字经济产业园正式开工。", True),  # a city's short name makes it proper
        ("全力振兴老工业基地,建设新城。", False),  # 振兴 is also a district, but here a verb
    ],
)
def test_parks_need_a_proper_name(text: str, found: bool) -> None:
    assert bool(projects(text)) is found


def test_a_firms_project_named_with_and_without_firm_and_capacity_is_one() -> None:
    text = "江西澜辉新能源科技有限公司年产10GWh储能电池项目开工。澜辉储能电池项目预计明年投产。"
    [project] = projects(text)
    assert project.name == "江西澜辉新能源科技有限公司年产10GWh储能电池项目"
    assert "澜辉储能电池项目" in project.aliases


def test_a_park_where_a_project_goes_is_not_a_project() -> None:
    text = "年产10GWh储能电池项目签约,选址南坪新能源产业园。"
    assert [p.name for p in projects(text)] == ["年产10GWh储能电池项目"]


@pytest.mark.parametrize(
    "text",
    ["盛桐投资集团有限公司签订项目合同。", "年内完成项目建设任务。"],
)
def test_a_verb_before_项目_names_nothing(text: str) -> None:
    assert projects(text) == []


def test_a_product_word_is_kept_at_the_start_of_a_name() -> None:
    assert one("味川食品投资建设预制菜中央厨房项目。").name == "预制菜中央厨房项目"


def test_a_project_named_with_and_without_its_capacity_is_one() -> None:
    text = "年产3000辆旅居车项目签约。旅居车项目总投资6亿元。"
    [project] = projects(text)
    assert project.investment_cny == pytest.approx(6e8)


@pytest.mark.parametrize(
    "text",
    ["力争培育一个百亿级新能源项目。", "在县会议中心举行项目签约仪式。", "抓紧办理项目审批手续。"],
)
def test_scales_and_ceremonies_are_not_projects(text: str) -> None:
    assert projects(text) == []


def test_a_product_word_shared_by_projects_is_no_firm() -> None:
    text = "对接空压机核心零部件项目。洽谈空压机整机装配项目。"
    result = Extractor(_STAGES).extract_normalised(text, None)
    assert result.companies == []


@pytest.mark.parametrize(
    "text",
    [
        # a count after the name makes it an aggregate, as a count before it does
        "今年以来，全县已签约碲化镉组件项目9个，协议投资30亿元。",
        "今年全区力争引进储能装备产业链项目不少于12个。",
    ],
)
def test_counted_after_is_an_aggregate(text: str) -> None:
    assert find_project_names(text) == []


def test_industries_listed_as_examples_are_not_projects() -> None:
    text = "考察团参观了当地的煤制烯烃、焦炉煤气制氢等产业项目。"
    assert find_listed_projects(text) == []


def test_an_establishing_verb_is_not_part_of_the_name() -> None:
    text = "双方就在澄县设立冷链分拨中心项目进行了洽谈。"
    assert [s.name for s in find_project_names(text)] == ["冷链分拨中心项目"]


@pytest.mark.parametrize(
    ("text", "investment"),
    [
        # an increment is not the total, nor is the old value of a change
        ("澜禾公司追加投资6亿元，青枫湾康养小镇项目总投资由12亿元增至18亿元。", 1.8e9),
        # 该项目 after a short lead-in clause refers back
        ("青枫湾康养小镇项目正式签约。据了解，该项目总投资9亿元。", 9e8),
        # …and after one sentence about the occasion, when it gives no figure
        ("青枫湾康养小镇项目昨日开工。随着礼炮响起，工程车辆进场。该项目总投资7亿元。", 7e8),
        # two sentences on, a bare 项目 may open another project's sentence
        ("青枫湾康养小镇项目昨日开工。随着礼炮响起，工程车辆进场。项目总投资7亿元。", None),
    ],
)
def test_increments_and_references_back(text: str, investment: float | None) -> None:
    found = {p.name: p for p in projects(text)}
    project = found["青枫湾康养小镇项目"]
    assert project.investment_cny == (pytest.approx(investment) if investment else None)


def test_a_trade_name_project_is_the_firms_project() -> None:
    text = (
        "县政府与澜禾镁业科技(江西)有限公司签约，年产9万吨镁合金压铸件项目落户本县。"
        "澜禾项目建成后年产值可达30亿元。"
    )
    found = projects(text)
    assert len(found) == 1
    assert "澜禾项目" in found[0].aliases


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # 配套/示范 after a long specific head end a name, not a kind of project
        ("澜禾公司投资2亿元的挖掘机专用液压配套项目完成签约。", ["挖掘机专用液压配套项目"]),
        ("全县推进配套项目建设。", []),
    ],
)
def test_name_tails_that_are_also_kinds(text: str, names: list[str]) -> None:
    assert [s.name for s in find_project_names(text)] == names
