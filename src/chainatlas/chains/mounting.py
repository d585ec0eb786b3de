"""Mounting (挂链): place a project or company on chain nodes by the chain words its
name and evidence sentence contain, with a score and the words that decided it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick_rs

from chainatlas.chains.library import ChainLibrary
from chainatlas.chains.schema import Chain, Node

# Words that name whole sectors rather than a link: they may add to a node's score but
# never mount anything alone (项目 "新材料产业园" says nothing about which chain).
GENERIC_WORDS = frozenset(
    {
        "材料",
        "新材料",
        "设备",
        "装备",
        "智能装备",
        "电池",
        "零部件",
        "配件",
        "产品",
        "系统",
        "平台",
        "基地",
        "园区",
        "产业园",
        "智能",
        "科技",
        "加工",
        "深加工",
        "制造",
        "智能制造",
        "新能源",
        "能源",
        "化工",
        "电子",
        "机械",
        "金属",
        "合金",
        "物流",
        "数字",
        "数字化",
        "服务",
        "贸易",
        "农业",
        "食品",
        "医药",
    }
)

NAME_WEIGHT = 1.0  # a word in the project's own name says most about it
CONTEXT_WEIGHT = 0.4  # the sentence may speak of other projects too
GENERIC_WEIGHT = 0.3
MIN_SCORE = 1.0  # one specific two-character word in the name is enough
CONTEXT_ONLY_MIN_SCORE = 1.4  # from the sentence alone: two four-character words at least
CHAIN_NAMED_MIN_SCORE = 0.5  # the name names the chain: one node word in the sentence will do
RELATIVE_FLOOR = 0.3  # keep secondary nodes scoring at least this share of the best one
DOC_MIN_SCORE = 3.5
DOC_CHAIN_NAME_FACTOR = 2.0  # a chain named outright (绿色钢铁) counts double
DOC_MIN_DENSITY = 0.6  # weighted keyword hits per 1,000 characters
DOC_WORD_CAP = 3  # a word repeated through a document counts at most this often
DOC_MIN_HITS = 2  # a chain named once in passing is not what a document speaks of

# Latin letters are matched case-insensitively (pack = PACK); the table keeps every offset.
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# str.translate walks CJK text slowly; most sentences have no lower-case letter at all.
_ASCII_LOWER = re.compile("[a-z]")
_MEMO_TEXT = 300  # characters: sentences and names, not whole documents
_MEMO_SIZE = 512


@dataclass(frozen=True)
class Target:
    """What a library word points at; ``node_id`` is None for a chain's own name."""

    chain_id: str
    node_id: str | None


class TermHit(NamedTuple):
    """A library word found in a text, with its character span (a named tuple: one is
    built per hit, and a frozen dataclass costs several times as much to build)."""

    start: int
    end: int
    word: str
    targets: tuple[Target, ...]

    @property
    def generic(self) -> bool:
        return self.word in GENERIC_WORDS


@dataclass
class Mount:
    """A project or company placed on one chain node."""

    chain_id: str
    chain_name: str
    node_id: str
    node_name: str
    segment: str
    score: float
    matched: list[str] = field(default_factory=list)


def word_weight(word: str) -> float:
    """Longer words are more specific: 2 chars → 1.0, 3 → 1.4, 4 → 1.8 … capped at 6 chars."""
    if word in GENERIC_WORDS:
        return GENERIC_WEIGHT
    return 0.2 + 0.4 * min(len(word), 6)


