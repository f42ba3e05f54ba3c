"""The register's rules (pure domain): codes, book value, compensation, custody, damage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.assets import domain
from shared.errors import Conflict, Forbidden, Invalid

TODAY = date(2025, 3, 3)
CHAIR = domain.Asset(
    asset_id="a1",
    tag="ZC-B02-0102",
    name="学生椅",
    category_code="6010000",
    building_id="B02",
    room_id="B02-312",
    purchase_value_fen=18000,
    purchase_date=date(2020, 8, 20),
    useful_life_years=15,
)


def test_category_codes_follow_gb_t_14885():
    assert domain.category_gate("2010000").startswith("通用设备")
    assert domain.category_gate("6010000").startswith("家具")
    for bad in ("201000", "20100000", "7010000", "20a0000", "２０１００００"):
        with pytest.raises(Invalid):
            domain.category_gate(bad)


def test_money_in_whole_fen():
    assert domain.to_fen(Decimal("5200.5")) == 520050
    assert domain.to_yuan(520050) == "5200.50"
    with pytest.raises(Invalid):
        domain.to_fen(Decimal("0.001"))


def test_depreciation_months_start_in_the_acquisition_month():
    assert domain.months_depreciated(date(2025, 1, 31), date(2025, 1, 31)) == 0
    assert domain.months_depreciated(date(2025, 1, 31), date(2025, 2, 1)) == 1
    assert domain.months_depreciated(date(2020, 8, 20), TODAY) == 55


def test_book_value_straight_line_without_residual():
    v = domain.book_value(18000, date(2020, 8, 20), 15, TODAY)
    assert (v.life_months, v.months, v.book_value_fen, v.accumulated_fen) == (180, 55, 12500, 5500)
    # 5200 yuan over 72 months, 30 months booked: 5200 * 42/72 = 3033.333… -> 3033.33.
    assert domain.book_value(520000, date(2022, 9, 1), 6, TODAY).book_value_fen == 303333
    # Half a fen rounds up: 100 fen * 11/12 = 91.67 fen.
    assert domain.book_value(100, date(2025, 1, 1), 1, date(2025, 2, 1)).book_value_fen == 92
    fully = domain.book_value(300000, date(2010, 1, 1), 6, TODAY)
    assert fully.book_value_fen == 0 and fully.months == 72
    with pytest.raises(Invalid):
        domain.book_value(100, TODAY, 1, date(2025, 3, 2))


def test_deliberate_damage_is_paid_double():
    _, owed, event = domain.damage(
        CHAIR,
        damage_id="d1",
        description="椅腿被踢断",
        deliberate=True,
        responsible_person_id="u-student-1",
        occurred_on=TODAY,
        today=TODAY,
    )
    assert (owed.multiplier, owed.amount_fen) == (2, 25000)
    assert event.compensation == "250.00" and event.deliberate and event.room_id == "B02-312"
    _, accidental, _ = domain.damage(
        CHAIR,
        damage_id="d2",
        description="x",
        deliberate=False,
        responsible_person_id=None,
        occurred_on=TODAY,
        today=TODAY,
    )
    assert accidental.amount_fen == 12500


def test_damage_transitions():
    damaged, _, _ = domain.damage(
        CHAIR,
        damage_id="d1",
        description="x",
        deliberate=False,
        responsible_person_id=None,
        occurred_on=TODAY,
        today=TODAY,
    )
    assert damaged.status == "damaged"
    with pytest.raises(Conflict):
        domain.damage(
            damaged,
            damage_id="d2",
            description="x",
            deliberate=False,
            responsible_person_id=None,
            occurred_on=TODAY,
            today=TODAY,
        )
    fixed, event = domain.repaired(damaged)
    assert fixed.status == "in_use" and event.event_type == "assets.asset.repaired.v1"
    with pytest.raises(Conflict):
        domain.repaired(CHAIR)
    with pytest.raises(Invalid):
        domain.damage(
            CHAIR,
            damage_id="d3",
            description="x",
            deliberate=False,
            responsible_person_id=None,
            occurred_on=date(2025, 3, 4),
            today=TODAY,
        )


def test_custody_to_a_person_with_acknowledgement():
    held, event = domain.assign(CHAIR, custodian_id="u-student-1", by="u-am", at="t1")
    assert event.custodian_id == "u-student-1" and event.previous_custodian_id is None
    assert held.custody is not None and held.custody.acknowledged_at is None
    with pytest.raises(Conflict):
        domain.assign(held, custodian_id="u-student-1", by="u-am", at="t2")
    with pytest.raises(Forbidden):
        domain.acknowledge(held, user_id="u-someone-else", at="t2")
    signed, event = domain.acknowledge(held, user_id="u-student-1", at="t2")
    assert signed.custody is not None and signed.custody.acknowledged_at == "t2"
    assert event is not None and event.custodian_id == "u-student-1"
    assert domain.acknowledge(signed, user_id="u-student-1", at="t3") == (signed, None)
    moved, event = domain.assign(signed, custodian_id="u-student-2", by="u-am", at="t4")
    assert event.previous_custodian_id == "u-student-1"
    assert moved.custody is not None and moved.custody.acknowledged_at is None


def test_registration_checks_its_facts():
    _, event = domain.register(CHAIR, today=TODAY)
    assert event.purchase_value == "180.00" and event.category_code == "6010000"
    with pytest.raises(Invalid):
        domain.register(
            domain.Asset(**{**CHAIR.__dict__, "purchase_date": date(2025, 3, 4)}), today=TODAY
        )
