"""Events the assets service publishes: its public contract."""

from __future__ import annotations

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register(
    "assets.asset.registered.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "name": "投影仪 爱普生 projector",
        "category_code": "2020000",
        "purchase_value": "3980.00",
        "purchase_date": "2021-03-15",
        "department_id": "D-PHYS",
        "useful_life_years": 6,
        "low_value": False,
        "import_id": None,
    },
)
class AssetRegistered(EventData):
    """An asset was put on the books (校产登记); maintenance learns where it is from this."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    name: str
    category_code: str
    purchase_value: str
    purchase_date: str
    department_id: str | None = None
    #: None: carried at cost (land, relics, books).
    useful_life_years: int | None = None
    #: Under the capitalisation threshold (低值易耗品): not depreciated.
    low_value: bool = False
    #: The Excel/CSV import it came from, if any.
    import_id: str | None = None


@registry.register(
    "assets.asset.moved.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "name": "投影仪 爱普生 projector",
        "from_building_id": "B01",
        "from_room_id": "B01-203",
        "building_id": "B01",
        "room_id": "B01-305",
        "reason": "教室调整 classroom swap",
        "stocktake_id": None,
    },
)
class AssetMoved(EventData):
    """An asset is in another building or room now (by command, or agreed at a stock-take)."""

    asset_id: str
    tag: str
    name: str
    from_building_id: str
    from_room_id: str | None
    building_id: str
    room_id: str | None
    reason: str | None = None
    stocktake_id: str | None = None


@registry.register(
    "assets.asset.assigned.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "custodian_id": "u-teacher-1",
        "previous_custodian_id": None,
    },
)
class AssetAssigned(EventData):
    """An asset was put in a person's custody (责任到人); they still have to acknowledge it."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    custodian_id: str
    previous_custodian_id: str | None


@registry.register(
    "assets.asset.custody_acknowledged.v1",
    example={
        "asset_id": "ast-8d21e6c04f17",
        "tag": "ZC-B02-0101",
        "building_id": "B02",
        "custodian_id": "u-student-1",
    },
)
class CustodyAcknowledged(EventData):
    """The custodian signed for the asset (责任到人: the signature at term end)."""

    asset_id: str
    tag: str
    building_id: str
    custodian_id: str


@registry.register(
    "assets.asset.damaged.v1",
    example={
        "damage_id": "dmg-5a7e09b3c812",
        "asset_id": "ast-c4b7d2e91a06",
        "tag": "ZC-B02-0102",
        "name": "学生椅 student chair",
        "building_id": "B02",
        "room_id": "B02-312",
        "description": "椅腿被故意踢断 chair leg deliberately kicked off",
        "deliberate": True,
        "responsible_person_id": "u-student-1",
        "compensation": "250.00",
    },
)
class AssetDamaged(EventData):
    """An asset was reported damaged; the compensation is its book value, doubled if deliberate."""

    damage_id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    description: str
    deliberate: bool
    responsible_person_id: str | None
    compensation: str
    name: str | None = None


@registry.register(
    "assets.asset.repaired.v1",
    example={"asset_id": "ast-c4b7d2e91a06", "tag": "ZC-B02-0102", "building_id": "B02"},
)
class AssetRepaired(EventData):
    """A damaged asset is back in use."""

    asset_id: str
    tag: str
    building_id: str


@registry.register(
    "assets.asset.disposal_proposed.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "reason": "灯泡老化，维修费用超过残值 lamp worn out, repair costs more than it is worth",
        "proposed_by": "u-asset-manager-1",
        "book_value": "0.00",
    },
)
class DisposalProposed(EventData):
    """An asset manager proposed writing an asset off (报废, step one); an administrator decides."""

    asset_id: str
    tag: str
    building_id: str
    reason: str
    proposed_by: str | None
    book_value: str


@registry.register(
    "assets.asset.disposal_rejected.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "note": "先报修 repair it first",
        "decided_by": "u-admin-1",
        "status": "in_use",
    },
)
class DisposalRejected(EventData):
    """The administrator refused a proposed write-off; the asset is back in its status."""

    asset_id: str
    tag: str
    building_id: str
    note: str | None
    decided_by: str | None
    status: str


@registry.register(
    "assets.asset.disposed.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "reason": "灯泡老化 lamp worn out",
        "proposed_by": "u-asset-manager-1",
        "approved_by": "u-admin-1",
        "purchase_value": "3980.00",
        "book_value": "0.00",
    },
)
class AssetDisposed(EventData):
    """An asset was written off (报废, step two: approved); finance removes it from the books."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    reason: str
    proposed_by: str | None
    approved_by: str | None
    purchase_value: str
    book_value: str


_LOAN = {
    "loan_id": "loan-6b1f0c2d9e83",
    "asset_id": "ast-3f9c1a7b2e40",
    "tag": "ZC-B01-0002",
    "building_id": "B01",
    "borrower_id": "u-teacher-1",
    "due_on": "2025-03-17",
}


class LoanFacts(EventData):
    """What every loan event says: which loan, which asset, who, until when."""

    loan_id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: str


@registry.register("assets.loan.offered.v1", example={**_LOAN, "reservation_id": None})
class LoanOffered(LoanFacts):
    """A manager lent an asset (借); it starts when the borrower acknowledges."""

    reservation_id: str | None = None


@registry.register("assets.loan.cancelled.v1", example={**_LOAN, "reason": "借用人未到 no-show"})
class LoanCancelled(LoanFacts):
    """A loan the borrower had not acknowledged was withdrawn."""

    reason: str | None = None


@registry.register("assets.loan.started.v1", example=_LOAN)
class LoanStarted(LoanFacts):
    """The borrower acknowledged the loan: the asset is on loan until it is returned."""


@registry.register(
    "assets.loan.returned.v1",
    example={**_LOAN, "condition": "damaged", "days_late": 2, "damage_id": "dmg-5a7e09b3c812"},
)
class LoanReturned(LoanFacts):
    """The asset came back (还); a damaged return also publishes assets.asset.damaged.v1."""

    condition: str
    days_late: int
    damage_id: str | None = None


@registry.register("assets.loan.overdue.v1", example={**_LOAN, "days_overdue": 8, "period": 2})
class LoanOverdue(LoanFacts):
    """A loan is past its due day: once per overdue period (`period` counts them from 1)."""

    days_overdue: int
    period: int


_RESERVATION = {
    "reservation_id": "rsv-0d6c2a9f41b7",
    "asset_id": "ast-3f9c1a7b2e40",
    "tag": "ZC-B01-0002",
    "building_id": "B01",
    "person_id": "u-teacher-1",
    "starts_on": "2025-04-07",
    "ends_on": "2025-04-09",
}


class ReservationFacts(EventData):
    """What every reservation event says."""

    reservation_id: str
    asset_id: str
    tag: str
    building_id: str
    person_id: str
    starts_on: str
    ends_on: str


@registry.register("assets.reservation.made.v1", example=_RESERVATION)
class ReservationMade(ReservationFacts):
    """An asset was reserved for future days (no other booking overlaps)."""


@registry.register("assets.reservation.cancelled.v1", example={**_RESERVATION, "reason": None})
class ReservationCancelled(ReservationFacts):
    """A reservation was cancelled before it was collected."""

    reason: str | None = None


@registry.register(
    "assets.reservation.collected.v1", example={**_RESERVATION, "loan_id": "loan-6b1f0c2d9e83"}
)
class ReservationCollected(ReservationFacts):
    """A reservation was collected: it became a loan (the borrower then acknowledges)."""

    loan_id: str


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
