"""HTTP API of the canteen service, one router per area."""

from __future__ import annotations

from services.canteen.api import canteens, equipment, receiving, stock, suppliers

ROUTERS = (canteens.router, suppliers.router, receiving.router, stock.router, equipment.router)
