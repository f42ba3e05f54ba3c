"""Errors a use case raises on purpose, each mapped to one HTTP status with a clear reason.

`shared.http` answers each as an RFC 9457 problem (`shared.problems`): `code` and `status` from
the class, `detail` the reason, and the keyword details as extension members (`field`, …).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused command: the status, a stable error code and a human reason."""

    status = 400
    code = "bad_request"
    #: Response headers the refusal needs (WWW-Authenticate, Retry-After).
    headers: dict[str, str] | None = None

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


class Unauthenticated(DomainError):
    """No bearer token, or one that failed verification."""

    status = 401
    code = "unauthenticated"
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class NotFound(DomainError):
    """The named thing does not exist (or the caller may not see it)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The command does not fit the current state (an illegal transition, a duplicate)."""

    status = 409
    code = "conflict"


class Invalid(DomainError):
    """The input is well-formed but breaks a rule of the domain."""

    status = 422
    code = "invalid"


class Forbidden(DomainError):
    """Authenticated, but not allowed to act on this object."""

    status = 403
    code = "forbidden"


class TooLarge(DomainError):
    """An upload or request beyond the configured size."""

    status = 413
    code = "too_large"


class UnsupportedMedia(DomainError):
    """The body is not of a content type the route takes."""

    status = 415
    code = "unsupported_media_type"


class TooManyRequests(DomainError):
    """A rate limit was reached; retry later."""

    status = 429
    code = "rate_limited"

    def __init__(self, reason: str, *, retry_seconds: int | None = None, **details: Any) -> None:
        super().__init__(reason, **details)
        if retry_seconds is not None:
            self.headers = {"Retry-After": str(max(1, retry_seconds))}


class Unavailable(DomainError):
    """A dependency the request needs (identity provider, store) is unavailable."""

    status = 503
    code = "unavailable"
