"""The asset register's rules: category codes, book value, compensation, custody. Pure, no I/O.

Book value follows China's government accounting standard for fixed assets (政府会计准则第3号):
straight-line depreciation by month with no residual value, starting in the month the asset
is acquired. Damage is paid at book value and deliberate damage at double (损坏公物加倍赔偿).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from services.assets.events import (
    AssetAssigned,
    AssetDamaged,
    AssetRegistered,
    AssetRepaired,
    CustodyAcknowledged,
)
from shared.errors import Conflict, Forbidden, Invalid

#: First digit of a GB/T 14885-2010 code: the 门类 (gate category).
GATES = {
    "1": "土地、房屋及构筑物 land, buildings and structures",
    "2": "通用设备 general equipment",
    "3": "专用设备 special equipment",
    "4": "文物和陈列品 cultural relics and exhibits",
    "5": "图书、档案 books and archives",
    "6": "家具、用具、装具及动植物 furniture, utensils, fittings, animals and plants",
}
DELIBERATE_MULTIPLIER = 2


def category_gate(code: str) -> str:
    """The gate (门类) of a 7-digit GB/T 14885 code (门类 大类 中类 小类); Invalid if malformed."""
    if len(code) != 7 or not code.isascii() or not code.isdigit():
        raise Invalid("category_code must be 7 digits (GB/T 14885-2010)", field="category_code")
    if code[0] not in GATES:
        raise Invalid(f"category_code gate {code[0]} is not one of 1-6", field="category_code")
    return GATES[code[0]]


def to_fen(yuan: Decimal) -> int:
    """Yuan to whole fen (分), refusing fractions of a fen."""
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise Invalid("amounts are in yuan with at most two decimals")
    return int(fen)


def to_yuan(fen: int) -> str:
    """Whole fen as a yuan string with two decimals."""
    return f"{Decimal(fen) / 100:.2f}"


def months_depreciated(purchase_date: date, on: date) -> int:
    """Months booked by `on`: from the acquisition month up to, not including, the current one."""
    return max(0, (on.year - purchase_date.year) * 12 + on.month - purchase_date.month)


@dataclass(frozen=True)
class Valuation:
    """An asset's book value on a day, and how it was reached."""

    on: date
    purchase_value_fen: int
    life_months: int
    months: int
    accumulated_fen: int
    book_value_fen: int


def book_value(
    purchase_value_fen: int, purchase_date: date, life_years: int, on: date
) -> Valuation:
    """Straight-line, no residual value, rounded half up to the fen; zero once fully depreciated."""
    if on < purchase_date:
        raise Invalid(f"{on.isoformat()} is before the purchase date {purchase_date.isoformat()}")
    life = life_years * 12
    months = min(months_depreciated(purchase_date, on), life)
    remaining = (Decimal(purchase_value_fen) * (life - months) / life).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    value = int(remaining)
    return Valuation(on, purchase_value_fen, life, months, purchase_value_fen - value, value)


@dataclass(frozen=True)
class Compensation:
    """What the responsible person pays for a damage."""

    valuation: Valuation
    multiplier: int
    amount_fen: int


def compensation(valuation: Valuation, *, deliberate: bool) -> Compensation:
    """Book value, doubled for deliberate damage."""
    multiplier = DELIBERATE_MULTIPLIER if deliberate else 1
    return Compensation(valuation, multiplier, valuation.book_value_fen * multiplier)


@dataclass(frozen=True)
class Custody:
    """Who answers for an asset, and whether they have signed for it."""

    custodian_id: str
    assigned_on: str
    assigned_by: str | None
    acknowledged_at: str | None = None


@dataclass(frozen=True)
class Asset:
    """One item of the register."""

    asset_id: str
    tag: str
    name: str
    category_code: str
    building_id: str
    room_id: str | None
    purchase_value_fen: int
    purchase_date: date
    useful_life_years: int
    status: str = "in_use"
    custody: Custody | None = None


