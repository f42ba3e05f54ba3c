"""No subscriptions: assets consumes nothing (shared/topology.py has no assets queue)."""

from __future__ import annotations

from shared.consumer import Subscription

SUBSCRIPTIONS: dict[str, Subscription] = {}
