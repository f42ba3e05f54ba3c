"""Money, book value and compensation: pure arithmetic in whole fen.

Book value follows China's government accounting standard for fixed assets (政府会计准则第3号):
straight-line depreciation by month with no residual value, starting in the month the asset
is acquired. Damage is paid at book value and deliberate damage at double (损坏公物加倍赔偿).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared.errors import Invalid

DELIBERATE_MULTIPLIER = 2


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
    purchase_value_fen: int, purchase_date: date, life_years: int | None, on: date
) -> Valuation:
    """Straight-line, no residual value, rounded half up to the fen; zero once fully depreciated.

    `life_years` None: not depreciated (a low-value item, land, relics, books): kept at cost.
    """
    if on < purchase_date:
        raise Invalid(f"{on.isoformat()} is before the purchase date {purchase_date.isoformat()}")
    if life_years is None:
        return Valuation(on, purchase_value_fen, 0, 0, 0, purchase_value_fen)
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
