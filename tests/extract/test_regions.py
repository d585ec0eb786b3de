"""Tests for chainatlas.extract.regions: finding, resolving and filtering region mentions."""

from __future__ import annotations

import pytest

from chainatlas.extract.base import ExtractionContext, split_sentences
from chainatlas.extract.model import CompanyMention, Evidence, Extraction
from chainatlas.extract.regions import RegionStage, main_region, region_of_span


@pytest.fixture(scope="module")
def stage() -> RegionStage:
    return RegionStage()


def _context(
    text: str,
    companies: tuple[str, ...] = (),
    masked: list[tuple[int, int]] | None = None,
) -> ExtractionContext:
    result = Extraction(published=None)
    for name in companies:
        start = text.index(name)
        evidence = Evidence(start, start + len(name), text, 0)
        result.companies.append(CompanyMention(name=name, evidence=[evidence]))
    return ExtractionContext(
        text=text,
        published=None,
        sentences=split_sentences(text),
        result=result,
        masked=masked or [],
    )


def _regions(stage: RegionStage, text: str, companies: tuple[str, ...] = ()) -> list[str]:
    context = _context(text, companies)
    stage(context)
    return [r.name for r in context.result.regions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # short forms become canonical full names, one mention per region
        ("池州市青阳县举行推介会，青阳招商成绩喜人。", ["池州市", "青阳县"]),
        ("萍乡与湘东区签约。", ["萍乡市", "湘东区"]),
        ("阿坝州九寨沟县文旅项目开工。", ["阿坝藏族羌族自治州", "九寨沟县"]),
        # a bare short form means the prefecture city, not a district elsewhere
        ("金昌市代表团赴宝鸡、西安考察。", ["金昌市", "宝鸡市", "西安市"]),
        # an ambiguous district is read in the province the article is about
        ("金昌市召开会议，金川区负责人发言。", ["金昌市", "金川区"]),
        # 投资兴县 is 兴县, not 资兴
        ("吕梁市兴县欢迎客商投资兴县。", ["吕梁市", "兴县"]),
        # a county short form with no support in the article is just a word
        ("园区打造绿色钢城，风景如万水千山。", []),
        ("游客登上天台山观光。", []),
        ("中南大学团队来访。", []),
        ("推动创新县域经济发展。", []),  # 新县 glued inside a word
        ("信阳市新县签约项目。", ["信阳市", "新县"]),
        ("各位来宾，大家好。", []),  # a city short form that is an everyday word
        ("广西来宾市签约。", ["广西壮族自治区", "来宾市"]),
        ("新华社成都9月3日电 记者获悉。", []),  # a dateline
        ("项目地处成都平原。", []),
        ("黄河北岸生态优良。", []),  # not 河北
        ("培育朝阳产业。", []),
        ("辽宁省朝阳市招商。", ["辽宁省", "朝阳市"]),
        ("与阿里巴巴合作。", []),
        ("北京时间8点，公司在上海证券交易所上市。", []),
        # an everyday word (东海) needs its own city, not just the province
        ("连云港市东海县水晶产业。", ["连云港市", "东海县"]),
        ("江苏沿东海布局。", ["江苏省"]),
        # a county short form needs its city; the province alone does not do
        ("四川省打造通江达海的物流通道。", ["四川省"]),
        # a resolved ambiguous name supports in turn (西安 → 西安市 → 阎良区)
        ("考察团赴西安阎良考察。", ["西安市", "阎良区"]),
        # a short form jionlp gives to another division is still read in context
        ("广州南沙招商引资。", ["广州市", "南沙区"]),
        # a landmark check does not cut a chain of names
        ("浙江湖州长兴县签约。", ["浙江省", "湖州市", "长兴县"]),
        ("吉林松原签约。", ["吉林省", "松原市"]),
        # full names that are common phrases need their city
        ("推进老城区改造和新城区建设。", []),
        ("洛阳市老城区签约。", ["洛阳市", "老城区"]),
        # news outlets are not regions
        ("据河北日报报道，邢台市新签项目12个。", ["邢台市"]),
        ("宁夏网讯 银川市签约。", ["银川市"]),
        ("萍乡市网格化管理见效。", ["萍乡市"]),  # 网格 is not a news site
        ("萍乡市发布招商政策。", ["萍乡市"]),
        # places named only as examples in a list are not where things happen
        ("宿迁市积极承接浙江、上海等地产业转移。", ["宿迁市"]),
        ("宿迁市与浙江、上海、长三角等开展合作。", ["宿迁市"]),
        # places a distance is measured from are landmarks
        ("宿迁市距徐州、淮安均不足百公里。", ["宿迁市"]),
        ("宿迁市距离徐州一小时车程，徐州企业来宿迁投资。", ["宿迁市", "徐州市"]),
    ],
)
def test_regions_found(stage: RegionStage, text: str, expected: list[str]) -> None:
    assert _regions(stage, text) == expected


def test_places_inside_company_names_are_skipped(stage: RegionStage) -> None:
    text = "郏县与山东华瑞新材料有限公司签约。"
    assert _regions(stage, text, companies=("山东华瑞新材料有限公司",)) == ["郏县"]
    # the company tail is recognised even when no company stage ran
    assert _regions(stage, text) == ["郏县"]


def test_party_after_a_place_is_not_taken_for_its_company(stage: RegionStage) -> None:
    text = "泸州市纳溪区和蓝海航空集团签约。"
    assert _regions(stage, text) == ["泸州市", "纳溪区"]


