"""Pydantic models of the chain library's YAML files: a file holds chains, a chain
holds nodes (上游/中游/下游) and directed supply edges between them.

A file, built-in or in a user folder, reads::

    version: 1
    chains:
      - id: magnesium-light-alloy     # ASCII slug; the same id in a user folder replaces it
        name: 镁铝轻合金
        aliases: [镁产业]
        nodes:
          - id: primary-magnesium
            segment: 中游
            name: 原镁冶炼(皮江法)
            keywords: [原镁, 镁锭, 皮江法]  # at least one; the words news use for it
            industry_codes: [C3217]      # optional, GB/T 4754 with its section letter
        edges:
          - magnesium-ore -> primary-magnesium   # or {from: magnesium-ore, to: ...}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Segment = Literal["上游", "中游", "下游"]
SEGMENTS: tuple[Segment, ...] = ("上游", "中游", "下游")

# Lower-case ASCII words joined by single hyphens: stable keys for URLs, CLI and the database.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")]
# Two characters at least: a single one (铝, 钢) matches far too much text to identify anything.
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2)]
# GB/T 4754-2017 code with its section letter: C3217 (class), C321 (group) or C32 (division).
IndustryCode = Annotated[str, StringConstraints(pattern=r"^[A-T]\d{2,4}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Node(_Frozen):
    """One link of a chain: what is made or done there and the words that name it."""

    id: Slug
    segment: Segment
    name: Word
    aliases: tuple[Word, ...] = ()
    keywords: tuple[Word, ...] = Field(min_length=1)
    products: tuple[Word, ...] = ()
    industry_codes: tuple[IndustryCode, ...] = ()

    def terms(self) -> tuple[str, ...]:
        """Every word that identifies the node, its name first, without repeats."""
        seen: dict[str, None] = {}
        for word in (self.name, *self.aliases, *self.keywords, *self.products):
            seen.setdefault(word, None)
        return tuple(seen)


class Edge(_Frozen):
    """A supply relation: ``source`` delivers to ``target``.

    Written in YAML as ``{from: a, to: b}`` or, shorter, as the string ``"a -> b"``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: Slug = Field(alias="from")
    target: Slug = Field(alias="to")

    @model_validator(mode="before")
    @classmethod
    def _parse_arrow(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split("->")]
            if len(parts) != 2:
                raise ValueError(f"edge {value!r} must read 'source -> target'")
            return {"from": parts[0], "to": parts[1]}
        return value

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


class Chain(_Frozen):
    """An industrial chain with its nodes and supply edges."""

    id: Slug
    name: Word
    aliases: tuple[Word, ...] = ()
    description: str = ""
    nodes: tuple[Node, ...] = Field(min_length=2)
    edges: tuple[Edge, ...] = ()

    @model_validator(mode="after")
    def _check_graph(self) -> Chain:
        problems: list[str] = []
        ids: set[str] = set()
        for node in self.nodes:
            if node.id in ids:
                problems.append(f"duplicate node id '{node.id}'")
            ids.add(node.id)
        seen_edges: set[tuple[str, str]] = set()
        for edge in self.edges:
            for role, end in (("source", edge.source), ("target", edge.target)):
                if end not in ids:
                    problems.append(f"edge '{edge}': unknown {role} node '{end}'")
            if edge.source == edge.target:
                problems.append(f"edge '{edge}' is a self-loop")
            if (edge.source, edge.target) in seen_edges:
                problems.append(f"edge '{edge}' is listed twice")
            seen_edges.add((edge.source, edge.target))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def node(self, node_id: str) -> Node:
        """The node with this id; KeyError naming the chain's node ids otherwise."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        known = ", ".join(node.id for node in self.nodes)
        raise KeyError(f"chain '{self.id}' has no node '{node_id}' (nodes: {known})")

    def suppliers(self, node_id: str) -> list[Node]:
        """Nodes with an edge into ``node_id`` (its upstream neighbours)."""
        return [self.node(edge.source) for edge in self.edges if edge.target == node_id]

    def customers(self, node_id: str) -> list[Node]:
        """Nodes ``node_id`` has an edge into (its downstream neighbours)."""
        return [self.node(edge.target) for edge in self.edges if edge.source == node_id]


class ChainFile(_Frozen):
    """One YAML file of the library."""

    version: int = Field(ge=1)
    chains: tuple[Chain, ...] = Field(min_length=1)
