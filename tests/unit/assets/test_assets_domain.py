"""The register's rules (pure domain): codes, book value, compensation, custody, damage."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.assets.domain import access, categories, valuation
from services.assets.domain.assets import Asset, Status
from shared.auth import Principal, Role
from shared.errors import Conflict, Forbidden, Invalid

TODAY = date(2025, 3, 3)
T1, T2, T3, T4 = (datetime(2025, 3, 3, h, tzinfo=UTC) for h in (1, 2, 3, 4))
FACTS = {
    "id": "a1",
    "tag": "ZC-B02-0102",
    "name": "学生椅",
    "category_code": "6010000",
    "building_id": "B02",
    "room_id": "B02-312",
    "purchase_value_fen": 18000,
    "purchase_date": date(2020, 8, 20),
    "useful_life_years": 15,
}


def chair() -> Asset:
    """A registered chair whose registration event has been collected."""
    asset = Asset.register(**FACTS, today=TODAY, at=T1, by="u-am")
    asset.pull_events()
    return asset


def principal(user_id: str, role: Role, **scopes: set[str]) -> Principal:
    return Principal(
        user_id=user_id,
        name=None,
        roles=frozenset({role}),
        scopes={k: frozenset(v) for k, v in scopes.items()},
    )


def person(user_id: str) -> Principal:
    return principal(user_id, Role.REQUESTER)


def damage(asset: Asset, damage_id: str = "d1", *, deliberate: bool = False, **overrides):
    fields = {
        "damage_id": damage_id,
        "description": "x",
        "deliberate": deliberate,
        "responsible_person_id": None,
        "occurred_on": TODAY,
        "today": TODAY,
        "at": T2,
        "by": "u-am",
        **overrides,
    }
    return asset.report_damage(**fields)


def test_category_codes_follow_gb_t_14885():
    assert categories.category_gate("2010000").startswith("通用设备")
    assert categories.category_gate("6010000").startswith("家具")
    for bad in ("201000", "20100000", "7010000", "20a0000", "２０１００００"):
        with pytest.raises(Invalid):
            categories.category_gate(bad)


def test_money_in_whole_fen():
    assert valuation.to_fen(Decimal("5200.5")) == 520050
    assert valuation.to_yuan(520050) == "5200.50"
    with pytest.raises(Invalid):
        valuation.to_fen(Decimal("0.001"))


def test_depreciation_months_start_in_the_acquisition_month():
    assert valuation.months_depreciated(date(2025, 1, 31), date(2025, 1, 31)) == 0
    assert valuation.months_depreciated(date(2025, 1, 31), date(2025, 2, 1)) == 1
    assert valuation.months_depreciated(date(2020, 8, 20), TODAY) == 55


def test_book_value_straight_line_without_residual():
    v = valuation.book_value(18000, date(2020, 8, 20), 15, TODAY)
    assert (v.life_months, v.months, v.book_value_fen, v.accumulated_fen) == (180, 55, 12500, 5500)
    # 5200 yuan over 72 months, 30 months booked: 5200 * 42/72 = 3033.333… -> 3033.33.
    assert valuation.book_value(520000, date(2022, 9, 1), 6, TODAY).book_value_fen == 303333
    # Half a fen rounds up: 100 fen * 11/12 = 91.67 fen.
    assert valuation.book_value(100, date(2025, 1, 1), 1, date(2025, 2, 1)).book_value_fen == 92
    fully = valuation.book_value(300000, date(2010, 1, 1), 6, TODAY)
    assert fully.book_value_fen == 0 and fully.months == 72
    with pytest.raises(Invalid):
        valuation.book_value(100, TODAY, 1, date(2025, 3, 2))
    assert chair().valuation(TODAY) == valuation.book_value(18000, date(2020, 8, 20), 15, TODAY)


def test_deliberate_damage_is_paid_double():
    asset = chair()
    owed = damage(asset, deliberate=True, responsible_person_id="u-student-1").owed
    [event] = asset.pull_events()
    assert (owed.multiplier, owed.amount_fen) == (2, 25000)
    assert event.compensation == "250.00" and event.deliberate and event.room_id == "B02-312"
    accidental = damage(chair(), "d2").owed
    assert accidental.amount_fen == 12500


def test_damage_transitions():
    damaged = chair()
    damage(damaged)
    assert damaged.status == Status.DAMAGED
    with pytest.raises(Conflict):
        damage(damaged, "d2")
    damaged.pull_events()
    damaged.repair()
    [event] = damaged.pull_events()
    assert damaged.status == Status.IN_USE and event.event_type == "assets.asset.repaired.v1"
    with pytest.raises(Conflict):
        chair().repair()
    with pytest.raises(Invalid):
        damage(chair(), "d3", occurred_on=date(2025, 3, 4))


def test_custody_to_a_person_with_acknowledgement():
    held = chair()
    held.assign("u-student-1", at=T1, by="u-am")
    [event] = held.pull_events()
    assert event.custodian_id == "u-student-1" and event.previous_custodian_id is None
    assert held.custody is not None and held.custody.acknowledged_at is None
    with pytest.raises(Conflict):
        held.assign("u-student-1", at=T2, by="u-am")
    with pytest.raises(Forbidden):
        access.require_custodian(person("u-someone-else"), held)
    access.require_custodian(person("u-student-1"), held)
    held.acknowledge(at=T2)
    [event] = held.pull_events()
    assert held.custody is not None and held.custody.acknowledged_at == T2
    assert event.custodian_id == "u-student-1"
    held.acknowledge(at=T3)
    assert held.custody.acknowledged_at == T2 and held.recorded == ()
    held.assign("u-student-2", at=T4, by="u-am")
    [event] = held.pull_events()
    assert event.previous_custodian_id == "u-student-1"
    assert held.custody is not None and held.custody.acknowledged_at is None
    assert [(c.custodian_id, c.released_at) for c in held.custody_history] == [("u-student-1", T4)]


def test_registration_checks_its_facts():
    asset = Asset.register(**FACTS, today=TODAY, at=T1, by="u-am")
    [event] = asset.pull_events()
    assert event.purchase_value == "180.00" and event.category_code == "6010000"
    with pytest.raises(Invalid):
        Asset.register(
            **{**FACTS, "purchase_date": date(2025, 3, 4)}, today=TODAY, at=T1, by="u-am"
        )


def test_managers_in_scope_manage_auditors_read():
    manager = principal("u-am", Role.ASSET_MANAGER, building={"B01"})
    auditor = principal("u-au", Role.AUDITOR)
    access.require_manager(manager, "B01")
    access.require_reader(auditor, "B02")
    for who, building in ((manager, "B02"), (auditor, "B02"), (person("u-s"), "B01")):
        with pytest.raises(Forbidden):
            access.require_manager(who, building)
    assert access.register_filter(manager, None) == {"building_id": "B01"}
    assert access.register_filter(auditor, None) == {}
    with pytest.raises(Forbidden):
        access.register_filter(person("u-s"), None)
