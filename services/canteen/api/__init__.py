"""HTTP API of the canteen service, one router per area."""

from __future__ import annotations

from services.canteen.api import (
    canteens,
    counts,
    dishes,
    equipment,
    feedback,
    inspections,
    menus,
    recalls,
    receiving,
    retention,
    samples,
    servings,
    staff,
    stock,
    suppliers,
    temperatures,
    today,
)

ROUTERS = (
    canteens.router,
    suppliers.router,
    receiving.router,
    retention.router,
    stock.router,
    counts.router,
    equipment.router,
    samples.router,
    staff.router,
    inspections.router,
    temperatures.router,
    today.router,
    dishes.router,
    menus.router,
    servings.router,
    recalls.router,
    feedback.router,
)
