"""The pipeline: stage registry, raw text in, evidence mapped back, JSON shape."""

from __future__ import annotations

import json
from datetime import date

import pytest

import chainatlas.extract as extract_api
from chainatlas.extract import DEFAULT_STAGES, Extractor, extract, extraction_to_json

_RAW = (
    "池州新聞 2024-03-05 10:20:00\n"
    "錦瀾鎂業科技有限公司與青陽縣政府簽訂協議,總投資12億元的錦瀾鎂業年產80萬件壓鑄件項目正式開工。\n"
)


def test_default_stages_run_mentions_before_the_stages_that_read_them() -> None:
    order = {name: i for i, name in enumerate(DEFAULT_STAGES)}
    assert order["companies"] < order["regions"] < order["projects"] < order["chains"]
    assert order["amounts"] < order["projects"]
    assert Extractor().stage_names == DEFAULT_STAGES


def test_default_pipeline_mounts_projects_on_chain_nodes() -> None:
    result = extract(
        "2024年5月，江北县与华锂新材料有限公司签约年产10万吨磷酸铁锂正极材料项目，总投资20亿元。",
        published="2024-05-20",
    )
    mounted = [p for p in result.projects if p.chain]
    assert mounted, result.projects
    assert mounted[0].node is not None
    assert mounted[0].chain in result.chains


def test_unknown_stage_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match="unknown extraction stage 'no-such-stage'"):
        Extractor(["companies", "no-such-stage"])


def test_extract_normalises_and_maps_evidence_back_to_the_original() -> None:
    result = extract(_RAW)
    assert result.published == date(2024, 3, 5)
    company = next(c for c in result.companies if c.name == "锦澜镁业科技有限公司")
    ev = company.evidence[0]
    assert ev.original_start is not None and ev.original_end is not None
    assert _RAW[ev.original_start : ev.original_end] == "錦瀾鎂業科技有限公司"
    [project] = result.projects
    assert project.name == "锦澜镁业年产80万件压铸件项目"
    assert project.investment_cny == pytest.approx(1.2e9)
    assert project.status == "construction"
    assert project.region == "青阳县"


def test_published_argument_wins_over_the_dateline() -> None:
    assert extract(_RAW, "2024-04-01").published == date(2024, 4, 1)
    assert extract(_RAW, date(2024, 4, 2)).published == date(2024, 4, 2)


def test_extractor_is_built_once_per_process() -> None:
    assert extract_api.default_extractor() is extract_api.default_extractor()


@pytest.mark.parametrize("text", ["", "。。。", "\n\n"])
def test_empty_input_gives_an_empty_extraction(text: str) -> None:
    result = extract(text)
    assert (result.companies, result.projects, result.amounts) == ([], [], [])


def test_json_shape_is_what_the_scorer_reads() -> None:
    record = extraction_to_json(extract(_RAW), "doc-1")
    assert set(record) >= {"doc", "published", "regions", "companies", "projects", "amounts"}
    assert {"events", "figures", "chains"} <= set(record)
    assert record["doc"] == "doc-1" and record["published"] == "2024-03-05"
    assert all(isinstance(r["name"], str) for r in record["regions"])
    assert all(isinstance(c["name"], str) for c in record["companies"])
    assert all(isinstance(a["value_cny"], float) for a in record["amounts"])
    project = record["projects"][0]
    assert {"name", "aliases", "company", "region", "investment_cny", "status"} <= set(project)
    assert {"start", "end", "original_start", "original_end", "sentence"} <= set(
        project["evidence"][0]
    )
    json.dumps(record, ensure_ascii=False)  # serialisable as it is


def test_a_bad_publication_date_is_named() -> None:
    with pytest.raises(ValueError, match=r"published must be an ISO date.*'24 March'"):
        extract(_RAW, "24 March")
