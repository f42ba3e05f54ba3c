"""Loans and reservations over HTTP: acknowledgement, returns and damage, overdue once per
period across restarts and repeated scans, conflicts named, reservations collected as loans."""

from __future__ import annotations

from services.assets.main import announce_overdue_loans, build
from services.assets.settings import AssetsSettings
from tests.harness import routes_client
from tests.unit.assets.support import (
    ADMIN,
    MANAGER,
    STUDENT,
    TEACHER,
    ok,
    outbox,
    register,
    types_of,
)


async def lend(client, asset_id: str, due_on: str = "2025-03-10", who=TEACHER) -> dict:
    borrower = "u-teacher-1" if who is TEACHER else "u-student-1"
    body = {"asset_id": asset_id, "borrower_id": borrower, "due_on": due_on}
    loan = ok(await client.post("/loans", json=body, headers=MANAGER), 201)
    return ok(await client.post(f"/loans/{loan['loan_id']}/acknowledge", headers=who))


async def test_a_loan_starts_when_the_borrower_signs_and_returns_in_good_condition(client):
    pc = await register(client)
    body = {"asset_id": pc["asset_id"], "borrower_id": "u-teacher-1", "due_on": "2025-03-10"}
    offered = ok(await client.post("/loans", json=body, headers=MANAGER), 201)
    assert offered["status"] == "offered"
    path = f"/loans/{offered['loan_id']}"
    assert (await client.post(f"{path}/acknowledge", headers=STUDENT)).status_code == 403
    started = ok(await client.post(f"{path}/acknowledge", headers=TEACHER))
    assert started["status"] == "open" and started["started_at"]
    asset = ok(await client.get(f"/assets/{pc['asset_id']}", headers=MANAGER))
    assert asset["status"] == "on_loan"
    mine = ok(await client.get("/loans", params={"mine": "true"}, headers=TEACHER))
    assert [x["loan_id"] for x in mine["items"]] == [offered["loan_id"]]
    back = ok(await client.post(f"{path}/return", json={"condition": "good"}, headers=MANAGER))
    assert back["loan"]["status"] == "returned" and back["damage"] is None
    again = await client.post(f"{path}/return", json={"condition": "good"}, headers=MANAGER)
    assert again.status_code == 409
    assert ok(await client.get(f"/assets/{pc['asset_id']}", headers=MANAGER))["status"] == "in_use"
    types = await types_of(client)
    assert [t for t in types if t.startswith("assets.loan.")] == [
        "assets.loan.offered.v1",
        "assets.loan.started.v1",
        "assets.loan.returned.v1",
    ]
    history = ok(await client.get(f"/assets/{pc['asset_id']}/history", headers=MANAGER))
    assert [h["type"] for h in history["items"]][-3:] == [
        "assets.loan.offered.v1",
        "assets.loan.started.v1",
        "assets.loan.returned.v1",
    ]


async def test_a_damaged_return_starts_the_damage_flow_with_the_borrower_paying(client):
    pc = await register(client)
    loan = await lend(client, pc["asset_id"])
    path = f"/loans/{loan['loan_id']}/return"
    no_note = await client.post(path, json={"condition": "damaged"}, headers=MANAGER)
    assert no_note.status_code == 422 and no_note.json()["field"] == "note"
    body = {"condition": "damaged", "note": "屏幕碎裂 screen cracked", "deliberate": True}
    back = ok(await client.post(path, json=body, headers=MANAGER))
    damage = back["damage"]
    # ¥5,200 over 72 months from 2022-09; 30 months booked by 2025-03: 3,033.33, doubled.
    assert (damage["book_value"], damage["compensation"]) == ("3033.33", "6066.66")
    assert damage["responsible_person_id"] == "u-teacher-1"
    assert (
        back["loan"]["condition"] == "damaged" and back["loan"]["damage_id"] == damage["damage_id"]
    )
    asset = ok(await client.get(f"/assets/{pc['asset_id']}", headers=MANAGER))
    assert asset["status"] == "damaged"
    events = await outbox(client)
    [damaged] = [e for e in events if e["type"] == "assets.asset.damaged.v1"]
    [returned] = [e for e in events if e["type"] == "assets.loan.returned.v1"]
    assert damaged["data"]["responsible_person_id"] == "u-teacher-1"
    assert returned["data"]["damage_id"] == damage["damage_id"]


