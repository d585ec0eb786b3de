"""``GET /api/v1/health``: the one API route that needs no login."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from chainatlas import __version__

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    version: str


@router.get("/health")
def health() -> Health:
    """Whether the server is up (no database access, no login)."""
    return Health(status="ok", version=__version__)
