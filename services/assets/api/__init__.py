"""The HTTP API of assets, one router per area (the register first: its paths are the broadest)."""

from __future__ import annotations

from services.assets.api import assets, custody, damages

ROUTERS = (assets.router, custody.router, damages.router)
