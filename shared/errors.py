"""Errors a use case raises on purpose, each mapped to one HTTP status with a clear reason."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused command: the status, a stable error code and a human reason."""

    status = 400
    code = "bad_request"

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


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


class TooManyRequests(DomainError):
    """A rate limit was reached; retry later."""

    status = 429
    code = "rate_limited"
