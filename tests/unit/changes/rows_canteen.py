"""The canteen's mutating routes, by area, in the order they run: reference data and stock,
food safety, menus and costs, diners' feedback; the purge of a delivery last."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.changes import (
    rows_canteen_feedback,
    rows_canteen_menus,
    rows_canteen_safety,
    rows_canteen_stock,
)
from tests.unit.changes.rows_canteen_stock import BASE
from tests.unit.changes.table import Row

ROWS: tuple[Row, ...] = (
    *rows_canteen_stock.ROWS,
    *rows_canteen_safety.ROWS,
    *rows_canteen_menus.ROWS,
    *rows_canteen_feedback.ROWS,
    # Last: its record is kept 6 months past the shelf life, so the clock moves on 3 years.
    Row(
        "DELETE",
        "/canteens/{canteen_id}/deliveries/{delivery_id}",
        "logistics_admin",
        path=f"{BASE}/deliveries/{{delivery_id}}",
        later=timedelta(days=3 * 366),
    ),
)
