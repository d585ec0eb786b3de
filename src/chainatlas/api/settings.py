"""Settings of the web server: the core settings plus cookies and upload limits."""

from __future__ import annotations

from pydantic import Field

from chainatlas.config import Settings

DEFAULT_UPLOAD_SUFFIXES = [
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".shtml",
    ".jsonl",
    ".ndjson",
    ".docx",
    ".pdf",
]


class WebSettings(Settings):
    """Everything ``chainatlas serve`` reads, from ``CHAINATLAS_…`` variables."""

    cookie_secure: bool = Field(
        default=False,
        description="Always mark cookies Secure (they are whenever a request came over https).",
    )
    upload_max_files: int = Field(default=20, gt=0, description="Files per upload.")
    upload_max_bytes: int = Field(
        default=20 * 1024 * 1024, gt=0, description="Largest uploaded file in bytes."
    )
    upload_suffixes: list[str] = Field(
        default_factory=lambda: list(DEFAULT_UPLOAD_SUFFIXES),
        description="File name endings accepted by the upload page and API.",
    )


def web_settings(settings: Settings) -> WebSettings:
    """``settings`` as WebSettings: web-only fields keep their defaults or environment."""
    if isinstance(settings, WebSettings):
        return settings
    return WebSettings(**settings.model_dump())
