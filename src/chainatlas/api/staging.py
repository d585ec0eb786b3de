"""Saving uploaded files for ingestion: safe names, accepted types, size limits.

Limits come from the settings and are enforced here, on the server, whatever the
browser page already checked.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from fastapi import UploadFile

from chainatlas.api.jobs import StagedFile
from chainatlas.api.settings import WebSettings

_CHUNK = 1024 * 1024


def safe_name(name: str | None, position: int) -> str:
    # Only the last path component: a name like ../../etc/passwd must not escape the folder.
    base = PurePath((name or "").replace("\\", "/")).name.strip()
    return base or f"file-{position}"


async def stage_files(
    files: list[UploadFile], folder: Path, settings: WebSettings
) -> list[StagedFile]:
    """Save each upload under ``folder``, rejecting wrong types and files over the limit."""
    staged: list[StagedFile] = []
    allowed = {s.lower() for s in settings.upload_suffixes}
    for position, upload in enumerate(files, start=1):
        name = safe_name(upload.filename, position)
        suffix = PurePath(name).suffix.lower()
        if suffix not in allowed:
            problem = (
                f"type '{suffix or '(none)'}' not accepted; accepted: {', '.join(sorted(allowed))}"
            )
            staged.append(StagedFile(name, upload.size or 0, None, problem))
            continue
        # A folder per file keeps the original name (it becomes the document's name).
        target = folder / f"{position:03d}" / name
        target.parent.mkdir()
        size = 0
        with target.open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > settings.upload_max_bytes:
                    break
                out.write(chunk)
        if size > settings.upload_max_bytes:
            target.unlink()
            problem = f"larger than the limit of {settings.upload_max_bytes} bytes"
            staged.append(StagedFile(name, size, None, problem))
            continue
        staged.append(StagedFile(name, size, target))
    return staged


def upload_ceiling(settings: WebSettings) -> int:
    """The largest request body an upload may have (checked by the app before parsing)."""
    return settings.upload_max_files * (settings.upload_max_bytes + 64 * 1024)
