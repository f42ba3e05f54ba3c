"""What the books say about one asset: damage reports, book value, history, categories (the
register's own inputs and outputs are in `schemas.py`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from services.assets.api.schemas import Description, Id
from services.assets.domain.categories import Category
from services.assets.domain.damages import Damage
from services.assets.domain.valuation import Valuation, to_yuan
from shared.api import Input
from shared.clock import iso
from shared.types import Day


class DamageCreate(Input):
    """A damage report."""

    description: Description
    deliberate: bool = Field(description="deliberate damage is paid double (损坏公物加倍赔偿)")
    responsible_person_id: Id | None = Field(default=None, description="who pays, when known")
    occurred_on: Day | None = Field(default=None, description="defaults to today")


class ValuationRead(BaseModel):
    """Book value on a day: straight line, no residual value."""

    on: str
    purchase_value: str
    life_months: int
    months_depreciated: int
    accumulated_depreciation: str
    book_value: str

    @classmethod
    def of(cls, v: Valuation) -> ValuationRead:
        """A valuation in yuan."""
        return cls(
            on=v.on.isoformat(),
            purchase_value=to_yuan(v.purchase_value_fen),
            life_months=v.life_months,
            months_depreciated=v.months,
            accumulated_depreciation=to_yuan(v.accumulated_fen),
            book_value=to_yuan(v.book_value_fen),
        )


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

    @classmethod
    def of(cls, damage: Damage) -> DamageRead:
        """A damage report in yuan."""
        owed = damage.owed
        return cls(
            damage_id=damage.id,
            asset_id=damage.asset_id,
            tag=damage.tag,
            building_id=damage.building_id,
            room_id=damage.room_id,
            description=damage.description,
            deliberate=damage.deliberate,
            responsible_person_id=damage.responsible_person_id,
            occurred_on=damage.occurred_on.isoformat(),
            book_value=to_yuan(owed.valuation.book_value_fen),
            multiplier=owed.multiplier,
            compensation=to_yuan(owed.amount_fen),
            months_depreciated=owed.valuation.months,
            reported_by=damage.reported_by,
            reported_at=iso(damage.reported_at),
        )


class HistoryLineRead(BaseModel):
    """One thing that happened to an asset: the event's type, when, who, and its data."""

    event_id: str
    at: str
    type: str
    actor: str | None
    data: dict[str, Any]

    @classmethod
    def of(cls, doc: dict[str, Any]) -> HistoryLineRead:
        """A stored history line."""
        return cls(
            event_id=doc["_id"],
            at=doc["at"],
            type=doc["type"],
            actor=doc.get("actor"),
            data=doc["data"],
        )


class HistoryPage(BaseModel):
    """An asset's history, oldest first."""

    items: list[HistoryLineRead]
    next_cursor: str | None


class CategoryRead(BaseModel):
    """A GB/T 14885 gate or 大类 with its default useful life."""

    code: str
    name: str
    default_life_years: int | None
    depreciated: bool
    specialised: bool

    @classmethod
    def of(cls, c: Category) -> CategoryRead:
        """A category as the API shows it."""
        return cls(
            code=c.code,
            name=c.name,
            default_life_years=c.default_life_years,
            depreciated=c.depreciated,
            specialised=c.specialised,
        )
