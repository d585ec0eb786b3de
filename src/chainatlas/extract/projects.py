"""Investment and construction projects: name, company, region, investment, status, dates.

Names come from ``project_names``; a project named several ways (航发物流园,
航发智慧物流园项目) is one project. Its facts are read from the clauses that
name it: the firm named in it or nearest before it, the amount of its own
clause (总投资X亿元的…项目, …项目总投资X亿元), the most advanced stage
reported, and the dates written next to each stage's cue word.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from chainatlas.extract import namewords
from chainatlas.extract.base import ExtractionContext, Sentence, register_stage
from chainatlas.extract.companies import trade_name
from chainatlas.extract.dates import find_dates
from chainatlas.extract.model import (
    AmountMention,
    CompanyMention,
    ProjectDates,
    ProjectMention,
    ProjectStatus,
)
from chainatlas.extract.project_names import (
    Span,
    find_listed_projects,
    find_park_projects,
    find_project_names,
    name_key,
)
from chainatlas.extract.regions import region_of_span
from chainatlas.extract.status import StatusCue, find_status_cues, status_from_cues
from chainatlas.extract.textscan import occurrences

_CLAUSE_EDGE = re.compile(r"[，,。；;！？!?\n]")
# Words before an amount that make it a batch total, a phase or a yearly figure.
_AGGREGATE = re.compile(
    r"[0-9一二三四五六七八九十两]+(?:个|项|批)|共计|累计|合计|总计|共签约|全年|\d+家|"
    r"(?:一|二|三|四|首)期|年度|当年"
)
_FACT_MENTIONS = 12
_EACH = re.compile(r"个投资[^，,。]*$")
# ProjectDates has one field per stage that carries a date
_DATED_STAGES = ("signed", "construction", "trial", "operating")
# A sentence about the project just named: 该项目…, also after a short lead-in clause
# (据介绍，该项目…; 目前，项目…).
_ANAPHORA = re.compile(
    r"^(?:[^，,。；;：:]{1,6}[，,])?"
    r"(?:除)?(?:该项目|项目|这个项目|此项目|这些项目|上述项目|以上项目|在建项目|该基地|该园区|园区)"
)
_DEMONSTRATIVE = re.compile(r"^(?:[^，,。；;：:]{1,6}[，,])?(?:该|这个|此|上述)(?:项目|基地|园区)")
_MONEY_OR_COUNT = re.compile(r"[0-9一二三四五六七八九十两百千万亿]+(?:元|亿|万|个|项|家)")
# An increment is not the total (追加投资15亿元), nor is the old value of a change
# (总投资由30亿元增至45亿元: the total is the new value).
_INCREMENT_BEFORE = re.compile(r"(?:追加|新增|增加|增资|加码)(?:投资|资金)?(?:约|近|超过?)?$")
_CHANGED_AFTER = re.compile(
    r"(?:增至|增加到|增加至|提高到|提高至|调整为|调整到|扩大到|扩大至|变更为)"
)
_PART_OF = re.compile(r"^(?:这个|该|此)(?:项目|园区|基地)(?:包含|包括|分为|由)")
# A firm's stated intention to invest counts as a signed deal (甲公司将投资4亿元建设…).
_COMMITMENT = re.compile(r"(?:将|拟|计划)(?:在[^，,。]{1,10})?投资|投资建设|联手|携手")
_INVESTMENT_ROLES = ("total_investment", "signed_amount")
_CAPACITY = re.compile(
    r"(?:年产|年处理|日处理|年加工)?[0-9.]+(?:万|亿)?"
    r"(?:吨|件|只|套|台|辆|立方米|平方米|千瓦|兆瓦|GWh|MW)(?:/年)?"
)


# Precompiled: re's module functions pay a cache lookup on every call.
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
_QUOTE_MARKS = re.compile(r"[“”\"]")


@dataclass
class _Project:
    """A project while it is being assembled: its names, where they occur, its firm."""

    names: list[str]
    spans: list[Span] = field(default_factory=list)
    company: str | None = None


@register_stage("projects")
class ProjectStage:
    """Finds the projects of a document with their facts."""

    name = "projects"

    def __call__(self, context: ExtractionContext) -> None:
        text = context.text
        firms = [f for c in context.result.companies for f in (c.name, *c.aliases)]
        spans = find_project_names(text) + find_park_projects(text, firms)
        spans += find_listed_projects(text)
        masked = _SpanIndex(context.masked)
        company_spans = _SpanIndex(_company_spans(context))
        spans = [
            company_spans.trim(s, text)
            for s in spans
            if not masked.overlaps(s.start, s.end) and not company_spans.inside(s.start, s.end)
        ]
        projects = _merge(context, spans)
        _add_companies_named_by_projects(context, projects)
        # With each project's firm known from its sentence, a bare 澜禾项目 can be folded
        # into the one other project of that firm.
        for project in projects:
            if project.company is None:
                first = min(project.spans, key=lambda s: s.start)
                project.company = _nearest_company(context, first)
        _fold_bare_company_projects(context, projects)
        starts = sorted(s.start for p in projects for s in p.spans)
        amounts = _Amounts([a for a in context.result.amounts if a.evidence and _usable(text, a)])
        for project in projects:
            context.result.projects.append(_build(context, project, starts, amounts))


def _company_spans(context: ExtractionContext) -> list[tuple[int, int]]:
    return [(e.start, e.end) for c in context.result.companies for e in c.evidence]


def _named_company_spans(context: ExtractionContext) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, c.name) for c in context.result.companies for e in c.evidence]


class _SpanIndex:
    """Sorted spans with bisect lookups, so checks stay linear on long repetitive texts."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the longest span ending by each index bounds how far back an overlap can start
        self.longest = max((e - s for s, e in self.spans), default=0)

    def _around(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_right(self.starts, end)
        return self.spans[lo:hi]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._around(start, end))

    def inside(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside a longer span (…产业园有限公司 holds a park)."""
        return any(
            s <= start and end <= e and e - s > end - start for s, e in self._around(start, end)
        )

    def trim(self, span: Span, text: str) -> Span:
        """A name holding a firm's full name starts with it (…依托甲有限公司年产…项目 → 甲…)."""
        for s, e in self._around(span.start, span.end):
            if span.start < s < span.end and e < span.end and e - s >= 6:
                return Span(s, span.end, text[s : span.end], span.listed)
        return span


def _add_companies_named_by_projects(context: ExtractionContext, projects: list[_Project]) -> None:
    """A word that begins several project names is a firm (中粮大米项目, 中粮油脂项目 → 中粮)."""
    firsts: dict[str, list[Span]] = {}
    for p in projects:
        if p.company is not None:
            continue
        words = namewords.tag(name_key(p.names[0]))
        first = words[0][0] if words else ""
        # a proper word (中粮 is tagged j), not a product noun (空压机核心…, 空压机产业链…)
        if len(words) >= 2 and len(first) >= 2 and words[0][1] not in ("ns", "m", "n", "v", "vn"):
            if not _ALL_CJK.fullmatch(first):
                continue
            firsts.setdefault(first, []).append(min(p.spans, key=lambda s: s.start))
    for word, spans in firsts.items():
        if len(spans) < 2 or namewords.is_place(word) or namewords.has_generic_word(word):
            continue
        evidence = [context.evidence(s.start, s.start + len(word)) for s in spans]
        context.result.companies.append(CompanyMention(name=word, evidence=evidence))
        for p in projects:
            if name_key(p.names[0]).startswith(word):
                p.company = word


def _company_in_name(context: ExtractionContext, name: str) -> str | None:
    """The firm whose name or alias the project name contains (路飞镁业年产… → 路飞镁业…),
    else the one firm whose trade name (字号) starts it (路飞… → 路飞镁业科技(安徽)有限公司)."""
    best: tuple[int, str] | None = None
    for c in context.result.companies:
        for form in (c.name, *c.aliases):
            if len(form) >= 2 and form in name and (best is None or len(form) > best[0]):
                best = (len(form), c.name)
    if best is not None:
        return best[1]
    starting = {
        c.name
        for c in context.result.companies
        if len(trade := trade_name(c.name)) >= 2 and name.startswith(trade)
    }
    return starting.pop() if len(starting) == 1 else None


def _merge(context: ExtractionContext, spans: list[Span]) -> list[_Project]:
    """One project per name family: names containing one another are the same project."""
    by_key: dict[str, list[Span]] = {}
    for span in spans:
        by_key.setdefault(name_key(span.name), []).append(span)
    keys = list(by_key)
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i):
            if _same_name(keys[i], keys[j]):
                parent[root(i)] = root(j)
    families: dict[int, list[Span]] = {}
    for i, key in enumerate(keys):
        families.setdefault(root(i), []).extend(by_key[key])
    projects = []
    for members in families.values():
        ordered = sorted(members, key=lambda s: (s.listed, s.start))
        projects.append(_Project(list(dict.fromkeys(s.name for s in ordered)), list(members)))
    for p in projects:
        p.company = _company_in_name(context, " ".join(p.names))
    projects = _merge_same_firm(context, projects)
    _fold_bare_company_projects(context, projects)
    for p in projects:
        _add_other_mentions(context.text, p)
    projects.sort(key=lambda p: min(s.start for s in p.spans))
    return projects


