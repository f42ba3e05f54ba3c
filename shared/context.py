"""What flows from an HTTP request or an incoming event into every event it causes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import structlog


@dataclass(frozen=True)
class Causality:
    """The correlation id of the whole story, the id of what caused this step, and who acted."""

    correlation_id: str | None = None
    causation_id: str | None = None
    actor: str | None = None


_EMPTY = Causality()
_current: ContextVar[Causality] = ContextVar("causality", default=_EMPTY)  # noqa: B039 (frozen)


def current() -> Causality:
    """The causality of the request or event being handled."""
    return _current.get()


@contextmanager
def caused_by(causality: Causality, **log_fields: str | None) -> Iterator[Causality]:
    """Bind causality (and log fields) for the duration of one request or one message."""
    token = _current.set(causality)
    fields = {k: v for k, v in log_fields.items() if v is not None}
    if causality.correlation_id:
        fields["correlation_id"] = causality.correlation_id
    with structlog.contextvars.bound_contextvars(**fields):
        try:
            yield causality
        finally:
            _current.reset(token)
