"""Background ingestion of uploaded files, one job at a time, with per-file results.

One worker thread runs every job: SQLite has one writer, and ingestion holds the
extractor's lexicons, built once for the process. Jobs live in memory, so a page
reload finds its job again; a server restart forgets finished jobs (their
documents are stored, of course).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from chainatlas.config import Settings
from chainatlas.extract.model import Extraction
from chainatlas.ingest.model import NormalisedText
from chainatlas.ingest.pipeline import Ingestor
from chainatlas.store.dashboard import projects_of_documents
from chainatlas.store.db import Database

ExtractStep = Callable[[NormalisedText, list[tuple[int, int]]], Extraction]


@dataclass
class ProjectRef:
    id: int
    name: str


@dataclass
class FileResult:
    name: str
    size: int
    status: str = "queued"  # queued | running | done | error
    added: int = 0
    unchanged: int = 0
    facts: int = 0
    document_ids: list[int] = field(default_factory=list)
    projects: list[ProjectRef] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class UploadJob:
    id: str
    user: str
    created_at: datetime
    status: str = "queued"  # queued | running | done
    files: list[FileResult] = field(default_factory=list)


@dataclass
class StagedFile:
    """An uploaded file saved to disk, or a rejection that names why."""

    name: str
    size: int
    path: Path | None
    problem: str | None = None


class UploadJobs:
    """The job queue of one app: submit staged files, read job states."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        extract_factory: Callable[[], ExtractStep] | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self._extract_factory = extract_factory
        self._extract: ExtractStep | None = None
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainatlas-upload")

    def staging_dir(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="chainatlas-upload-"))

    def submit(self, user: str, staged: list[StagedFile], folder: Path) -> UploadJob:
        job = UploadJob(id=uuid.uuid4().hex, user=user, created_at=datetime.now().astimezone())
        for item in staged:
            result = FileResult(item.name, item.size)
            if item.problem:
                result.status, result.errors = "error", [item.problem]
            job.files.append(result)
        with self._lock:
            self._jobs[job.id] = job
        self._worker.submit(self._run, job, staged, folder)
        return job

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> UploadJob | None:
        """The job once finished (for tests and scripts)."""
        done = threading.Event()
        self._worker.submit(done.set)
        done.wait(timeout)
        return self.get(job_id)

    def shutdown(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: UploadJob, staged: list[StagedFile], folder: Path) -> None:
        job.status = "running"
        try:
            if self._extract is None and self._extract_factory is not None:
                self._extract = self._extract_factory()
            ingestor = Ingestor(self.database, self.settings, extract=self._extract)
            for item, result in zip(staged, job.files, strict=True):
                if item.path is None or result.status == "error":
                    continue
                result.status = "running"
                self._ingest_one(ingestor, item.path, result)
        finally:
            job.status = "done"
            shutil.rmtree(folder, ignore_errors=True)

    def _ingest_one(self, ingestor: Ingestor, path: Path, result: FileResult) -> None:
        try:
            report = ingestor.ingest([str(path)])
            result.added = report.count("added")
            result.unchanged = len(report.items) - result.added
            result.facts = sum(item.facts for item in report.items)
            result.document_ids = sorted({item.document_id for item in report.items})
            result.errors = [f"{Path(e.where).name}: {e.reason}" for e in report.errors]
            # Ingestion resolves each document into the knowledge base as it stores it.
            with self.database.session() as session:
                found = projects_of_documents(session, result.document_ids)
                result.projects = [ProjectRef(i, n) for i, n in found]
            result.status = "error" if result.errors and not report.items else "done"
        except Exception as error:  # one broken file must not stop the job; its row says why
            result.status = "error"
            result.errors.append(f"{type(error).__name__}: {error}")
