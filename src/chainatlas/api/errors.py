"""The API's one error envelope: ``{"error": {"code", "message", "details"}}``.

Every error under ``/api/`` — validation, 404, 401, 403, 500 — has this shape;
pages get an HTML error page or, when a login is needed, a redirect to /login.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_type",
    422: "invalid_request",
    500: "internal_error",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorEnvelope(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a message naming what was wrong."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.details = details
        self.headers = headers


class LoginRequired(ApiError):
    def __init__(self) -> None:
        super().__init__(401, "log in, or send an API token as 'Authorization: Bearer …'")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": code}
    for status, code in _CODES.items()
    if status in (400, 401, 403, 404, 409, 422)
}


def envelope(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": jsonable_encoder(details)}}
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def install_error_handlers(app: FastAPI, page_error: Any) -> None:
    """Route every error to the envelope (API) or to ``page_error(request, status, msg)``."""

    def respond(request: Request, error: ApiError) -> Response:
        if _is_api(request):
            return envelope(error.status, error.code, error.message, error.details, error.headers)
        if isinstance(error, LoginRequired):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        response: Response = page_error(request, error.status, error.message)
        return response

    async def on_api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return respond(request, error)

    async def on_http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        # Keeps headers such as Allow (405) that Starlette attaches to its errors.
        headers = dict(error.headers) if error.headers else None
        return respond(request, ApiError(error.status_code, str(error.detail), headers=headers))

    async def on_validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        details = [
            {"where": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        problems = "; ".join(f"{d['where']}: {d['message']}" for d in details)
        return respond(request, ApiError(422, f"invalid request: {problems}", details=details))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        return respond(request, ApiError(500, f"internal error ({type(error).__name__})"))

    async def on_pipeline_error(request: Request, error: Exception) -> Response:
        # The pipeline library's refusals: a role/team rule (403), a forbidden stage move
        # (409: it conflicts with the record's current stage) or a broken rule (422).
        from chainatlas.pipeline.access import AccessDenied
        from chainatlas.pipeline.stages import StageError

        if isinstance(error, AccessDenied):
            return respond(request, ApiError(403, str(error), code="forbidden"))
        if isinstance(error, StageError):
            return respond(request, ApiError(409, str(error), code="stage_not_allowed"))
        return respond(request, ApiError(422, str(error), code="rule_broken"))

    from chainatlas.pipeline.records import PipelineError
    from chainatlas.pipeline.stages import StageError

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(PipelineError, on_pipeline_error)
    app.add_exception_handler(StageError, on_pipeline_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
