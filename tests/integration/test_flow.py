"""The foundation end to end on a real broker: HTTP command -> outbox -> consumer -> events."""

from __future__ import annotations

import json

import httpx
import pytest

from shared.auth import AuthSettings, mint_token
from shared.settings import ServiceSettings
from tests.harness import drain, eventually, serve
from tests.integration import sample_service

pytestmark = pytest.mark.broker


def settings_for(vhost_url: str, namespace: str, tmp_path) -> ServiceSettings:
    return ServiceSettings(
        service_name="counter",
        amqp_url=vhost_url,
        namespace=namespace,
        data_dir=tmp_path,
        delivery_limit=3,
        relay_lease_seconds=2.0,
    )


def token(role: str = "dispatcher") -> str:
    return mint_token(AuthSettings(), sub="u-1", roles=[role], scopes={"campus": ["main"]})


async def test_command_event_consumer_chain(vhost_url, namespace, tmp_path):
    settings = settings_for(vhost_url, namespace, tmp_path)
    app = sample_service.build(settings)
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        headers = {"Authorization": f"Bearer {token()}", "X-Correlation-ID": "corr-abc-1"}
        r = await http.post("/notes", json={"note_id": "n1", "text": "水管漏水"}, headers=headers)
        assert r.status_code == 201, r.text
        assert r.headers["x-correlation-id"] == "corr-abc-1"
        note = {"note_id": "n2", "text": "x"}
        unauthenticated = await http.post("/notes", json=note)
        assert unauthenticated.status_code == 401
        wrong_role = {"Authorization": f"Bearer {token('requester')}"}
        assert (await http.post("/notes", json=note, headers=wrong_role)).status_code == 403
        invalid = await http.post("/notes", json={"note_id": ""}, headers=headers)
        assert invalid.status_code == 422
        assert {f["field"] for f in invalid.json()["errors"]} == {"note_id", "text"}
        store = app.runtime.store
        assert await store.get("notes", "n2") is None
        counts = await eventually(lambda: store.get("counts", "all"), lambda d: d is not None)
        assert counts["n"] == 1
        ready = await http.get("/ready")
        assert ready.status_code == 200 and ready.json()["checks"] == {
            "store": True,
            "broker": True,
            "relay": True,
        }
        metrics = (await http.get("/metrics")).text
        assert 'campus_events_published_total{type="sample.note.written.v1"}' in metrics
        # No `service` label on the metric: the scrape target's own `service` label names it.
        assert "\ncampus_outbox_backlog " in metrics
        assert "\ncampus_outbox_oldest_age_seconds " in metrics
        assert "faststream_received_messages_total" in metrics  # faststream's middleware
        assert 'outcome="processed"' in metrics and "campus_event_handler_seconds" in metrics

    sink = f"{namespace}.sink"
    msgs = await eventually(lambda: drain(vhost_url, sink), lambda m: len(m) >= 0, timeout=1)
    bodies = [json.loads(m.body) for m in msgs]
    types = [b["type"] for b in bodies]
    assert types == ["sample.note.written.v1", "sample.note.counted.v1"]
    written, counted = bodies
    assert msgs[0].message_id == written["id"]
    assert msgs[0].content_type == "application/cloudevents+json"
    assert written["correlationid"] == counted["correlationid"] == "corr-abc-1"
    assert counted["causationid"] == written["id"]
    assert written["actor"] == "u-1" and written["specversion"] == "1.0"
    assert written["data"] == {"note_id": "n1", "text": "水管漏水"}
