"""An order's life as one story (its correlation id), and `GET /tickets?sla=` served by the
store: at risk in the last quarter of a running budget, breached once a clock ran out."""

from __future__ import annotations

from datetime import timedelta

from services.maintenance.consumed import AssetDamaged
from shared.store import Query
from tests.integration.maintenance.maint_support import (
    START,
    FakeDelivery,
    auth,
    envelope_bytes,
    harness,
)

STORY = "wo-story-0001"


async def _step(maint, tid: str, action: str, role: str, sub: str | None, story: str, **body):
    maint.clock.advance(seconds=1)
    headers = {**auth(role, sub), "X-Correlation-Id": story}
    r = await maint.http.post(f"/tickets/{tid}/{action}", json=body, headers=headers)
    assert r.status_code == 200, (action, r.text)
    return r.json()


async def test_every_step_of_an_order_joins_the_story_of_its_opening(maint):
    r = await maint.http.post(
        "/tickets",
        json={"location_id": "B01-301", "category": "plumbing", "description": "水管漏水"},
        headers={**auth("requester", "stu-1"), "X-Correlation-Id": STORY},
    )
    assert r.status_code == 201 and r.json()["correlation_id"] == STORY
    tid = r.json()["id"]
    story = r.json()["correlation_id"]  # what a client reads and sends back with each step
    await _step(maint, tid, "triage", "dispatcher", None, story, priority="high")
    await _step(maint, tid, "assign", "dispatcher", None, story, technician_id="tech-1")
    await _step(maint, tid, "start", "technician", "tech-1", story)
    await _step(maint, tid, "resolve", "technician", "tech-1", story, note="换了阀门")
    closed = await _step(maint, tid, "close", "requester", "stu-1", story, rating=5)
    assert closed["correlation_id"] == STORY
    listed = await maint.http.get("/tickets", headers=auth("dispatcher"))
    assert [t["correlation_id"] for t in listed.json()["items"]] == [STORY]
    events = await maint.events("maintenance.ticket.")
    assert [e["type"].split(".")[2] for e in events] == [
        "opened",
        "triaged",
        "assigned",
        "started",
        "resolved",
        "closed",
    ]
    assert {e["correlationid"] for e in events} == {STORY}
    assert len({e["causationid"] for e in events}) == len(events)  # each step its own request


async def test_a_step_without_the_header_is_a_story_of_its_own(maint):
    filed = await maint.file()  # no X-Correlation-Id: the request's own id becomes the story
    opened = (await maint.events())[-1]
    assert filed["correlation_id"] == opened["correlationid"] != opened["id"]
    await maint.act(filed["id"], "triage")
    triaged = (await maint.events())[-1]
    assert triaged["correlationid"] != filed["correlation_id"]  # the caller did not name it


async def test_the_clock_driven_steps_join_the_order_story(maint):
    filed = await maint.file(role="dispatcher", sub="disp-1", priority="emergency")
    tid, story = filed["id"], filed["correlation_id"]
    # The SLA pass runs outside any request: its breach still belongs to the order's story.
    assert await maint.jobs.check_sla(START + timedelta(hours=2)) == [(tid, "response")]
    breach = (await maint.events())[-1]
    assert breach["type"] == "maintenance.ticket.sla_breached.v1"
    assert breach["correlationid"] == story and breach["actor"] == "system:maintenance"
    maint.clock.now = START + timedelta(hours=2, minutes=1)
    await _step(maint, tid, "triage", "dispatcher", None, story)
    await _step(maint, tid, "assign", "dispatcher", None, story, technician_id="tech-1")
    await _step(maint, tid, "start", "technician", "tech-1", story)
    await _step(maint, tid, "resolve", "technician", "tech-1", story)
    # Nobody answered for a week: the auto-close is part of the story too.
    assert await maint.jobs.auto_close(START + timedelta(days=8)) == [tid]
    closed = (await maint.events())[-1]
    assert closed["type"] == "maintenance.ticket.closed.v1" and closed["data"]["auto"] is True
    assert closed["correlationid"] == story