class ChainMounter:
    """An Aho-Corasick automaton over every chain word, built once per library."""

    def __init__(self, library: ChainLibrary) -> None:
        self.library = library
        targets: dict[str, dict[Target, None]] = defaultdict(dict)
        for chain in library.chains.values():
            for label in (chain.name, *chain.aliases):
                targets[label][Target(chain.id, None)] = None
            for node in chain.nodes:
                for word in node.terms():
                    targets[word][Target(chain.id, node.id)] = None
        folded: dict[str, dict[Target, None]] = defaultdict(dict)
        spelling: dict[str, str] = {}
        for word, word_targets in sorted(targets.items()):
            key = word.translate(_ASCII_UPPER)
            folded[key].update(word_targets)
            spelling.setdefault(key, word)
        self._keys = sorted(folded)
        self._words = [spelling[key] for key in self._keys]
        self._targets = [tuple(folded[key]) for key in self._keys]
        # Only words with Latin letters or digits at an edge can be part of a longer
        # Latin word (CRO in MICRO); the others skip that test.
        self._memo: dict[str, tuple[TermHit, ...]] = {}
        # Per word, what one occurrence adds to each chain's document score (see
        # document_chains), computed once instead of for every occurrence.
        self._chain_gains: list[tuple[tuple[str, float], ...]] = []
        for word, places in zip(self._words, self._targets, strict=True):
            named = {t.chain_id for t in places if t.node_id is None}
            chains = dict.fromkeys(t.chain_id for t in places)
            self._chain_gains.append(
                tuple(
                    (chain, word_weight(word) * (DOC_CHAIN_NAME_FACTOR if chain in named else 1.0))
                    for chain in chains
                )
            )
        self._latin_edge = [_is_latin(key[0]) or _is_latin(key[-1]) for key in self._keys]
        # Leftmost-longest, so 磷酸铁锂 wins over the 磷酸铁 inside it.
        self._automaton = ahocorasick_rs.AhoCorasick(
            self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def find_terms(self, text: str) -> list[TermHit]:
        """Non-overlapping library words in ``text``, longest first at each position."""
        # A project's names are mounted with the same sentence, and projects share
        # sentences: short texts are answered from a small bounded memo, which the
        # owner clears for each document (clear_memo).
        if len(text) <= _MEMO_TEXT:
            hits = self._memo.get(text)
            if hits is None:
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()
                hits = self._memo[text] = tuple(self._scan(text))
            return list(hits)
        return self._scan(text)

    def word_indexes(self, text: str) -> list[int]:
        """Indexes of the library words in ``text`` (as ``find_terms``, without hit objects)."""
        folded = text.translate(_ASCII_UPPER) if _ASCII_LOWER.search(text) else text
        latin_edge = self._latin_edge
        return [
            index
            for index, start, end in self._automaton.find_matches_as_indexes(folded)
            if not latin_edge[index] or _whole_latin_word(folded, start, end)
        ]

    def clear_memo(self) -> None:
        """Forget the memoised scans (call between documents)."""
        self._memo.clear()

    def _scan(self, text: str) -> list[TermHit]:
        folded = text.translate(_ASCII_UPPER) if _ASCII_LOWER.search(text) else text
        words, targets, latin_edge = self._words, self._targets, self._latin_edge
        return [
            TermHit(start, end, words[index], targets[index])
            for index, start, end in self._automaton.find_matches_as_indexes(folded)
            if not latin_edge[index] or _whole_latin_word(folded, start, end)
        ]

    def mount(self, name: str, context: str = "") -> list[Mount]:
        """Chain nodes for a project or company name and its evidence sentence, best first.

        Empty when nothing specific is found: items are never forced onto a chain.
        """
        all_name_hits = self.find_terms(name)
        name_hits = [hit for hit in all_name_hits if not hit.generic]
        name_nodes = {t for hit in name_hits for t in hit.targets if t.node_id is not None}
        name_chains = {t.chain_id for hit in name_hits for t in hit.targets}
        context_hits = self.find_terms(context.replace(name, "")) if context else []
        scores, words = _score(all_name_hits, context_hits)
        if name_nodes:
            # The name decides the nodes; the sentence, which may name neighbouring
            # projects, only strengthens them.
            allowed, threshold = name_nodes, MIN_SCORE
        elif name_chains:
            # The name says the chain (镁铝轻合金项目); the sentence may say the node.
            allowed = {t for t in scores if t.chain_id in name_chains}
            threshold = CHAIN_NAMED_MIN_SCORE
        else:
            allowed, threshold = set(scores), CONTEXT_ONLY_MIN_SCORE
        candidates = {
            target: score
            for target, score in scores.items()
            if target in allowed and score >= threshold and _has_specific(words[target])
        }
        if candidates and not name_chains:
            best_chain = max(candidates.items(), key=lambda item: item[1])[0].chain_id
            candidates = {t: s for t, s in candidates.items() if t.chain_id == best_chain}
        if not candidates:
            return []
        floor = max(candidates.values()) * RELATIVE_FLOOR
        mounts = [
            self._mount(target, score, list(words[target]))
            for target, score in candidates.items()
            if score >= floor
        ]
        return sorted(mounts, key=lambda m: (-m.score, m.chain_id, m.node_id))

    def _mount(self, target: Target, score: float, matched: list[str]) -> Mount:
        chain: Chain = self.library.chains[target.chain_id]
        node: Node = chain.node(str(target.node_id))
        return Mount(
            chain_id=chain.id,
            chain_name=chain.name,
            node_id=node.id,
            node_name=node.name,
            segment=node.segment,
            score=round(score, 3),
            matched=matched,
        )


def document_chains(text: str, mounter: ChainMounter) -> list[str]:
    """Ids of the chains a document speaks of, by weighted keyword density, strongest first."""
    counts: dict[str, int] = defaultdict(int)
    hits: dict[str, int] = defaultdict(int)
    scores: dict[str, float] = defaultdict(float)
    words, gains = mounter._words, mounter._chain_gains
    for index in mounter.word_indexes(text):
        word = words[index]
        if word in GENERIC_WORDS:
            continue
        counts[word] += 1
        if counts[word] > DOC_WORD_CAP:
            continue
        for chain_id, gain in gains[index]:
            scores[chain_id] += gain
            hits[chain_id] += 1
    threshold = max(DOC_MIN_SCORE, DOC_MIN_DENSITY * len(text) / 1000)
    chosen = [
        chain_id
        for chain_id, score in scores.items()
        if score >= threshold and hits[chain_id] >= DOC_MIN_HITS
    ]
    return sorted(chosen, key=lambda chain_id: (-scores[chain_id], chain_id))


def _score(
    name_hits: list[TermHit], context_hits: list[TermHit]
) -> tuple[dict[Target, float], dict[Target, dict[str, None]]]:
    """Sum each node's distinct word weights, name words at full weight, sentence words less."""
    scores: dict[Target, float] = defaultdict(float)
    words: dict[Target, dict[str, None]] = defaultdict(dict)
    for hits, weight in ((name_hits, NAME_WEIGHT), (context_hits, CONTEXT_WEIGHT)):
        for hit in _distinct(hits):
            for target in hit.targets:
                if target.node_id is None or hit.word in words[target]:
                    continue
                scores[target] += word_weight(hit.word) * weight
                words[target][hit.word] = None
    return scores, words


def _has_specific(words: Iterable[str]) -> bool:
    return any(word not in GENERIC_WORDS for word in words)


def _whole_latin_word(text: str, start: int, end: int) -> bool:
    """False when a Latin-lettered match is part of a longer Latin word (CRO in MICRO)."""
    if _is_latin(text[start]) and start > 0 and _is_latin(text[start - 1]):
        return False
    return not (_is_latin(text[end - 1]) and end < len(text) and _is_latin(text[end]))


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _distinct(hits: Iterable[TermHit]) -> list[TermHit]:
    seen: dict[str, TermHit] = {}
    for hit in hits:
        seen.setdefault(hit.word, hit)
    return list(seen.values())
