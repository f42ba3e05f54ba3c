"""Stock-take over HTTP: the acceptance scenario (2 missing, 1 misplaced, 1 unregistered),
the approval that applies the agreed move, and who may do what."""

from __future__ import annotations

from tests.unit.assets.support import (
    ADMIN,
    ADMIN_2,
    AUDITOR,
    B01_MANAGER,
    MANAGER,
    ok,
    outbox,
    register,
)

ROOMS = {"B01-101": 4, "B01-102": 3}


async def _building(client) -> dict[str, dict]:
    """Seven assets in B01 (four in 101, three in 102) and one in B02."""
    made = {}
    for room, count in ROOMS.items():
        for n in range(count):
            tag = f"ZC-{room}-{n}"
            made[tag] = await register(client, tag=tag, room_id=room)
    made["ZC-B02-9"] = await register(client, tag="ZC-B02-9", building_id="B02", room_id="B02-1")
    return made


async def test_the_reconciliation_reports_exactly_what_was_found(client):
    made = await _building(client)
    st = ok(
        await client.post(
            "/stocktakes",
            json={"scope": "building", "scope_id": "B01", "name": "2025春季盘点"},
            headers=MANAGER,
        ),
        201,
    )
    assert st["expected_at_start"] == 7
    path = f"/stocktakes/{st['stocktake_id']}"
    # Room 101: three of its four (ZC-B01-101-3 is missing) and an unregistered tag.
    room_101 = ["ZC-B01-101-0", "ZC-B01-101-1", "ZC-B01-101-2", "ZC-NEW-0001"]
    ok(
        await client.post(
            f"{path}/scans", json={"room_id": "B01-101", "tags": room_101}, headers=MANAGER
        )
    )
    # Room 102: one of its three is missing (one is read twice, by its QR code and typed),
    # and ZC-B01-102-2 is found in room 103 instead.
    qr = made["ZC-B01-102-0"]["asset_id"]
    body = {"room_id": "B01-102", "tags": ["ZC-B01-102-0"], "asset_ids": [qr]}
    ok(await client.post(f"{path}/scans", json=body, headers=MANAGER))
    unknown = {"room_id": "B01-102", "asset_ids": ["ast-nope"]}
    refused = await client.post(f"{path}/scans", json=unknown, headers=MANAGER)
    assert refused.status_code == 422 and refused.json()["field"] == "asset_ids"
    ok(
        await client.post(
            f"{path}/scans", json={"room_id": "B01-103", "tags": ["ZC-B01-102-2"]}, headers=MANAGER
        )
    )
    report = ok(await client.get(f"{path}/report", headers=AUDITOR))
    assert report["final"] is False and report["expected"] == 7
    assert report["counts"] == {
        "in_place": 4,
        "misplaced": 1,
        "missing": 2,
        "unregistered": 1,
        "on_loan": 0,
    }
    by_kind = {}
    for f in report["findings"]:
        by_kind.setdefault(f["kind"], []).append(f)
    assert [f["tag"] for f in by_kind["missing"]] == ["ZC-B01-101-3", "ZC-B01-102-1"]
    [misplaced] = by_kind["misplaced"]
    assert (misplaced["tag"], misplaced["booked_room_id"], misplaced["found_room_id"]) == (
        "ZC-B01-102-2",
        "B01-102",
        "B01-103",
    )
    [unknown] = by_kind["unregistered"]
    assert (unknown["tag"], unknown["asset_id"], unknown["found_room_id"]) == (
        "ZC-NEW-0001",
        None,
        "B01-101",
    )

    bad = await client.post(
        f"{path}/submit", json={"agreed_moves": ["ZC-B01-101-0"]}, headers=MANAGER
    )
    assert bad.status_code == 422 and "ZC-B01-101-0" in bad.json()["detail"]
    ok(
        await client.post(
            f"{path}/submit", json={"agreed_moves": ["ZC-B01-102-2"]}, headers=MANAGER
        )
    )
    late = await client.post(
        f"{path}/scans", json={"room_id": "B01-101", "tags": ["X-1"]}, headers=MANAGER
    )
    assert late.status_code == 409
    assert (
        await client.post(f"{path}/decision", json={"approve": True}, headers=MANAGER)
    ).status_code == 403
    closed = ok(await client.post(f"{path}/decision", json={"approve": True}, headers=ADMIN))
    assert closed["status"] == "closed" and closed["decided_by"] == "u-admin-1"

    moved = ok(await client.get(f"/assets/{made['ZC-B01-102-2']['asset_id']}", headers=MANAGER))
    assert moved["room_id"] == "B01-103"
    events = await outbox(client)
    found = [e["data"] for e in events if e["type"] == "assets.stocktake.discrepancy_found.v1"]
    assert sorted((f["kind"], f["tag"], f["moved"]) for f in found) == [
        ("misplaced", "ZC-B01-102-2", True),
        ("missing", "ZC-B01-101-3", False),
        ("missing", "ZC-B01-102-1", False),
        ("unregistered", "ZC-NEW-0001", False),
    ]
    [closing] = [e["data"] for e in events if e["type"] == "assets.stocktake.closed.v1"]
    assert (closing["missing"], closing["misplaced"], closing["unregistered"]) == (2, 1, 1)
    assert closing["moves_applied"] == 1 and closing["in_place"] == 4
    [move] = [e["data"] for e in events if e["type"] == "assets.asset.moved.v1"]
    assert move["stocktake_id"] == st["stocktake_id"] and move["room_id"] == "B01-103"
    final = ok(await client.get(f"{path}/report", headers=AUDITOR))
    assert final["final"] is True and final["counts"]["misplaced"] == 1


