"""The access log: a read of personal data commits `<service>.personal_data.read.v1`.

The event names the reader (the envelope's actor), whose data, which fields and the route, and
carries none of the values. In-process apps here; tests/integration/audit/ has the broker run.
"""

from __future__ import annotations

import json
from typing import Any

from shared.auth import Role
from shared.store import Query
from tests.harness import routes_client
from tests.security.calls import token_header
from tests.security.routes import build_app
from tests.security.seeds import ADMIN, LOCATIONS_CSV, seed_canteen

MANAGER = token_header(Role.CANTEEN_MANAGER, {"canteen": ["north"]})
DISPATCHER = token_header(Role.DISPATCHER, {"campus": ["main"]})
REQUESTER = token_header(Role.REQUESTER, {})


async def _read_events(http: Any, kind: str) -> list[dict[str, Any]]:
    page = await http.runtime.store.find("outbox", Query({}, sort=[("order", 1)]))
    envelopes = [e["envelope"] for e in page.items]
    return [e for e in envelopes if e["type"] == f"{kind}.personal_data.read.v1"]


async def test_reading_the_people_directory_is_logged_without_the_values():
    person = {"name": "王调度", "roles": ["dispatcher"], "email": "wang@example.edu.cn"}
    async with routes_client(build_app("notifications")) as http:
        assert (await http.put("/people/u-d-1", json=person, headers=ADMIN)).status_code == 201
        assert await _read_events(http, "notifications") == [], "writing is not reading"
        assert (await http.get("/people/u-d-1", headers=ADMIN)).status_code == 200
        assert (await http.get("/people", headers=ADMIN)).status_code == 200
        logged = await _read_events(http, "notifications")
    assert [e["data"]["route"] for e in logged] == ["GET /people/{user_id}", "GET /people"]
    for event in logged:
        assert event["actor"] == "u-matrix-logistics_admin"
        assert event["data"]["subject_ids"] == ["u-d-1"]
        assert event["data"]["fields"] == ["email", "name"]
        text = json.dumps(event, ensure_ascii=False)
        assert "wang@example.edu.cn" not in text and "王调度" not in text


async def test_reading_food_handlers_certificates_is_logged():
    member = {
        "name": "王师傅",
        "position": "cook",
        "certificate": {"number": "JK-0123", "issued_on": "2024-04-03", "expires_on": "2025-04-02"},
    }
    async with routes_client(build_app("canteen")) as http:
        canteen = {"name": "北区食堂", "campus_id": "main", "building_id": "C01"}
        assert (await http.put("/canteens/north", json=canteen, headers=ADMIN)).status_code == 201
        r = await http.put("/canteens/north/staff/st-wang", json=member, headers=MANAGER)
        assert r.status_code == 201, r.text
        assert (await http.get("/canteens/north/staff", headers=MANAGER)).status_code == 200
        r = await http.get("/canteens/north/staff/st-wang", headers=MANAGER)
        assert r.status_code == 200
        logged = await _read_events(http, "canteen")
    assert [e["data"]["route"] for e in logged] == [
        "GET /canteens/{canteen_id}/staff",
        "GET /canteens/{canteen_id}/staff/{staff_id}",
    ]
    assert all(e["data"]["subject_ids"] == ["st-wang"] for e in logged)
    assert all(e["data"]["fields"] == ["certificate", "name"] for e in logged)
    assert all(e["actor"] == "u-matrix-canteen_manager" for e in logged)
    assert "JK-0123" not in json.dumps(logged)


async def test_staff_reading_a_callers_contact_is_logged_the_requester_reading_theirs_is_not():
    async with routes_client(build_app("maintenance")) as http:
        r = await http.post(
            "/locations/import",
            content=LOCATIONS_CSV.encode(),
            headers={**ADMIN, "content-type": "text/csv"},
        )
        assert r.status_code == 200, r.text
        phoned = {
            "location_id": "B01-101",
            "category": "plumbing",
            "description": "水管漏水",
            "channel": "phone",
            "contact": {"name": "赵老师", "phone": "13800138000"},
        }
        r = await http.post("/tickets", json=phoned, headers=DISPATCHER)
        assert r.status_code == 201, r.text
        ticket_id = r.json()["id"]
        own = {"location_id": "B01-101", "category": "plumbing", "description": "灯不亮了"}
        r = await http.post("/tickets", json=own, headers=REQUESTER)
        assert r.status_code == 201, r.text
        assert (await http.get(f"/tickets/{r.json()['id']}", headers=REQUESTER)).status_code == 200
        assert await _read_events(http, "maintenance") == [], "no contact shown, nothing logged"
        assert (await http.get(f"/tickets/{ticket_id}", headers=DISPATCHER)).status_code == 200
        logged = await _read_events(http, "maintenance")
    assert len(logged) == 1
    data = logged[0]["data"]
    assert data == {
        "subject_kind": "requester",
        "subject_ids": [f"ticket:{ticket_id}"],
        "fields": ["contact"],
        "route": "GET /tickets/{ticket_id}",
    }
    assert logged[0]["actor"] == "u-matrix-dispatcher"
    assert "13800138000" not in json.dumps(logged)


async def test_a_manager_seeing_diners_contacts_is_logged_an_auditor_sees_none():
    async with routes_client(build_app("canteen")) as http:
        await seed_canteen(http)
        before = len(await _read_events(http, "canteen"))
        auditor = token_header(Role.AUDITOR, {})
        assert (await http.get("/canteens/north/complaints", headers=auditor)).status_code == 200
        assert len(await _read_events(http, "canteen")) == before, "no contact shown"
        assert (await http.get("/canteens/north/complaints", headers=MANAGER)).status_code == 200
        r = await http.post(
            "/canteens/north/complaints/cmp-1/answer", json={"answer": "已处理"}, headers=MANAGER
        )
        assert r.status_code == 200 and r.json()["contact"] == "13800000000", r.text
        logged = (await _read_events(http, "canteen"))[before:]
    assert [e["data"]["route"] for e in logged] == [
        "GET /canteens/{canteen_id}/complaints",
        "POST /canteens/{canteen_id}/complaints/{complaint_id}/answer",
    ]
    for event in logged:
        assert event["actor"] == "u-matrix-canteen_manager"
        assert event["data"]["subject_kind"] == "diner"
        assert event["data"]["subject_ids"] == ["complaint:cmp-1"]
        assert event["data"]["fields"] == ["contact"]
        assert "13800000000" not in json.dumps(event)
