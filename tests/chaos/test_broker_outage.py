"""Scenario 5: the broker down for a while, then back; nothing lost, nothing applied twice.

Maintenance, audit and notifications run as processes. Requests are filed before the outage;
then the broker goes away: every service's /ready must turn 503 naming the broker, requests
filed meanwhile are accepted (201) and wait in maintenance's outbox. When the broker is back,
every service must be ready again within 30 s by itself (no restart), the outbox drains, and
the checker finds every accepted request's event once in audit and in notifications.

The short version (the normal suite) cuts a TCP proxy in front of the machine's broker for
10 s: every connection drops and new ones are refused, as when a node dies. The full version
(`make chaos`) SIGKILLs a private RabbitMQ node of the suite's own and starts it again after
60 s.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.brokers import nodes_available, private_node
from tests.chaos.checker import Ledger, Verdict
from tests.chaos.effects import LedgerClient
from tests.chaos.rig import (
    Platform,
    converge,
    file_requests,
    outbox_drained,
    outbox_waiting,
    publish_damage,
    ready,
    ready_status,
    report,
    seed_locations,
    start_platform,
)
from tests.harness import BROKER_PORT
from tests.integration.test_failover import via
from tests.service_procs import ServiceProcess, process_group
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.broker, pytest.mark.slow]
#: The promise: every service reconnects by itself within this long of the broker's return.
RECONNECT_SECONDS = 30.0


async def until_ready_is(
    http: httpx.AsyncClient, process: ServiceProcess, status: int, since: float, timeout: float
) -> tuple[float, dict]:
    """Poll /ready until it answers `status`: seconds after `since`, and the checks it named."""
    deadline = time.monotonic() + timeout
    while True:
        code, checks = await ready_status(http, process)
        if code == status:
            return round(time.monotonic() - since, 1), checks
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{process.service} /ready never answered {status} in {timeout} s "
                f"(last {code} {checks}): {process.log_tail(1500)}"
            )
        await asyncio.sleep(0.2)


async def run_outage(
    platform: Platform,
    direct_url: str,
    down: Callable[[], Awaitable[None]],
    up: Callable[[], Awaitable[None]],
    outage: float,
    during: int,
) -> tuple[dict, Verdict]:
    """The scenario on a started platform; its figures and the checker's verdict."""
    figures: dict = {"outage_seconds": outage}
    ledger = Ledger()
    sinks = platform.sinks()
    maint = platform.services["maintenance"]
    await ready(platform)
    async with httpx.AsyncClient(timeout=30) as http:
        client = LedgerClient(http, ledger)
        await seed_locations(http, maint.base_url)
        before = await file_requests(client, maint.base_url, 10, sinks, "before")
        assert set(before) == {201}, before
        await publish_damage(direct_url, platform.namespace, ledger, 5, ("audit", "maintenance"))

        went = time.monotonic()
        await down()
        noticed = await asyncio.gather(
            *(until_ready_is(http, p, 503, went, 30) for p in platform.services.values())
        )
        figures["ready_503_after_seconds"] = {
            name: seconds for name, (seconds, _) in zip(platform.services, noticed, strict=True)
        }
        for name, (_, checks) in zip(platform.services, noticed, strict=True):
            assert checks.get("store") is True and checks.get("broker") is False, (name, checks)

        statuses: list[int | None] = []
        pause = outage / (during + 1)
        while len(statuses) < during and time.monotonic() - went < outage:
            statuses += await file_requests(client, maint.base_url, 1, sinks, f"out{len(statuses)}")
            await asyncio.sleep(pause)
        assert statuses and set(statuses) == {201}, statuses  # accepted while the broker is down
        figures["accepted_during_outage"] = len(statuses)
        waiting = await outbox_waiting(platform)
        figures["outbox_waiting_at_return"] = waiting
        assert waiting >= len(statuses), waiting
        await asyncio.sleep(max(0.0, outage - (time.monotonic() - went)))

        restarted = time.monotonic()
        await up()
        back = time.monotonic()
        figures["down_seconds"] = round(back - went, 1)
        figures["broker_start_seconds"] = round(back - restarted, 1)
        returned = await asyncio.gather(
            *(
                until_ready_is(http, p, 200, back, RECONNECT_SECONDS)
                for p in platform.services.values()
            )
        )
        figures["ready_again_after_seconds"] = {
            name: seconds for name, (seconds, _) in zip(platform.services, returned, strict=True)
        }
        after = await file_requests(client, maint.base_url, 5, sinks, "after")
        assert set(after) == {201}, after
        await publish_damage(direct_url, platform.namespace, ledger, 5, ("audit", "maintenance"))
        verdict = await _settled(platform, ledger, figures)
    return figures, verdict


async def _settled(platform: Platform, ledger: Ledger, figures: dict) -> Verdict:
    verdict = await converge("broker outage", platform, ledger, timeout=120)
    figures["outbox_waiting_after"] = await outbox_drained(platform)
    assert figures["outbox_waiting_after"] == 0, figures
    return verdict


async def test_broker_gone_for_10_s_services_reconnect_and_the_outbox_drains(
    vhost_url, namespace, tmp_path
):
    """The short version: a proxy in front of the machine's broker vanishes for 10 s."""
    proxy = await TcpProxy(BROKER_PORT).start()
    port = proxy.port
    try:
        with process_group() as group:
            platform = start_platform(group, tmp_path, via(vhost_url, port), namespace)

            async def up() -> None:
                await proxy.start(port)

            figures, verdict = await run_outage(
                platform, vhost_url, proxy.close, up, outage=10.0, during=8
            )
    finally:
        await proxy.close()
    report("broker outage (10 s, proxy)", figures, verdict)
    assert verdict.ok, verdict.line()


@pytest.mark.chaos
@pytest.mark.timeout(900)
async def test_private_broker_node_sigkilled_for_60_s(tmp_path):
    """The full version: a private node SIGKILLed, started again 60 s later (same data)."""
    reason = nodes_available()
    if reason is not None:
        pytest.skip(reason=reason)
    with private_node() as node:
        vhost = f"campus-{uuid.uuid4().hex[:8]}"
        node.ctl("add_vhost", vhost)
        node.ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        url = node.amqp_url(vhost)

        async def down() -> None:
            await asyncio.to_thread(node.kill)

        elections: list[asyncio.Task[list[str]]] = []

        async def up() -> None:
            await asyncio.to_thread(node.start)
            await asyncio.to_thread(node.await_startup)
            # Beside the services' reconnection, as an operator would (rabbitmq-server#10070).
            elections.append(asyncio.create_task(asyncio.to_thread(node.elect_leaders)))

        with process_group() as group:
            platform = start_platform(group, tmp_path / "platform", url, "campus")
            figures, verdict = await run_outage(platform, url, down, up, outage=60.0, during=30)
        figures["leaderless_queues_elected"] = [q for task in elections for q in await task]
    report("broker outage (60 s, private node SIGKILLed)", figures, verdict)
    assert verdict.ok, verdict.line()