async def test_an_asset_from_another_building_and_one_on_loan(client):
    made = await _building(client)
    loan = {
        "asset_id": made["ZC-B01-101-0"]["asset_id"],
        "borrower_id": "u-teacher-1",
        "due_on": "2025-03-20",
    }
    offered = ok(await client.post("/loans", json=loan, headers=MANAGER), 201)
    from tests.unit.assets.support import TEACHER

    ok(await client.post(f"/loans/{offered['loan_id']}/acknowledge", headers=TEACHER))
    st = ok(
        await client.post(
            "/stocktakes",
            json={"scope": "building", "scope_id": "B01", "name": "抽查"},
            headers=MANAGER,
        ),
        201,
    )
    path = f"/stocktakes/{st['stocktake_id']}"
    ok(
        await client.post(
            f"{path}/scans", json={"room_id": "B01-101", "tags": ["ZC-B02-9"]}, headers=MANAGER
        )
    )
    report = ok(await client.get(f"{path}/report", headers=MANAGER))
    assert report["counts"]["on_loan"] == 1 and report["counts"]["missing"] == 6
    [misplaced] = [f for f in report["findings"] if f["kind"] == "misplaced"]
    assert (misplaced["booked_building_id"], misplaced["found_building_id"]) == ("B02", "B01")
    ok(await client.post(f"{path}/submit", json={"agreed_moves": ["ZC-B02-9"]}, headers=MANAGER))
    sent_back = ok(
        await client.post(
            f"{path}/decision", json={"approve": False, "note": "再数 count again"}, headers=ADMIN_2
        )
    )
    assert sent_back["status"] == "open"
    wrong_building = await client.post(
        f"{path}/scans",
        json={"room_id": "B02-1", "building_id": "B02", "tags": ["ZC-B02-9"]},
        headers=MANAGER,
    )
    assert wrong_building.status_code == 422
    outsider = await client.post(
        "/stocktakes",
        json={"scope": "building", "scope_id": "B02", "name": "x"},
        headers=B01_MANAGER,
    )
    assert outsider.status_code == 403
    department = await client.post(
        "/stocktakes",
        json={"scope": "department", "scope_id": "D-PHYS", "name": "x"},
        headers=MANAGER,
    )
    assert department.status_code == 403
