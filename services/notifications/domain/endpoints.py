"""Endpoints: campus systems' signed webhooks and WeCom / DingTalk / Feishu group robots.

An endpoint is not a person: it has a kind (its wire format and signing rule, `signing.py`), a
URL, a per-endpoint secret, the scopes it serves (the south canteen's kitchen group), and the
language its messages are written in. The secret is never returned by the API nor carried by an
event; a change says only that it changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from services.notifications.events import EndpointChanged
from shared.aggregate import Aggregate


@dataclass(frozen=True)
class Endpoint(Aggregate):
    """A webhook or robot; `version` is the store's `_v`."""

    endpoint_id: str
    kind: str
    url: str
    secret: str | None
    name: str
    scopes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    language: str = "zh-CN"
    active: bool = True
    updated_at: datetime | None = field(default=None, compare=False)
    version: int | None = field(default=None, compare=False)

    @property
    def recipient_id(self) -> str:
        """How its notifications and delivery lines name it."""
        return f"endpoint:{self.endpoint_id}"

    def serves(self, kind: str, values: set[str]) -> bool:
        """Whether the endpoint is registered for any of these scope values (`all`: any)."""
        if not self.active:
            return False
        if kind == "all":
            return True
        return bool(self.scopes.get(kind, frozenset()) & values)

    def saved(self, previous: Endpoint | None, *, at: datetime) -> Endpoint:
        """This content stored, recording what changed (never the secret itself)."""
        changed = replace(self, updated_at=at)
        changed.record(
            EndpointChanged(
                endpoint_id=self.endpoint_id,
                change="created" if previous is None else "saved",
                kind=self.kind,
                host=urlsplit(self.url).hostname or "",
                scopes={k: sorted(v) for k, v in self.scopes.items() if v},
                active=self.active,
                secret_changed=previous is None or previous.secret != self.secret,
                secret_fingerprint=fingerprint(self.secret),
            )
        )
        return changed


def fingerprint(secret: str | None) -> str | None:
    """A short digest that tells two secrets apart without revealing either."""
    if secret is None:
        return None
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def host_allowed(url: str, allowed: tuple[str, ...]) -> bool:
    """True when the url's host is listed (exactly, or under a listed `*.suffix`)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    for entry in (a.lower() for a in allowed):
        if host == entry or (entry.startswith("*.") and host.endswith(entry[1:])):
            return True
    return False