def _merge_same_firm(context: ExtractionContext, projects: list[_Project]) -> list[_Project]:
    """A firm's project named with and without the firm and capacity is one project
    (锂辉储能电池项目 ~ 甲锂辉新能源科技有限公司年产20GWh储能电池项目)."""
    forms = {
        c.name: sorted({c.name, *c.aliases, trade_name(c.name)}, key=len, reverse=True)
        for c in context.result.companies
    }
    kept: list[_Project] = []
    for p in projects:
        target = None
        if p.company is not None:
            core = _firm_free(p.names[0], forms.get(p.company, []))
            for q in kept:
                other = _firm_free(q.names[0], forms.get(p.company, []))
                contained = core in other or other in core
                if q.company == p.company and len(min(core, other, key=len)) >= 4 and contained:
                    target = q
                    break
        if target is None:
            kept.append(p)
        else:
            target.names.extend(n for n in p.names if n not in target.names)
            target.spans.extend(p.spans)
    return kept


def _firm_free(name: str, firm_forms: list[str]) -> str:
    """A project name without its firm's names, its capacity and a leading place."""
    key = name_key(name)
    for form in firm_forms:
        if len(form) >= 2:
            key = key.replace(form, "")
    return _strip_place(_CAPACITY.sub("", key))


def _same_name(a: str, b: str) -> bool:
    """Names of one project: one contains the other, or abbreviates it keeping its first
    word (航发物流园 ~ 航发智慧物流园, 白鹭湾 ~ 白鹭湾数字新经济科创园), or they differ
    only by a leading place (郏县装配式建材 ~ 天玉绿色装配式建材)."""
    short, long_ = sorted((a, b), key=len)
    if short == long_:
        return True
    bare_a, bare_b = _CAPACITY.sub("", a), _CAPACITY.sub("", b)
    if (bare_a != a or bare_b != b) and len(min(bare_a, bare_b, key=len)) >= 3 and bare_a == bare_b:
        return True  # 旅居车项目 ~ 年产5000辆旅居车项目
    if long_.startswith(short) and _SUB_PARK.search(long_[len(short) :]):
        return False  # 甲产业园区煤炭储备基地 is a part of 甲产业园区, and a project of its own
    if len(short) >= 4 and short in long_:
        return True
    if len(short) >= 3 and short[:2] == long_[:2] and _subsequence(short, long_):
        return len(short) >= 4 or long_.startswith(short)
    bare = _strip_place(short)
    return bare != short and len(bare) >= 4 and bare in long_


