"""Rules about who gets what: replay queue names, and the filters of a query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.clock import iso

_QUEUE_SUFFIX = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")


def replay_queue_problem(namespace: str, queue: str) -> str | None:
    """Why a replay target queue is refused, or None.

    Only queues under `<namespace>.replay.` are declared and filled, so the audit service's
    broker user needs rights on that prefix alone and a caller can never push events into
    another service's queue.
    """
    prefix = f"{namespace}.replay."
    if not queue.startswith(prefix):
        return f"queue must start with {prefix!r}"
    if not _QUEUE_SUFFIX.match(queue.removeprefix(prefix)):
        return "after the prefix: 1-100 of a-z 0-9 _ . - starting with a letter or digit"
    return None


@dataclass(frozen=True)
class RecordFilter:
    """What a query asks for; every part optional, all parts must hold."""

    subject: str | None = None
    actor: str | None = None
    types: tuple[str, ...] = ()
    source: str | None = None
    correlation_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def store_filter(self) -> dict[str, Any]:
        """The document-store filter (time range: since inclusive, until exclusive)."""
        out: dict[str, Any] = {}
        for name in ("subject", "actor", "source", "correlation_id"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if len(self.types) == 1:
            out["type"] = self.types[0]
        elif self.types:
            out["type"] = {"$in": list(self.types)}
        span: dict[str, str] = {}
        if self.since is not None:
            span["$gte"] = iso(self.since)
        if self.until is not None:
            span["$lt"] = iso(self.until)
        if span:
            out["time"] = span
        return out

    def described(self) -> dict[str, str | list[str] | int | None]:
        """The filters as recorded in the query's own audit event."""
        out: dict[str, str | list[str] | int | None] = {}
        for name in ("subject", "actor", "source", "correlation_id"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.types:
            out["types"] = list(self.types)
        if self.since is not None:
            out["since"] = iso(self.since)
        if self.until is not None:
            out["until"] = iso(self.until)
        return out