def test_province_in_a_company_name_is_not_a_region_even_when_it_is_local(
    stage: RegionStage,
) -> None:
    # The registration place in a firm's name is not where the activity happens.
    text = "青阳县引进安徽恒泰新材料有限公司，青阳县再添新项目。"
    names = _regions(stage, text, companies=("安徽恒泰新材料有限公司",))
    assert names == ["青阳县"]


def test_company_alias_equal_to_a_place_is_the_place(stage: RegionStage) -> None:
    text = "黄冈食品产业城开园。"
    context = _context(text)
    context.result.companies.append(
        CompanyMention(name="黄冈老字号食品公司", evidence=[Evidence(0, 2, text, 0)])
    )
    stage(context)
    assert [r.name for r in context.result.regions] == ["黄冈市"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("萍乡经开区新签项目。", ["萍乡市", "萍乡经济技术开发区"]),
        ("漳州高新区管委会与企业签约。", ["漳州市", "漳州高新技术产业开发区"]),
        # a zone's own name between its city and its kind
        ("湖北武汉东湖高新区招商。", ["湖北省", "武汉市", "武汉东湖高新技术产业开发区"]),
        # state new areas, unless the area is a district of its own
        ("重庆两江新区签约。", ["重庆市", "重庆两江新区"]),
        ("天津滨海新区签约。", ["天津市", "滨海新区"]),
        ("玉溪市新区建设提速。", ["玉溪市"]),
        # a county's own zone is not a state zone: the county is the region
        ("兴县经开区招商团赴广州。", ["兴县", "广州市"]),
        # a bare 高新区 belongs to the article's main city
        ("玉溪市推进产业布局，高新区主攻电池材料。", ["玉溪市", "玉溪高新技术产业开发区"]),
        # 开发区 next to the zone's full name is the same zone
        (
            "金昌经济技术开发区扩区，金昌开发区管委会负责落实。",
            ["金昌市", "金昌经济技术开发区"],
        ),
    ],
)
def test_zones(stage: RegionStage, text: str, expected: list[str]) -> None:
    assert _regions(stage, text) == expected


def test_mentions_carry_code_level_parents_surface_and_evidence(stage: RegionStage) -> None:
    text = "青阳县举办讲座。会后青阳代表团出发。"
    context = _context(text)
    stage(context)
    (mention,) = context.result.regions
    assert (mention.name, mention.code, mention.level) == ("青阳县", "341723", "county")
    assert (mention.province, mention.city, mention.surface) == ("安徽省", "池州市", "青阳县")
    assert [text[e.start : e.end] for e in mention.evidence] == ["青阳县", "青阳"]
    assert mention.evidence[1].sentence == "会后青阳代表团出发。"


def test_masked_spans_are_skipped(stage: RegionStage) -> None:
    text = "徐州市乱码段。宿迁市正文。"
    context = _context(text, masked=[(0, 7)])
    stage(context)
    assert [r.name for r in context.result.regions] == ["宿迁市"]


def test_empty_and_punctuation_only_text(stage: RegionStage) -> None:
    assert _regions(stage, "") == []
    assert _regions(stage, "，。！？") == []


def test_main_region_prefers_the_well_supported_county(stage: RegionStage) -> None:
    context = _context("池州市召开会议。青阳县签约。青阳县开工。青阳县投产。")
    stage(context)
    main = main_region(context.result)
    assert main is not None
    assert main.name == "青阳县"
    assert main_region(Extraction(published=None)) is None


def test_region_of_span_uses_nearest_preceding_then_previous_sentence_then_main(
    stage: RegionStage,
) -> None:
    text = "萍乡市湘东区新签项目。莲花县投资5亿元。该项目年内开工。全市项目提速。"
    context = _context(text)
    stage(context)
    at = text.index
    assert _name(region_of_span(context, at("新签"))) == "湘东区"
    assert _name(region_of_span(context, at("5亿元"))) == "莲花县"
    assert _name(region_of_span(context, at("年内"))) == "莲花县"  # the sentence before
    main = main_region(context.result)
    assert main is not None
    assert _name(region_of_span(context, at("提速"))) == main.name


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        # a city first, then its county in the same sentence: the county is where it lands
        ("池州市重点项目镁合金压铸项目落户青阳县经济开发区。", "镁合金", "青阳县"),
        # a county of another city does not narrow the city
        ("池州市签约光伏组件项目，萍乡市湘东区企业参与建设。", "光伏", "池州市"),
        # nothing before it in its sentence or the one before: the first place after it
        ("镁合金压铸项目正式落户青阳县。", "镁合金", "青阳县"),
    ],
)
def test_region_of_span_narrows_to_a_county_of_the_named_city(
    stage: RegionStage, text: str, fact: str, expected: str
) -> None:
    context = _context(text)
    stage(context)
    assert _name(region_of_span(context, text.index(fact))) == expected


def _name(mention: object) -> str | None:
    return getattr(mention, "name", None)


def test_region_of_span_sees_regions_added_after_an_earlier_call(stage: RegionStage) -> None:
    text = "项目签约。宿迁市投资。"
    context = _context(text)
    assert region_of_span(context, 0) is None
    stage(context)
    assert _name(region_of_span(context, text.index("投资"))) == "宿迁市"


def test_traditional_input_with_pinyin_glosses_after_ingest_normalisation(
    stage: RegionStage,
) -> None:
    from chainatlas.ingest.normalise import normalise_text

    text = normalise_text("萍鄉經開區與湘東區簽約，產(chǎn)業(yè)項目落戶蓮花縣。").text
    assert _regions(stage, text) == ["萍乡市", "萍乡经济技术开发区", "湘东区", "莲花县"]
