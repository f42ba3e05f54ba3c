"""Scenario 9: maintenance's disk full; writes refused with 503, events wait, nothing lost.

Maintenance keeps its SQLite file on a small filesystem the test mounts; audit writes to the
ordinary disk. Requests are filed and asset-damaged events published (each opens a work
order), then a filler file takes every free block. From then on: a request is refused with a
503 problem (`unavailable`, Retry-After) and leaves nothing behind; events keep arriving and
stay unacknowledged (the consumer counts `store_unavailable` and runs them again), none is
dead-lettered. When the filler goes, every accepted request and every published event shows
once in audit and, for the events, as one work order; no refused request left an effect.

Short version: a tmpfs of 8 MB full for 8 s. `make chaos`: an ext4 image on a loop device,
full for 60 s with more traffic.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from shared.topology import Names
from tests.chaos.checker import Ledger, Outcome, Verdict
from tests.chaos.effects import LedgerClient
from tests.chaos.rig import (
    Platform,
    converge,
    file_request,
    outbox_drained,
    publish_damage,
    ready,
    report,
    seed_locations,
    start_platform,
)
from tests.chaos.smallfs import Filler, mount_available, small_filesystem
from tests.harness import peek, rabbitmqctl
from tests.service_procs import process_group

pytestmark = [pytest.mark.broker, pytest.mark.slow]
SINKS = ("audit",)
DAMAGE_SINKS = ("audit", "maintenance")


async def file_one(client: LedgerClient, base_url: str, n: int) -> httpx.Response | None:
    """One request; a 503 `unavailable` problem is recorded as refused (its write rolled back)."""
    response = await file_request(client, base_url, SINKS, f"full-{n}")
    if response is not None and response.status_code == 503:
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["code"] == "unavailable" and "store" in problem["detail"], problem
        assert response.headers["retry-after"].isdigit()
        command = client.ledger.commands[response.headers["x-correlation-id"]]
        command.outcome = Outcome.REFUSED
    return response


async def held_unacked(url: str, namespace: str, timeout: float = 15.0) -> int:
    """Deliveries maintenance holds unacknowledged, once the broker's figure shows any (its
    statistics lag by a few seconds)."""
    vhost = unquote(urlsplit(url).path.lstrip("/"))
    queue = Names(namespace).queue("maintenance")
    deadline = time.monotonic() + timeout
    while True:
        text = await asyncio.to_thread(
            rabbitmqctl,
            "list_queues",
            "-p",
            vhost,
            "--no-table-headers",
            "name",
            "messages_unacknowledged",
        )
        held = next((int(p[1]) for p in map(str.split, text.splitlines()) if p[:1] == [queue]), 0)
        if held or time.monotonic() > deadline:
            return held
        await asyncio.sleep(1.0)


async def run_disk_full(
    platform: Platform, filler: Filler, url: str, full_seconds: float, events: int
) -> tuple[dict, Verdict]:
    """The scenario on a started platform; its figures and the checker's verdict."""
    figures: dict = {"full_seconds": full_seconds}
    ledger = Ledger()
    maint = platform.services["maintenance"]
    await ready(platform)
    async with httpx.AsyncClient(timeout=30) as http:
        client = LedgerClient(http, ledger)
        await seed_locations(http, maint.base_url)
        n = 0
        for _ in range(10):
            r = await file_one(client, maint.base_url, n := n + 1)
            assert r is not None and r.status_code == 201, r
        await publish_damage(url, platform.namespace, ledger, 5, DAMAGE_SINKS)
        await asyncio.sleep(1.0)

        figures["filler_bytes"] = filler.fill()
        # SQLite may still find room in its pages and WAL for a few: file until one is refused.
        accepted_while_filling = 0
        for _ in range(300):
            r = await file_one(client, maint.base_url, n := n + 1)
            assert r is not None and r.status_code in (201, 503), r
            if r.status_code == 503:
                break
            accepted_while_filling += 1
        else:
            raise AssertionError("the full filesystem never refused a write")
        figures["accepted_after_filling"] = accepted_while_filling
        full_at = time.monotonic()
        published = 0
        statuses: list[int] = []
        while time.monotonic() - full_at < full_seconds:
            r = await file_one(client, maint.base_url, n := n + 1)
            assert r is not None, "no answer from maintenance while its disk was full"
            statuses.append(r.status_code)
            if published < events:
                published += await publish_damage(url, platform.namespace, ledger, 2, DAMAGE_SINKS)
            await asyncio.sleep(0.3)
        figures["unacked_while_full"] = await held_unacked(url, platform.namespace)
        assert figures["unacked_while_full"] > 0, "no event was held unacknowledged"
        figures["refused_503"] = 1 + statuses.count(503)
        figures["accepted_while_full"] = statuses.count(201)
        figures["published_while_full"] = published
        assert set(statuses) <= {201, 503}, statuses
        waiting = await maint.metric(
            "campus_events_consumed_total", consumer="maintenance", outcome="store_unavailable"
        )
        figures["handler_runs_refused"] = int(waiting)
        assert waiting > 0, "no event met the full store"
        dead = await peek(url, Names(platform.namespace).dead_letter_queue("maintenance"))
        assert dead == [], f"{len(dead)} events dead-lettered while the disk was full"

        filler.release()
        freed = time.monotonic()
        figures["full_for_seconds"] = round(freed - full_at, 1)
        after = [await file_one(client, maint.base_url, n := n + 1) for _ in range(5)]
        assert all(r is not None and r.status_code == 201 for r in after), after
        verdict = await converge("disk full", platform, ledger, timeout=120)
        figures["drained_after_seconds"] = round(time.monotonic() - freed, 1)
        figures["outbox_waiting_after"] = await outbox_drained(platform)
        dead = await peek(url, Names(platform.namespace).dead_letter_queue("maintenance"))
        figures["dead_lettered"] = len(dead)
    return figures, verdict


async def _scenario(vhost_url, namespace, tmp_path, *, kind, megabytes, full_seconds, events):
    reason = mount_available()
    if reason is not None:
        pytest.skip(reason=reason)
    with small_filesystem(tmp_path / "maintenance", megabytes=megabytes, kind=kind) as mount:
        filler = Filler(mount)
        with process_group() as group:
            platform = start_platform(
                group, tmp_path, vhost_url, namespace, services=("maintenance", "audit")
            )
            figures, verdict = await run_disk_full(
                platform, filler, vhost_url, full_seconds, events
            )
        filler.release()
    figures["filesystem"] = f"{kind} {megabytes} MB"
    report(f"disk full ({kind})", figures, verdict)
    assert verdict.ok, verdict.line()
    assert figures["outbox_waiting_after"] == 0 and figures["dead_lettered"] == 0, figures


async def test_a_full_tmpfs_refuses_requests_and_holds_events_then_loses_nothing(
    vhost_url, namespace, tmp_path
):
    await _scenario(
        vhost_url, namespace, tmp_path, kind="tmpfs", megabytes=8, full_seconds=8, events=6
    )


@pytest.mark.chaos
@pytest.mark.timeout(900)
async def test_a_full_ext4_image_for_60_s(vhost_url, namespace, tmp_path):
    await _scenario(
        vhost_url, namespace, tmp_path, kind="ext4", megabytes=16, full_seconds=60, events=40
    )
