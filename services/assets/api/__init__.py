"""The HTTP API of assets, one router per area (the register first: its paths are the broadest)."""

from __future__ import annotations

from services.assets.api import (
    assets,
    custody,
    damages,
    disposals,
    imports,
    labels,
    loans,
    reservations,
    stocktakes,
)

ROUTERS = (
    assets.router,
    custody.router,
    damages.router,
    disposals.router,
    labels.router,
    loans.router,
    reservations.router,
    stocktakes.router,
    imports.router,
)
