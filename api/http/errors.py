"""One typed JSON error body for every failure the API returns.

    {"error": {"code": "task_not_found", "message": "no task 7", "field": null}}

`code` is stable and machine-readable, `message` is for people, `field` names the request
field at fault (a dotted path such as `body.signature`) when there is one. Status codes:
400 malformed request (not JSON), 404 unknown resource, 409 conflicts with the chain's state
(already voted, task not open, replay), 413 body too large, 422 well-formed but invalid
input (bad address, CID, signature, schema), 429 rate limited, 502/503 upstream (chain,
IPFS) failing, 500 anything else, with a generic message: no traceback ever leaves the server.

Every error body goes through `error_response`, which bounds it: `message` is cut to
MESSAGE_MAX characters and `field` to FIELD_MAX, control characters are escaped, and input is
quoted with `quote` (a short prefix, never a Python repr). Under /dashboard the same errors
are the dashboard's HTML error page instead, with the same status, code and message.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

MESSAGE_MAX = 300
FIELD_MAX = 80
QUOTE_MAX = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def quote(value: object, limit: int = QUOTE_MAX) -> str:
    """`value` for an error message: at most `limit` characters of it, quoted, escaped."""
    text = value if isinstance(value, str) else str(value)
    shown = json.dumps(text[:limit], ensure_ascii=False)
    return shown[:-1] + '..."' if len(text) > limit else shown


def _bounded(text: str, limit: int) -> str:
    """`text` cut to `limit`, control characters and lone surrogates escaped."""
    cut = text[:limit] + ("..." if len(text) > limit else "")
    cut = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", cut)
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"code": "task_not_found", "message": "no task 7", "field": None}}
    )
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="What went wrong, for people.")
    field: str | None = Field(default=None, description="The request field at fault, if any.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """Raise from a route to answer with the typed error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.headers = (
            status,
            code,
            message,
            field,
            headers,
        )


def not_found(what: str, key: Any) -> ApiError:
    return ApiError(404, f"{what}_not_found", f"no {what.replace('_', ' ')} {key}")


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "error": {
            "code": code,
            "message": _bounded(message, MESSAGE_MAX),
            "field": None if field is None else _bounded(field, FIELD_MAX),
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The typed JSON error, or under /dashboard the dashboard's HTML error page."""
    # The dashboard's page renderer, set by create_app: the dashboard imports the API, not
    # the reverse.
    error_page = getattr(request.app.state, "dashboard_error_page", None)
    if error_page is not None and (request.url.path == "/dashboard" or request.url.path.startswith("/dashboard/")):
        html: Response = error_page(request.app.state.teal, status, code, _bounded(message, MESSAGE_MAX))
        html.headers.update(headers or {})
        return html
    return error_response(status, code, message, field, headers)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
}


def _loc(loc: Any) -> str | None:
    parts = [str(p) for p in loc]
    return ".".join(parts) if parts else None


async def _validation_handler(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
    # A body that is not JSON at all is a malformed request (400), not invalid input.
    if first.get("type") == "json_invalid":
        return _respond(
            request,
            400,
            "malformed_json",
            f"request body is not valid JSON: {first.get('msg')}",
            "body",
        )
    # pydantic's messages name the rule, not the input; each location is cut short.
    message = "; ".join(
        f"{_bounded(_loc(e.get('loc', ())) or 'request', FIELD_MAX)}: {e.get('msg')}" for e in errors[:5]
    )
    return _respond(request, 422, "invalid_request", message, _loc(first.get("loc", ())))


async def _http_handler(request: Request, exc: StarletteHTTPException) -> Response:
    code = _STATUS_CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return _respond(request, exc.status_code, code, detail, headers=getattr(exc, "headers", None))


async def _api_handler(request: Request, exc: ApiError) -> Response:
    return _respond(request, exc.status, exc.code, exc.message, exc.field, exc.headers)


async def unexpected_response(request: Request, exc: Exception) -> Response:
    """The typed 500 for any exception no handler took; the traceback goes to the log only."""
    log.error("unhandled error on %s %s", request.method, request.url.path[:200], exc_info=exc)
    try:
        return _respond(request, 500, "internal_error", "the server hit an unexpected error; it has been logged")
    except Exception:  # noqa: BLE001 - the HTML error page itself failed: the JSON body needs nothing
        return error_response(500, "internal_error", "the server hit an unexpected error; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, _api_handler)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_response)


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


# Documented on every route, so clients (and schemathesis) know every body they can get.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("Malformed request (body is not JSON)."),
    404: _doc("Unknown resource."),
    413: _doc("Request body over TEAL_MAX_REQUEST_BYTES."),
    422: _doc("Invalid input: the field named in `error.field` is wrong."),
    500: _doc("Unexpected server error (generic message, logged server-side)."),
    503: _doc("The chain node or document store is unreachable."),
}
WRITE_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: _doc("Conflicts with the chain's current state (already voted, task not open, replay)."),
    429: _doc("Too many relay requests or posts (per client IP, per author); retry after `Retry-After` seconds."),
    502: _doc("The chain node rejected or failed to mine the transaction."),
}
