"""Replay on a real broker: exactly the asked-for events, in order, to a new queue."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.audit.main import build
from tests.harness import drain, serve
from tests.integration.audit.audit_harness import (
    audit_settings,
    auth,
    publish_external,
    recorded,
)
from tests.unit.audit.audit_fixtures import event

pytestmark = pytest.mark.broker

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PAID = "finance.invoice.paid.v1"
VOIDED = "finance.invoice.voided.v1"


async def test_replay_of_one_type_since_a_time_delivers_exactly_those(
    vhost_url, namespace, tmp_path
):
    app = build(audit_settings(vhost_url, namespace, tmp_path), topology={"audit": ("#",)})
    events = [
        event(
            n,
            type=PAID if n % 3 else VOIDED,
            source="urn:campus:finance",
            at=START + timedelta(minutes=n),
        )
        for n in range(1, 301)
    ]
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await publish_external(vhost_url, namespace, events)
        await recorded(app.runtime.store, 300)
        since = START + timedelta(minutes=10)
        wanted = [e.id for e in events if e.type == PAID and e.time >= since]
        queue = f"{namespace}.replay.finance-1"
        body = {"types": [PAID], "since": since.isoformat(), "queue": queue}

        r = await http.post("/audit/replays", json=body, headers=auth("service", "finance-system"))
        assert r.status_code == 200, r.text
        assert r.json()["count"] == len(wanted) == 194

        messages = await drain(vhost_url, queue)
        bodies = [json.loads(m.body) for m in messages]
        assert [b["id"] for b in bodies] == wanted  # exactly those, in order
        assert all(b["type"] == PAID for b in bodies)
        assert messages[0].message_id == bodies[0]["id"]
        assert messages[0].content_type == "application/cloudevents+json"
        assert messages[0].delivery_mode == 2  # persistent
        original = next(e for e in events if e.id == wanted[0])
        assert bodies[0] == original.to_json()

        # A second replay to the same (now existing, empty) queue works the same way.
        r = await http.post(
            "/audit/replays", json={**body, "types": [VOIDED]}, headers=auth("logistics_admin")
        )
        voided = [e.id for e in events if e.type == VOIDED and e.time >= since]
        assert r.json()["count"] == len(voided) == 97
        assert [json.loads(m.body)["id"] for m in await drain(vhost_url, queue)] == voided

        # The replay itself enters the chain, naming who asked for it.
        done = await recorded(app.runtime.store, 2, type="audit.replay.performed.v1")
        assert done == 2

        # Refused: a queue outside the namespace's replay prefix, a reader role, bad input.
        other = {**body, "queue": f"{namespace}.notifications"}
        r = await http.post("/audit/replays", json=other, headers=auth("service"))
        assert r.status_code == 422 and r.json()["field"] == "queue"
        r = await http.post("/audit/replays", json=body, headers=auth("auditor"))
        assert r.status_code == 403
        r = await http.post(
            "/audit/replays", json={**body, "since": "2026-03-02T08:00:00"}, headers=auth("service")
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "since"
        r = await http.post("/audit/replays", json={**body, "types": []}, headers=auth("service"))
        assert r.status_code == 422
