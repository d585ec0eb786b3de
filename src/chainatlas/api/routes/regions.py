"""Regions: one region's coverage of one chain, with 补链/延链/强链 and 链主."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from chainatlas.api.deps import CurrentUser, DbSession
from chainatlas.api.errors import ERROR_RESPONSES, ApiError
from chainatlas.api.routes.chains import chain_library

router = APIRouter(tags=["regions"], responses=ERROR_RESPONSES)


@router.get("/regions/{region}/chains/{chain}")
def region_chain(
    region: str, chain: str, auth: CurrentUser, session: DbSession, request: Request
) -> dict[str, Any]:
    """Coverage of ``chain`` in ``region`` (any level), with gaps, candidates and reasons."""
    from chainatlas.analysis import AnalysisError, analyse_region

    try:
        report = analyse_region(session, region, chain, chain_library(request))
    except AnalysisError as error:
        raise ApiError(404, str(error), details={"suggestions": error.suggestions}) from None
    return report.to_json()
