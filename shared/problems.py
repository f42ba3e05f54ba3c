"""RFC 9457 problem details: the one shape of every error answer, on every service.

A problem is `application/problem+json` with `type`, `title`, `status` and `detail`, plus two
extension members of ours: `code` (a stable, machine-readable name, also the last part of
`type`) and, for a 422, `errors` (each field that failed, with the reason). `type` is a relative
URI (`/problems/<code>`); every service answers it with the problem's description, so a client
that follows it learns what the code means.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

MEDIA_TYPE = "application/problem+json"

#: code -> (status, what it means). The documentation each `/problems/<code>` serves.
CATALOGUE: dict[str, tuple[int, str]] = {
    "bad_request": (400, "The request is malformed."),
    "malformed_body": (400, "The body is not valid JSON (or not a valid form)."),
    "bad_query": (400, "A query parameter or cursor the store cannot use."),
    "unauthenticated": (401, "No bearer token, or a token that failed verification."),
    "forbidden": (403, "Authenticated, but not allowed to do this here (role or scope)."),
    "not_found": (404, "The named thing does not exist, or the caller may not see it."),
    "method_not_allowed": (405, "The path exists but does not take this method."),
    "conflict": (409, "The command does not fit the current state (an illegal transition)."),
    "duplicate": (409, "Something with the same identity already exists."),
    "concurrent_update": (409, "Changed by someone else meanwhile; read it again and retry."),
    "too_large": (413, "The body (or an upload in it) is larger than allowed."),
    "unsupported_media_type": (415, "The body's content type is not one this route takes."),
    "validation_failed": (422, "Fields of the request are invalid; `errors` names each one."),
    "invalid": (422, "Well-formed, but against a rule of the domain."),
    "price_above_cap": (422, "An everyday dish priced above its category's cap; `cap` names it."),
    "batch_recalled": (409, "The stock asked for is of a recalled batch; it is not issued."),
    "rate_limited": (429, "Too many requests; retry after the time in Retry-After."),
    "internal_error": (500, "An unexpected failure; the log has the details."),
    "unavailable": (503, "A dependency (broker, store, identity provider) is unavailable."),
}


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str = Field(description="dotted path of the field, e.g. `lines.0.quantity`")
    location: str = Field(description="body, query, path or header")
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI of the problem type: `/problems/<code>`")
    title: str
    status: int
    detail: str
    code: str = Field(description="stable machine-readable name of the problem")
    instance: str | None = Field(default=None, description="the request path")
    errors: list[FieldError] | None = None


def problem_type(code: str) -> str:
    """The `type` URI of a problem code."""
    return f"/problems/{code}"


def body(
    status: int, code: str, detail: str, *, instance: str | None = None, **extensions: Any
) -> dict[str, Any]:
    """A problem document as a dict (extension members after the standard ones)."""
    doc: dict[str, Any] = {
        "type": problem_type(code),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance is not None:
        doc["instance"] = instance
    doc.update({k: v for k, v in extensions.items() if v is not None})
    return doc


def response(
    status: int,
    code: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A problem answer."""
    return JSONResponse(
        body(status, code, detail, instance=instance, **extensions),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def code_for_status(status: int) -> str:
    """The generic code of a bare HTTP status (a framework's 404, 405, …)."""
    return {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        415: "unsupported_media_type",
        422: "validation_failed",
        429: "rate_limited",
        503: "unavailable",
    }.get(status, "bad_request" if status < 500 else "internal_error")
