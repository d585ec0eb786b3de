"""Pipeline API: targets (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["pipeline"])
