"""Crash and restart: SIGKILL between write and publish loses nothing; a broker restart neither."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys

import httpx
import pytest

from shared.outbox import OUTBOX, amqp_message
from shared.store import Query
from shared.store.sqlite import SQLiteStore
from tests.brokers import PrivateNode, nodes_available, private_node
from tests.harness import eventually, free_port, peek, publish, serve
from tests.integration import sample_service
from tests.integration.test_delivery import note_event
from tests.integration.test_flow import settings_for, token

pytestmark = [pytest.mark.broker, pytest.mark.slow]
FAULT_POINTS = ("after_commit", "relay_before_publish", "relay_after_publish")


async def run_writer(path, url, namespace, run_id, count, faults: str | None) -> int:
    env = {**os.environ, "CAMPUS_FAULTS": faults or ""}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.integration.crash_writer",
        str(path),
        url,
        namespace,
        run_id,
        str(count),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    if faults is None:
        assert proc.returncode == 0, err.decode()[-2000:]
    return proc.returncode


async def test_sigkill_between_write_and_publish_20_times(vhost_url, namespace, tmp_path):
    """20 writer processes killed at a random fault point; after a restart every event arrives."""
    rng = random.Random(20261123)
    store_path = tmp_path / "writer.db"
    app = sample_service.build(settings_for(vhost_url, namespace, tmp_path / "consumer"))
    async with serve(app):
        kills = 0
        for run in range(20):
            point = FAULT_POINTS[run % len(FAULT_POINTS)]
            # 12 notes in relay batches of 4: at least 3 relay passes, so passage 1-3 exists.
            nth = rng.randint(1, 12 if point == "after_commit" else 3)
            code = await run_writer(
                store_path, vhost_url, namespace, f"r{run}", 12, f"{point}:{nth}"
            )
            kills += code == -signal.SIGKILL
        assert kills == 20, "every run must have died at its fault point"
        await run_writer(store_path, vhost_url, namespace, "final", 0, None)

        written = SQLiteStore(store_path)
        await written.open()
        entries = (await written.find(OUTBOX, Query())).items
        await written.close()
        assert entries and all(e["status"] == "sent" for e in entries)
        committed = {e["_id"] for e in entries}
        counts = await eventually(
            lambda: app.runtime.store.get("counts", "all"),
            lambda d: d is not None and d["n"] >= len(committed),
            timeout=60,
        )
    assert sorted(counts["ids"]) == sorted(committed)  # each once: none lost, none twice
    sink = await peek(vhost_url, f"{namespace}.sink")
    written_ids = {m.message_id for m in sink if m.type == "sample.note.written.v1"}
    assert written_ids == committed  # at least once on the wire


async def test_broker_restart_during_a_stream(namespace, tmp_path):
    """`rabbitmqctl stop_app` / `start_app` mid-stream on a private node of the test's own
    (never the machine's broker): both sides recover, nothing is lost."""
    skip = nodes_available()
    if skip is not None:
        pytest.skip(reason=skip)
    with private_node() as node:
        await _restart_during_a_stream(node, namespace, tmp_path)


async def _restart_during_a_stream(node: PrivateNode, namespace: str, tmp_path) -> None:
    app = sample_service.build(settings_for(node.amqp_url(), namespace, tmp_path))
    total = 120
    headers = {"Authorization": f"Bearer {token()}"}
    async with serve(app) as base, httpx.AsyncClient(base_url=base, headers=headers) as http:
        for i in range(total):
            if i == 40:
                await asyncio.to_thread(node.ctl, "stop_app")
            if i == 80:
                await asyncio.to_thread(node.ctl, "start_app")
                await asyncio.to_thread(node.ctl, "await_startup")
            r = await http.post("/notes", json={"note_id": f"s{i}", "text": "stream"})
            assert r.status_code == 201, r.text  # writes during the outage wait in the outbox
            await asyncio.sleep(0.01)
        counts = await eventually(
            lambda: app.runtime.store.get("counts", "all"),
            lambda d: d is not None and d["n"] >= total,
            timeout=90,
            interval=0.5,
        )
        assert counts["n"] == total and len(set(counts["ids"])) == total
        ready = await eventually(lambda: http.get("/ready"), lambda r: r.status_code == 200)
        assert ready.json()["checks"]["broker"] is True


async def test_consumer_killed_between_commit_and_ack_changes_state_once(
    vhost_url, namespace, tmp_path
):
    """SIGKILL after the consumer committed its write, before the ack: redelivery is a no-op."""
    port = free_port()
    args = [sys.executable, "-m", "tests.integration.sample_main", vhost_url, namespace]
    args += [str(tmp_path), str(port)]
    ids = [note_event(f"note {i}", f"n{i}") for i in range(10)]

    async def start(faults: str) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            *args,
            env={**os.environ, "CAMPUS_FAULTS": faults},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with httpx.AsyncClient() as http:
            await eventually(lambda: _ready(http, port), lambda ok: ok, timeout=30)
        return proc

    first = await start("consumer_after_commit:4")
    await publish(
        vhost_url,
        f"{namespace}.events",
        "sample.note.written.v1",
        [amqp_message(e.to_json()) for e in ids],
    )
    assert await asyncio.wait_for(first.wait(), timeout=30) == -signal.SIGKILL
    second = await start("")
    try:
        store = SQLiteStore(tmp_path / "counter.db")
        await store.open()
        counts = await eventually(
            lambda: store.get("counts", "all"), lambda d: d is not None and d["n"] >= 10
        )
        await store.close()
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()
    assert counts["n"] == 10
    assert sorted(counts["ids"]) == sorted(e.id for e in ids)


async def _ready(http: httpx.AsyncClient, port: int) -> bool:
    try:
        return (await http.get(f"http://127.0.0.1:{port}/ready")).status_code == 200
    except httpx.TransportError:
        return False
