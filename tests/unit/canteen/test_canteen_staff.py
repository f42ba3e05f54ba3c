"""Health certificates (健康证), rosters and morning checks (晨检), and their warnings."""

from __future__ import annotations

from tests.unit.canteen.food_support import (
    NORTH_MANAGER,
    SOUTH_MANAGER,
    canteens,
    count,
    events,
    watch,
)
from tests.unit.canteen.support import STAFF

# The campus day of the tests is 2025-03-03 (08:30 in Shanghai).
WANG = {
    "name": "王师傅",
    "position": "cook",
    "certificate": {"number": "JK-0123", "issued_on": "2024-04-03", "expires_on": "2025-04-02"},
}
LI = {
    "name": "李阿姨",
    "position": "helper",
    "certificate": {"number": "JK-0456", "issued_on": "2025-01-10", "expires_on": "2026-01-09"},
}


async def people(client) -> None:
    await canteens(client, "north", "south")
    for staff_id, body in (("st-wang", WANG), ("st-li", LI)):
        r = await client.put(f"/canteens/north/staff/{staff_id}", json=body, headers=NORTH_MANAGER)
        assert r.status_code == 201, r.text


def roster(*staff_ids: str, starts_at: str = "06:00") -> dict:
    return {
        "shifts": [
            {
                "shift_id": "early",
                "name": "早班",
                "starts_at": starts_at,
                "staff_ids": list(staff_ids),
            }
        ]
    }


async def test_a_certificate_expiring_in_30_days_is_warned_once_then_refused(client, clock):
    await people(client)
    # 2025-04-02 is the last valid day: 30 days from 2025-03-03.
    assert (await watch(client))["licences"] == 1
    assert (await watch(client))["licences"] == 0
    [warning] = await events(client, "canteen.licence.expiring.v1")
    assert warning["data"]["holder_id"] == "st-wang" and warning["data"]["days_left"] == 30
    assert warning["data"]["canteen_id"] == "north" and warning["data"]["holder_name"] == "王师傅"
    assert warning["data"]["document_kind"] == "health_certificate"
    clock.advance(days=31)  # 2025-04-03: expired
    assert (await watch(client))["licences"] == 1
    assert (await watch(client))["licences"] == 0
    [expired] = await events(client, "canteen.licence.expired.v1")
    assert expired["data"]["expires_on"] == "2025-04-02"
    r = await client.put(
        "/canteens/north/rosters/2025-04-03", json=roster("st-wang", "st-li"), headers=NORTH_MANAGER
    )
    assert r.status_code == 422, r.text
    assert r.json()["refused"] == [
        {"staff_id": "st-wang", "reason": "health certificate JK-0123 expired on 2025-04-02"}
    ]
    assert "JK-0123 expired" in r.json()["detail"]
    body = {"staff_id": "st-wang", "temperature_c": "36.5"}
    r = await client.post("/canteens/north/morning-checks", json=body, headers=STAFF)
    assert r.status_code == 422 and "expired on 2025-04-02" in r.json()["detail"]
    member = (await client.get("/canteens/north/staff/st-wang", headers=STAFF)).json()
    assert member["cleared_today"] is False
    # A renewed certificate is told afresh when its own time comes, and clears them now.
    renewed = {
        **WANG,
        "certificate": {"number": "JK-0999", "issued_on": "2025-04-03", "expires_on": "2026-04-02"},
    }
    r = await client.put("/canteens/north/staff/st-wang", json=renewed, headers=NORTH_MANAGER)
    assert r.status_code == 200 and r.json()["cleared_today"] is True
    changed = (await events(client, "canteen.staff.updated.v1"))[-1]
    assert changed["data"]["changed"] == ["certificate"] and changed["subject"] == "st-wang"


