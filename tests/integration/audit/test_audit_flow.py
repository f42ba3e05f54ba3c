"""A multi-service flow on a real broker: every event recorded once, in causal order."""

from __future__ import annotations

import httpx
import pytest

from services.audit.domain import record_hash
from services.audit.main import build
from services.audit.repository import RECORDS
from shared.settings import ServiceSettings
from shared.store import Query
from tests.harness import eventually, serve
from tests.integration import sample_service
from tests.integration.audit.audit_harness import audit_settings, auth, recorded

pytestmark = pytest.mark.broker

TOPOLOGY = {"audit": ("#",), "counter": ("sample.note.written.v1",)}


async def test_flow_is_recorded_once_in_order_with_its_causal_chain(vhost_url, namespace, tmp_path):
    audit_app = build(
        audit_settings(vhost_url, namespace, tmp_path, checkpoint_every_records=2),
        topology=TOPOLOGY,
    )
    sample_app = sample_service.build(
        ServiceSettings(
            service_name="counter",
            amqp_url=vhost_url,
            namespace=namespace,
            data_dir=tmp_path / "counter",
            delivery_limit=3,
            relay_lease_seconds=2.0,
        )
    )
    store = audit_app.runtime.store
    async with (
        serve(audit_app) as audit_base,
        serve(sample_app) as sample_base,
        httpx.AsyncClient(base_url=audit_base) as audit,
        httpx.AsyncClient(base_url=sample_base) as sample,
    ):
        headers = {**auth("dispatcher"), "X-Correlation-ID": "corr-flow-1"}
        for note in ("n1", "n2"):
            r = await sample.post(
                "/notes", json={"note_id": note, "text": "路灯不亮"}, headers=headers
            )
            assert r.status_code == 201, r.text
        await recorded(store, 4, correlation_id="corr-flow-1")

        r = await audit.get("/audit/correlations/corr-flow-1", headers=auth("auditor"))
        assert r.status_code == 200, r.text
        story = r.json()
        events = [item["event"] for item in story["items"]]
        types = [e["type"] for e in events]
        assert types[0] == "sample.note.written.v1"
        assert sorted(types) == ["sample.note.counted.v1"] * 2 + ["sample.note.written.v1"] * 2
        # Once each, and every effect after its cause, linked by causation id.
        assert len({e["id"] for e in events}) == 4
        by_id = {e["id"]: i for i, e in enumerate(events)}
        for link in story["links"]:
            if link["type"] == "sample.note.counted.v1":
                assert link["caused_by"] in by_id and link["caused_by_seq"] < link["seq"]
                assert by_id[link["caused_by"]] < by_id[link["event_id"]]
        written = events[0]
        assert (
            written["actor"] == "u-dispatcher-1"
            and written["source"] == "/campus-logistics/counter"
        )
        assert written["data"] == {"note_id": "n1", "text": "路灯不亮"}

        # The query itself enters the chain, naming who asked.
        await recorded(store, 1, type="audit.query.performed.v1")
        query = (await store.find(RECORDS, Query({"type": "audit.query.performed.v1"}))).items[0]
        assert query["actor"] == "u-auditor-1"
        assert query["event"]["data"]["filters"]["correlation_id"] == "corr-flow-1"

        # A checkpoint of the head was published through the outbox and recorded too; its hash
        # is the hash of the record at its seq.
        await recorded(store, 1, type="audit.chain.checkpoint.v1")
        checkpoint = await store.find(RECORDS, Query({"type": "audit.chain.checkpoint.v1"}))
        data = checkpoint.items[0]["event"]["data"]
        at = (await store.find(RECORDS, Query({"seq": data["seq"]}))).items[0]
        assert at["hash"] == data["head_hash"] == record_hash(at["prev_hash"], at["event"])

        r = await audit.get("/audit/verify", headers=auth("auditor"))
        assert r.status_code == 200 and r.json()["ok"] is True, r.text
        assert r.json()["types"]["sample.note.counted.v1"] == 2

        # Nothing recorded twice, even the audit service's own events.
        records = (await store.find(RECORDS, Query(sort=[("seq", 1)]))).items
        assert len({(r["source"], r["event_id"]) for r in records}) == len(records)
        assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
        await eventually(lambda: audit.get("/ready"), lambda resp: resp.status_code == 200)
