"""The audit HTTP API on a real broker: access, validation, pages, exports, verify, archive."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.audit.main import build
from services.audit.repository import RECORDS
from shared.clock import utcnow
from shared.store import Query
from tests.harness import eventually, serve
from tests.integration.audit.audit_harness import (
    audit_settings,
    auth,
    publish_external,
    recorded,
)
from tests.unit.audit.audit_fixtures import event

pytestmark = pytest.mark.broker

TOPOLOGY = {"audit": ("#",)}
BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def outside_events():
    """Six events from outside systems: one story of three, three others."""
    rejected = event(1, type="canteen.delivery.rejected.v1", subject="D-7", correlation="s-1")
    alert = event(
        2,
        type="notifications.notification.delivered.v1",
        correlation="s-1",
        causation=rejected.id,
        source="urn:campus:sms-gateway",
    )
    ack = event(
        3,
        type="canteen.delivery.acknowledged.v1",
        subject="D-7",
        correlation="s-1",
        causation=alert.id,
        actor="u-manager-1",
    )
    others = [event(n, subject="T-9", data={"note": "=cmd|' /C calc'!A0"}) for n in (4, 5, 6)]
    return [rejected, alert, ack, *others]


async def test_queries_access_validation_exports_verify_and_archive(vhost_url, namespace, tmp_path):
    offset = [timedelta(0)]
    settings = audit_settings(vhost_url, namespace, tmp_path, retention_days=1)
    app = build(settings, clock=lambda: utcnow() + offset[0], topology=TOPOLOGY)
    store = app.runtime.store
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        events = outside_events()
        sentinel = event(99, subject="sentinel", at=BASE + timedelta(days=1))
        # Delivered twice (a relay retried), then a sentinel: the serial consumer handles the
        # queue in order, so once the sentinel is in, the duplicates have been handled.
        await publish_external(vhost_url, namespace, [*events, *events[:3], sentinel])
        await recorded(store, 1, subject="sentinel")
        assert await store.count(RECORDS, {"source": {"$ne": "/campus-logistics/audit"}}) == 7

        # Access: auditors and logistics administrators only.
        assert (await http.get("/audit/records")).status_code == 401
        for role in ("dispatcher", "service", "ops"):
            r = await http.get("/audit/records", headers=auth(role))
            assert r.status_code == 403, role
        assert (
            await http.get("/audit/records", headers=auth("logistics_admin"))
        ).status_code == 200

        # Filters and the story.
        r = await http.get("/audit/records", params={"subject": "T-9"}, headers=auth("auditor"))
        assert [i["event"]["id"] for i in r.json()["items"]] == ["ev-0004", "ev-0005", "ev-0006"]
        r = await http.get(
            "/audit/records",
            params=[
                ("type", "canteen.delivery.rejected.v1"),
                ("type", "canteen.delivery.acknowledged.v1"),
            ],
            headers=auth("auditor"),
        )
        assert len(r.json()["items"]) == 2
        r = await http.get(
            "/audit/records", params={"actor": "u-manager-1"}, headers=auth("auditor")
        )
        assert [i["event"]["id"] for i in r.json()["items"]] == ["ev-0003"]
        r = await http.get("/audit/correlations/s-1", headers=auth("auditor"))
        story = r.json()
        assert [i["event"]["id"] for i in story["items"]] == ["ev-0001", "ev-0002", "ev-0003"]
        assert [link["caused_by"] for link in story["links"]] == [None, "ev-0001", "ev-0002"]
        r = await http.get("/audit/records/2", headers=auth("auditor"))
        assert r.status_code == 200 and r.json()["event"]["source"] == "urn:campus:sms-gateway"
        assert (await http.get("/audit/records/999", headers=auth("auditor"))).status_code == 404

        # Cursor pages over the time range of the outside events.
        window = {"since": "2026-03-02T08:00:00Z", "until": "2026-03-02T09:00:00Z", "limit": 4}
        r = await http.get("/audit/records", params=window, headers=auth("auditor"))
        first = r.json()
        assert len(first["items"]) == 4 and first["next_cursor"]
        r = await http.get(
            "/audit/records",
            params={**window, "cursor": first["next_cursor"]},
            headers=auth("auditor"),
        )
        second = r.json()
        assert len(second["items"]) == 2 and second["next_cursor"] is None
        ids = [i["event"]["id"] for i in first["items"] + second["items"]]
        assert ids == [f"ev-{n:04d}" for n in range(1, 7)]

        # Bad input: 4xx with the field and the reason, never 500.
        bad = [
            ({"since": "2026-03-02T08:00:00"}, "since"),
            ({"since": "0001-01-01T00:00:00+14:00"}, "since"),  # overflowed into a 500
            ({"since": "2026-03-02T09:00:00Z", "until": "2026-03-02T08:00:00Z"}, "until"),
            ({"type": "Not A Type"}, "type.0"),
            ({"limit": 0}, "limit"),
            ({"colour": "red"}, "colour"),
        ]
        for params, field in bad:
            r = await http.get("/audit/records", params=params, headers=auth("auditor"))
            assert r.status_code == 422, (params, r.text)
            assert field in [f["field"] for f in r.json()["errors"]], r.text
        r = await http.get("/audit/records", params={"cursor": "garbage!"}, headers=auth("auditor"))
        assert r.status_code == 400 and r.json()["code"] == "bad_query"

        # Exports: JSON Lines and CSV of a range.
        r = await http.get("/audit/export", params={"subject": "D-7"}, headers=auth("auditor"))
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in r.text.splitlines()]
        assert [line["event"]["id"] for line in lines] == ["ev-0001", "ev-0003"]
        r = await http.get(
            "/audit/export", params={"subject": "T-9", "format": "csv"}, headers=auth("auditor")
        )
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [row["id"] for row in rows] == ["ev-0004", "ev-0005", "ev-0006"]
        assert json.loads(rows[0]["data"])["note"].startswith("=cmd")  # JSON cell, not a formula

        # Every query above entered the chain (search, story, record, export).
        await _query_kinds(store)

        # Verify: clean, then a record deleted directly in the file is named.
        r = await http.get("/audit/verify", headers=auth("auditor"))
        assert r.json()["ok"] is True
        db = str(settings.data_dir / "audit.db")
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM c_audit_records WHERE json_extract(doc, '$.seq') = 3")
        r = await http.get("/audit/verify", headers=auth("auditor"))
        report = r.json()
        assert report["ok"] is False and report["problem"]["seq"] == 3
        assert report["problem"]["kind"] == "deleted"
        assert (await http.post("/audit/archives", headers=auth("auditor"))).status_code == 403
        offset[0] = timedelta(days=2)
        r = await http.post("/audit/archives", headers=auth("logistics_admin"))
        assert r.status_code == 409 and "seq 3" in r.json()["detail"]  # evidence stays put


async def test_archive_endpoint_moves_expired_records(vhost_url, namespace, tmp_path):
    offset = [timedelta(0)]
    settings = audit_settings(vhost_url, namespace, tmp_path, retention_days=1)
    app = build(settings, clock=lambda: utcnow() + offset[0], topology=TOPOLOGY)
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await publish_external(vhost_url, namespace, outside_events())
        await recorded(app.runtime.store, 6)
        offset[0] = timedelta(days=2)
        r = await http.post("/audit/archives", headers=auth("logistics_admin"))
        assert r.status_code == 200, r.text
        run = r.json()
        assert run["records"] >= 6 and run["files"][0]["first_seq"] == 1
        r = await http.get("/audit/archives", headers=auth("auditor"))
        assert [f["file"] for f in r.json()] == [f["file"] for f in run["files"]]
        r = await http.get("/audit/verify", params={"archives": "true"}, headers=auth("auditor"))
        assert r.json()["ok"] is True and r.json()["checked"] >= 6
        r = await http.get("/audit/chain", headers=auth("auditor"))
        assert r.json()["base_seq"] == run["base_seq"]


async def _query_kinds(store) -> set[str]:
    async def kinds() -> set[str]:
        page = await store.find(RECORDS, Query({"type": "audit.query.performed.v1"}))
        return {r["event"]["data"]["kind"] for r in page.items}

    return await eventually(kinds, lambda found: {"search", "story", "record", "export"} <= found)
