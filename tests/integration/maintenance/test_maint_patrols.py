"""Patrols and devices: a failed checkpoint becomes exactly one linked order; flags once."""

from __future__ import annotations

from services.maintenance import events as ev
from tests.integration.maintenance.maint_support import FakeDelivery, auth, envelope_bytes

D = auth("dispatcher", "disp-1")
ROUTE = {
    "name": "路灯与消防巡查",
    "campus_id": "main",
    "checkpoints": [
        {
            "id": "lamp-n",
            "name": "北门路灯",
            "location_id": "B01",
            "category": "electrical",
            "checklist": ["lamp", "pole"],
        },
        {
            "id": "smoke-301",
            "name": "301烟感",
            "location_id": "B01-301",
            "category": "electrical",
            "device_tag": "SMK-301",
            "priority": "high",
        },
    ],
}


async def _route(maint) -> None:
    r = await maint.http.put("/patrol-routes/night", json=ROUTE, headers=D)
    assert r.status_code == 200, r.text


async def _run(maint, *results, who=None) -> dict:
    r = await maint.http.post(
        "/patrol-routes/night/runs",
        json={"results": list(results)},
        headers=who or auth("technician", "patrol-1"),
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_failed_checkpoint_publishes_event_and_opens_one_order(maint):
    await _route(maint)
    run = await _run(
        maint,
        {"checkpoint_id": "lamp-n", "passed": False, "failed_items": ["lamp"]},
        {"checkpoint_id": "smoke-301", "passed": True},
    )
    assert run["failed"] == ["lamp-n"]
    (failed,) = [e for e in await maint.events() if e["type"].endswith("checkpoint_failed.v1")]
    assert failed["data"]["building_id"] == "B01" and failed["data"]["finding"] == "failed: lamp"
    consumer = maint.app.runtime.consumer
    body = envelope_bytes(ev.CheckpointFailed(**failed["data"]), event_id=failed["id"])
    first, again = FakeDelivery(body), FakeDelivery(body)
    await consumer.handle(first)
    await consumer.handle(again)  # delivered twice
    assert first.settled == again.settled == "ack"
    # Even a re-sent copy with a new event id opens nothing new (same run and checkpoint).
    await consumer.handle(FakeDelivery(envelope_bytes(ev.CheckpointFailed(**failed["data"]))))
    tickets = (await maint.store.find("tickets", _q({"channel": "patrol"}))).items
    assert len(tickets) == 1
    t = tickets[0]
    assert t["source_event_id"] == failed["id"]
    assert t["source_key"] == f"patrol:{run['id']}:lamp-n"
    assert t["category"] == "electrical" and t["location_id"] == "B01"
    assert "failed: lamp" in t["description"]


async def test_run_validation_and_permissions(maint):
    await _route(maint)
    r = await maint.http.post(
        "/patrol-routes/night/runs",
        json={"results": [{"checkpoint_id": "lamp-n", "passed": True}]},
        headers=auth("technician", "p"),
    )
    assert r.status_code == 422 and "smoke-301" in r.json()["detail"]
    r = await maint.http.post(
        "/patrol-routes/night/runs",
        json={"results": [{"checkpoint_id": "lamp-n", "passed": True}]},
        headers=auth("requester", "s"),
    )
    assert r.status_code == 403
    r = await maint.http.post(
        "/patrol-routes/none/runs",
        json={"results": [{"checkpoint_id": "lamp-n", "passed": True}]},
        headers=auth("technician", "p"),
    )
    assert r.status_code == 404
    bad = {**ROUTE, "checkpoints": [{**ROUTE["checkpoints"][0], "location_id": "E01-101"}]}
    r = await maint.http.put("/patrol-routes/bad", json=bad, headers=D)
    assert r.status_code == 422 and r.json()["field"] == "checkpoints.0.location_id"
    assert await maint.count("patrol_runs") == 0


async def test_three_false_alarms_in_30_days_flag_the_device_once(maint):
    await _route(maint)
    ok = {"checkpoint_id": "lamp-n", "passed": True}
    for day in (0, 9, 18):
        maint.clock.advance(days=9 if day else 0)
        await _run(maint, ok, {"checkpoint_id": "smoke-301", "passed": True, "false_alarm": True})
    r = await maint.http.post("/devices/SMK-301/incidents", json={"kind": "false_alarm"}, headers=D)
    assert r.status_code == 201
    flags = [e for e in await maint.events() if e["type"] == "maintenance.device.flagged.v1"]
    assert len(flags) == 1
    assert flags[0]["data"] == {
        "device_tag": "SMK-301",
        "building_id": "B01",
        "reason": "3 false alarms in 30 days",
        "count": 3,
        "window_days": 30,
        "kind": "false_alarm",
    }
    r = await maint.http.get("/devices/SMK-301", headers=D)
    assert r.json()["last_flagged"]["false_alarm"] is not None
    r = await maint.http.post("/devices/NEW-1/incidents", json={"kind": "failure"}, headers=D)
    assert r.status_code == 422 and r.json()["field"] == "location_id"


def _q(filter):
    from shared.store import Query

    return Query(filter)
