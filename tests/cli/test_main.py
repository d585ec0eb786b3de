"""The chainatlas command on a real database, as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from chainatlas.cli.main import app
from chainatlas.store.db import head_revision

runner = CliRunner()

ARTICLE = (
    "江北日报 2024-06-18 08:00\n"
    "江北县与一家锂电池材料企业签约，项目总投资20亿元，建设年产10万吨磷酸铁锂正极材料生产线。"
)


def invoke(database_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--database", database_url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_ingest_then_rerun_says_nothing_new(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = invoke(database_url, "ingest", str(tmp_path))
    assert code == 0 and re.search(r"1 added", out)
    code, out, _ = invoke(database_url, "ingest", str(tmp_path))
    assert code == 0 and "nothing new" in out


def test_ingest_json_reports_skipped_files_and_exits_1(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, _ = invoke(database_url, "ingest", "--json", str(tmp_path))
    assert code == 1
    report = json.loads(out)
    assert report["added"] == 1
    assert [Path(e["where"]).name for e in report["errors"]] == ["empty.txt"]


def test_extract_jsonl_prints_one_object_per_document(tmp_path: Path) -> None:
    (tmp_path / "jiangbei.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1
    doc = lines[0]
    assert doc["doc"] == "jiangbei"
    assert doc["published"] == "2024-06-18"
    assert {"regions", "companies", "projects", "amounts", "events", "figures"} <= set(doc)
    assert 2e9 in [a["value_cny"] for a in doc["amounts"]]


def test_summary_and_document_views(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    invoke(database_url, "ingest", str(tmp_path))
    code, out, _ = invoke(database_url, "summary", "--json")
    assert code == 0 and json.loads(out)["documents"] == 1
    code, out, _ = invoke(database_url, "document", "1")
    assert code == 0 and "江北县" in out
    code, _, err = invoke(database_url, "document", "99")
    assert code == 2 and "99" in err


def test_db_upgrade_reports_the_revision(database_url: str) -> None:
    code, out, _ = invoke(database_url, "db", "upgrade")
    assert code == 0 and f"→ {head_revision()}" in out
    code, out, _ = invoke(database_url, "db", "upgrade")
    assert code == 0 and f"schema {head_revision()} → {head_revision()}" in out


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2
