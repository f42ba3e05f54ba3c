"""Stock-take campaigns (清查) and register imports."""

from __future__ import annotations

from services.assets.events.base import registry
from shared.envelope import EventData

_STOCKTAKE = {"stocktake_id": "stk-91c0e2d4a7f3", "scope": "building", "scope_id": "B01"}


class StocktakeFacts(EventData):
    """Which campaign (清查 / 盘点) and what it covers."""

    stocktake_id: str
    scope: str
    scope_id: str


@registry.register(
    "assets.stocktake.started.v1", example={**_STOCKTAKE, "name": "2025春季盘点", "expected": 412}
)
class StocktakeStarted(StocktakeFacts):
    """A stock-take campaign began; `expected` assets are on the books in its scope."""

    name: str
    expected: int


@registry.register(
    "assets.stocktake.scanned.v1",
    example={**_STOCKTAKE, "room_id": "B01-203", "tags": ["ZC-B01-0002", "ZC-B01-0007"]},
)
class StocktakeScanned(StocktakeFacts):
    """Tags were scanned in a room (one event per scan request)."""

    room_id: str
    tags: list[str]


@registry.register(
    "assets.stocktake.submitted.v1",
    example={**_STOCKTAKE, "agreed_moves": ["ZC-B01-0007"], "findings": 3},
)
class StocktakeSubmitted(StocktakeFacts):
    """Counting is over; the report and the agreed moves wait for an administrator."""

    agreed_moves: list[str]
    findings: int


@registry.register(
    "assets.stocktake.rejected.v1", example={**_STOCKTAKE, "note": "302室未盘 room 302 not counted"}
)
class StocktakeRejected(StocktakeFacts):
    """The administrator sent the report back: counting goes on."""

    note: str | None


@registry.register(
    "assets.stocktake.discrepancy_found.v1",
    example={
        **_STOCKTAKE,
        "kind": "misplaced",
        "tag": "ZC-B01-0007",
        "asset_id": "ast-77a1c3e5b902",
        "name": "办公椅 office chair",
        "booked_building_id": "B01",
        "booked_room_id": "B01-203",
        "found_building_id": "B01",
        "found_room_id": "B01-305",
        "moved": True,
    },
)
class DiscrepancyFound(StocktakeFacts):
    """One finding of a closed stock-take: missing, misplaced, or found but not on the books."""

    kind: str
    tag: str
    asset_id: str | None
    name: str | None
    booked_building_id: str | None
    booked_room_id: str | None
    found_building_id: str | None
    found_room_id: str | None
    #: A misplaced asset whose move was agreed and applied at the close.
    moved: bool = False


@registry.register(
    "assets.stocktake.closed.v1",
    example={
        **_STOCKTAKE,
        "approved_by": "u-admin-1",
        "expected": 412,
        "in_place": 405,
        "misplaced": 3,
        "missing": 2,
        "unregistered": 1,
        "on_loan": 2,
        "moves_applied": 3,
    },
)
class StocktakeClosed(StocktakeFacts):
    """A stock-take was approved and closed (账实相符 as far as it found)."""

    approved_by: str | None
    expected: int
    in_place: int
    misplaced: int
    missing: int
    unregistered: int
    on_loan: int
    moves_applied: int


@registry.register(
    "assets.import.completed.v1",
    example={
        "import_id": "imp-2c8e0f6a1d93",
        "filename": "2025春季新增资产.xlsx",
        "format": "xlsx",
        "rows": 1000,
        "imported": 1000,
        "skipped": 0,
    },
)
class ImportCompleted(EventData):
    """An Excel or CSV register was imported (each asset also publishes its registration)."""

    import_id: str
    filename: str
    format: str
    rows: int
    imported: int
    skipped: int
