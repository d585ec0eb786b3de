"""What resolution reads from a fact: typed views of project and company mentions.

Facts keep the full mention as ``dataclasses.asdict`` of the types in
``chainatlas.extract.model``; these views pick the fields resolution needs and
add the document's publication date and content hash (an order-independent
tie-breaker, unlike database ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from chainatlas.resolve.names import block_of, company_name, name_core

STAGES = ("signed", "construction", "trial", "operating")


@dataclass(frozen=True)
class FactRow:
    """A stored fact with its document's identity, as loaded for resolution."""

    fact_id: int
    document_id: int
    document_hash: str
    published: date | None
    kind: str
    name: str
    sentence: str | None
    data: dict[str, Any]
    # For a project without a stated owner: the one firm its article names, if only one.
    owner_hint: str | None = None


@dataclass(frozen=True)
class ProjectFact:
    """One project mention of one document."""

    fact_id: int
    document_id: int
    document_hash: str
    published: date | None
    name: str
    company: str | None
    region: str | None
    region_code: str | None
    investment_cny: float | None
    capacity: str | None
    status: str | None
    dates: dict[str, str] = field(default_factory=dict)
    chain: str | None = None
    node: str | None = None
    sentence: str = ""
    owner_hint: str | None = None

    @property
    def anchor(self) -> tuple[int, str]:
        """How user decisions name this mention: stable across re-extraction."""
        return (self.document_id, self.name)

    @property
    def order_key(self) -> tuple[str, str, str]:
        return (self.published.isoformat() if self.published else "", self.document_hash, self.name)


@dataclass(frozen=True)
class CompanyFact:
    """One company named by one fact: a company mention, or a project's owner."""

    fact_id: int
    document_id: int
    document_hash: str
    name: str
    region: str | None
    region_code: str | None
    from_project: bool


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and value > 0 else None


def project_fact(row: FactRow) -> ProjectFact:
    data = row.data
    raw = data.get("dates")
    raw_dates: dict[str, Any] = raw if isinstance(raw, dict) else {}
    dates = {stage: str(raw_dates[stage]) for stage in STAGES if _text(raw_dates.get(stage))}
    evidence = data.get("evidence") or []
    sentence = row.sentence or (evidence[0].get("sentence", "") if evidence else "")
    return ProjectFact(
        fact_id=row.fact_id,
        document_id=row.document_id,
        document_hash=row.document_hash,
        published=row.published,
        name=_text(data.get("name")) or row.name,
        company=_text(data.get("company")),
        region=_text(data.get("region")),
        region_code=_text(data.get("region_code")),
        investment_cny=_number(data.get("investment_cny")),
        capacity=_text(data.get("capacity")),
        status=_text(data.get("status")),
        dates=dates,
        chain=_text(data.get("chain")),
        node=_text(data.get("node")),
        sentence=sentence or "",
        owner_hint=row.owner_hint,
    )


def company_facts(row: FactRow) -> list[CompanyFact]:
    """The companies a fact names (a project fact names its owner, if known)."""
    data = row.data
    if row.kind == "company":
        name = _text(data.get("name")) or row.name
        return [
            CompanyFact(row.fact_id, row.document_id, row.document_hash, name,
                        _text(data.get("region")), None, from_project=False)
        ]  # fmt: skip
    owner = _text(data.get("company")) if row.kind == "project" else None
    if owner is None:
        return []
    return [
        CompanyFact(row.fact_id, row.document_id, row.document_hash, owner,
                    _text(data.get("region")), _text(data.get("region_code")), from_project=True)
    ]  # fmt: skip


def block_of_fact(row: FactRow) -> str | None:
    """The block a company or project fact is resolved in; None for other kinds."""
    if row.kind == "company":
        return block_of(company_name(_text(row.data.get("name")) or row.name).key)
    if row.kind != "project":
        return None
    owner = _text(row.data.get("company")) or row.owner_hint
    if owner:
        return block_of(company_name(owner).key)
    return block_of(name_core(_text(row.data.get("name")) or row.name))


def owner_hints(rows: list[FactRow], companies: dict[int, set[str]]) -> list[FactRow]:
    """Give owner-less project facts the one firm their article names (by company key)."""
    hinted: list[FactRow] = []
    for row in rows:
        names = companies.get(row.document_id, set())
        keys = {company_name(n).key for n in names}
        if row.kind == "project" and not _text(row.data.get("company")) and len(keys) == 1:
            row = replace(row, owner_hint=max(names, key=lambda n: (len(n), n)))
        hinted.append(row)
    return hinted
