"""Checks that the built-in demo corpus is what README, ``make demo`` and tests rely on.

The corpus (``src/chainatlas/data/demo``) and its expected facts
(``tests/fixtures/demo_expected.json``) are hand-written; these tests keep the
two in step and guard the properties the corpus exists to show: several
encodings and formats, Traditional texts, one near-duplicate pair, and projects
told across several articles.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import opencc
import pytest
import trafilatura
from charset_normalizer import from_bytes

import chainatlas

DEMO_DIR = Path(chainatlas.__file__).resolve().parent / "data" / "demo"
EXPECTED_PATH = Path(__file__).resolve().parent / "fixtures" / "demo_expected.json"
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".jsonl"}
MANIFEST = Path(__file__).resolve().parents[1] / "docs" / "demo-corpus.md"
# Top-level keys of demo_expected.json that are not documents.
CROSS_DOCUMENT_KEYS = {
    "same_project_groups",
    "project_phases",
    "capital_increases",
    "near_duplicates",
}
STATUSES = {"planned", "negotiating", "signed", "construction", "trial", "operating", None}
# Pinyin glosses such as 產(chǎn); OpenCC leaves them in place.
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Lines where a page's own boilerplate starts after the article body.
BOILERPLATE_START = re.compile(r"^(分享到|分享：)", re.MULTILINE)
# Which codec family each non-UTF-8 file must be detected as (the names say it for
# the reader's sake; readers in the package must not rely on names).
LEGACY_ENCODINGS = {
    "jinchang_precursor_signing_2022_gbk.txt": {"gb18030", "gbk", "gb2312"},
    "xingxian_sanbisankan_2023_big5.txt": {"big5", "big5hkscs", "cp950"},
}
NEAR_DUPLICATE_MIN = 0.6
DISTINCT_MAX = 0.3


@dataclass(frozen=True)
class DemoDocument:
    """One article of the demo corpus as decoded text, with its simplified body."""

    name: str  # file stem, or STEM-LINE for a JSON Lines record
    path: Path
    raw_text: str  # decoded text (HTML markup included for HTML sources)
    simplified: str  # t2s text of the whole source, pinyin glosses removed
    body: str  # t2s article body without page boilerplate
    published_field: str | None  # a crawler record's own date


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplify(text: str) -> str:
    return PINYIN_GLOSS.sub("", str(_t2s().convert(text)))


def _decode(path: Path) -> str:
    best = from_bytes(path.read_bytes()).best()
    assert best is not None, f"{path.name}: charset-normalizer found no encoding"
    return str(best)


def _html_body(html: str, where: str) -> str:
    body = trafilatura.extract(html)
    assert body, f"{where}: trafilatura found no article text"
    return body


def _cut_boilerplate(text: str) -> str:
    match = BOILERPLATE_START.search(text)
    return text[: match.start()] if match else text


def article_paths() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def _iter_documents() -> Iterator[DemoDocument]:
    for path in article_paths():
        text = _decode(path)
        if path.suffix == ".jsonl":
            for line_no, line in enumerate(text.splitlines(), start=1):
                record: dict[str, str] = json.loads(line)
                raw = record.get("text") or record["html"]
                body = raw if "text" in record else _html_body(raw, f"{path.name}:{line_no}")
                yield DemoDocument(
                    name=f"{path.stem}-{line_no}",
                    path=path,
                    raw_text=raw,
                    simplified=_simplify(raw),
                    body=_simplify(body),
                    published_field=record["published"],
                )
        else:
            body = _html_body(text, path.name) if path.suffix == ".html" else text
            yield DemoDocument(
                name=path.stem,
                path=path,
                raw_text=text,
                simplified=_simplify(text),
                body=_simplify(_cut_boilerplate(body)),
                published_field=None,
            )


@cache
def demo_documents() -> dict[str, DemoDocument]:
    return {doc.name: doc for doc in _iter_documents()}


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))
    return data


def expected_documents() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in expected().items() if k not in CROSS_DOCUMENT_KEYS}


def _amount_spellings(value: float) -> list[str]:
    # The corpus writes money as Arabic numerals before 亿元 or 万元 (85亿元, 2000万元);
    # a bare 亿元以上 ("projects above 100 million") is the threshold 1e8.
    spellings = [f"{value / 1e8:g}亿元", f"{value / 1e4:g}万元"]
    return [*spellings, "亿元以上"] if value == 1e8 else spellings


def _region_spellings(name: str) -> list[str]:
    forms = {name}
    forms.add(name.replace("高新技术产业开发区", "高新区").replace("经济技术开发区", "经开区"))
    forms.add(re.sub(r"[\u4e00-\u9fff]{1,3}族自治县$", "县", name))
    core = re.sub(r"(省|市|县|区)$", "", name)
    if len(core) >= 2:
        forms.add(core)
    return sorted(forms)


def _date_spellings(day: date) -> list[str]:
    return [
        day.isoformat(),
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
        f"{day.year}年{day.month}月{day.day}日",
    ]


def _shingles(text: str, size: int = 3) -> set[str]:
    chars = "".join(CJK.findall(text))
    return {chars[i : i + size] for i in range(len(chars) - size + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def _is_traditional(doc: DemoDocument) -> bool:
    original = PINYIN_GLOSS.sub("", doc.raw_text)
    changed = sum(1 for x, y in zip(original, doc.simplified, strict=False) if x != y)
    return len(original) == len(doc.simplified) and changed >= 0.05 * len(CJK.findall(original))


def test_corpus_has_between_20_and_30_documents() -> None:
    assert 20 <= len(demo_documents()) <= 30


def test_manifest_lists_every_file() -> None:
    manifest = MANIFEST.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9_]+\.(?:txt|md|html|jsonl))` \|", manifest, re.M))
    assert listed == {p.name for p in article_paths()}


@pytest.mark.parametrize(
    "path",
    article_paths(),
    ids=lambda p: p.name,
)
def test_every_file_decodes_to_its_encoding(path: Path) -> None:
    raw = path.read_bytes()
    best = from_bytes(raw).best()
    assert best is not None
    allowed = LEGACY_ENCODINGS.get(path.name, {"utf_8"})
    assert best.encoding in allowed
    assert raw.decode(best.encoding) == str(best)
    assert len(CJK.findall(str(best))) > 300


def test_formats_and_encodings_are_all_present() -> None:
    suffixes = [p.suffix for p in article_paths()]
    assert set(suffixes) == ARTICLE_SUFFIXES
    assert [suffixes.count(s) for s in (".html", ".md", ".jsonl")] == [1, 1, 1]
    assert set(LEGACY_ENCODINGS) <= {p.name for p in DEMO_DIR.iterdir()}


def test_jsonl_holds_three_crawler_records() -> None:
    lines = (DEMO_DIR / "crawl_records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    for record in records:
        assert {"url", "title", "published", "source"} <= set(record)
        assert ("text" in record) != ("html" in record)
    assert any("html" in record for record in records)


@pytest.mark.parametrize("name", sorted(demo_documents()))
def test_article_body_length(name: str) -> None:
    # 300–900 characters of article, plus a little room for datelines and titles.
    body_chars = len(CJK.findall(demo_documents()[name].body))
    assert 300 <= body_chars <= 950


def test_at_least_four_documents_are_traditional() -> None:
    traditional = [doc.name for doc in demo_documents().values() if _is_traditional(doc)]
    assert len(traditional) >= 4, traditional


def test_one_document_carries_pinyin_glosses() -> None:
    glossed = [d.name for d in demo_documents().values() if PINYIN_GLOSS.search(d.raw_text)]
    assert glossed == ["qingyang_magnesium_production_2024_pinyin"]


def test_publication_dates_span_2022_to_2024() -> None:
    years = {doc["published"][:4] for doc in expected_documents().values()}
    assert years == {"2022", "2023", "2024"}


def test_expected_covers_every_document() -> None:
    assert set(expected_documents()) == set(demo_documents())


@pytest.mark.parametrize("name", sorted(expected_documents()))
def test_expected_facts_occur_in_text(name: str) -> None:
    facts = expected_documents()[name]
    doc = demo_documents()[name]
    text = doc.body
    day = date.fromisoformat(facts["published"])
    if doc.published_field is not None:
        assert doc.published_field.startswith(facts["published"])
    else:
        assert any(s in doc.simplified for s in _date_spellings(day)), facts["published"]
    for region in facts["regions"]:
        assert any(s in text for s in _region_spellings(region)), region
    project_forms = [f for p in facts["projects"] for f in [p["name"], *p["aliases"]]]
    for form in project_forms:
        assert form in text, form
    # A company alias must be used on its own: not only inside the full company name
    # or as the head of a project name.
    full_names = [c["name"] for c in facts["companies"]]
    longest_first = sorted([*project_forms, *full_names], key=len, reverse=True)
    text_without_names = re.sub("|".join(map(re.escape, longest_first)), "", text)
    company_names = set()
    for company in facts["companies"]:
        assert company["name"] in text, company["name"]
        for alias in company["aliases"]:
            assert alias in text_without_names, alias
        company_names.add(company["name"])
    for project in facts["projects"]:
        assert project["status"] in STATUSES
        assert project["company"] is None or project["company"] in company_names
        assert project["region"] is None or project["region"] in facts["regions"]
        if project["investment_cny"] is not None:
            assert project["investment_cny"] in facts["amounts"]
    for amount in facts["amounts"]:
        assert any(s in text for s in _amount_spellings(amount)), amount


def test_amount_mentions_are_counted_per_occurrence() -> None:
    # "one entry per mention": the number of times each figure is listed equals the
    # number of times it is written in the body.
    for name, facts in expected_documents().items():
        text = demo_documents()[name].body
        for amount in set(facts["amounts"]):
            written = sum(
                len(re.findall(rf"(?<![\d.]){re.escape(s)}", text))
                for s in _amount_spellings(amount)
            )
            assert facts["amounts"].count(amount) == written, (name, amount)


def test_near_duplicate_pair_is_the_only_similar_pair() -> None:
    shingles = {name: _shingles(doc.body) for name, doc in demo_documents().items()}
    pair = set(expected()["near_duplicates"][0])
    for a, b in itertools.combinations(sorted(shingles), 2):
        score = _jaccard(shingles[a], shingles[b])
        if {a, b} == pair:
            assert score > NEAR_DUPLICATE_MIN, (a, b, score)
        else:
            assert score < DISTINCT_MAX, (a, b, score)


def test_same_project_groups_span_several_documents() -> None:
    groups: list[list[list[str]]] = expected()["same_project_groups"]
    spanning = [g for g in groups if len({doc for doc, _ in g}) >= 2]
    assert len(spanning) >= 4
    assert max(len(g) for g in groups) >= 3
    documents = expected_documents()
    seen: set[tuple[str, str]] = set()
    for group in groups:
        for doc, project in group:
            assert project in {p["name"] for p in documents[doc]["projects"]}, (doc, project)
            assert (doc, project) not in seen, "a project belongs to one group only"
            seen.add((doc, project))


def test_phases_and_capital_increase_refer_to_known_projects() -> None:
    documents = expected_documents()
    names = {(doc, p["name"]) for doc, facts in documents.items() for p in facts["projects"]}
    for phase in expected()["project_phases"]:
        assert tuple(phase["project"]) in names
        assert tuple(phase["parent"]) in names
    for increase in expected()["capital_increases"]:
        assert tuple(increase["project"]) in names
        assert increase["before_cny"] + increase["added_cny"] == increase["after_cny"]