def register(asset: Asset, *, today: date) -> tuple[Asset, AssetRegistered]:
    """Check a new asset's facts and record its registration."""
    category_gate(asset.category_code)
    if asset.purchase_date > today:
        raise Invalid("purchase_date is in the future", field="purchase_date")
    if asset.purchase_value_fen <= 0:
        raise Invalid("purchase_value must be positive", field="purchase_value")
    event = AssetRegistered(
        asset_id=asset.asset_id,
        tag=asset.tag,
        building_id=asset.building_id,
        room_id=asset.room_id,
        name=asset.name,
        category_code=asset.category_code,
        purchase_value=to_yuan(asset.purchase_value_fen),
        purchase_date=asset.purchase_date.isoformat(),
    )
    return asset, event


def assign(
    asset: Asset, *, custodian_id: str, by: str | None, at: str
) -> tuple[Asset, AssetAssigned]:
    """Put the asset in a person's custody; they must acknowledge it."""
    if asset.status == "disposed":
        raise Conflict(f"asset {asset.tag} is disposed")
    previous = asset.custody.custodian_id if asset.custody else None
    if previous == custodian_id:
        raise Conflict(f"asset {asset.tag} is already in the custody of {custodian_id}")
    custody = Custody(custodian_id=custodian_id, assigned_on=at, assigned_by=by)
    event = AssetAssigned(
        asset_id=asset.asset_id,
        tag=asset.tag,
        building_id=asset.building_id,
        room_id=asset.room_id,
        custodian_id=custodian_id,
        previous_custodian_id=previous,
    )
    return replace(asset, custody=custody), event


def acknowledge(asset: Asset, *, user_id: str, at: str) -> tuple[Asset, CustodyAcknowledged | None]:
    """The custodian signs for the asset; signing twice changes nothing (and records nothing)."""
    if asset.custody is None or asset.custody.custodian_id != user_id:
        raise Forbidden(f"asset {asset.tag} is not in your custody")
    if asset.custody.acknowledged_at is not None:
        return asset, None
    event = CustodyAcknowledged(
        asset_id=asset.asset_id, tag=asset.tag, building_id=asset.building_id, custodian_id=user_id
    )
    return replace(asset, custody=replace(asset.custody, acknowledged_at=at)), event


def damage(
    asset: Asset,
    *,
    damage_id: str,
    description: str,
    deliberate: bool,
    responsible_person_id: str | None,
    occurred_on: date,
    today: date,
) -> tuple[Asset, Compensation, AssetDamaged]:
    """Record a damage: the asset is damaged until repaired, the compensation is fixed now."""
    if asset.status == "damaged":
        raise Conflict(f"asset {asset.tag} is already reported damaged and not yet repaired")
    if asset.status == "disposed":
        raise Conflict(f"asset {asset.tag} is disposed")
    if occurred_on > today:
        raise Invalid("occurred_on is in the future", field="occurred_on")
    valuation = book_value(
        asset.purchase_value_fen, asset.purchase_date, asset.useful_life_years, occurred_on
    )
    owed = compensation(valuation, deliberate=deliberate)
    event = AssetDamaged(
        damage_id=damage_id,
        asset_id=asset.asset_id,
        tag=asset.tag,
        building_id=asset.building_id,
        room_id=asset.room_id,
        description=description,
        deliberate=deliberate,
        responsible_person_id=responsible_person_id,
        compensation=to_yuan(owed.amount_fen),
    )
    return replace(asset, status="damaged"), owed, event


def repaired(asset: Asset) -> tuple[Asset, AssetRepaired]:
    """A damaged asset is back in use."""
    if asset.status != "damaged":
        raise Conflict(f"asset {asset.tag} is not damaged (status {asset.status})")
    event = AssetRepaired(asset_id=asset.asset_id, tag=asset.tag, building_id=asset.building_id)
    return replace(asset, status="in_use"), event
