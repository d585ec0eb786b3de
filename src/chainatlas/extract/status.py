"""Project status from cue words: the GUIDE vocabulary planned … operating.

A cue counts only when the stage has been *reached*: 预计/计划/将/力争 + cue
speaks of the future, 建成后/投产后 of a hypothetical, 尚未/未 denies it.
Longer cues are tried first, so 试投产 is ``trial`` and not ``operating``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from chainatlas.extract.doccache import per_document
from chainatlas.extract.model import STATUS_ORDER, ProjectStatus

# cue → status, following the GUIDE including its borderline wordings
STATUS_CUES: dict[str, ProjectStatus] = {
    "谋划": "planned",
    "储备": "planned",
    "拟建": "planned",
    "计划建设": "planned",
    "规划建设": "planned",
    "洽谈": "negotiating",
    "在谈": "negotiating",
    "对接": "negotiating",
    "达成意向": "negotiating",
    "达成合作意向": "negotiating",
    "意向协议": "negotiating",
    "投资意向": "negotiating",
    "合作意向": "negotiating",
    "签约": "signed",
    "签订": "signed",
    "签署": "signed",
    "签下": "signed",
    "落户": "signed",
    "落地": "signed",
    "引进": "signed",
    "引入": "signed",
    "入驻": "signed",
    "进驻": "signed",
    "对接签约": "signed",
    "意向签约": "signed",
    "签约落地": "signed",
    "开工": "construction",
    "开建": "construction",
    "动工": "construction",
    "在建": "construction",
    "施工": "construction",
    "建设中": "construction",
    "正在建设": "construction",
    "加紧建设": "construction",
    "加快建设": "construction",
    "启动建设": "construction",
    "启动": "construction",
    "奠基": "construction",
    "进场": "construction",
    "单机试车": "construction",
    "联动试车": "construction",
    "具备试车条件": "construction",
    "建设场景": "construction",
    "施工现场": "construction",
    "建设现场": "construction",
    "试生产": "trial",
    "试投产": "trial",
    "试运行": "trial",
    "试运营": "trial",
    "投料试车": "trial",
    "调试运行": "trial",
    "投产": "operating",
    "建成": "operating",
    "竣工": "operating",
    "达产": "operating",
    "运营": "operating",
    "投入使用": "operating",
    "投用": "operating",
    "开业": "operating",
    "满产": "operating",
}
_CUE = re.compile("|".join(sorted(map(re.escape, STATUS_CUES), key=len, reverse=True)))
# Words before a cue (in its clause) that put the stage in the future or deny it.
_NOT_YET = re.compile(
    r"(?:预计|计划|将|拟|力争|确保|争取|即将|有望|准备|待|推动|推进|加快|早日|尽快|未|尚未|没有|年底前|"
    r"年内|期待|希望|目标|要|可望)[^，,。；;]{0,8}$"
)
# Words after a cue that make it a condition or a description (建成后, 投产后的, 运营商).
# A chain of stage words before 后 is one condition too (建成达产后, 建成投运后).
_HYPOTHETICAL_AFTER = re.compile(
    r"^(?:后|之后|以后|(?:投用|投产|达产|达效|投运|运营|见效)+后|达效|商|模式|管理|主体|中心|服务|能力)"
)
_CLAUSE_EDGE = re.compile(r"[，,。；;！？!?\n]")
_ONGOING_WORDS = frozenset({"在建", "建设中", "正在建设", "加紧建设", "加快建设"})
_ONGOING_BEFORE = re.compile(r"(?:正在|加紧|仍在|还在)[^，,。；;]{0,6}$")


class StatusCue(NamedTuple):  # built in hot loops; cheaper than a frozen dataclass
    start: int
    end: int
    status: ProjectStatus
    reached: bool
    word: str = ""
    ongoing: bool = False  # construction reported as going on now (正在施工, 在建)


def find_status_cues(text: str) -> list[StatusCue]:
    """Every cue word of ``text`` with its status and whether the stage is reached."""
    return list(_cues_of(text))


# The projects stage asks about the same sentences for each name of a project.
@per_document
def _cues_of(text: str) -> tuple[StatusCue, ...]:
    out: list[StatusCue] = []
    for m in _CUE.finditer(text):
        if m.group(0) == "建设中" and re.match(r"[\u4e00-\u9fff]", text[m.end() : m.end() + 1]):
            continue  # 建设中国时尚之都: 建设 + 中国
        clause_start = _clause_start(text, m.start())
        before = text[clause_start : m.start()]
        after = text[m.end() : m.end() + 4]
        reached = not _NOT_YET.search(before) and not _HYPOTHETICAL_AFTER.match(after)
        word = m.group(0)
        ongoing = word in _ONGOING_WORDS or bool(_ONGOING_BEFORE.search(before))
        out.append(StatusCue(m.start(), m.end(), STATUS_CUES[word], reached, word, ongoing))
    return tuple(out)


def _clause_start(text: str, index: int) -> int:
    lo = max(0, index - 40)
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(text, lo, index)]
    return edges[-1] if edges else lo


def most_advanced(statuses: list[ProjectStatus]) -> ProjectStatus | None:
    """The latest stage among ``statuses`` in the GUIDE order."""
    if not statuses:
        return None
    return max(statuses, key=STATUS_ORDER.index)


# 竣工/建成 end construction; with 试生产 reported too the plant is still on trial.
_CONSTRUCTION_DONE = frozenset({"竣工", "建成"})


def status_from_cues(cues: list[StatusCue]) -> ProjectStatus | None:
    """The most advanced reached stage; 竣工并投入试生产 is ``trial``, not ``operating``,
    and parts built while construction goes on (牛舍已经建成，车间正在施工) leave the
    project under ``construction``."""
    reached = [c for c in cues if c.reached]
    statuses = [c.status for c in reached]
    only_built = all(c.word in _CONSTRUCTION_DONE for c in reached if c.status == "operating")
    if "trial" in statuses and only_built:
        statuses = [s for s in statuses if s != "operating"]
    if only_built and any(c.status == "construction" and c.ongoing for c in reached):
        statuses = [s for s in statuses if s != "operating"]
    return most_advanced(statuses)


def status_of(text: str) -> ProjectStatus | None:
    """The most advanced stage that ``text`` reports as reached."""
    return status_from_cues(find_status_cues(text))
