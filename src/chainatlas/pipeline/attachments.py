"""Evidence files kept with a pipeline record or one of its stage changes: photos and PDFs,
checked by their bytes (never by the declared type), size-limited, named safely."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.pipeline.models import Attachment, PipelineRecord, StageChange
from chainatlas.pipeline.records import PipelineError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES: dict[str, str] = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
_UNSAFE = re.compile(r"[^\w.\-（）()\u3400-\u9fff]+")


class UploadLike(Protocol):
    """An uploaded file as web frameworks hand it over (Starlette's UploadFile)."""

    filename: str | None
    size: int | None

    async def read(self, size: int = -1) -> bytes: ...


class AttachmentError(PipelineError):
    """An uploaded file the pipeline refuses: empty, too large or of a type not allowed."""


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment without its bytes, for lists and timelines."""

    id: int
    record_id: int
    stage_change_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    user_id: int | None
    created_at: datetime


def sniff_type(data: bytes) -> str:
    """The content type the bytes themselves show.

    Five signatures are all we accept, so a short table does it; a general sniffing
    library would add a native dependency for nothing. Unknown bytes give a description
    of what they look like (for the refusal message), never an allowed type.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")):
        return "text/html" if b"<svg" not in head else "image/svg+xml"
    if data.startswith(b"PK\x03\x04"):
        return "application/zip"
    try:
        data[:512].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def safe_filename(name: str, content_type: str) -> str:
    """``name`` without folders, control characters or shell/HTML specials, ending in the
    suffix of the sniffed type (a PDF called ``x.png`` is kept as ``x.pdf``)."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip("._") or "attachment"
    return f"{stem[:120]}{ALLOWED_TYPES[content_type]}"


def check_size(filename: str, size: int, max_bytes: int = MAX_BYTES) -> None:
    """AttachmentError when a file of ``size`` bytes is empty or over ``max_bytes`` (callers
    that know the size up front check before reading the bytes)."""
    shown = filename or "(unnamed file)"
    if size <= 0:
        raise AttachmentError(f"attachment {shown!r} is empty")
    if size > max_bytes:
        raise AttachmentError(
            f"attachment {shown!r} has {size} bytes, more than the limit of {max_bytes}"
        )


def check_upload(filename: str, data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The sniffed content type of an acceptable upload; AttachmentError naming the file
    and the problem otherwise."""
    shown = filename or "(unnamed file)"
    check_size(filename, len(data), max_bytes)
    kind = sniff_type(data)
    if kind not in ALLOWED_TYPES:
        raise AttachmentError(
            f"attachment {shown!r} is {kind} by its content; allowed are PNG, JPEG, GIF, "
            "WebP images and PDF"
        )
    return kind


def add_attachment(
    session: Session,
    record: PipelineRecord,
    filename: str,
    data: bytes,
    *,
    user_id: int | None,
    stage_change: StageChange | None = None,
    max_bytes: int = MAX_BYTES,
) -> Attachment:
    """Keep ``data`` as evidence of ``record`` (and of ``stage_change`` when given)."""
    kind = check_upload(filename, data, max_bytes)
    if stage_change is not None and stage_change.record_id not in (None, record.id):
        raise AttachmentError(
            f"stage change {stage_change.id} belongs to record {stage_change.record_id}, "
            f"not to record {record.id}"
        )
    attachment = Attachment(
        record_id=record.id,
        stage_change_id=stage_change.id if stage_change else None,
        filename=safe_filename(filename, kind),
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        user_id=user_id,
        created_at=datetime.now().replace(microsecond=0),
    )
    session.add(attachment)
    session.flush()
    return attachment


def get_attachment(session: Session, record_id: int, attachment_id: int) -> Attachment:
    """Attachment ``attachment_id`` of record ``record_id``; PipelineError if there is none."""
    found = session.get(Attachment, attachment_id)
    if found is None or found.record_id != record_id:
        raise PipelineError(f"record {record_id} has no attachment {attachment_id}")
    return found


def list_attachments(session: Session, record_id: int) -> list[AttachmentInfo]:
    """The record's attachments, oldest first, without loading their bytes."""
    rows = session.execute(
        select(
            Attachment.id,
            Attachment.record_id,
            Attachment.stage_change_id,
            Attachment.filename,
            Attachment.content_type,
            Attachment.size,
            Attachment.sha256,
            Attachment.user_id,
            Attachment.created_at,
        )
        .where(Attachment.record_id == record_id)
        .order_by(Attachment.id)
    )
    return [AttachmentInfo(*row) for row in rows]


def content_disposition(filename: str) -> str:
    """A download header for ``filename``: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = re.sub(r'["\\;]', "_", filename.encode("ascii", "ignore").decode())
    if not ascii_name.strip(".") or ascii_name.startswith("."):
        ascii_name = f"attachment{ascii_name}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


async def read_upload(upload: UploadLike, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of an uploaded file, read no further than one byte past ``max_bytes``
    (an oversized file is refused by its declared size, or by what was read)."""
    name = upload.filename or ""
    if upload.size is not None:
        check_size(name, upload.size or 0, max_bytes)
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        check_size(name, upload.size or len(data), max_bytes)
    return data