async def test_overdue_is_published_once_per_period_across_scans_and_restarts(clock, tmp_path):
    url = f"sqlite:///{tmp_path / 'assets.db'}"
    settings = AssetsSettings(store_url=url, overdue_period_days=7)
    async with routes_client(build(settings, clock=clock)) as client:
        pc = await register(client)
        loan = await lend(client, pc["asset_id"], due_on="2025-03-05")
        assert await announce_overdue_loans(client.runtime) == 0  # 3 March: not due yet
        clock.advance(days=3)  # 6 March: first day overdue, period 1
        assert await announce_overdue_loans(client.runtime) == 1
        assert await announce_overdue_loans(client.runtime) == 0
    clock.advance(days=6)  # 12 March, still period 1; a restarted service announces nothing
    async with routes_client(build(settings, clock=clock)) as client:
        assert await announce_overdue_loans(client.runtime) == 0
        clock.advance(days=1)  # 13 March: period 2
        assert await announce_overdue_loans(client.runtime) == 1
        assert await announce_overdue_loans(client.runtime) == 0
        overdue = [e for e in await outbox(client) if e["type"] == "assets.loan.overdue.v1"]
        assert [(e["data"]["period"], e["data"]["days_overdue"]) for e in overdue] == [
            (1, 1),
            (2, 8),
        ]
        assert {e["subject"] for e in overdue} == {loan["loan_id"]}
        shown = ok(await client.get(f"/loans/{loan['loan_id']}", headers=TEACHER))
        assert shown["overdue"] is True and shown["overdue_periods_announced"] == 2
        ok(
            await client.post(
                f"/loans/{loan['loan_id']}/return", json={"condition": "good"}, headers=MANAGER
            )
        )
        clock.advance(days=30)
        assert await announce_overdue_loans(client.runtime) == 0


async def test_an_overlapping_reservation_is_refused_naming_the_other(client):
    pc = await register(client)
    body = {"asset_id": pc["asset_id"], "starts_on": "2025-04-07", "ends_on": "2025-04-09"}
    first = ok(await client.post("/reservations", json=body, headers=TEACHER), 201)
    clash = {**body, "starts_on": "2025-04-09", "ends_on": "2025-04-12"}
    refused = await client.post("/reservations", json=clash, headers=STUDENT)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["conflicting_id"] == first["reservation_id"]
    assert first["reservation_id"] in problem["detail"] and "u-teacher-1" in problem["detail"]
    after = {**body, "starts_on": "2025-04-10", "ends_on": "2025-04-12"}
    ok(await client.post("/reservations", json=after, headers=STUDENT), 201)
    # A loan over the reserved days is refused too, naming the reservation.
    loan = {"asset_id": pc["asset_id"], "borrower_id": "u-x", "due_on": "2025-04-08"}
    blocked = await client.post("/loans", json=loan, headers=MANAGER)
    assert (
        blocked.status_code == 409 and blocked.json()["conflicting_id"] == first["reservation_id"]
    )
    past = {**body, "starts_on": "2025-03-01", "ends_on": "2025-03-02"}
    assert (await client.post("/reservations", json=past, headers=STUDENT)).status_code == 422
    assert (await types_of(client)).count("assets.reservation.made.v1") == 2


