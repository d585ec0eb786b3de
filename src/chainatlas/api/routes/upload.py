"""Upload: files in, a background ingestion job out; its status has per-file results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from chainatlas.api.deps import AppSettings, CurrentUser, RequireEditor
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.jobs import UploadJob, UploadJobs
from chainatlas.api.staging import stage_files

router = APIRouter(tags=["upload"], responses=ERROR_RESPONSES)


def upload_jobs(request: Request) -> UploadJobs:
    jobs: UploadJobs = request.app.state.upload_jobs
    return jobs


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
