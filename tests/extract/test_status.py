"""Project status from cue words: the GUIDE vocabulary and its borderline rules."""

from __future__ import annotations

import pytest

from chainatlas.extract.status import STATUS_CUES, find_status_cues, most_advanced, status_of


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("县里谋划储备了一批产业项目", "planned"),
        ("该项目拟建于城东", "planned"),
        ("双方正在洽谈合作细节", "negotiating"),
        ("与企业达成意向", "negotiating"),
        ("项目于昨日正式签约", "signed"),
        ("项目已签约落地", "signed"),
        ("该厂去年落户园区", "signed"),
        ("项目上月开工建设", "construction"),
        ("项目奠基仪式举行", "construction"),
        ("生产线已完成单机试车", "construction"),
        ("新厂房正在施工", "construction"),
        ("一期工程试生产", "trial"),
        ("三条产线于10月试投产", "trial"),
        ("装置投料试车成功", "trial"),
        ("项目全面投产", "operating"),
        ("工程已竣工验收", "operating"),
        ("去年2月签约,6月开建,12月实现投产", "operating"),
        ("项目建设正式竣工并投入试生产", "trial"),
        ("双方已达成初步投资意向", "negotiating"),
        # parts built while construction goes on: the project is under construction
        ("办公楼已经建成，生产车间正在进行主体施工", "construction"),
        ("厂房已经竣工，设备仍在安装施工", "construction"),
        ("项目已建成，正在招聘员工", "operating"),
    ],
)
def test_reached_stage(text: str, status: str) -> None:
    assert status_of(text) == status


@pytest.mark.parametrize(
    "text",
    [
        "项目预计明年6月试生产",
        "计划于2026年底竣工",
        "力争年内开工",
        "项目建成后可年产汽车配件百万件",
        "全部投产后年产值可达十亿元",
        "项目尚未开工",
        "将在新城建设中国一流的园区",
        # a chain of stage words before 后 is one condition
        "澜禾工厂全部建成达产后，年产值可达九亿元",
        "园区建成投运后可容纳企业二十家",
    ],
)
def test_future_and_hypothetical_stages_are_not_reached(text: str) -> None:
    assert status_of(text) is None


def test_future_cue_leaves_the_reached_one() -> None:
    # signed now, construction only planned
    assert status_of("项目已经签约,预计年底开工") == "signed"


def test_cue_offsets_and_words() -> None:
    [cue] = find_status_cues("厂房已开工")
    assert (cue.start, cue.end, cue.word, cue.status, cue.reached) == (
        3,
        5,
        "开工",
        "construction",
        True,
    )


def test_every_cue_maps_into_the_vocabulary() -> None:
    allowed = {"planned", "negotiating", "signed", "construction", "trial", "operating"}
    assert set(STATUS_CUES.values()) <= allowed


def test_most_advanced_follows_the_guide_order() -> None:
    assert most_advanced(["operating", "signed", "trial"]) == "operating"
    assert most_advanced([]) is None
