"""Turning an ``Extraction`` into fact rows, one per mention, with its evidence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from chainatlas.extract.model import Evidence, Extraction
from chainatlas.store.models import Fact


def facts_from_extraction(extraction: Extraction) -> list[Fact]:
    facts: list[Fact] = []
    for region in extraction.regions:
        facts.append(_fact("region", region.name, asdict(region), _first(region.evidence)))
    for company in extraction.companies:
        facts.append(_fact("company", company.name, asdict(company), _first(company.evidence)))
    for project in extraction.projects:
        fact = _fact("project", project.name, asdict(project), _first(project.evidence))
        fact.status = project.status
        fact.region = project.region
        fact.value_cny = project.investment_cny
        facts.append(fact)
    for amount in extraction.amounts:
        fact = _fact("amount", amount.text, asdict(amount), amount.evidence)
        fact.value_cny = amount.value_cny
        facts.append(fact)
    for event in extraction.events:
        fact = _fact("event", event.name, asdict(event), event.evidence)
        fact.region = event.place
        fact.value_cny = event.amount_cny
        facts.append(fact)
    for figure in extraction.figures:
        fact = _fact("figure", figure.indicator, asdict(figure), figure.evidence)
        fact.region = figure.region
        facts.append(fact)
    return facts


def _first(evidence: list[Evidence]) -> Evidence | None:
    return evidence[0] if evidence else None


def _fact(kind: str, name: str, data: dict[str, Any], evidence: Evidence | None) -> Fact:
    fact = Fact(kind=kind, name=name[:500], data=data)
    if evidence is not None:
        fact.start = evidence.start
        fact.end = evidence.end
        fact.original_start = evidence.original_start
        fact.original_end = evidence.original_end
        fact.sentence = evidence.sentence
    return fact
