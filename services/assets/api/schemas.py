"""Inputs (Create, extra fields refused) and outputs (Read, built with `.of`) of the register;
damage, value, history and categories are in `record_schemas.py`, loans and stock-takes in
theirs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.assets.domain.assets import Asset, Custody, Disposal
from services.assets.domain.categories import category_of
from services.assets.domain.valuation import to_yuan
from services.assets.repository.search import AssetPage
from shared.api import ID_PATTERN, Input
from shared.clock import iso
from shared.types import Day, line, text

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
Tag = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
Name = line(200)
Description = text(2000)
Reason = line(500)


class AssetCreate(Input):
    """A new item of the register (校产登记)."""

    tag: Tag = Field(description="the label fixed on the item, unique")
    name: Name
    category_code: Annotated[str, Field(pattern=r"^[1-6][0-9]{6}$")] = Field(
        description="GB/T 14885-2010 fixed-asset code, 7 digits (e.g. 2010000 computers)"
    )
    building_id: Id
    room_id: Id | None = None
    purchase_value: Decimal = Field(gt=0, max_digits=14, decimal_places=2, description="yuan")
    purchase_date: Day
    useful_life_years: int | None = Field(
        default=None, ge=1, le=100, description="defaults to the category's (政府会计准则第3号)"
    )
    department_id: Id | None = Field(default=None, description="the department that uses it")


class MoveCreate(Input):
    """Where the asset goes."""

    building_id: Id
    room_id: Id | None = None
    reason: Reason | None = None


class DisposalCreate(Input):
    """A proposal to write the asset off (报废)."""

    reason: Reason


class DecisionCreate(Input):
    """An administrator's decision on a two-step request."""

    approve: bool
    note: Reason | None = None


class CustodyCreate(Input):
    """Whom to hand the asset to."""

    custodian_id: Id


def _stamp(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


class CustodyRead(BaseModel):
    """The current custody."""

    custodian_id: str
    assigned_on: str = Field(description="when it was handed over (a UTC time)")
    assigned_by: str | None
    acknowledged_at: str | None

    @classmethod
    def of(cls, custody: Custody) -> CustodyRead:
        """The current custody of an asset."""
        return cls(
            custodian_id=custody.custodian_id,
            assigned_on=iso(custody.assigned_at),
            assigned_by=custody.assigned_by,
            acknowledged_at=_stamp(custody.acknowledged_at),
        )


class PastCustodyRead(CustodyRead):
    """An earlier custody, with when it passed on."""

    released_at: str | None

    @classmethod
    def of(cls, custody: Custody) -> PastCustodyRead:
        """An earlier custody of an asset."""
        current = CustodyRead.of(custody).model_dump()
        return cls(**current, released_at=_stamp(custody.released_at))


class DisposalRead(BaseModel):
    """A write-off proposal and its decision."""

    reason: str
    proposed_by: str | None
    proposed_at: str
    decided_by: str | None
    decided_at: str | None
    approved: bool | None
    decision_note: str | None

    @classmethod
    def of(cls, d: Disposal) -> DisposalRead:
        """A disposal as the API shows it."""
        return cls(
            reason=d.reason,
            proposed_by=d.proposed_by,
            proposed_at=iso(d.proposed_at),
            decided_by=d.decided_by,
            decided_at=_stamp(d.decided_at),
            approved=d.approved,
            decision_note=d.decision_note,
        )


class AssetRead(BaseModel):
    """An item of the register with today's book value."""

    asset_id: str
    tag: str
    name: str
    category_code: str
    category_gate: str
    category_name: str
    building_id: str
    room_id: str | None
    department_id: str | None
    purchase_value: str
    purchase_date: str
    useful_life_years: int | None = Field(description="None: carried at cost, not depreciated")
    low_value: bool = Field(description="under the capitalisation threshold (低值易耗品)")
    book_value_today: str
    status: str
    custody: CustodyRead | None
    custody_history: list[PastCustodyRead]
    disposal: DisposalRead | None
    import_id: str | None
    registered_at: str
    registered_by: str | None

    @classmethod
    def of(cls, asset: Asset, *, today: date) -> AssetRead:
        """The asset, valued on `today`."""
        return cls(
            asset_id=asset.id,
            tag=asset.tag,
            name=asset.name,
            category_code=asset.category_code,
            category_gate=asset.category_gate,
            category_name=category_of(asset.category_code).name,
            building_id=asset.building_id,
            room_id=asset.room_id,
            department_id=asset.department_id,
            purchase_value=to_yuan(asset.purchase_value_fen),
            purchase_date=asset.purchase_date.isoformat(),
            useful_life_years=asset.useful_life_years,
            low_value=asset.low_value,
            book_value_today=to_yuan(asset.valuation(today).book_value_fen),
            status=asset.status.value,
            custody=CustodyRead.of(asset.custody) if asset.custody else None,
            custody_history=[PastCustodyRead.of(c) for c in asset.custody_history],
            disposal=DisposalRead.of(asset.disposal) if asset.disposal else None,
            import_id=asset.import_id,
            registered_at=iso(asset.registered_at),
            registered_by=asset.registered_by,
        )

    @classmethod
    def all(cls, assets: list[Asset], *, today: date) -> list[AssetRead]:
        """Several assets, valued on `today`."""
        return [cls.of(a, today=today) for a in assets]


class AssetSummaryRead(BaseModel):
    """An asset as a list shows it (`GET /assets/{id}` has everything, history apart)."""

    asset_id: str
    tag: str
    name: str
    category_code: str
    building_id: str
    room_id: str | None
    department_id: str | None
    status: str
    low_value: bool
    custodian_id: str | None
    custody_acknowledged: bool
    book_value_today: str

    @classmethod
    def of(cls, asset: Asset, *, today: date) -> AssetSummaryRead:
        """The asset's list line, valued on `today`."""
        custody = asset.custody
        return cls(
            asset_id=asset.id,
            tag=asset.tag,
            name=asset.name,
            category_code=asset.category_code,
            building_id=asset.building_id,
            room_id=asset.room_id,
            department_id=asset.department_id,
            status=asset.status.value,
            low_value=asset.low_value,
            custodian_id=custody.custodian_id if custody else None,
            custody_acknowledged=bool(custody and custody.acknowledged_at),
            book_value_today=to_yuan(asset.valuation(today).book_value_fen),
        )


class AssetsPage(BaseModel):
    """A page of the register: by tag, or by name then tag."""

    items: list[AssetSummaryRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: AssetPage, *, today: date) -> AssetsPage:
        """A page of the register, valued on `today`."""
        items = [AssetSummaryRead.of(a, today=today) for a in page.items]
        return cls(items=items, next_cursor=page.next_cursor)
