"""Company resolution inside one block: which mentions name the same firm.

Mentions are grouped into nodes by (key, region stated in the name). Two nodes
are the same firm when their regions are compatible and their keys are equal,
one is the short name of the other (华勤 ⊂ 华勤技术), or they are near-identical
(rapidfuzz). A node that fits two different firms — 华勤 when both 常州华勤电子
and 华勤技术 are known — stays on its own unless one of its mentions carries
region evidence that fits only one of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from chainatlas.resolve.linking import link_unambiguous
from chainatlas.resolve.mentions import CompanyFact
from chainatlas.resolve.names import company_name
from chainatlas.resolve.places import compatible, name_of_code, place_named, specificity

FUZZY_THRESHOLD = 90


@dataclass(frozen=True, order=True)
class CompanyNode:
    key: str
    code: str  # "" when the name states no region


@dataclass
class ResolvedCompany:
    """One firm: its canonical name, region and every mention with the reason it joined."""

    name: str
    key: str
    region: str | None
    region_code: str | None
    members: list[CompanyFact] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # name as written → why linked
    # Other firms an ambiguous short name may also mean (indices in the block's list).
    alternatives: tuple[int, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({m.name for m in self.members} | {self.key}))


def keys_match(short: str, long: str) -> str | None:
    """Why two company keys name the same firm, or None."""
    if short == long:
        return f"same name {short}"
    if len(short) > len(long):
        short, long = long, short
    if len(short) >= 2 and (long.startswith(short) or (len(short) >= 3 and short in long)):
        return f"short name {short} of {long}"
    if len(short) >= 4 and fuzz.ratio(short, long) >= FUZZY_THRESHOLD:
        return f"near-identical names {short} ~ {long}"
    return None


def _match(a: CompanyNode, b: CompanyNode) -> str | None:
    if not compatible(a.code, b.code):
        return None
    reason = keys_match(a.key, b.key)
    if reason is None:
        return None
    if a.code and b.code:
        return f"{reason}, same region {name_of_code(a.code if specificity(a.code) >= specificity(b.code) else b.code)}"  # noqa: E501
    return reason


def _node_of(fact: CompanyFact) -> CompanyNode:
    parsed = company_name(fact.name)
    return CompanyNode(parsed.key, parsed.places[-1].code if parsed.places else "")


def _hint(fact: CompanyFact) -> str | None:
    if fact.region_code:
        return fact.region_code
    place = place_named(fact.region)
    return place.code if place else None


def cluster_companies(facts: list[CompanyFact]) -> tuple[list[ResolvedCompany], dict[int, int]]:
    """Resolve the company mentions of one block; also maps each fact id to its company."""
    node_of = {id(f): _node_of(f) for f in facts}
    nodes = sorted(set(node_of.values()))
    index = {node: i for i, node in enumerate(nodes)}
    links = link_unambiguous(nodes, _match)
    sets, why = links.sets, links.why
    root_of_node = [sets.find(i) for i in range(len(nodes))]
    root_of_fact: dict[int, int] = {}
    reason_of_fact: dict[int, str] = {}
    for fact in facts:
        i = index[node_of[id(fact)]]
        root_of_fact[id(fact)] = root_of_node[i]
        reason_of_fact[id(fact)] = why.get(i, "")
    _place_by_region_evidence(facts, nodes, node_of, index, root_of_node, root_of_fact,
                              reason_of_fact)  # fmt: skip
    members: dict[int, list[CompanyFact]] = {}
    for fact in facts:
        members.setdefault(root_of_fact[id(fact)], []).append(fact)
    companies: list[ResolvedCompany] = []
    company_of_fact: dict[int, int] = {}
    roots = sorted(members, key=lambda r: nodes[r])
    position = {root: i for i, root in enumerate(roots)}
    for root in roots:
        group = members[root]
        company = _build(group, [node_of[id(f)] for f in group])
        for fact in group:
            written = fact.name
            company.reasons.setdefault(written, reason_of_fact[id(fact)] or "the name itself")
            company_of_fact[fact.fact_id] = len(companies)
        ambiguous = [i for i, r in enumerate(root_of_node) if r == root and links.ambiguous[i]]
        company.alternatives = tuple(
            sorted(
                {
                    position[root_of_node[j]]
                    for i in ambiguous
                    for j in links.neighbours[i]
                    if root_of_node[j] in position
                }
                - {position[root]}
            )
        )
        companies.append(company)
    return companies, company_of_fact


def _place_by_region_evidence(
    facts: list[CompanyFact],
    nodes: list[CompanyNode],
    node_of: dict[int, CompanyNode],
    index: dict[CompanyNode, int],
    root_of_node: list[int],
    root_of_fact: dict[int, int],
    reason_of_fact: dict[int, str],
) -> None:
    """Give a mention of an ambiguous name to the one firm its stated region fits."""
    for fact in facts:
        node = node_of[id(fact)]
        hint = _hint(fact)
        if node.code or not hint or fact.from_project:
            # A project's place is where it is built, not where its owner sits.
            continue
        i = index[node]
        roots = {
            root_of_node[j]
            for j, other in enumerate(nodes)
            if root_of_node[j] != root_of_node[i]
            and other.code
            and compatible(other.code, hint)
            and _match(node, other) is not None
        }
        if len(roots) == 1:
            root = roots.pop()
            root_of_fact[id(fact)] = root
            reason_of_fact[id(fact)] = (
                f"{keys_match(node.key, nodes[root].key)}, region evidence {fact.region}"
            )


def _build(group: list[CompanyFact], group_nodes: list[CompanyNode]) -> ResolvedCompany:
    counts = Counter(f.name for f in group)

    def preference(name: str) -> tuple[bool, int, int, str]:
        return (not company_name(name).legal, -len(name), -counts[name], name)

    name = min(counts, key=preference)
    codes = [n.code for n in group_nodes if n.code]
    code = max(codes, key=lambda c: (specificity(c), c)) if codes else None
    return ResolvedCompany(
        name=name,
        key=company_name(name).key,
        region=name_of_code(code) if code else None,
        region_code=code,
        members=sorted(group, key=lambda f: (f.document_hash, f.name, f.from_project)),
    )
