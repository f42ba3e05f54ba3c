"""The HTTP API of notifications, one router per area."""

from __future__ import annotations

from services.notifications.api import deliveries, directory, inbox, rules

ROUTERS = (directory.router, inbox.router, deliveries.router, rules.router)
