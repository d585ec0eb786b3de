"""Ingestion end to end into a real database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from chainatlas.config import Settings
from chainatlas.extract.model import Extraction
from chainatlas.ingest.model import NormalisedText
from chainatlas.ingest.pipeline import Ingestor, extraction_step
from chainatlas.store.db import Database
from chainatlas.store.models import Document, DocumentSource, Fact, Story

ARTICLE_A = (
    "青山日报 2023-05-12 09:30\n"
    "青山县经开区近日与一家镁合金企业签订投资协议，项目总投资12亿元，"
    "建设年产5万吨镁合金型材生产线。县招商局负责人表示，项目预计明年建成投产。\n"
    "今年以来，青山县围绕镁铝轻合金产业链开展精准招商，已引进配套企业8家。"
)
ARTICLE_B = (
    "绿水新闻 2024年03月02日\n"
    "绿水市高新区光伏组件项目开工仪式举行，总投资30亿元，达产后年产值可达50亿元。"
    "该项目是今年全市重点项目之一，计划明年六月投入试生产。"
)
# The same story as ARTICLE_A, republished by another site with small edits.
ARTICLE_A_REPOST = (
    "山城网 2023-05-13 10:02\n"
    "青山县经开区近日与一家镁合金企业签订投资协议，项目总投资12亿元，"
    "建设年产5万吨镁合金型材生产线。县招商局负责人介绍，项目预计明年建成投产。\n"
    "今年以来，青山县围绕镁铝轻合金产业链开展精准招商，已引进配套企业8家。"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def count(database: Database, model: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_ingest_stores_each_document_once_and_rerun_changes_nothing(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "a.txt", ARTICLE_A)
    write(tmp_path, "b.txt", ARTICLE_B, "gb18030")
    ingestor = Ingestor(database, settings)
    first = ingestor.ingest([str(tmp_path)])
    assert first.count("added") == 2 and not first.errors
    second = Ingestor(database, settings).ingest([str(tmp_path)])
    assert second.count("added") == 0
    assert second.count("unchanged") == 2
    assert count(database, Document) == 2
    assert count(database, DocumentSource) == 2


def test_same_text_from_another_file_adds_a_source_not_a_document(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "a.txt", ARTICLE_A)
    write(tmp_path, "copy-of-a.txt", ARTICLE_A.replace("，", ",") + "\n\n")
    report = Ingestor(database, settings).ingest([str(tmp_path)])
    assert [i.outcome for i in report.items] == ["added", "same_text"]
    assert count(database, Document) == 1
    assert count(database, DocumentSource) == 2


def test_near_duplicates_share_a_story(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "1.txt", ARTICLE_A)
    write(tmp_path, "2.txt", ARTICLE_B)
    write(tmp_path, "3.txt", ARTICLE_A_REPOST)
    report = Ingestor(database, settings).ingest([str(tmp_path)])
    by_name = {item.name: item for item in report.items}
    assert by_name["3"].near_duplicate_of == by_name["1"].document_id
    assert by_name["3"].story_id == by_name["1"].story_id != by_name["2"].story_id
    assert count(database, Document) == 3
    assert count(database, Story) == 2


def test_bad_files_are_reported_and_the_batch_goes_on(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "good.txt", ARTICLE_A)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    big = settings.model_copy(update={"max_file_bytes": 1000})
    write(tmp_path, "zz-big.txt", ARTICLE_B * 20)
    report = Ingestor(database, big).ingest([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [i.name for i in report.items] == ["good"]
    failed = {Path(e.where).name: e.reason for e in report.errors}
    assert set(failed) == {"empty.txt", "binary.txt", "zz-big.txt", "missing.txt"}
    assert "1,000 bytes" in failed["zz-big.txt"]
    assert count(database, Document) == 1


def test_an_interrupt_leaves_no_half_written_document(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "1.txt", ARTICLE_A)
    write(tmp_path, "2.txt", ARTICLE_B)
    calls = 0

    def extract_then_interrupt(normalised: NormalisedText, masked: object) -> Extraction:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return Extraction(published=normalised.published)

    with pytest.raises(KeyboardInterrupt):
        Ingestor(database, settings, extract=extract_then_interrupt).ingest([str(tmp_path)])
    assert count(database, Document) == 1
    assert count(database, Story) == 1
    # The interrupted document goes in on the next run; the first is untouched.
    report = Ingestor(database, settings).ingest([str(tmp_path)])
    assert [i.outcome for i in report.items] == ["unchanged", "added"]


def test_ingest_with_extraction_stores_facts_with_evidence(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, "a.txt", ARTICLE_A)
    report = Ingestor(database, settings, extract=extraction_step()).ingest([str(path)])
    assert report.items[0].facts > 0
    with database.session() as session:
        doc = session.scalars(select(Document)).one()
        assert doc.published is not None and doc.published.isoformat() == "2023-05-12"
        amounts = [f for f in doc.facts if f.kind == "amount"]
        assert any(f.value_cny == 1.2e9 for f in amounts)
        for fact in doc.facts:
            if fact.original_start is None or fact.original_end is None:
                continue
            assert fact.start is not None and fact.end is not None
            assert (
                doc.original_text[fact.original_start : fact.original_end]
                == (doc.normalised_text[fact.start : fact.end])
            )


def test_reextract_replaces_facts(database: Database, settings: Settings, tmp_path: Path) -> None:
    write(tmp_path, "a.txt", ARTICLE_A)
    Ingestor(database, settings).ingest([str(tmp_path)])
    assert count(database, Fact) == 0
    assert Ingestor(database, settings, extract=extraction_step()).reextract() == 1
    facts = count(database, Fact)
    assert facts > 0
    Ingestor(database, settings, extract=extraction_step()).reextract()
    assert count(database, Fact) == facts
