"""No subscriptions: the canteen consumes nothing yet (see consumed.py)."""

from __future__ import annotations

from shared.consumer import Subscription

SUBSCRIPTIONS: dict[str, Subscription] = {}
