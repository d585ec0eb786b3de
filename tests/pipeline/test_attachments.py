"""Tests of evidence attachments: types read from the bytes, limits, safe names, sha256."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import date
from typing import Any

import pytest
from PIL import Image
from starlette.datastructures import UploadFile

from chainatlas.pipeline.attachments import (
    AttachmentError,
    add_attachment,
    content_disposition,
    get_attachment,
    list_attachments,
    read_upload,
    safe_filename,
    sniff_type,
)
from chainatlas.pipeline.history import record_history
from chainatlas.pipeline.records import PipelineError, create_record, move_stage

Crew = Any  # the ``crew`` fixture of tests/pipeline/conftest.py


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 40, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_image("PNG"), "image/png"),
        (_image("JPEG"), "image/jpeg"),
        (_image("GIF"), "image/gif"),
        (_image("WEBP"), "image/webp"),
        (PDF, "application/pdf"),
        (HTML, "text/html"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b"PK\x03\x04rest-of-a-zip", "application/zip"),
        ("合同文本".encode(), "text/plain"),
        (b"\x00\xff\xfe\x01binary", "application/octet-stream"),
    ],
)
def test_type_is_read_from_the_bytes(data: bytes, expected: str) -> None:
    assert sniff_type(data) == expected


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("签约现场.jpeg", "image/jpeg", "签约现场.jpg"),
        ("../../etc/passwd.png", "image/png", "passwd.png"),
        ("C:\\Users\\张三\\协议 第1页.pdf", "application/pdf", "协议_第1页.pdf"),
        ('a"b<script>.png', "image/png", "a_b_script.png"),
        ("report.png", "application/pdf", "report.pdf"),
        ("...", "image/gif", "attachment.gif"),
    ],
)
def test_filenames_are_sanitised_and_end_in_the_real_type(
    name: str, kind: str, expected: str
) -> None:
    assert safe_filename(name, kind) == expected


def test_upload_is_kept_with_its_stage_change_and_shown_in_the_history(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "镁合金项目", user=crew.recorder, on=date(2026, 3, 1))
    move_stage(s, record, "negotiating", user=crew.recorder, on=date(2026, 3, 5))
    change = move_stage(s, record, "signed", user=crew.recorder, on=date(2026, 4, 1))
    png = _image("PNG")
    stored = add_attachment(
        s, record, "签约仪式.png", png, user_id=crew.recorder.id, stage_change=change
    )
    loose = add_attachment(s, record, "合同.pdf", PDF, user_id=crew.recorder.id)
    assert stored.content_type == "image/png"
    assert stored.sha256 == hashlib.sha256(png).hexdigest()
    assert stored.size == len(png)
    assert get_attachment(s, record.id, stored.id).data == png
    assert [a.filename for a in list_attachments(s, record.id)] == ["签约仪式.png", "合同.pdf"]
    history = record_history(s, record)
    signing = next(e for e in history if e.kind == "stage" and e.to_stage == "signed")
    assert [a.id for a in signing.attachments] == [stored.id]
    assert signing.awaits_verification
    assert [e.attachments[0].id for e in history if e.kind == "attachment"] == [loose.id]
    other = create_record(s, "别的项目", user=crew.recorder, on=date(2026, 3, 1))
    with pytest.raises(PipelineError, match=f"record {other.id} has no attachment"):
        get_attachment(s, other.id, stored.id)


def test_fake_png_that_is_html_is_refused_naming_file_and_type(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 3, 1))
    with pytest.raises(AttachmentError, match=r"'photo\.png' is text/html by its content"):
        add_attachment(s, record, "photo.png", HTML, user_id=None)
    assert list_attachments(s, record.id) == []


def test_empty_and_oversized_files_are_refused(crew: Crew) -> None:
    s = crew.session
    record = create_record(s, "项目", user=crew.recorder, on=date(2026, 3, 1))
    with pytest.raises(AttachmentError, match=r"'empty\.pdf' is empty"):
        add_attachment(s, record, "empty.pdf", b"", user_id=None)
    big = PDF + b"0" * 2048
    with pytest.raises(AttachmentError, match=f"has {len(big)} bytes, more than the limit of 1024"):
        add_attachment(s, record, "big.pdf", big, user_id=None, max_bytes=1024)
    assert add_attachment(s, record, "ok.pdf", PDF, user_id=None, max_bytes=1024).size == len(PDF)
    assert [a.filename for a in list_attachments(s, record.id)] == ["ok.pdf"]


def test_stage_change_of_another_record_is_refused(crew: Crew) -> None:
    s = crew.session
    first = create_record(s, "甲", user=crew.recorder, on=date(2026, 3, 1))
    second = create_record(s, "乙", user=crew.recorder, on=date(2026, 3, 1))
    with pytest.raises(AttachmentError, match="belongs to record"):
        add_attachment(s, second, "a.pdf", PDF, user_id=None, stage_change=first.changes[0])


def test_download_header_carries_the_chinese_name_and_an_ascii_fallback() -> None:
    header = content_disposition("签约仪式.png")
    assert header == (
        'attachment; filename="attachment.png"; '
        "filename*=UTF-8''%E7%AD%BE%E7%BA%A6%E4%BB%AA%E5%BC%8F.png"
    )
    assert content_disposition("report.pdf").startswith('attachment; filename="report.pdf"')


def test_uploads_are_read_no_further_than_the_limit() -> None:
    def upload(data: bytes, size: int | None) -> UploadFile:
        return UploadFile(io.BytesIO(data), size=size, filename="scan.pdf")

    assert asyncio.run(read_upload(upload(PDF, len(PDF)), max_bytes=1024)) == PDF
    declared = upload(PDF + b"0" * 4000, 4000 + len(PDF))
    with pytest.raises(AttachmentError, match=rf"'scan\.pdf' has {4000 + len(PDF)} bytes"):
        asyncio.run(read_upload(declared, max_bytes=1024))
    assert declared.file.tell() == 0  # refused by its declared size, nothing read
    undeclared = upload(PDF + b"0" * 4000, None)
    with pytest.raises(AttachmentError, match="more than the limit of 1024"):
        asyncio.run(read_upload(undeclared, max_bytes=1024))
    assert undeclared.file.tell() == 1025
