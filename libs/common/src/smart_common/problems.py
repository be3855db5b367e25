"""RFC 9457 problem details for every error answer."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from smart_common.persistence import RetryableConflict

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; raised by handlers and routes, rendered as problem JSON."""

    status: int = 400
    type_suffix: str = "bad-request"
    retry_after: int | None = None
    """Seconds after which the same request may succeed (the ``Retry-After`` header)."""

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        type_suffix: str | None = None,
        retry_after: int | None = None,
        **extensions: Any,
    ):
        super().__init__(detail)
        self.detail = detail
        if retry_after is not None:
            self.retry_after = retry_after
        if status is not None:
            self.status = status
        if type_suffix is not None:
            self.type_suffix = type_suffix
        self.extensions = extensions


class NotFound(Problem):
    status = 404
    type_suffix = "not-found"


class Conflict(Problem):
    status = 409
    type_suffix = "conflict"


class Forbidden(Problem):
    status = 403
    type_suffix = "forbidden"


class Unauthorized(Problem):
    status = 401
    type_suffix = "unauthorized"


class Gone(Problem):
    """It existed, and is no more (downloaded once, expired)."""

    status = 410
    type_suffix = "gone"


class Unprocessable(Problem):
    status = 422
    type_suffix = "unprocessable"


class TooManyRequests(Problem):
    """Slow down: the same request is accepted again after ``retry_after`` seconds."""

    status = 429
    type_suffix = "too-many-requests"


class Unavailable(Problem):
    """What the request needs is not there yet (another context has not published it)."""

    status = 503
    type_suffix = "unavailable"
    retry_after = 5


class ProblemDetails(BaseModel):
    """RFC 9457 problem details: the shape of every error answer of the suite (a validation
    error adds ``errors``, one per field)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    instance: str


def problem_responses(described: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """The error answers of a route, for its OpenAPI document: status → what it means."""
    return {
        status: {
            "model": ProblemDetails,
            "description": description,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
        }
        for status, description in described.items()
    }


def problem_response(
    status: int, title: str, detail: str, *, instance: str, type_suffix: str, **extensions: Any
) -> JSONResponse:
    body = {
        "type": f"https://smart.coop/problems/{type_suffix}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extensions,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Problem)
        response = problem_response(
            error.status,
            HTTPStatus(error.status).phrase,
            error.detail,
            instance=request.url.path,
            type_suffix=error.type_suffix,
            **error.extensions,
        )
        if error.retry_after is not None:
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    async def on_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        errors = [
            {
                "location": ".".join(str(part) for part in item.get("loc", ())),
                "message": item.get("msg", ""),
            }
            for item in error.errors()
        ]
        detail = "; ".join(f"{item['location']}: {item['message']}" for item in errors)
        return problem_response(
            422,
            "Invalid request",
            detail or "the request is not valid",
            instance=request.url.path,
            type_suffix="validation",
            errors=errors,
        )

    async def on_http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        return problem_response(
            error.status_code,
            HTTPStatus(error.status_code).phrase,
            str(error.detail),
            instance=request.url.path,
            type_suffix=HTTPStatus(error.status_code).phrase.lower().replace(" ", "-"),
        )

    async def on_contention(request: Request, error: Exception) -> JSONResponse:
        response = problem_response(
            503,
            "Busy",
            "the database is busy with other requests; nothing was recorded, retry shortly",
            instance=request.url.path,
            type_suffix="busy",
        )
        response.headers["Retry-After"] = "1"
        return response

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RetryableConflict, on_contention)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