async def test_a_failed_morning_check_keeps_them_off_that_day(client):
    await people(client)
    r = await client.put(
        "/canteens/north/rosters/2025-03-03",
        json=roster("st-wang", "st-li", starts_at="10:00"),
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 200, r.text
    body = {"staff_id": "st-li", "temperature_c": "37.8", "symptoms": ["hand_wound"]}
    r = await client.post("/canteens/north/morning-checks", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    assert r.json()["passed"] is False and r.json()["symptoms"] == ["fever", "hand_wound"]
    [failed] = await events(client, "canteen.morning_check.failed.v1")
    assert failed["data"]["on_shift"] is True and failed["data"]["shifts"] == ["早班"]
    assert failed["data"]["temperature_c"] == "37.8" and failed["data"]["staff_name"] == "李阿姨"
    # Once a day: a re-check cannot undo the failure.
    again = {"staff_id": "st-li", "temperature_c": "36.6"}
    r = await client.post("/canteens/north/morning-checks", json=again, headers=STAFF)
    assert r.status_code == 409 and r.json()["passed"] is False
    # The roster of that day refuses them now; tomorrow's does not.
    r = await client.put(
        "/canteens/north/rosters/2025-03-03", json=roster("st-wang", "st-li"), headers=NORTH_MANAGER
    )
    assert r.status_code == 422
    assert r.json()["refused"] == [
        {"staff_id": "st-li", "reason": "failed the morning check that day"}
    ]
    r = await client.put(
        "/canteens/north/rosters/2025-03-04", json=roster("st-li"), headers=NORTH_MANAGER
    )
    assert r.status_code == 200
    ok = {"staff_id": "st-wang", "temperature_c": "36.4"}
    r = await client.post("/canteens/north/morning-checks", json=ok, headers=STAFF)
    assert r.status_code == 201 and r.json()["passed"] is True
    today = (await client.get("/canteens/north/food-safety/today", headers=STAFF)).json()
    checks = today["morning_checks"]
    assert checks["rostered"] == 2 and checks["passed"] == 1
    assert [p["staff_id"] for p in checks["failed"]] == ["st-li"]
    assert today["status"] == "critical"
    assert today["reasons"]["morning_check_failed_on_shift"] == "critical"


async def test_a_shift_started_with_people_unchecked_is_told_once(client, clock):
    await people(client)
    r = await client.put(
        "/canteens/north/rosters/2025-03-03",
        json=roster("st-wang", "st-li", starts_at="09:00"),
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 200, r.text
    ok = {"staff_id": "st-wang", "temperature_c": "36.4"}
    assert (
        await client.post("/canteens/north/morning-checks", json=ok, headers=STAFF)
    ).status_code == 201
    assert (await watch(client))["missing_checks"] == 0  # 08:30: the shift has not started
    clock.advance(minutes=31)
    assert (await watch(client))["missing_checks"] == 1
    assert (await watch(client))["missing_checks"] == 0
    [missing] = await events(client, "canteen.morning_check.missing.v1")
    assert missing["data"]["unchecked"] == [{"staff_id": "st-li", "name": "李阿姨"}]
    assert missing["data"]["shift_name"] == "早班" and missing["data"]["starts_at"] == "09:00"
    kept = (await client.get("/canteens/north/rosters/2025-03-03", headers=STAFF)).json()
    assert kept["shifts"][0]["missing_told"] is True


async def test_staff_are_kept_by_their_canteen_s_managers(client):
    await people(client)
    before = await events(client)
    body = {**LI, "name": "改名"}
    r = await client.put("/canteens/north/staff/st-li", json=body, headers=SOUTH_MANAGER)
    assert r.status_code == 403
    r = await client.put("/canteens/south/staff/st-li", json=body, headers=SOUTH_MANAGER)
    assert r.status_code == 403 and "north" in r.json()["detail"]
    long = {
        **LI,
        "certificate": {"number": "X", "issued_on": "2024-01-01", "expires_on": "2026-01-01"},
    }
    r = await client.put("/canteens/north/staff/st-x", json=long, headers=NORTH_MANAGER)
    assert r.status_code == 422 and r.json()["field"] == "certificate"
    r = await client.put(
        "/canteens/north/staff/st-y", json={**LI, "position": "chef"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 422
    r = await client.put("/canteens/north/staff/st-li", json=body, headers=STAFF)
    assert r.status_code == 403
    assert await events(client) == before and await count(client, "staff") == 2
    fever = {"staff_id": "st-li", "temperature_c": "1e9"}
    r = await client.post("/canteens/north/morning-checks", json=fever, headers=STAFF)
    assert r.status_code == 422 and await count(client, "morning_checks") == 0
