"""Demo data: classroom and dormitory assets in B01 and B02, their custodians, one damage,
a loan the student signed for and a reservation for the week after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx

ASSETS: list[dict[str, Any]] = [
    {
        "tag": "ZC-B01-0001",
        "name": "台式计算机 联想启天 desktop computer",
        "category_code": "2010000",
        "building_id": "B01",
        "room_id": "B01-101",
        "purchase_value": "5200.00",
        "purchase_date": "2022-09-01",
        "useful_life_years": 6,
        "custodian": "u-teacher-1",
    },
    {
        "tag": "ZC-B01-0002",
        "name": "投影仪 爱普生 projector",
        "category_code": "2020000",
        "building_id": "B01",
        "room_id": "B01-203",
        "purchase_value": "3980.00",
        "purchase_date": "2021-03-15",
        "useful_life_years": 6,
        "custodian": "u-teacher-1",
    },
    {
        "tag": "ZC-B02-0101",
        "name": "学生床 上床下桌 bunk bed with desk",
        "category_code": "6010000",
        "building_id": "B02",
        "room_id": "B02-312",
        "purchase_value": "1650.00",
        "purchase_date": "2019-08-20",
        "useful_life_years": 15,
        "custodian": "u-student-1",
    },
    {
        "tag": "ZC-B02-0102",
        "name": "学生椅 student chair",
        "category_code": "6010000",
        "building_id": "B02",
        "room_id": "B02-312",
        "purchase_value": "180.00",
        "purchase_date": "2020-08-20",
        "useful_life_years": 15,
        "custodian": "u-student-1",
    },
]

#: tag -> damage report: the chair's leg was kicked off, so it is paid double.
DAMAGES: dict[str, dict[str, Any]] = {
    "ZC-B02-0102": {
        "description": "椅腿被故意踢断 chair leg deliberately kicked off",
        "deliberate": True,
        "responsible_person_id": "u-student-1",
    }
}


def _ok(response: httpx.Response, *also: int) -> httpx.Response:
    if response.status_code not in (200, 201, *also):
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
    return response


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo: the register, then custody and the damage."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)


async def _asset(http: httpx.AsyncClient, manager: dict[str, str], entry: dict[str, Any]) -> dict:
    """The registered asset of a demo entry (registered now if it is not yet)."""
    found = _ok(await http.get(f"/assets/by-tag/{entry['tag']}", headers=manager), 404)
    if found.status_code == 404:
        body = {k: v for k, v in entry.items() if k != "custodian"}
        found = _ok(await http.post("/assets", json=body, headers=manager))
    return found.json()


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Register the assets (the register is reference data: no alert comes of it)."""
    manager = {"Authorization": f"Bearer {token_for('asset_manager')}"}
    for entry in ASSETS:
        await _asset(http, manager, entry)


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Hand out, sign for and damage; each step only if it has not happened yet."""
    manager = {"Authorization": f"Bearer {token_for('asset_manager')}"}
    student = {"Authorization": f"Bearer {token_for('requester')}"}
    for entry in ASSETS:
        asset = await _asset(http, manager, entry)
        if asset["custody"] is None:
            custody = {"custodian_id": entry["custodian"]}
            path = f"/assets/{asset['asset_id']}/custody"
            asset = _ok(await http.post(path, json=custody, headers=manager)).json()
        # The room head signs for the dormitory furniture; the teacher has not signed yet.
        if entry["custodian"] == "u-student-1" and asset["custody"]["acknowledged_at"] is None:
            path = f"/assets/{asset['asset_id']}/custody/acknowledge"
            _ok(await http.post(path, headers=student))
        damage = DAMAGES.get(entry["tag"])
        if damage is not None:
            path = f"/assets/{asset['asset_id']}/damages"
            if not _ok(await http.get(path, headers=manager)).json():
                _ok(await http.post(path, json=damage, headers=manager))
    await seed_loans(http, token_for)


async def seed_loans(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The club borrows the projector for a week (signed), and reserves the desktop for the
    week after; each only if it has not happened yet."""
    manager = {"Authorization": f"Bearer {token_for('asset_manager')}"}
    student = {"Authorization": f"Bearer {token_for('requester')}"}
    today = date.today()
    projector = _ok(await http.get("/assets/by-tag/ZC-B01-0002", headers=manager)).json()
    loans = _ok(
        await http.get("/loans", params={"asset_id": projector["asset_id"]}, headers=manager)
    )
    if not loans.json()["items"]:
        body = {
            "asset_id": projector["asset_id"],
            "borrower_id": "u-student-1",
            "due_on": (today + timedelta(days=7)).isoformat(),
            "purpose": "社团活动 club event",
        }
        loan = _ok(await http.post("/loans", json=body, headers=manager)).json()
        _ok(await http.post(f"/loans/{loan['loan_id']}/acknowledge", headers=student))
    desktop = _ok(await http.get("/assets/by-tag/ZC-B01-0001", headers=manager)).json()
    path = "/reservations"
    held = _ok(await http.get(path, params={"mine": "true"}, headers=student)).json()["items"]
    if not any(r["asset_id"] == desktop["asset_id"] for r in held):
        body = {
            "asset_id": desktop["asset_id"],
            "starts_on": (today + timedelta(days=8)).isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(),
            "purpose": "课程设计 course project",
        }
        _ok(await http.post(path, json=body, headers=student))