_SUB_PARK = re.compile(r"^[^，。]{2,}(?:基地|园区|产业园|物流园|工厂|中心)$")


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def _strip_place(key: str) -> str:
    words = namewords.tag(key)
    if words and words[0][1] == "ns" and len(key) - len(words[0][0]) >= 4:
        return key[len(words[0][0]) :]
    return namewords.strip_place_prefix(key)


def _fold_bare_company_projects(context: ExtractionContext, projects: list[_Project]) -> None:
    """A listed 森萍项目 is the 森萍科技…项目 named elsewhere: fold it into that one.

    The firm's trade name counts as one of its names (皖镁项目 for 皖镁新材料科技…
    有限公司) when no other firm of the document has the same trade name.
    """
    forms = {f: c.name for c in context.result.companies for f in (c.name, *c.aliases)}
    trades: dict[str, set[str]] = {}
    for c in context.result.companies:
        trades.setdefault(trade_name(c.name), set()).add(c.name)
    for trade, owners in trades.items():
        if len(trade) >= 2 and len(owners) == 1:
            forms.setdefault(trade, next(iter(owners)))
    for p in list(projects):
        company = forms.get(name_key(p.names[0]))
        if company is None:
            continue
        others = [q for q in projects if q is not p and q.company == company]
        if len(others) == 1:
            others[0].names.append(p.names[0])
            others[0].spans.extend(p.spans)
            projects.remove(p)
        else:
            p.company = company


def _add_other_mentions(text: str, project: _Project) -> None:
    """Further places the project's names occur (the headline, later sentences)."""
    taken = bytearray(len(text) + 1)
    for span in project.spans:
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    for name in sorted(project.names, key=len, reverse=True):
        for start, end in occurrences(text, name):
            if not taken[start] and not taken[end - 1]:
                project.spans.append(Span(start, end, name))
                taken[start:end] = b"\x01" * (end - start)


