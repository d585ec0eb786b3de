"""The built-in chain library, user override folders, and validation messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from chainatlas.chains.library import (
    ChainLibraryError,
    builtin_dir,
    load_library,
    validate_path,
)
from chainatlas.chains.schema import SEGMENTS

# Every chain the issue names, by its Chinese name or an alias.
REQUIRED_CHAINS = [
    "镁铝轻合金",
    "铝及铝基新材料",
    "新能源电池",
    "光伏",
    "绿色钢铁",
    "数控机床",
    "生物医药",
    "卷烟及配套",
    "有色稀贵金属",
    "镍铜钴新材料",
    "钛材",
    "3D打印材料",
    "环保装备与陶瓷",
    "电子信息",
    "空压机",
    "新能源汽车零部件",
    "电动车",
    "旅居车",
    "冷链物流",
    "肉牛",
    "煤化工",
    "氯碱化工",
    "天然气与氦气",
    "网络货运与数字经济",
    "集成电路",
    "新型显示",
    "工业机器人",
    "氢能",
    "风电",
    "医疗器械",
    "碳纤维",
    "航空航天",
    "智能网联汽车",
    "人工智能",
    "现代纺织服装",
    "预制菜产业",
    "文旅",
    "房车",
    "增材制造",
]

VALID_CHAIN = """\
version: 1
chains:
  - id: demo-chain
    name: 演示链
    aliases: [演示产业]
    nodes:
      - id: ore
        segment: 上游
        name: 演示矿
        keywords: [演示矿石]
      - id: metal
        segment: 中游
        name: 演示金属
        keywords: [演示金属锭]
      - id: parts
        segment: 下游
        name: 演示零件
        keywords: [演示零件]
    edges:
      - ore -> metal
      - {from: metal, to: parts}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_library_size_and_shape() -> None:
    library = load_library()
    assert len(library) >= 30
    for chain in library.chains.values():
        assert len(chain.nodes) >= 8, chain.id
        assert {node.segment for node in chain.nodes} == set(SEGMENTS), chain.id
        ids = {node.id for node in chain.nodes}
        linked = {edge.source for edge in chain.edges} | {edge.target for edge in chain.edges}
        assert linked <= ids, chain.id
        assert ids <= linked, f"{chain.id}: nodes without any edge: {sorted(ids - linked)}"


def test_builtin_edges_run_from_upstream() -> None:
    # Supply runs 上游 → 中游 → 下游; only recycling loops (废钢, 再生铝 …) may go back.
    rank = {segment: index for index, segment in enumerate(SEGMENTS)}
    library = load_library()
    for chain in library.chains.values():
        upstream_out = [edge for edge in chain.edges if chain.node(edge.source).segment == "上游"]
        assert upstream_out, f"{chain.id}: no edge leaves an upstream node"
        for edge in chain.edges:
            source, target = chain.node(edge.source), chain.node(edge.target)
            if rank[target.segment] < rank[source.segment]:
                words = "".join((*source.keywords, *target.keywords))
                assert any(loop in words for loop in ("回收", "废", "循环")), (
                    f"{chain.id}: backward edge {edge} outside a recycling loop"
                )


@pytest.mark.parametrize("label", REQUIRED_CHAINS)
def test_required_chain_present(label: str) -> None:
    chain = load_library().get(label)
    assert label == chain.name or label in chain.aliases


def test_builtin_files_are_valid_and_versioned() -> None:
    assert validate_path(builtin_dir()) == []
    files = sorted(builtin_dir().glob("*.yaml"))
    assert len(files) >= 30
    for path in files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(raw["version"], int) and raw["version"] >= 1, path.name


def test_get_by_id_name_and_alias() -> None:
    library = load_library()
    battery = library.get("new-energy-battery")
    assert library.get("新能源电池") is battery
    assert library.get("锂电产业") is battery
    assert library.get(" 新能源电池 ") is battery


def test_get_unknown_names_known_ids() -> None:
    with pytest.raises(KeyError, match="new-energy-battery"):
        load_library().get("不存在的链")


def test_nodes_iterates_every_node() -> None:
    library = load_library()
    pairs = list(library.nodes())
    assert len(pairs) == sum(len(chain.nodes) for chain in library.chains.values())
    assert ("new-energy-battery", "cathode") in {(c.id, n.id) for c, n in pairs}


def test_builtin_is_cached() -> None:
    assert load_library() is load_library()


