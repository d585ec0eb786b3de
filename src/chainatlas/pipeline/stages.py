"""The pipeline's stage vocabulary and the one table of allowed transitions.

The main line is 线索 → 洽谈 → 签约 → 开工 → 试生产 → 投产 → 达产, where 试生产 (trial
production) may be skipped; 搁置 (shelved) and 终止 (terminated) branch off it and need a
reason. ``at_capacity`` exists only here: the news-derived knowledge base has no 达产
status. Every other stage id is the knowledge base's status of the same name.
"""

from __future__ import annotations

from chainatlas.formatting import STATUS_NAMES

MAIN_STAGES: tuple[str, ...] = (
    "lead",
    "negotiating",
    "signed",
    "construction",
    "trial",
    "operating",
    "at_capacity",
)
SIDE_STAGES: tuple[str, ...] = ("shelved", "terminated")
STAGES: tuple[str, ...] = MAIN_STAGES + SIDE_STAGES
REASON_REQUIRED: frozenset[str] = frozenset(SIDE_STAGES)

STAGE_NAMES: dict[str, str] = {
    "lead": STATUS_NAMES["lead"],
    "negotiating": STATUS_NAMES["negotiating"],
    "signed": STATUS_NAMES["signed"],
    # The knowledge base calls this 在建; the team's own sheets say 开工.
    "construction": "开工",
    "trial": STATUS_NAMES["trial"],
    "operating": STATUS_NAMES["operating"],
    "at_capacity": "达产",
    "shelved": STATUS_NAMES["shelved"],
    "terminated": STATUS_NAMES["terminated"],
}

_ACTIVE_EXITS = ("shelved", "terminated")

# The single place where transitions are decided; everything else asks check_transition.
ALLOWED: dict[str, frozenset[str]] = {
    "lead": frozenset({"negotiating", *_ACTIVE_EXITS}),
    "negotiating": frozenset({"lead", "signed", *_ACTIVE_EXITS}),
    "signed": frozenset({"construction", *_ACTIVE_EXITS}),
    # 试生产 is optional: many projects report 投产 straight after construction.
    "construction": frozenset({"trial", "operating", *_ACTIVE_EXITS}),
    "trial": frozenset({"operating", *_ACTIVE_EXITS}),
    "operating": frozenset({"at_capacity", "terminated"}),
    "at_capacity": frozenset(),
    # A shelved project resumes where talks or works stood, or is given up.
    "shelved": frozenset({"lead", "negotiating", "signed", "construction", "trial", "terminated"}),
    "terminated": frozenset(),
}


class StageError(ValueError):
    """A stage change the pipeline refuses: unknown stage, forbidden move or missing reason."""


def parse_stage(value: str) -> str:
    """A stage id from an id or its Chinese name (``签约`` → ``signed``)."""
    text = value.strip()
    if text in STAGE_NAMES:
        return text
    for stage, name in STAGE_NAMES.items():
        if name == text:
            return stage
    raise StageError(f"unknown stage {value!r}; expected one of {', '.join(STAGES)}")


def stage_label(stage: str) -> str:
    return f"{STAGE_NAMES.get(stage, stage)} {stage}"


def check_transition(from_stage: str, to_stage: str, reason: str = "") -> None:
    """Raise StageError naming from/to when the move is not allowed or lacks a reason."""
    for stage in (from_stage, to_stage):
        parse_stage(stage)
    if to_stage not in ALLOWED[from_stage]:
        allowed = ", ".join(sorted(ALLOWED[from_stage])) or "none"
        raise StageError(
            f"stage change {stage_label(from_stage)} → {stage_label(to_stage)} is not allowed "
            f"(allowed from {from_stage}: {allowed})"
        )
    if to_stage in REASON_REQUIRED and not reason.strip():
        raise StageError(
            f"stage change {stage_label(from_stage)} → {stage_label(to_stage)} needs a reason"
        )


def main_rank(stage: str) -> int | None:
    """Position on the main line (0 = lead), None for shelved/terminated."""
    return MAIN_STAGES.index(stage) if stage in MAIN_STAGES else None
