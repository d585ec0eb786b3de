"""Upload: files in, a background ingestion job out; its status has per-file results."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from chainatlas.api.deps import AppSettings, CurrentUser, RequireEditor
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.jobs import StagedFile, UploadJob, UploadJobs
from chainatlas.api.settings import WebSettings

router = APIRouter(tags=["upload"], responses=ERROR_RESPONSES)

_CHUNK = 1024 * 1024


def upload_jobs(request: Request) -> UploadJobs:
    jobs: UploadJobs = request.app.state.upload_jobs
    return jobs


def _safe_name(name: str | None, position: int) -> str:
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
        name = _safe_name(upload.filename, position)
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


@router.post("/uploads", status_code=202)
async def upload(
    files: Annotated[
        list[UploadFile], File(description="Articles: txt, md, html, jsonl, docx, pdf")
    ],
    auth: RequireEditor,
    request: Request,
    settings: AppSettings,
) -> UploadJob:
    """Start ingesting the files in the background (editors and admins)."""
    if not files:
        raise ApiError(422, "no files in the upload")
    if len(files) > settings.upload_max_files:
        raise ApiError(413, f"{len(files)} files; at most {settings.upload_max_files} per upload")
    jobs = upload_jobs(request)
    folder = jobs.staging_dir()
    staged = await stage_files(files, folder, settings)
    return jobs.submit(auth.user.username, staged, folder)


@router.get("/uploads/{job_id}")
def upload_status(job_id: str, auth: CurrentUser, request: Request) -> UploadJob:
    """A job's state and each file's result: documents added, projects found, errors."""
    job = upload_jobs(request).get(job_id)
    if job is None:
        raise ApiError(404, f"no upload job {job_id!r} (jobs are kept until the server restarts)")
    return job