def _build(
    context: ExtractionContext, project: _Project, starts: list[int], amounts: _Amounts
) -> ProjectMention:
    spans = sorted(project.spans, key=lambda s: s.start)
    # Facts are stated where a project is first named; reading only its first mentions
    # keeps a long repetitive text linear.
    first = spans[:_FACT_MENTIONS]
    name = _display_name(project.names)
    region = _region(context, spans[0].start)
    company = project.company or _nearest_company(context, spans[0])
    status, dates = _status_and_dates(context, company, first, starts)
    return ProjectMention(
        name=name,
        aliases=[n for n in dict.fromkeys(_clean(n) for n in project.names) if n != name],
        company=company,
        region=region[0] if region else None,
        region_code=region[1] if region else None,
        investment_cny=_investment(context, first, starts, amounts),
        capacity=_capacity(name),
        status=status,
        dates=dates,
        evidence=[context.evidence(s.start, s.end) for s in spans],
    )


def _clean(name: str) -> str:
    return _QUOTE_MARKS.sub("", name).strip()


def _display_name(names: list[str]) -> str:
    """The first name given with 项目 when there is one, else the first name found."""
    cleaned = [_clean(n) for n in names]
    with_head = [n for n in cleaned if n.endswith("项目") and len(n) >= 6]
    return with_head[0] if with_head else cleaned[0]


def _region(context: ExtractionContext, start: int) -> tuple[str, str | None] | None:
    found = region_of_span(context, start)
    return (found.name, found.code) if found else None


def _nearest_company(context: ExtractionContext, span: Span) -> str | None:
    """The firm named before the project in its sentence, else after it in its clause
    (甲与乙县签订…的X项目; X由甲公司建设)."""
    sentence = context.sentence_at(span.start)
    clause_end = _clause_end(context.text, span.end)
    best: tuple[int, str] | None = None
    for s, e, name in _named_company_spans(context):
        if sentence.start <= s and e <= span.start:
            distance = span.start - e
        elif span.end <= s < clause_end:
            distance = 1000 + s - span.end
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, name)
    return best[1] if best else None


def _clause_end(text: str, index: int) -> int:
    m = _CLAUSE_EDGE.search(text, index)
    return m.start() if m else len(text)


def _clause_start(text: str, index: int) -> int:
    lo = max(0, index - 60)
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(text, lo, index)]
    return edges[-1] if edges else lo


def _sentence_index(context: ExtractionContext, sentence: Sentence) -> int | None:
    """Where ``sentence`` stands in the document (binary search: sentences are in order)."""
    i = bisect_left(context.sentences, sentence.start, key=lambda s: s.start)
    if i < len(context.sentences) and context.sentences[i] == sentence:
        return i
    return None


def _next_sentence(context: ExtractionContext, sentence: Sentence) -> Sentence | None:
    """The sentence after ``sentence`` when it refers back to the project (该项目…)."""
    i = _sentence_index(context, sentence)
    if i is None:
        return None
    # 该项目… may follow after one sentence about the occasion (…签约。随着…。该项目总投资…),
    # when that sentence gives no figure of its own.
    # Two sentences on, only an explicit 该/此/上述 refers back: a bare 项目… there
    # may open the next project's own sentence.
    for k, following in enumerate(context.sentences[i + 1 : i + 3]):
        if (_ANAPHORA if k == 0 else _DEMONSTRATIVE).match(following.text):
            return following
        if _MONEY_OR_COUNT.search(following.text):
            break
    return None


def _scope(context: ExtractionContext, span: Span, starts: list[int]) -> tuple[int, int]:
    """Text about this project: from its sentence (or clause) to the next project named."""
    sentence = context.sentence_at(span.start)
    end = sentence.end
    following = _next_sentence(context, sentence)
    if following is not None:
        end = following.end
    i = bisect_left(starts, span.end)
    if i < len(starts) and starts[i] < end:
        end = starts[i]
    if span.listed:
        return sentence.start, end
    # Cues lead the sentence (去年5月开建,今年一季度试投产,甲公司…项目): read from the
    # sentence start, or from the clause after the previous project named in it.
    j = bisect_left(starts, span.start) - 1
    if j < 0 or starts[j] < sentence.start:
        return sentence.start, end
    after_previous = _clause_end(context.text, starts[j]) + 1
    return min(max(after_previous, sentence.start), _clause_start(context.text, span.start)), end


