"""Project resolution inside one block: which mentions are the same project.

Phases are separate projects: a mention naming a phase (一期, 二期 …) belongs to
a project record of that phase, linked to the parent project — the one project
of the same owner, place and name that states no phase. The parent stands for
the whole investment; counting subtracts what its phases count themselves.

Mentions are grouped into nodes by (owner, name key, phase, region, capacity).
Two nodes are one project when the owner and phase are the same, the regions do
not contradict each other, and the keys are equal, contained in one another, or
similar (rapidfuzz) — and neither node also fits a different project (see
``linking``). Capacities are reported but do not separate projects (an expansion
restates them). A project that changes owner is a new project: the owner is part
of its identity. A project without a stated owner takes the firm its name starts
with, or else the only firm its article names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from chainatlas.resolve.companies import ResolvedCompany
from chainatlas.resolve.linking import link_unambiguous
from chainatlas.resolve.mentions import ProjectFact
from chainatlas.resolve.names import clean, company_name, markers, name_core, project_name
from chainatlas.resolve.places import compatible, place_named

FUZZY_THRESHOLD = 80
SUBSEQUENCE_SHARE = 0.85
NO_OWNER = -1


@dataclass(frozen=True, order=True)
class ProjectNode:
    owner: int  # index of the company in the block, NO_OWNER when unknown
    key: str
    phase: int
    region_code: str
    region: str
    capacity: str


@dataclass
class Grouping:
    """Mentions of one block grouped into projects, before user decisions."""

    groups: list[list[int]]  # indices into the block's project facts
    nodes: list[ProjectNode]  # the node of each fact
    reasons: list[str]  # why each fact joined its group
    owners: list[int]  # the owner of each fact (NO_OWNER when unknown)


def names_match(first: str, second: str) -> str | None:
    """Why two project keys name the same project, or None."""
    if first == second:
        return f"same name {first or '(owner only)'}"
    short, long = sorted((first, second), key=len)
    if not short:
        return None
    if markers(short) != markers(long):
        return None
    if len(short) >= 2 and (long.startswith(short) or (len(short) >= 3 and short in long)):
        return f"name {short} within {long}"
    if len(short) >= 3 and fuzz.ratio(short, long) >= FUZZY_THRESHOLD:
        return f"similar names {short} ~ {long}"
    # Words inserted into a name (镁合金压铸件 in 高性能镁合金及压铸件) keep its characters
    # in order: the shorter name is (nearly) a subsequence of the longer one.
    if len(short) >= 4 and LCSseq.similarity(short, long) >= SUBSEQUENCE_SHARE * len(short):
        return f"name {short} spread within {long}"
    return None


def _match(a: ProjectNode, b: ProjectNode) -> str | None:
    if a.owner != b.owner or a.phase != b.phase:
        return None
    if not compatible(a.region_code, b.region_code):
        return None
    if a.region and b.region and not (a.region in b.region or b.region in a.region):
        return None
    reason = names_match(a.key, b.key)
    if reason is None and a.owner != NO_OWNER and not (a.key and b.key):
        reason = "the owner's only project here"
    if reason is None:
        return None
    if a.capacity and b.capacity:
        # Capacities do not separate projects: expansions (增资扩产) restate them.
        same = a.capacity == b.capacity
        reason += f"; capacity {a.capacity}" if same else f"; capacity {a.capacity} / {b.capacity}"
    return reason


def owner_candidates(
    fact: ProjectFact, companies: list[ResolvedCompany], by_fact: dict[int, int]
) -> tuple[int, ...]:
    """Firms the owner may be: the stated one (and, if its name is ambiguous, the
    firms it may also mean), else the firms whose name starts the project name."""
    hinted = [i for i, c in enumerate(companies) if fact.owner_hint and fact.owner_hint in c.names]
    if fact.fact_id in by_fact:
        base: tuple[int, ...] = (by_fact[fact.fact_id],)
    elif len(hinted) == 1:
        base = (hinted[0],)
    else:
        # The firm whose name shares the longest start with the project name (two
        # characters at least): 信夏旭正极材料项目 → 信夏旭材料科技.
        core = name_core(fact.name)
        best: dict[int, int] = {}
        for i, company in enumerate(companies):
            for key in {company.key, *(company_name(n).key for n in company.names)}:
                shared = _shared_start(key, core)
                if shared >= 2:
                    best[i] = max(best.get(i, 0), shared)
        longest = max(best.values(), default=0)
        base = tuple(sorted(i for i, length in best.items() if length == longest))
    more = {a for i in base for a in companies[i].alternatives}
    return (*base, *sorted(more - set(base)))


def _shared_start(first: str, second: str) -> int:
    for i, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return i
    return min(len(first), len(second))


def choose_owners(
    facts: list[ProjectFact], companies: list[ResolvedCompany], by_fact: dict[int, int]
) -> tuple[list[int], list[str]]:
    """Each fact's owner and how it was chosen. An ambiguous owner goes to the one
    candidate firm that already has a matching project from unambiguous mentions."""
    candidates = [owner_candidates(f, companies, by_fact) for f in facts]
    owners = [c[0] if len(c) == 1 else NO_OWNER for c in candidates]
    notes = [_owner_note(f, o, companies, by_fact) for f, o in zip(facts, owners, strict=True)]
    definite: dict[int, list[ProjectNode]] = {}
    for fact, owner in zip(facts, owners, strict=True):
        if owner != NO_OWNER:
            definite.setdefault(owner, []).append(node_of(fact, owner, companies))
    for i, fact in enumerate(facts):
        if len(candidates[i]) < 2:
            continue
        fits = []
        for candidate in candidates[i]:
            node = node_of(fact, candidate, companies)
            if any(_match(node, other) for other in definite.get(candidate, [])):
                fits.append(candidate)
        if len(fits) == 1:
            owners[i] = fits[0]
            notes[i] = (
                f"owner {fact.company or 'in the name'} read as {companies[fits[0]].name}: "
                "the only such firm with this project"
            )
        elif fact.fact_id in by_fact:
            owners[i] = by_fact[fact.fact_id]
            notes[i] = _owner_note(fact, owners[i], companies, by_fact)
    return owners, notes


def _owner_note(
    fact: ProjectFact, owner: int, companies: list[ResolvedCompany], by_fact: dict[int, int]
) -> str:
    if owner == NO_OWNER:
        return ""
    if fact.fact_id in by_fact:
        how = "owner"
    elif fact.owner_hint and fact.owner_hint in companies[owner].names:
        how = "the only firm its article names:"
    else:
        how = "owner named in the project name"
    return f"{how} {companies[owner].name}"


def node_of(fact: ProjectFact, owner: int, companies: list[ResolvedCompany]) -> ProjectNode:
    owner_names = companies[owner].names if owner != NO_OWNER else ()
    if fact.company and owner != NO_OWNER:
        owner_names = (*owner_names, fact.company, company_name(fact.company).key)
    parsed = project_name(fact.name, owner_names)
    code = fact.region_code
    if not code:
        place = place_named(fact.region)
        code = place.code if place else (parsed.places[-1].code if parsed.places else None)
    capacity = parsed.capacity or project_name(fact.capacity or "").capacity
    return ProjectNode(
        owner=owner,
        key=parsed.key,
        phase=parsed.phase or 0,
        region_code=code or "",
        region="" if code else clean(fact.region or ""),
        capacity=capacity or "",
    )


def group_projects(
    facts: list[ProjectFact], companies: list[ResolvedCompany], company_of_fact: dict[int, int]
) -> Grouping:
    """Group the project mentions of one block (facts in canonical order)."""
    owners, notes = choose_owners(facts, companies, company_of_fact)
    fact_nodes = [node_of(f, o, companies) for f, o in zip(facts, owners, strict=True)]
    nodes = sorted(set(fact_nodes))
    index = {node: i for i, node in enumerate(nodes)}
    links = link_unambiguous(nodes, _match)
    sets, why = links.sets, links.why
    by_root: dict[int, list[int]] = {}
    reasons: list[str] = []
    for i in range(len(facts)):
        n = index[fact_nodes[i]]
        by_root.setdefault(sets.find(n), []).append(i)
        reasons.append("; ".join(p for p in (notes[i], why.get(n) or "same name and place") if p))
    groups = [by_root[root] for root in sorted(by_root)]
    return Grouping(groups=groups, nodes=fact_nodes, reasons=reasons, owners=owners)


def group_phase(nodes: list[ProjectNode]) -> int:
    counts = Counter(n.phase for n in nodes)
    return min(counts, key=lambda phase: (-counts[phase], phase))


def parents(groups: list[list[int]], nodes: list[ProjectNode]) -> list[int | None]:
    """For each group that is a phase, the one whole project it belongs to."""
    heads = [min((nodes[i] for i in group), key=lambda n: (n.phase, n)) for group in groups]
    phases = [group_phase([nodes[i] for i in group]) for group in groups]
    found: list[int | None] = []
    for g, head in enumerate(heads):
        if phases[g] < 1:
            found.append(None)
            continue
        candidates = [
            other
            for other, base in enumerate(heads)
            if phases[other] == 0
            and base.owner == head.owner
            and compatible(base.region_code, head.region_code)
            and names_match(base.key, head.key) is not None
        ]
        found.append(candidates[0] if len(candidates) == 1 else None)
    return found
