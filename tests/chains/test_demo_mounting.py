"""After ingesting the demo corpus, each demo project with an identifiable industry sits
on the right chain and node. The table was written from the demo articles (see
docs/demo-corpus.md); projects whose node the name does not tell (肉牛全产业链,
镁基新材料产业基地, 空压机核心零部件, 化工装备检修服务中心) are left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

import chainatlas
from chainatlas.config import Settings
from chainatlas.ingest.pipeline import Ingestor, extraction_step
from chainatlas.store.db import Database
from chainatlas.store.models import Project

DEMO = Path(chainatlas.__file__).parent / "data" / "demo"

# distinctive part of the project name -> (chain id, node id)
EXPECTED = {
    "滚珠丝杠及直线导轨": ("cnc-machine-tool", "functional-parts"),
    "五轴联动数控机床": ("cnc-machine-tool", "metal-cutting"),
    "精密数控机床产业园": ("cnc-machine-tool", "metal-cutting"),
    "医药中间体": ("biomedicine", "api"),
    "mRNA疫苗": ("biomedicine", "biologics"),
    "医用敷料": ("medical-devices", "consumables"),
    "高性能镁合金及压铸件": ("magnesium-light-alloy", "light-alloy-castings"),
    "镁合金建筑模板": ("magnesium-light-alloy", "magnesium-building-products"),
    "半导体封测": ("integrated-circuit", "packaging-testing"),
    "废旧动力电池综合回收": ("new-energy-battery", "recycling"),
    "三元前驱体": ("new-energy-battery", "cathode"),
    "磷酸铁锂正极材料": ("new-energy-battery", "cathode"),
    "储能电池": ("new-energy-battery", "energy-storage"),
    "5G通信模组": ("electronic-information", "communication"),
    "精密连接器": ("electronic-information", "components"),
    "高纯晶硅": ("photovoltaic", "polysilicon"),
    "高端铝型材": ("aluminium", "profile"),
    "煤制乙二醇": ("coal-chemical", "glycol-aromatics"),
    "红枣精深加工": ("green-food", "fruit-vegetable"),
    "预制菜中央厨房": ("green-food", "prepared-dishes"),
    "冷链物流园": ("cold-chain", "hub"),
    "工业陶瓷": ("env-equipment-ceramics", "industrial-ceramics"),
    "电瓷绝缘子": ("power-equipment", "electrical-materials"),
    "螺杆空压机": ("air-compressor", "screw-compressor"),
    "房车专用底盘": ("recreational-vehicle", "chassis"),
    "旅居车": ("recreational-vehicle", "self-propelled"),
    "网络货运西北结算中心": ("digital-economy", "network-freight"),
    "网络货运产业园": ("digital-economy", "network-freight"),
    "肉牛养殖及屠宰加工": ("beef-cattle", "farming"),
    "短流程绿色钢铁": ("green-steel", "eaf-hydrogen"),
}


@pytest.fixture(scope="module")
def mounted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str]]]:
    """Project name -> (chain, node) of every resolved project with that name."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    database = Database(url)
    try:
        report = Ingestor(database, Settings(database_url=url), extract=extraction_step()).ingest(
            [str(DEMO)]
        )
        assert not report.errors
        with database.session() as session:
            rows = session.execute(select(Project.name, Project.chain, Project.node)).all()
    finally:
        database.dispose()
    found: dict[str, list[tuple[str, str]]] = {}
    for name, chain, node in rows:
        found.setdefault(name, []).append((chain or "", node or ""))
    return found


@pytest.mark.parametrize(("part", "expected"), sorted(EXPECTED.items()))
def test_demo_project_mounted(
    mounted: dict[str, list[tuple[str, str]]], part: str, expected: tuple[str, str]
) -> None:
    places = [place for name, found in mounted.items() if part in name for place in found]
    assert places, f"no demo project named with {part!r}"
    assert set(places) == {expected}
