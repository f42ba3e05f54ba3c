"""Preventive schedules: one order per occurrence, ahead of the date, across restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from shared.store import Query
from tests.integration.maintenance.maint_support import auth, harness

D = auth("dispatcher", "disp-1")
EXTINGUISHERS = {
    "name": "灭火器年检",
    "location_id": "B01",
    "category": "other",
    "kind": "yearly",
    "dates": ["05-01"],
    "start": "2026-01-01",
    "lead_days": 14,
    "description": "检查一号楼全部灭火器",
}
HEATING = {
    "name": "暖气管道排查",
    "location_id": "B02",
    "category": "heating",
    "kind": "yearly",
    "dates": ["10-15"],
    "start": "2026-01-01",
    "lead_days": 30,
    "priority": "high",
}


async def _preventive(h) -> list[dict]:
    page = await h.store.find("tickets", Query({"channel": "preventive"}, sort=[("source_key", 1)]))
    return page.items


async def test_one_order_per_occurrence_across_restarts(tmp_path):
    async with harness(tmp_path) as h:
        await h.seed_locations()
        for sid, body in (("ext-b01", EXTINGUISHERS), ("heat-b02", HEATING)):
            r = await h.http.put(f"/schedules/{sid}", json=body, headers=D)
            assert r.status_code == 200, r.text
        assert await h.jobs.generate_preventive(datetime(2026, 4, 16, 2, tzinfo=UTC)) == []
        made = await h.jobs.generate_preventive(datetime(2026, 4, 17, 2, tzinfo=UTC))
        assert len(made) == 1
        assert await h.jobs.generate_preventive(datetime(2026, 4, 20, 2, tzinfo=UTC)) == []
        # Two checkers at once still make nothing twice.
        both = await asyncio.gather(
            h.jobs.generate_preventive(datetime(2026, 9, 20, 2, tzinfo=UTC)),
            h.jobs.generate_preventive(datetime(2026, 9, 20, 2, tzinfo=UTC)),
        )
        assert sorted(len(x) for x in both) == [0, 1]
    async with harness(tmp_path) as h:  # a restart: a new app on the same SQLite file
        assert await h.jobs.generate_preventive(datetime(2026, 9, 25, 2, tzinfo=UTC)) == []
        # Even with the schedule's cursor lost, the unique occurrence key holds.
        doc = await h.store.get("schedules", "ext-b01")
        await h.store.replace("schedules", {**doc, "generated_through": None}, doc["_v"])
        assert await h.jobs.generate_preventive(datetime(2026, 9, 25, 2, tzinfo=UTC)) == []
        orders = await _preventive(h)
        assert [o["source_key"] for o in orders] == [
            "preventive:ext-b01@2026-05-01",
            "preventive:heat-b02@2026-10-15",
        ]
        assert orders[1]["priority"] == "high" and orders[1]["category"] == "heating"
        assert "暖气管道排查" in orders[1]["description"]
    async with harness(tmp_path) as h:
        made = await h.jobs.generate_preventive(datetime(2027, 4, 17, 2, tzinfo=UTC))
        assert len(made) == 1
        assert len(await _preventive(h)) == 3
        opened = [e for e in await h.events() if e["type"] == "maintenance.ticket.opened.v1"]
        assert [e["data"]["channel"] for e in opened] == ["preventive"] * 3


async def test_bad_schedules_are_refused(tmp_path):
    async with harness(tmp_path) as h:
        await h.seed_locations()
        bad = [
            {**EXTINGUISHERS, "dates": ["02-30"]},
            {**EXTINGUISHERS, "kind": "interval"},
            {**EXTINGUISHERS, "location_id": "B77"},
            {**EXTINGUISHERS, "dates": ["May"]},
        ]
        for body in bad:
            r = await h.http.put("/schedules/x", json=body, headers=D)
            assert r.status_code == 422, r.text
        r = await h.http.put(
            "/schedules/x", json={**EXTINGUISHERS, "location_id": "E01"}, headers=D
        )
        assert r.status_code == 403
        assert await h.count("schedules") == 0


async def test_a_new_schedule_opens_its_due_orders_at_once(tmp_path):
    # The harness's clock is Monday 12 January 2026: 20 January is within 14 days' lead.
    async with harness(tmp_path) as h:
        await h.seed_locations()
        body = {**EXTINGUISHERS, "dates": ["01-20", "05-01"]}
        r = await h.http.put("/schedules/ext-b01", json=body, headers=D)
        assert r.status_code == 200, r.text
        assert r.json()["generated_through"] == "2026-01-20"
        assert r.json()["created_on"] == "2026-01-12"
        assert [o["source_key"] for o in await _preventive(h)] == ["preventive:ext-b01@2026-01-20"]
        # The hourly pass finds nothing more to do, and the same PUT again changes nothing.
        assert await h.jobs.generate_preventive(datetime(2026, 1, 12, 2, tzinfo=UTC)) == []
        before = await h.count("outbox")
        assert (await h.http.put("/schedules/ext-b01", json=body, headers=D)).status_code == 200
        assert await h.count("outbox") == before
        assert len(await _preventive(h)) == 1


async def test_no_orders_for_occurrences_before_the_schedule_existed(tmp_path):
    weekly = {
        "name": "水泵周检",
        "location_id": "B02",
        "category": "plumbing",
        "kind": "interval",
        "interval_days": 7,
        "start": "2025-12-01",  # six weeks before the schedule is created (12 January 2026)
        "lead_days": 0,
    }
    async with harness(tmp_path) as h:
        await h.seed_locations()
        r = await h.http.put("/schedules/pump-b02", json=weekly, headers=D)
        assert r.status_code == 200, r.text
        # Monday 1 December + 6 weeks is Monday 12 January: only that one, not the six before.
        assert [o["source_key"] for o in await _preventive(h)] == ["preventive:pump-b02@2026-01-12"]
        # Even with the cursor lost, generation does not reach back before the creation day.
        doc = await h.store.get("schedules", "pump-b02")
        await h.store.replace("schedules", {**doc, "generated_through": None}, doc["_v"])
        assert await h.jobs.generate_preventive(datetime(2026, 1, 13, 2, tzinfo=UTC)) == []
        made = await h.jobs.generate_preventive(datetime(2026, 1, 19, 2, tzinfo=UTC))
        assert len(made) == 1
        assert len(await _preventive(h)) == 2


async def test_far_future_dates_are_422_never_500(tmp_path):
    async with harness(tmp_path) as h:
        await h.seed_locations()
        r = await h.http.put(
            "/schedules/x", json={**EXTINGUISHERS, "start": "9999-12-30"}, headers=D
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "start"
        warranty = {"contractor_id": "c", "campus_id": "main", "until": "9999-12-30"}
        r = await h.http.put("/warranties/w", json={**warranty, "building_id": "B01"}, headers=D)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "until"
        assert await h.count("schedules") == 0
