"""What notifications reads from the assets service's events: damage, custody, loans,
stock-take discrepancies, disposals (money travels as a string, printed as sent)."""

from __future__ import annotations

from shared.envelope import EventData


class AssetDamaged(EventData):
    """assets: an asset was reported damaged, deliberately or not."""

    damage_id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None = None
    description: str
    deliberate: bool


class AssetAssigned(EventData):
    """assets: an asset's custody went to a person, who must acknowledge it (责任到人)."""

    asset_id: str
    tag: str
    building_id: str
    custodian_id: str
    room_id: str | None = None


class LoanOverdue(EventData):
    """assets: a loan past its due day (once per overdue period, counted from 1)."""

    loan_id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: str
    days_overdue: int
    period: int


class DiscrepancyFound(EventData):
    """assets: a stock-take finding: missing, misplaced or unregistered (booked vs found)."""

    stocktake_id: str
    kind: str
    tag: str
    asset_id: str | None = None
    name: str | None = None
    booked_building_id: str | None = None
    booked_room_id: str | None = None
    found_building_id: str | None = None
    found_room_id: str | None = None
    moved: bool = False


class DisposalProposed(EventData):
    """assets: an asset manager proposed a disposal (报废) for an administrator to decide."""

    asset_id: str
    tag: str
    building_id: str
    reason: str
    proposed_by: str | None = None
    book_value: str
