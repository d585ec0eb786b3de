"""Uploaded file names reduced to a safe last component."""

from __future__ import annotations

import pytest

from chainatlas.api.settings import WebSettings
from chainatlas.api.staging import safe_name, upload_ceiling


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("报告.docx", "报告.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\王\\新闻.txt", "新闻.txt"),
        ("  ", "file-3"),
        (None, "file-3"),
        ("folder/", "folder"),
    ],
)
def test_safe_name(name: str | None, expected: str) -> None:
    assert safe_name(name, 3) == expected


def test_upload_ceiling_allows_every_file_at_its_limit() -> None:
    settings = WebSettings(database_url="sqlite://", upload_max_files=2, upload_max_bytes=1000)
    assert upload_ceiling(settings) >= 2 * 1000
