"""The assets dashboard's gauges move with the register: statuses, loans, stock-take progress."""

from __future__ import annotations

import re

import pytest

from services.assets.handlers.context import SYSTEM
from services.assets.handlers.figures import refresh_figures
from services.assets.main import count_figures
from shared.auth import Principal, Role, system_principal
from shared.errors import Forbidden
from tests.unit.assets.support import ADMIN, MANAGER, ok, register
from tests.unit.assets.test_assets_loans import lend


async def gauges(client) -> dict[str, float]:
    """The assets gauges after one count, by `name{labels}`."""
    await count_figures(client.runtime)
    text = (await client.get("/metrics")).text
    found = re.findall(r"^(campus_assets_\w+\{[^}]*\}) (\S+)$", text, re.M)
    return {name: float(value) for name, value in found}


async def test_no_figures_are_exported_before_the_first_count(client):
    await register(client)
    assert "campus_assets_" not in (await client.get("/metrics")).text


@pytest.mark.parametrize(
    "who",
    [
        Principal("u-admin-1", None, frozenset({Role.LOGISTICS_ADMIN}), {}),
        system_principal("canteen"),
    ],
)
async def test_only_the_service_itself_counts(client, who):
    with pytest.raises(Forbidden):
        await refresh_figures(client.runtime.uow(SYSTEM), client.runtime.context, who)
    assert client.runtime.context.figures.figures is None


async def test_statuses_loans_and_a_campaign_s_progress(client, clock):
    made = [await register(client, tag=f"ZC-B01-{n}", room_id=f"B01-10{n % 2}") for n in range(4)]
    first = await gauges(client)
    assert first['campus_assets_by_status{status="in_use"}'] == 4
    assert first['campus_assets_by_status{status="on_loan"}'] == 0
    assert first['campus_assets_loans{state="open"}'] == 0

    await lend(client, made[0]["asset_id"], due_on="2025-03-05")
    offered = {
        "asset_id": made[1]["asset_id"],
        "borrower_id": "u-teacher-1",
        "due_on": "2025-03-20",
    }
    ok(await client.post("/loans", json=offered, headers=MANAGER), 201)
    lent = await gauges(client)
    assert lent['campus_assets_by_status{status="on_loan"}'] == 1
    assert lent['campus_assets_by_status{status="in_use"}'] == 3
    assert lent['campus_assets_loans{state="open"}'] == 1
    assert lent['campus_assets_loans{state="offered"}'] == 1
    assert lent['campus_assets_loans{state="overdue"}'] == 0
    clock.advance(days=3)  # 6 March: the first loan is a day past its due day
    assert (await gauges(client))['campus_assets_loans{state="overdue"}'] == 1

    body = {"scope": "building", "scope_id": "B01", "name": "2025春季盘点"}
    st = ok(await client.post("/stocktakes", json=body, headers=MANAGER), 201)
    key = f'{{scope_id="B01",status="open",stocktake="{st["stocktake_id"]}"}}'
    started = await gauges(client)
    assert started[f"campus_assets_stocktake_expected{key}"] == 4
    assert started[f"campus_assets_stocktake_scanned{key}"] == 0
    assert started[f"campus_assets_stocktake_rooms{key}"] == 0
    path = f"/stocktakes/{st['stocktake_id']}"
    scan = {"room_id": "B01-100", "tags": ["ZC-B01-0", "ZC-B01-2"]}
    ok(await client.post(f"{path}/scans", json=scan, headers=MANAGER))
    ok(await client.post(f"{path}/scans", json=scan, headers=MANAGER))  # read again: once
    counting = await gauges(client)
    assert counting[f"campus_assets_stocktake_scanned{key}"] == 2
    assert counting[f"campus_assets_stocktake_rooms{key}"] == 1

    ok(await client.post(f"{path}/submit", json={"agreed_moves": []}, headers=MANAGER))
    ok(await client.post(f"{path}/decision", json={"approve": True}, headers=ADMIN))
    closed = await gauges(client)
    assert not any(name.startswith("campus_assets_stocktake_") for name in closed)
    assert closed['campus_assets_loans{state="overdue"}'] == 1
