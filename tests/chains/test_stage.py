"""The ``chains`` extraction stage on a hand-built extraction context."""

from __future__ import annotations

from chainatlas.chains.stage import ChainStage
from chainatlas.extract.base import ExtractionContext, split_sentences, stage_factory
from chainatlas.extract.model import Evidence, Extraction, ProjectMention

TEXT = (
    "青松县新能源电池产业链加快成形。"
    "总投资20亿元的江岸新材料年产5万吨磷酸铁锂正极材料项目开工建设,"
    "同期签约的还有锂电隔膜和电解液项目。"
    "县城北部的城市综合体项目也已封顶。"
)


def project(name: str, aliases: list[str] | None = None) -> ProjectMention:
    start = TEXT.index(name) if name in TEXT else 0
    sentences = split_sentences(TEXT)
    sentence = next(s for s in sentences if s.start <= start < s.end)
    evidence = Evidence(
        start=start, end=start + len(name), sentence=sentence.text, sentence_start=sentence.start
    )
    return ProjectMention(name=name, aliases=aliases or [], evidence=[evidence])


def run(projects: list[ProjectMention]) -> Extraction:
    result = Extraction(published=None, projects=projects)
    context = ExtractionContext(
        text=TEXT, published=None, sentences=split_sentences(TEXT), result=result
    )
    ChainStage()(context)
    return result


def test_projects_get_chain_and_node() -> None:
    cathode = project("江岸新材料年产5万吨磷酸铁锂正极材料项目")
    mall = project("城市综合体项目")
    result = run([cathode, mall])
    assert (cathode.chain, cathode.node) == ("new-energy-battery", "cathode")
    assert (mall.chain, mall.node) == (None, None)
    assert result.chains == ["new-energy-battery"]


def test_alias_used_when_name_says_nothing() -> None:
    named = project("江岸一期", aliases=["正极材料项目"])
    run([named])
    assert (named.chain, named.node) == ("new-energy-battery", "cathode")


def test_stage_is_registered_by_name() -> None:
    stage = stage_factory("chains")()
    assert stage.name == "chains"
