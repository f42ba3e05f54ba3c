"""Create / Read schemas of the assets API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

_ID = r"^[A-Za-z0-9._:-]+$"
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=_ID)]
Tag = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]


class Strict(BaseModel):
    """Request bodies refuse unknown fields and trim text (" B02" is B02)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AssetCreate(Strict):
    """A new item of the register (校产登记)."""

    tag: Tag = Field(description="the label fixed on the item, unique")
    name: Annotated[str, Field(min_length=1, max_length=200)]
    category_code: Annotated[str, Field(pattern=r"^[1-6][0-9]{6}$")] = Field(
        description="GB/T 14885-2010 fixed-asset code, 7 digits (e.g. 2010000 computers)"
    )
    building_id: Id
    room_id: Id | None = None
    purchase_value: Decimal = Field(gt=0, max_digits=14, decimal_places=2, description="yuan")
    purchase_date: date
    useful_life_years: int = Field(ge=1, le=100)


class CustodyCreate(Strict):
    """Whom to hand the asset to."""

    custodian_id: Id


class DamageCreate(Strict):
    """A damage report."""

    description: Annotated[str, Field(min_length=1, max_length=2000)]
    deliberate: bool = Field(description="deliberate damage is paid double (损坏公物加倍赔偿)")
    responsible_person_id: Id | None = Field(default=None, description="who pays, when known")
    occurred_on: date | None = Field(default=None, description="defaults to today")


class CustodyRead(BaseModel):
    """The current custody."""

    custodian_id: str
    assigned_on: str
    assigned_by: str | None
    acknowledged_at: str | None


class AssetRead(BaseModel):
    """An item of the register with today's book value."""

    asset_id: str
    tag: str
    name: str
    category_code: str
    category_gate: str
    building_id: str
    room_id: str | None
    purchase_value: str
    purchase_date: str
    useful_life_years: int
    book_value_today: str
    status: str
    custody: CustodyRead | None
    custody_history: list[dict[str, Any]]
    registered_at: str
    registered_by: str | None


class AssetsPage(BaseModel):
    """Assets by tag."""

    items: list[AssetRead]
    next_cursor: str | None


class ValuationRead(BaseModel):
    """Book value on a day: straight line, no residual value."""

    on: str
    purchase_value: str
    life_months: int
    months_depreciated: int
    accumulated_depreciation: str
    book_value: str


class DamageRead(BaseModel):
    """A damage report and the compensation owed."""

    damage_id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    description: str
    deliberate: bool
    responsible_person_id: str | None
    occurred_on: str
    book_value: str
    multiplier: int
    compensation: str
    months_depreciated: int
    reported_by: str | None
    reported_at: str
