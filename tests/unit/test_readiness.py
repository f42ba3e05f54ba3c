"""/ready answers 503 as a problem naming the failing checks (a broker outage, a closed store)."""

from __future__ import annotations

from tests.integration.maintenance.maint_support import harness


async def test_ready_without_a_broker_is_a_503_problem_naming_the_broker(tmp_path):
    async with harness(tmp_path) as maint:  # the store is open, no broker was ever connected
        r = await maint.http.get("/ready")
        assert r.status_code == 503, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        problem = r.json()
        assert problem["status"] == 503 and problem["code"] == "unavailable"
        assert problem["checks"] == {"store": True, "broker": False, "relay": False}
        assert problem["detail"] == "not ready: broker, relay"


async def test_ready_with_a_closed_store_names_the_store(tmp_path):
    async with harness(tmp_path) as maint:
        await maint.store.close()
        r = await maint.http.get("/ready")
        assert r.status_code == 503, r.text
        assert r.json()["checks"]["store"] is False
        await maint.store.open()  # the harness closes it again
