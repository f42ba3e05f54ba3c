"""Categories, the capitalisation threshold and the acceptance figure for compensation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.assets.domain.categories import Thresholds, carrying, category_of
from services.assets.domain.valuation import book_value, compensation
from services.assets.main import build
from services.assets.settings import AssetsSettings
from shared.clock import FrozenClock
from shared.errors import Invalid
from tests.harness import routes_client
from tests.unit.assets.support import MANAGER, PC, ok, outbox, register


def test_default_lives_follow_the_depreciation_table():
    assert category_of("2010000").default_life_years == 6  # computers
    assert category_of("2020105").default_life_years == 6  # a deeper office-equipment code
    assert category_of("2030000").default_life_years == 8  # vehicles
    assert category_of("6010000").default_life_years == 15  # furniture
    assert category_of("1020000").default_life_years == 50  # steel-concrete buildings
    assert category_of("2050000").default_life_years == 10  # machinery
    assert category_of("5010000").depreciated is False  # books: carried at cost
    assert category_of("3200000").specialised is True
    with pytest.raises(Invalid):
        category_of("7010000")


def test_the_capitalisation_threshold_decides_low_value_items():
    t = Thresholds()
    assert carrying(category_of("2010000"), 99_999, None, t).low_value is True
    assert carrying(category_of("2010000"), 100_000, None, t).low_value is False
    # Specialised equipment: ¥1,500.
    assert carrying(category_of("3200000"), 149_999, None, t).low_value is True
    assert carrying(category_of("3200000"), 150_000, None, t).low_value is False
    # One year of life or less is never a fixed asset.
    assert carrying(category_of("2010000"), 500_000, 1, t).low_value is True
    assert carrying(category_of("2010000"), 500_000, 4, t).useful_life_years == 4
    books = carrying(category_of("5010000"), 500_000, None, t)
    assert (books.useful_life_years, books.low_value) == (None, False)
    animals = carrying(category_of("6030000"), 500_000, 10, t)
    assert animals.useful_life_years is None  # 动植物: not depreciated, whatever is asked


def test_six_thousand_over_five_years_two_years_in_deliberate_is_7200():
    value = book_value(600_000, date(2023, 3, 1), 5, date(2025, 3, 1))
    assert (value.months, value.book_value_fen) == (24, 360_000)
    owed = compensation(value, deliberate=True)
    assert owed.amount_fen == 720_000


async def test_compensation_over_http_and_a_configured_threshold(tmp_path):
    clock = FrozenClock(datetime(2025, 3, 3, 1, 0, tzinfo=UTC))
    settings = AssetsSettings(
        store_url=f"sqlite:///{tmp_path / 'a.db'}", capitalisation_threshold="6000.01"
    )
    async with routes_client(build(settings, clock=clock)) as client:
        # Under a raised threshold the same PC is a low-value item.
        cheap = await register(client, tag="ZC-LOW-1")
        assert cheap["low_value"] is True and cheap["book_value_today"] == "5200.00"
    settings = AssetsSettings(store_url=f"sqlite:///{tmp_path / 'b.db'}")
    async with routes_client(build(settings, clock=clock)) as client:
        projector = await register(
            client,
            {
                **PC,
                "tag": "ZC-B01-0777",
                "purchase_value": "6000.00",
                "purchase_date": "2023-03-01",
                "useful_life_years": 5,
            },
        )
        body = {
            "description": "镜头被砸 lens smashed",
            "deliberate": True,
            "responsible_person_id": "u-student-1",
            "occurred_on": "2025-03-01",
        }
        damage = ok(
            await client.post(
                f"/assets/{projector['asset_id']}/damages", json=body, headers=MANAGER
            ),
            201,
        )
        assert (damage["book_value"], damage["compensation"]) == ("3600.00", "7200.00")
        [event] = [e for e in await outbox(client) if e["type"] == "assets.asset.damaged.v1"]
        assert event["data"]["compensation"] == "7200.00"
        registered = [e for e in await outbox(client) if e["type"] == "assets.asset.registered.v1"]
        assert registered[0]["data"]["useful_life_years"] == 5
        assert registered[0]["data"]["low_value"] is False


async def test_registration_defaults_the_life_from_the_category(client):
    pc = await register(client)
    assert pc["useful_life_years"] == 6 and pc["low_value"] is False
    assert pc["category_name"].startswith("计算机")
    # 30 of 72 months booked by March 2025.
    assert pc["book_value_today"] == "3033.33"
    cats = ok(await client.get("/categories", headers=MANAGER))
    assert {"code": "6010000", "default_life_years": 15} in [
        {"code": c["code"], "default_life_years": c["default_life_years"]} for c in cats
    ]
    relic = await register(client, tag="ZC-RELIC-1", category_code="4010000")
    assert relic["useful_life_years"] is None and relic["book_value_today"] == "5200.00"
