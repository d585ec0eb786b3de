"""Resolution reasons are stored in English and shown in Chinese on pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from chainatlas.api.settings import WebSettings
from chainatlas.store.db import Database
from chainatlas.web.reasons import reason_text

TEMPLATE_WORDS = re.compile(
    r"\b(owner|name|names|same|within|spread|similar|capacity|firm|region|decision|itself|only)\b"
)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            "owner 安徽镁创新材料有限公司; same name and place",
            "业主安徽镁创新材料有限公司；名称和地点相同",
        ),
        ("same name 旅居车; capacity 5000辆", "名称相同：旅居车；产能5000辆"),
        ("name 短流程钢铁 within 150万吨短流程钢铁", "「短流程钢铁」包含在「150万吨短流程钢铁」中"),
        (
            "name 镁合金压铸件 spread within 镁合金及压铸件",
            "「镁合金压铸件」的字依次出现在「镁合金及压铸件」中",
        ),
        ("similar names 锂电池 ~ 锂电池组", "名称相近：锂电池 ~ 锂电池组"),
        ("short name 皖镁新材 of 皖镁新材料科技", "皖镁新材是皖镁新材料科技的简称"),
        (
            "near-identical names 恒直传动 ~ 恒直转动, same region 常州市",
            "名称几乎相同：恒直传动 ~ 恒直转动，同一地区常州市",
        ),
        (
            "owner named in the project name 晋兴能化; the owner's only project here",
            "项目名称中写明的业主晋兴能化；该业主在当地唯一的项目",
        ),
        (
            "the only firm its article names: 甘肃锐能新材料有限公司",
            "文中唯一提到的企业甘肃锐能新材料有限公司",
        ),
        ("capacity 5万吨 / 8万吨", "产能5万吨 / 8万吨"),
        ("锐能 owns a project of this firm", "锐能是该企业项目的业主"),
        ("merged by user decision #12", "按用户决定#12合并"),
        ("split off by user decision #3", "按用户决定#3拆分"),
        ("the name itself", "名称本身"),
    ],
)
def test_each_stored_phrase_has_a_chinese_form(stored: str, shown: str) -> None:
    assert reason_text(stored, "zh-CN") == shown
    assert reason_text(stored, "en") == stored


def test_an_unknown_phrase_is_shown_as_stored() -> None:
    assert reason_text("matched by a future rule", "zh-CN") == "matched by a future rule"
    assert reason_text("", "zh-CN") == "" and reason_text(None, "zh-CN") == ""


def test_every_reason_the_demo_knowledge_base_holds_reads_in_chinese(
    server_settings: WebSettings,
) -> None:
    with Database(server_settings.database_url) as database, database.session() as session:
        stored = {row[0] for row in session.execute(text("SELECT reason FROM project_mentions"))}
        stored |= {row[0] for row in session.execute(text("SELECT reason FROM company_aliases"))}
    stored.discard("")
    assert len(stored) > 10
    for reason in stored:
        assert not TEMPLATE_WORDS.search(reason_text(reason, "zh-CN")), reason