async def test_an_order_opened_by_an_event_keeps_that_event_story(maint):
    body = envelope_bytes(
        AssetDamaged(
            damage_id="D-5", asset_id="A-5", tag="DESK-5", building_id="B01", description="坏了"
        ),
        event_id="evt-damage-5",
    )
    await maint.app.runtime.consumer.handle(FakeDelivery(body))
    doc = (await maint.store.find("tickets", Query({"source_key": "asset-damage:D-5"}))).items[0]
    opened = (await maint.events())[-1]
    # The damage report's event started its own story (its id), which the order continues.
    assert doc["correlation_id"] == opened["correlationid"] == "evt-damage-5"
    assert opened["causationid"] == "evt-damage-5"


async def _ids(maint, *states: str, role: str = "dispatcher") -> list[str]:
    params = [("sla", s) for s in states] + [("sort", "created_at")]
    r = await maint.http.get("/tickets", params=params, headers=auth(role))
    assert r.status_code == 200, r.text
    return [t["id"] for t in r.json()["items"]]


async def test_the_sla_filter_finds_orders_at_risk_and_breached_from_the_store(maint):
    # Emergencies: answered within 1 hour (at risk from 45 min), fixed within 24 hours.
    late = (await maint.file(role="dispatcher", sub="d", priority="emergency"))["id"]
    calm = (await maint.file(role="dispatcher", sub="d", priority="routine"))["id"]
    fixing = (await maint.file(role="dispatcher", sub="d", priority="emergency"))["id"]
    await maint.act(fixing, "triage")
    await maint.act(fixing, "assign", technician_id="tech-1")  # answered: response clock stops
    maint.clock.now = START + timedelta(minutes=30)
    assert await _ids(maint, "at_risk") == [] and await _ids(maint, "breached") == []
    maint.clock.now = START + timedelta(minutes=50)
    assert await _ids(maint, "at_risk") == [late]
    one = (await maint.http.get(f"/tickets/{late}", headers=auth("dispatcher"))).json()
    assert one["sla"]["response"]["at_risk_from"] == "2026-01-12T01:45:01.000000Z"
    assert one["sla"]["response"]["due_at"] == "2026-01-12T02:00:01.000000Z"
    # Past due, before the SLA pass has recorded it: breached already, no longer "at risk".
    maint.clock.now = START + timedelta(minutes=61)
    assert await _ids(maint, "breached") == [late] and await _ids(maint, "at_risk") == []
    assert await maint.jobs.check_sla(maint.clock.now) == [(late, "response")]
    assert await _ids(maint, "breached") == [late]
    # 18 of the 24 hours used: the repair in progress is at risk; both states together.
    maint.clock.now = START + timedelta(hours=18, minutes=5)
    assert await _ids(maint, "at_risk") == [fixing]
    assert await _ids(maint, "at_risk", "breached") == [late, fixing]
    assert calm not in await _ids(maint, "at_risk", "breached")
    # On hold, the resolution clock stands still: not at risk while it waits.
    await maint.act(fixing, "start", "technician", "tech-1")
    await maint.act(fixing, "hold", "technician", "tech-1", reason="parts")
    assert await _ids(maint, "at_risk") == []
    # The filter is the store's, and narrowed to what the caller sees like every other one.
    assert await _ids(maint, "at_risk", "breached", role="requester") == []
    r = await maint.http.get("/tickets?sla=late", headers=auth("dispatcher"))
    assert r.status_code == 422


async def test_orders_stored_before_the_sla_filter_are_upgraded_at_start(tmp_path):
    async with harness(tmp_path) as h:
        await h.seed_locations()
        tid = (await h.file(role="dispatcher", sub="d", priority="emergency"))["id"]
        doc = await h.store.get("tickets", tid)
        for key in ("sla_attention_from", "sla_breach_from", "sla_risk"):
            del doc[key]
        await h.store.replace("tickets", doc, doc["_v"])  # as an older release stored it
    async with harness(tmp_path) as h:
        runtime = h.app.runtime
        for hook in runtime.spec.on_start:  # what the lifespan runs once the store is open
            await hook(runtime)
        doc = await h.store.get("tickets", tid)
        assert doc["sla_attention_from"] == "2026-01-12T01:45:01.000000Z"
        h.clock.now = START + timedelta(minutes=50)
        assert await _ids(h, "at_risk") == [tid]
        assert [e["type"] for e in await h.events("maintenance.ticket.")] == [
            "maintenance.ticket.opened.v1"
        ]
