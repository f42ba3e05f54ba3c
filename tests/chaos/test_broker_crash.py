"""Scenario 4: the broker SIGKILLed while the platform publishes, and started again; 10 runs.

The platform runs against a private RabbitMQ node of the suite's own (tests/brokers.py: its
own name, ports and data directory; the machine's broker is never touched). In each run,
commands stream to assets while the node is SIGKILLed (by the pid in its pid file), keep coming
while it is down (accepted: their events wait in the outbox), and the node is started again on
the same data. Quorum queues keep every message the node confirmed; what was published but not
confirmed stays pending in an outbox and goes out again, and consumers absorb the copies. The
checker: every accepted command's events once in every sink.

After each start, a quorum queue RabbitMQ 3.10 left without a leader (rabbitmq-server#10070) is
given an election, as an operator would (`PrivateNode.elect_leaders`); the figures name them.
Until then its publishes are never confirmed, so the events wait in assets' outbox.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid

import pytest

from tests.brokers import PrivateNode, nodes_available, private_node
from tests.chaos.checker import Ledger, Verdict
from tests.chaos.platform import Platform
from tests.service_procs import process_group

pytestmark = [pytest.mark.broker, pytest.mark.slow]
SKIP = nodes_available()
COMMANDS_PER_PHASE = 6


@pytest.fixture(scope="module")
def node():
    """One private node (about 10-30 s to start), shared by this module's scenarios."""
    if SKIP is not None:
        pytest.skip(reason=SKIP)
    with private_node() as started:
        yield started


async def broker_killed(node: PrivateNode, tmp_path, runs: int) -> Verdict:
    """`runs` kills of the node mid-stream; the checker's verdict over every run."""
    vhost = f"chaos-{uuid.uuid4().hex[:8]}"
    await asyncio.to_thread(node.ctl, "add_vhost", vhost)
    await asyncio.to_thread(node.ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    ledger = Ledger()
    numbers = itertools.count()
    with process_group() as group:
        platform = Platform(node.amqp_url(vhost), "chaos", tmp_path, group)
        await platform.start_all()
        client = platform.client(ledger)
        started = time.monotonic()
        down_seconds = []
        elected: list[str] = []
        async with client.http() as http:

            async def phase() -> None:
                for _ in range(COMMANDS_PER_PHASE):
                    await client.damage_one(http, next(numbers))

            for _ in range(runs):
                sending = asyncio.create_task(phase())
                await asyncio.sleep(0.3)  # mid-stream: relay batches on the wire
                killed_at = await asyncio.to_thread(node.kill)
                await sending
                await phase()  # the broker is down: commands are accepted all the same
                await asyncio.to_thread(node.start)
                await asyncio.to_thread(node.await_startup)
                elected += await asyncio.to_thread(node.elect_leaders)  # rabbitmq-server#10070
                down_seconds.append(round(time.monotonic() - killed_at, 1))
                await phase()
            for process in platform.processes.values():
                await process.wait_ready(timeout=90)  # each reconnected by itself
        verdict = await platform.verdict(f"4 broker SIGKILLed {runs}x mid-stream", ledger, started)
        absorbed = await platform.duplicates()
    print(
        f"broker down (s): {down_seconds}; duplicate deliveries absorbed: {absorbed:.0f}; "
        f"leaderless quorum queues given an election: {elected or 'none'}"
    )
    return verdict


async def test_broker_killed_mid_stream(node, tmp_path):
    verdict = await broker_killed(node, tmp_path, runs=1)
    assert verdict.ok, verdict.line()
    assert verdict.accepted == verdict.commands  # the outbox takes every command while down


@pytest.mark.chaos
@pytest.mark.timeout(1500)
async def test_broker_killed_mid_stream_10_runs(node, tmp_path):
    verdict = await broker_killed(node, tmp_path, runs=10)
    assert verdict.ok, verdict.line()
    assert verdict.accepted == verdict.commands
