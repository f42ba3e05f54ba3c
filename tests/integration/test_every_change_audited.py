"""Issue 14 on the real broker: every change maintenance's routes make (its table in
tests/unit/changes) reaches audit through the outbox, relay and broker, and audit's own record
names the person who made it; audit's replay (which needs a broker) is recorded the same way."""

from __future__ import annotations

import httpx
import pytest

from services.audit.main import build as build_audit
from services.audit.repository import RECORDS
from services.maintenance import demo
from services.maintenance.main import build as build_maintenance
from services.maintenance.subscribers import CONSUMED_TYPES
from shared.store import Query
from tests.harness import eventually, serve
from tests.integration.audit.audit_harness import audit_settings
from tests.integration.maintenance.maint_support import settings_for
from tests.unit.changes import rows_audit, rows_maintenance, table

pytestmark = pytest.mark.broker


async def _records(store, ids: set[str]) -> dict[str, str | None]:
    page = await store.find(RECORDS, Query({"event_id": {"$in": sorted(ids)}}, limit=len(ids)))
    return {r["event_id"]: r["actor"] for r in page.items}


async def test_every_change_is_stored_by_audit_naming_its_actor(vhost_url, namespace, tmp_path):
    audit = build_audit(audit_settings(vhost_url, namespace, tmp_path), topology={"audit": ("#",)})
    maintenance = build_maintenance(
        settings_for(
            tmp_path / "maintenance",
            amqp_url=vhost_url,
            namespace=namespace,
            relay_idle_seconds=0.05,
        ),
        topology={"maintenance": CONSUMED_TYPES},
    )

    def token_for(role: str) -> str:
        return table.headers_of(role)["Authorization"].removeprefix("Bearer ")

    async with (
        serve(audit) as audit_base,
        serve(maintenance) as maintenance_base,
        httpx.AsyncClient(base_url=maintenance_base) as http,
        httpx.AsyncClient(base_url=audit_base) as audit_http,
    ):
        await demo.seed_reference(http, token_for)
        wrong, expected = await table.run_rows(
            http, maintenance.runtime.store, rows_maintenance.ROWS
        )
        replay_wrong, replayed = await table.run_rows(
            audit_http,
            audit.runtime.store,
            rows_audit.ROWS,
            with_broker=True,
            given={"namespace": namespace},
        )
        assert not wrong + replay_wrong, "\n".join(wrong + replay_wrong)
        expected.update(replayed)
        stored = await eventually(
            lambda: _records(audit.runtime.store, set(expected)),
            lambda found: len(found) == len(expected),
            timeout=60,
        )
    assert len(expected) >= len(rows_maintenance.ROWS)
    assert stored == expected
