"""Planned layouts (规划布局): sentences in which a region, or a zone or park of it, plans
a chain node without a concrete project — "某园区重点布局正极材料、隔膜项目".

A sentence is a layout of a node when it holds a planning verb and a library word of
the node, and it is about the region: the regions it names include one inside the
region, or it names none and the nearest region named before it (or the document's
first) is inside. Regions are read from the document's region facts, whose evidence
spans say where each was named. Words inside a firm's name (安徽宝镁轻合金) are not
plans and are skipped, by the spans of the document's company facts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.analysis.regions import RegionScope
from chainatlas.chains import Chain, ChainMounter
from chainatlas.extract.base import split_sentences
from chainatlas.store.models import Document, Fact

# Verbs of plans and intentions, not of concrete projects (签约, 开工 are events).
PLANNING_VERBS = re.compile(
    "布局|规划|谋划|打造|引进|培育|招引|重点发展|着力发展|大力发展|加快发展|聚焦|集聚|补链|延链|强链"
)
MAX_SENTENCE = 400  # characters: longer "sentences" are lists or tables, not statements
MAX_LAYOUTS_PER_NODE = 10
_QUOTES = "“”‘’\"' "  # quoted plans keep their marks at the cut sentence edges


@dataclass(frozen=True)
class PlannedLayout:
    """A sentence planning a node in the region, with the words that named the node."""

    sentence: str
    document_id: int
    document: str  # title, or file name when untitled
    published: date | None
    terms: list[str]


@dataclass(frozen=True)
class _Place:
    start: int
    inside: bool


def planned_layouts(
    session: Session, chain: Chain, mounter: ChainMounter, region: RegionScope
) -> dict[str, list[PlannedLayout]]:
    """Layout sentences per node id of ``chain`` in documents about ``region``, newest first."""
    places = _region_places(session, region)
    if not places:
        return {}
    documents = session.execute(
        select(Document.id, Document.title, Document.name, Document.published,
               Document.normalised_text)
        .where(Document.id.in_(list(places)))
        .order_by(Document.published.desc().nulls_last(), Document.id)
    ).all()  # fmt: skip
    firm_spans = _company_spans(session, list(places))
    found: dict[str, list[PlannedLayout]] = defaultdict(list)
    for document_id, title, name, published, text in documents:
        seen: set[tuple[str, str]] = set()
        for sentence in split_sentences(text):
            if len(sentence.text) > MAX_SENTENCE or not PLANNING_VERBS.search(sentence.text):
                continue
            spans = [
                (start - sentence.start, end - sentence.start)
                for start, end in firm_spans.get(document_id, [])
                if start < sentence.end and end > sentence.start
            ]
            terms = _node_terms(mounter, chain, sentence.text, spans)
            if not terms or not _about_region(places[document_id], sentence.start, sentence.end):
                continue
            for node_id, words in terms.items():
                if (node_id, sentence.text) in seen:
                    continue
                seen.add((node_id, sentence.text))
                found[node_id].append(
                    PlannedLayout(
                        sentence.text.strip(_QUOTES), document_id, title or name, published, words
                    )
                )
    return {node: layouts[:MAX_LAYOUTS_PER_NODE] for node, layouts in found.items()}


def _node_terms(
    mounter: ChainMounter, chain: Chain, text: str, firm_spans: list[tuple[int, int]]
) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    for hit in mounter.find_terms(text):
        if hit.generic or any(t.node_id is None for t in hit.targets):
            continue  # 电池, 材料 alone, or a chain's own name (新能源电池), name no node
        if any(start <= hit.start and hit.end <= end for start, end in firm_spans):
            continue
        for target in hit.targets:
            if target.chain_id == chain.id and target.node_id is not None:
                words = terms.setdefault(target.node_id, [])
                if hit.word not in words:
                    words.append(hit.word)
    return terms


def _region_places(session: Session, region: RegionScope) -> dict[int, list[_Place]]:
    """Per document with a region fact inside ``region``: where each region is named."""
    rows = session.execute(
        select(Fact.document_id, Fact.name, Fact.data).where(Fact.kind == "region")
    ).all()
    places: dict[int, list[_Place]] = defaultdict(list)
    relevant: set[int] = set()
    for document_id, name, data in rows:
        code = data.get("code") if isinstance(data, dict) else None
        inside = region.contains(code, name)
        if inside:
            relevant.add(document_id)
        for start in _evidence_starts(data):
            places[document_id].append(_Place(start, inside))
    return {d: sorted(places[d], key=lambda p: p.start) for d in relevant}


def _company_spans(session: Session, document_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Where firms are named in each document (every evidence span of its company facts)."""
    rows = session.execute(
        select(Fact.document_id, Fact.data).where(
            Fact.kind == "company", Fact.document_id.in_(document_ids)
        )
    ).all()
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for document_id, data in rows:
        evidence = data.get("evidence") if isinstance(data, dict) else None
        for item in evidence if isinstance(evidence, list) else []:
            if isinstance(item, dict) and isinstance(item.get("start"), int):
                spans[document_id].append((item["start"], item["end"]))
    return spans


def _evidence_starts(data: Any) -> list[int]:
    evidence = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(evidence, list):
        return []
    return [e["start"] for e in evidence if isinstance(e, dict) and isinstance(e.get("start"), int)]


def _about_region(places: list[_Place], start: int, end: int) -> bool:
    named = [p for p in places if start <= p.start < end]
    if named:
        return any(p.inside for p in named)
    before = [p for p in places if p.start < start]
    nearest = before[-1] if before else (places[0] if places else None)
    return nearest is not None and nearest.inside
