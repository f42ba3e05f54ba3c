"""The registry every maintenance event type is registered in (its one `EventRegistry`)."""

from __future__ import annotations

from shared.envelope import EventRegistry

registry = EventRegistry()