def _previous_sentence(
    context: ExtractionContext, span: Span, starts: list[int]
) -> tuple[int, int]:
    """The sentence before the project's, when it names no other project (…签订投资协议。其中…)."""
    sentence = context.sentence_at(span.start)
    i = _sentence_index(context, sentence)
    if i is None:
        return (0, 0)
    if i == 0:
        return (0, 0)
    prev = context.sentences[i - 1]
    # 这个项目包含甲项目、乙项目: parts take the stage of the project named just before
    refers_back = bool(_ANAPHORA.match(sentence.text) or _PART_OF.match(sentence.text))
    if bisect_left(starts, prev.start) < bisect_left(starts, prev.end) and not refers_back:
        return (0, 0)
    return prev.start, prev.end


class _Amounts:
    """A document's usable amounts, sorted by position, for range lookups."""

    def __init__(self, amounts: list[AmountMention]) -> None:
        self.items = sorted(amounts, key=lambda a: a.evidence.start if a.evidence else 0)
        self.starts = [a.evidence.start if a.evidence else 0 for a in self.items]

    def between(self, lo: int, hi: int) -> list[AmountMention]:
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


def _investment(
    context: ExtractionContext, spans: list[Span], starts: list[int], amounts: _Amounts
) -> float | None:
    """The project's own total investment: in its clause before the name, else after it."""
    for span in spans:
        if span.listed:
            # 引进甲、乙2个投资20亿元的项目: the amount between the list and 项目 is each one's
            head = context.text.find("项目", span.end, span.end + 30)
            each = amounts.between(span.end, head)
            if each:
                return each[0].value_cny
            continue
        lo, hi = _scope(context, span, starts)
        before = amounts.between(lo, span.start)
        earlier_project = bisect_left(starts, lo) < bisect_left(starts, span.start)
        if before and not earlier_project:
            return before[-1].value_cny
        after = amounts.between(span.end, hi)
        if after:
            return after[0].value_cny
    return None


def _usable(text: str, amount: AmountMention) -> bool:
    """An amount that can be one project's investment: investment or signed, no batch total."""
    if amount.role not in _INVESTMENT_ROLES or amount.evidence is None:
        return False
    start = amount.evidence.start
    if _INCREMENT_BEFORE.search(text, max(0, start - 8), start):
        return False
    if _CHANGED_AFTER.match(text, amount.evidence.end):
        return False
    clause = _clause_start(text, start)
    if _EACH.search(text, clause, start):
        return True  # 甲、乙2个投资20亿元的项目: each of them
    if _AGGREGATE.search(text, clause, start):
        return False  # 12个项目总投资40亿元: the batch
    previous = (
        _clause_start(text, clause - 1) if clause > 0 and text[clause - 1] in "，," else clause
    )
    # 签约项目121个,总投资1646.7亿元: the batch, unless 其中 turns to one project
    return not _AGGREGATE.search(text, previous, clause) or text.startswith("其中", clause)


def _capacity(name: str) -> str | None:
    """The capacity a project name states (年产800万件, 30万吨)."""
    m = _CAPACITY.search(name)
    return m.group(0) if m else None


def _status_and_dates(
    context: ExtractionContext, company: str | None, spans: list[Span], starts: list[int]
) -> tuple[ProjectStatus | None, ProjectDates]:
    """The most advanced stage reached in the text about the project, and each stage's date.

    Without a cue in its own sentences, a project counts as signed when the sentence
    before it reports a signing, or when a named firm states it will invest.
    """
    cues: list[tuple[int, StatusCue]] = []
    for lo, hi in (_scope(context, span, starts) for span in spans):
        cues.extend((lo, cue) for cue in find_status_cues(context.text[lo:hi]))
    dates = ProjectDates()
    for lo, cue in cues:
        if cue.reached:
            _note_date(context, dates, cue.status, lo + cue.start)
    status = status_from_cues([cue for _, cue in cues])
    if status is not None:
        return status, dates
    for span in spans:
        lo, hi = _previous_sentence(context, span, starts)
        status = status_from_cues(find_status_cues(context.text[lo:hi]))
        if status is not None:
            return status, dates
        slo, shi = _scope(context, span, starts)
        if company and _COMMITMENT.search(context.text, slo, shi):
            return "signed", dates
    return None, dates


def _note_date(context: ExtractionContext, dates: ProjectDates, status: str, cue: int) -> None:
    """The date written in the clause right before a cue (去年2月签约, 6月开建)."""
    if status not in _DATED_STAGES or getattr(dates, status) is not None:
        return
    lo = _clause_start(context.text, cue)
    found = find_dates(context.text[lo:cue], context.published)
    if found:
        setattr(dates, status, found[-1][2])