async def test_a_reservation_is_collected_as_a_loan_and_cancelling_frees_the_days(client, clock):
    pc = await register(client)
    body = {"asset_id": pc["asset_id"], "starts_on": "2025-03-05", "ends_on": "2025-03-07"}
    r = ok(await client.post("/reservations", json=body, headers=TEACHER), 201)
    early = await client.post(f"/reservations/{r['reservation_id']}/collect", headers=MANAGER)
    assert early.status_code == 409
    clock.advance(days=2)
    assert (
        await client.post(f"/reservations/{r['reservation_id']}/collect", headers=TEACHER)
    ).status_code == 403
    got = ok(await client.post(f"/reservations/{r['reservation_id']}/collect", headers=MANAGER))
    assert got["reservation"]["status"] == "collected"
    assert got["loan"]["due_on"] == "2025-03-07" and got["loan"]["borrower_id"] == "u-teacher-1"
    assert got["loan"]["reservation_id"] == r["reservation_id"]
    ok(await client.post(f"/loans/{got['loan']['loan_id']}/acknowledge", headers=TEACHER))
    other = {"asset_id": pc["asset_id"], "starts_on": "2025-04-01", "ends_on": "2025-04-02"}
    mine = ok(await client.post("/reservations", json=other, headers=STUDENT), 201)
    cancelled = ok(
        await client.post(
            f"/reservations/{mine['reservation_id']}/cancel", json={}, headers=STUDENT
        )
    )
    assert cancelled["status"] == "cancelled"
    ok(await client.post("/reservations", json=other, headers=TEACHER), 201)
    types = await types_of(client)
    assert types.count("assets.reservation.collected.v1") == 1
    assert types.count("assets.reservation.cancelled.v1") == 1


async def test_disposal_takes_two_people(client):
    pc = await register(client)
    path = f"/assets/{pc['asset_id']}/disposal"
    proposed = ok(await client.post(path, json={"reason": "主板烧毁 board burnt"}, headers=MANAGER))
    assert proposed["status"] == "pending_disposal"
    assert (
        await client.post(f"{path}/decision", json={"approve": True}, headers=MANAGER)
    ).status_code == 403
    lend_it = {"asset_id": pc["asset_id"], "borrower_id": "u-x", "due_on": "2025-03-10"}
    assert (await client.post("/loans", json=lend_it, headers=MANAGER)).status_code == 409
    done = ok(await client.post(f"{path}/decision", json={"approve": True}, headers=ADMIN))
    assert done["status"] == "disposed" and done["disposal"]["decided_by"] == "u-admin-1"
    again = await client.post(f"{path}/decision", json={"approve": True}, headers=ADMIN)
    assert again.status_code == 409
    move = {"building_id": "B01", "room_id": "B01-102"}
    assert (
        await client.post(f"/assets/{pc['asset_id']}/move", json=move, headers=MANAGER)
    ).status_code == 409
    [disposed] = [e for e in await outbox(client) if e["type"] == "assets.asset.disposed.v1"]
    assert disposed["data"]["proposed_by"] == "u-asset-manager-1"
    assert disposed["data"]["approved_by"] == "u-admin-1"
    assert disposed["data"]["book_value"] == "3033.33"


async def test_an_administrator_cannot_approve_their_own_proposal_and_a_rejection_restores(
    client,
):
    pc = await register(client)
    path = f"/assets/{pc['asset_id']}/disposal"
    ok(await client.post(path, json={"reason": "旧 old"}, headers=ADMIN))
    mine = await client.post(f"{path}/decision", json={"approve": True}, headers=ADMIN)
    assert mine.status_code == 403
    from tests.unit.assets.support import ADMIN_2

    back = ok(
        await client.post(
            f"{path}/decision",
            json={"approve": False, "note": "先修 repair first"},
            headers=ADMIN_2,
        )
    )
    assert back["status"] == "in_use" and back["disposal"]["approved"] is False
    assert "assets.asset.disposal_rejected.v1" in await types_of(client)


async def test_loan_dates_are_bounded(client):
    pc = await register(client)
    for due in ("2025-03-02", "2026-03-03"):
        body = {"asset_id": pc["asset_id"], "borrower_id": "u-x", "due_on": due}
        r = await client.post("/loans", json=body, headers=MANAGER)
        assert r.status_code == 422 and r.json()["field"] == "due_on", r.text
    body = {"asset_id": pc["asset_id"], "borrower_id": "u-x", "due_on": "9999-12-31"}
    assert (await client.post("/loans", json=body, headers=MANAGER)).status_code == 422
    assert await types_of(client) == ["assets.asset.registered.v1"]