def test_library_not_loaded_at_import() -> None:
    code = (
        "import chainatlas.chains as c, chainatlas.chains.library as l;"
        "print(l._builtin_library.cache_info().currsize)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"


def test_user_folder_adds_a_chain(tmp_path: Path) -> None:
    write(tmp_path, "demo.yaml", VALID_CHAIN)
    library = load_library([tmp_path])
    assert library.get("演示链").id == "demo-chain"
    assert len(library) == len(load_library()) + 1
    assert library.sources["demo-chain"].endswith("demo.yaml")
    assert "demo-chain" not in load_library().chains  # the cached built-ins are untouched


def test_user_folder_overrides_builtin(tmp_path: Path) -> None:
    override = VALID_CHAIN.replace("demo-chain", "titanium").replace(
        "name: 演示链\n    aliases: [演示产业]", "name: 钛材\n    aliases: [钛产业]"
    )
    write(tmp_path, "titanium.yaml", override)
    library = load_library([tmp_path])
    assert len(library.get("钛材").nodes) == 3
    assert len(library) == len(load_library())
    assert len(load_library().get("钛材").nodes) >= 8


def test_later_folder_wins(tmp_path: Path) -> None:
    write(tmp_path / "a", "demo.yaml", VALID_CHAIN)
    write(tmp_path / "b", "demo.yaml", VALID_CHAIN.replace("name: 演示链", "name: 第二演示链"))
    library = load_library([tmp_path / "a", tmp_path / "b"])
    assert library.chains["demo-chain"].name == "第二演示链"


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ChainLibraryError, match="does not exist"):
        load_library([tmp_path / "nowhere"])


def test_alias_clash_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "demo.yaml", VALID_CHAIN.replace("[演示产业]", "[锂电产业]"))
    with pytest.raises(ChainLibraryError) as caught:
        load_library([tmp_path])
    (problem,) = caught.value.problems
    assert "demo.yaml" in problem and "'锂电产业'" in problem and "new-energy-battery" in problem


BROKEN = [
    pytest.param(
        VALID_CHAIN.replace("- {from: metal, to: parts}", "- metal -> wheels"),
        ["chain 'demo-chain'", "edge 'metal -> wheels'", "unknown target node 'wheels'"],
        id="unknown-edge-target",
    ),
    pytest.param(
        VALID_CHAIN.replace("id: parts", "id: metal"),
        ["chain 'demo-chain'", "duplicate node id 'metal'"],
        id="duplicate-node-id",
    ),
    pytest.param(
        VALID_CHAIN.replace("segment: 中游", "segment: 中间"),
        ["chain 'demo-chain'", "node 'metal'", "field 'segment'", "'中间'"],
        id="bad-segment",
    ),
    pytest.param(
        VALID_CHAIN.replace("        keywords: [演示零件]\n", ""),
        ["chain 'demo-chain'", "node 'parts'", "field 'keywords'", "Field required"],
        id="missing-keywords",
    ),
    pytest.param(
        VALID_CHAIN.replace("keywords: [演示零件]", "keywords: []"),
        ["chain 'demo-chain'", "node 'parts'", "field 'keywords'", "at least 1"],
        id="empty-keywords",
    ),
    pytest.param(
        VALID_CHAIN.replace("    name: 演示链\n", ""),
        ["chain 'demo-chain'", "field 'name'", "Field required"],
        id="missing-chain-name",
    ),
    pytest.param(
        VALID_CHAIN.replace("version: 1\n", ""),
        ["field 'version'", "Field required"],
        id="missing-version",
    ),
    pytest.param(
        VALID_CHAIN.replace("id: ore", "id: Ore矿"),
        ["chain 'demo-chain'", "node 'Ore矿'", "field 'id'"],
        id="non-slug-id",
    ),
    pytest.param(
        VALID_CHAIN.replace("ore -> metal", "ore -> ore"),
        ["chain 'demo-chain'", "edge 'ore -> ore' is a self-loop"],
        id="self-loop",
    ),
    pytest.param(
        VALID_CHAIN.replace("ore -> metal", "ore => metal"),
        ["chain 'demo-chain'", "edge 'ore => metal'", "source -> target"],
        id="bad-edge-syntax",
    ),
    pytest.param(
        VALID_CHAIN.replace(
            "        name: 演示矿\n", "        name: 演示矿\n        colour: red\n"
        ),
        ["node 'ore'", "field 'colour'", "Extra inputs"],
        id="unknown-field",
    ),
    pytest.param(
        VALID_CHAIN.replace("keywords: [演示矿石]", "keywords: [演示矿石"),
        ["YAML syntax error at line"],
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_file_messages(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, "broken.yaml", text)
    problems = validate_path(path)
    assert problems, "a broken file must report a problem"
    joined = "\n".join(problems)
    assert all(problem.startswith(str(path)) for problem in problems)
    for fragment in expected:
        assert fragment in joined


@pytest.mark.parametrize(("text", "expected"), BROKEN[:3])
def test_broken_file_stops_loading(tmp_path: Path, text: str, expected: list[str]) -> None:
    write(tmp_path, "broken.yaml", text)
    with pytest.raises(ChainLibraryError) as caught:
        load_library([tmp_path])
    assert "broken.yaml" in str(caught.value)
    assert expected[-1] in str(caught.value)


def test_validate_folder_reports_duplicate_chain_ids(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID_CHAIN)
    write(tmp_path, "b.yaml", VALID_CHAIN.replace("[演示产业]", "[别的演示产业]"))
    (problem,) = validate_path(tmp_path)
    assert "b.yaml" in problem and "'demo-chain'" in problem and "a.yaml" in problem


def test_validate_valid_file_and_missing_path(tmp_path: Path) -> None:
    assert validate_path(write(tmp_path, "demo.yaml", VALID_CHAIN)) == []
    (problem,) = validate_path(tmp_path / "missing.yaml")
    assert "missing.yaml" in problem and "no such file" in problem
