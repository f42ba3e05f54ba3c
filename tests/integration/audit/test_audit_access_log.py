"""On a real broker: a read of personal data reaches audit as a record naming the reader."""

from __future__ import annotations

import httpx
import pytest

from services.audit.main import build as build_audit
from services.audit.repository import RECORDS
from services.notifications.main import build as build_notifications
from services.notifications.settings import NotificationsSettings
from shared.store import Query
from tests.harness import serve
from tests.integration.audit.audit_harness import audit_settings, auth, recorded

pytestmark = pytest.mark.broker

#: Audit's queue takes everything; notifications' own queue must exist for it to start.
TOPOLOGY = {"audit": ("#",), "notifications": ("maintenance.ticket.opened.v1",)}


async def test_audit_records_who_read_the_people_directory(vhost_url, namespace, tmp_path):
    audit_app = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    notifications_app = build_notifications(
        NotificationsSettings(
            amqp_url=vhost_url,
            namespace=namespace,
            data_dir=tmp_path / "notifications",
            delivery_limit=3,
            relay_lease_seconds=2.0,
        ),
        topology=TOPOLOGY,
    )
    person = {"name": "王调度", "roles": ["dispatcher"], "email": "wang@example.edu.cn"}
    async with (
        serve(audit_app) as audit_base,
        serve(notifications_app) as notifications_base,
        httpx.AsyncClient(base_url=notifications_base) as notifications,
        httpx.AsyncClient(base_url=audit_base),
    ):
        admin = auth("logistics_admin", "u-admin-7")
        r = await notifications.put("/people/u-d-1", json=person, headers=admin)
        assert r.status_code == 201, r.text
        r = await notifications.get("/people/u-d-1", headers=auth("auditor", "u-auditor-7"))
        assert r.status_code == 200, r.text
        store = audit_app.runtime.store
        await recorded(store, 1, type="notifications.personal_data.read.v1")
        page = await store.find(RECORDS, Query({"type": "notifications.personal_data.read.v1"}))
    record = page.items[0]
    assert record["actor"] == "u-auditor-7"
    assert record["event"]["data"]["subject_ids"] == ["u-d-1"]
    assert record["event"]["data"]["route"] == "GET /people/{user_id}"
    assert "wang@example.edu.cn" not in str(record)
