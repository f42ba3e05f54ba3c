"""Dispatch over HTTP: rules by category and building, team workload, reassignment, warranty."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.maintenance.maint_support import auth

D = auth("dispatcher", "disp-1")


async def _setup_rules(maint):
    r = await maint.http.put(
        "/teams/water",
        json={"campus_id": "main", "name": "水工班", "members": ["wang", "zhao"]},
        headers=D,
    )
    assert r.status_code == 200, r.text
    r = await maint.http.put(
        "/dispatch/rules/plumbing-main",
        json={"campus_id": "main", "category": "plumbing", "team_id": "water"},
        headers=D,
    )
    assert r.status_code == 200, r.text
    r = await maint.http.put(
        "/dispatch/rules/plumbing-b02",
        json={
            "campus_id": "main",
            "category": "plumbing",
            "building_id": "B02",
            "technician_id": "dorm-plumber",
        },
        headers=D,
    )
    assert r.status_code == 200, r.text


async def _triaged(maint, **body) -> str:
    tid = (await maint.file(**body))["id"]
    assert (await maint.act(tid, "triage")).status_code == 200
    return tid


async def test_rules_route_by_building_then_team_workload(maint):
    await _setup_rules(maint)
    dorm = await _triaged(maint, location_id="B02-201")
    r = await maint.act(dorm, "assign")
    assert r.json()["assignee_id"] == "dorm-plumber" and r.json()["assignee_kind"] == "technician"
    first = await _triaged(maint)
    second = await _triaged(maint)
    a = (await maint.act(first, "assign")).json()
    b = (await maint.act(second, "assign")).json()
    assert {a["assignee_id"], b["assignee_id"]} == {"wang", "zhao"}  # least loaded each time
    assert a["team_id"] == "water"
    r = await maint.http.get("/workload?team_id=water", headers=D)
    assert r.json()["workload"] == {"wang": 1, "zhao": 1}
    # Reassign to a named technician; workload follows.
    r = await maint.act(first, "assign", technician_id="li", reason="wang on leave")
    assert r.status_code == 200 and r.json()["assignee_id"] == "li"
    r = await maint.http.get("/workload?team_id=water&technician_id=li", headers=D)
    assert r.json()["workload"] == {"li": 1, **{b["assignee_id"]: 1}, a["assignee_id"]: 0}
    assigned = [e for e in await maint.events() if e["type"].endswith("assigned.v1")]
    assert assigned[-1]["data"]["previous_assignee_id"] == a["assignee_id"]
    # No rule for heating: a 409 naming what to do, nothing changes.
    heat = await _triaged(maint, category="heating")
    r = await maint.act(heat, "assign")
    assert r.status_code == 409 and "no dispatch rule" in r.json()["detail"]


async def test_bad_dispatch_configuration_is_refused(maint):
    r = await maint.http.put(
        "/dispatch/rules/x",
        json={"campus_id": "main", "category": "civil", "team_id": "nobody"},
        headers=D,
    )
    assert r.status_code == 422 and r.json()["field"] == "team_id"
    r = await maint.http.put(
        "/dispatch/rules/x",
        json={"campus_id": "main", "category": "civil", "building_id": "E01", "technician_id": "t"},
        headers=D,
    )
    assert r.status_code == 422 and r.json()["field"] == "building_id"
    r = await maint.http.put(
        "/dispatch/rules/x",
        json={"campus_id": "main", "category": "civil", "technician_id": "t", "team_id": "w"},
        headers=D,
    )
    assert r.status_code == 422
    r = await maint.http.put(
        "/dispatch/rules/x",
        json={"campus_id": "east", "category": "civil", "technician_id": "t"},
        headers=D,
    )
    assert r.status_code == 403
    r = await maint.http.put(
        "/warranties/w",
        json={
            "contractor_id": "ghost",
            "campus_id": "main",
            "until": "2027-01-01",
            "building_id": "B01",
        },
        headers=D,
    )
    assert r.status_code == 422 and r.json()["field"] == "contractor_id"
    assert await maint.count("dispatch_rules") == 0 and await maint.count("warranties") == 0


async def test_warranty_routes_to_contractor_with_its_own_clock(maint):
    await _setup_rules(maint)
    r = await maint.http.put(
        "/contractors/jianan",
        json={
            "name": "建安公司",
            "technician_id": "jianan-rep",
            "response": {"amount": 4, "unit": "hours"},
            "escalate_to": "warranty-manager",
        },
        headers=D,
    )
    assert r.status_code == 200, r.text
    r = await maint.http.put(
        "/warranties/b01-build",
        json={
            "contractor_id": "jianan",
            "campus_id": "main",
            "until": "2026-12-31",
            "building_id": "B01",
        },
        headers=D,
    )
    assert r.status_code == 200, r.text
    tid = await _triaged(maint)
    r = await maint.act(tid, "assign")
    body = r.json()
    assert body["assignee_kind"] == "contractor" and body["contractor_id"] == "jianan"
    assert body["assignee_id"] == "jianan-rep"
    assigned_at = maint.clock.now
    assert body["sla"]["contractor"]["due_at"] is not None
    assert await maint.jobs.check_sla(assigned_at + timedelta(hours=3, minutes=59)) == []
    late = await maint.jobs.check_sla(assigned_at + timedelta(hours=4))
    assert late == [(tid, "contractor")]
    (event,) = [e for e in await maint.events() if e["type"].endswith("sla_breached.v1")]
    assert event["data"]["clock"] == "contractor"
    assert event["data"]["escalate_to"] == "warranty-manager"
    assert event["data"]["contractor_id"] == "jianan"
    # Outside the warranty (B02) the normal rule applies; after the date too.
    other = await _triaged(maint, location_id="B02-201")
    assert (await maint.act(other, "assign")).json()["assignee_kind"] == "technician"
    maint.clock.now = maint.clock.now.replace(year=2027)
    later = await _triaged(maint)
    assert (await maint.act(later, "assign")).json()["team_id"] == "water"
