"""Company resolution inside a block: short names, regions and ambiguity."""

from __future__ import annotations

from chainatlas.resolve.companies import cluster_companies, keys_match
from chainatlas.resolve.mentions import CompanyFact


def mention(fact_id: int, name: str, region: str | None = None) -> CompanyFact:
    return CompanyFact(fact_id, fact_id, f"doc{fact_id}", name, region, None, from_project=False)


def groups(facts: list[CompanyFact]) -> list[set[str]]:
    companies, _ = cluster_companies(facts)
    return sorted(({m.name for m in c.members} for c in companies), key=sorted)


def test_short_name_joins_its_only_full_name() -> None:
    found = groups([mention(1, "华勤技术股份有限公司"), mention(2, "华勤"), mention(3, "华勤技术")])
    assert found == [{"华勤技术股份有限公司", "华勤", "华勤技术"}]


def test_same_short_name_in_two_regions_stays_apart() -> None:
    found = groups([mention(1, "合肥华勤科技有限公司"), mention(2, "常州华勤科技有限公司")])
    assert len(found) == 2


def test_ambiguous_short_name_stays_alone_without_evidence() -> None:
    found = groups(
        [mention(1, "合肥华勤科技有限公司"), mention(2, "常州华勤科技有限公司"), mention(3, "华勤")]
    )
    assert {"华勤"} in found and len(found) == 3


def test_region_evidence_settles_an_ambiguous_short_name() -> None:
    facts = [
        mention(1, "合肥华勤科技有限公司"),
        mention(2, "常州华勤科技有限公司"),
        mention(3, "华勤", region="常州市"),
    ]
    companies, by_fact = cluster_companies(facts)
    changzhou = companies[by_fact[2]]
    assert by_fact[3] == by_fact[2]
    assert "region evidence" in changzhou.reasons["华勤"]
    assert changzhou.region == "常州市"


def test_canonical_name_is_the_legal_name() -> None:
    companies, _ = cluster_companies(
        [mention(1, "绿源新能源"), mention(2, "池州绿源新能源科技有限公司")]
    )
    assert [c.name for c in companies] == ["池州绿源新能源科技有限公司"]
    assert companies[0].region_code == "341700"


def test_key_matching_rules() -> None:
    assert keys_match("华勤", "华勤技术") == "short name 华勤 of 华勤技术"
    assert keys_match("勤技", "华勤技术") is None  # two characters must be a prefix
    assert keys_match("华勤技术", "华勤电子") is None


def test_the_same_name_with_and_without_its_city_is_one_firm() -> None:
    found = groups([mention(1, "绿源新能源科技有限公司"), mention(2, "池州绿源新能源科技有限公司")])
    assert found == [{"绿源新能源科技有限公司", "池州绿源新能源科技有限公司"}]
