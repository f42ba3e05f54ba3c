"""Latency from event to inbox and to webhook at a paced load, beside a bare broker round trip.

Run: `./campus bench notifications [RATE [SECONDS]]` (default 20 events/s for 10 s; needs the
machine's RabbitMQ; a temporary vhost, a SQLite store, the example receiver as a process).
Each event is `canteen.inspection.failed.v1` for canteen south: its manager's in-app
notification and one signed webhook to the receiver. The baseline is the same broker carrying
the same events to a bare consumer (publish → ack), measured in the same run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import httpx

from services.notifications.main import build
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from shared.clock import parse_iso
from shared.envelope import EventData, EventRegistry, make_envelope
from shared.outbox import amqp_message
from tests.harness import free_port, serve, temporary_vhost

ROOT = Path(__file__).resolve().parents[1]
registry = EventRegistry()


@registry.register("canteen.inspection.failed.v1")
class InspectionFailed(EventData):
    canteen_id: str
    inspection_id: str
    item: str
    finding: str


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def line(name: str, values: list[float], base: float | None) -> str:
    p50 = pct(values, 50)
    ratio = f"  ({p50 / base:.1f}x baseline p50)" if base else ""
    return (
        f"{name:<22} n={len(values):<5} p50={p50:8.1f} ms  p95={pct(values, 95):8.1f} ms  "
        f"p99={pct(values, 99):8.1f} ms{ratio}"
    )


async def baseline(url: str, rate: float, count: int) -> list[float]:
    """Publish → a bare consumer's receipt, paced the same way."""
    conn = await aio_pika.connect(url)
    seen: list[float] = []
    done = asyncio.Event()
    channel = await conn.channel(publisher_confirms=True)
    queue = await channel.declare_queue("bench.baseline", exclusive=True)

    async def on(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        seen.append(time.time() - float(message.body))
        await message.ack()
        if len(seen) == count:
            done.set()

    await queue.consume(on)
    for _ in range(count):
        await channel.default_exchange.publish(
            aio_pika.Message(str(time.time()).encode()), "bench.baseline"
        )
        await asyncio.sleep(1 / rate)
    await asyncio.wait_for(done.wait(), 60)
    await conn.close()
    return seen


async def main(rate: float, seconds: float) -> None:
    count = int(rate * seconds)
    with temporary_vhost("campus-bench") as url, tempfile.TemporaryDirectory() as tmp:
        base = await baseline(url, rate, count)
        hook, log = free_port(), Path(tmp) / "received.jsonl"
        receiver = subprocess.Popen(  # noqa: ASYNC220 (returns at once; started once per run)
            [
                sys.executable,
                str(ROOT / "examples" / "webhook_receiver.py"),
                "--port",
                str(hook),
                "--secret",
                "bench-secret-123",
                "--log",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
        )
        settings = NotificationsSettings(
            amqp_url=url,
            namespace="bench",
            data_dir=Path(tmp),
            webhook_poll_seconds=0.05,
            email_poll_seconds=1.0,
        )
        admin = {
            "Authorization": "Bearer "
            + mint_token(AuthSettings(), sub="a", roles=["logistics_admin"], scopes={})
        }
        try:
            async with (
                serve(build(settings)) as api,
                httpx.AsyncClient(base_url=api, timeout=30) as http,
            ):
                await http.put(
                    "/people/u-south",
                    headers=admin,
                    json={
                        "name": "南区经理",
                        "roles": ["canteen_manager"],
                        "scopes": {"canteen": ["south"]},
                    },
                )
                await http.put(
                    "/endpoints/hook",
                    headers=admin,
                    json={
                        "kind": "webhook",
                        "name": "campus system",
                        "secret": "bench-secret-123",
                        "scopes": {"canteen": ["south"]},
                        "url": f"http://127.0.0.1:{hook}/hook",
                    },
                )
                conn = await aio_pika.connect(url)
                channel = await conn.channel(publisher_confirms=True)
                exchange = await channel.get_exchange("bench.events", ensure=False)
                sent: dict[str, float] = {}
                for i in range(count):
                    event = make_envelope(
                        InspectionFailed(
                            canteen_id="south", inspection_id=f"I-{i}", item="砧板", finding="混用"
                        ),
                        source="/bench",
                        subject=None,
                        correlation_id=None,
                        causation_id=None,
                        actor=None,
                        now=datetime.now(UTC),
                    )
                    sent[event.id] = event.time.timestamp()
                    await exchange.publish(
                        amqp_message(event.to_json()), routing_key=event.type, mandatory=True
                    )
                    await asyncio.sleep(1 / rate)
                await conn.close()
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    hooks = (
                        [json.loads(x) for x in log.read_text().splitlines()]
                        if log.exists()
                        else []
                    )
                    if len([h for h in hooks if h.get("kind") == "webhook"]) >= count:
                        break
                    await asyncio.sleep(0.5)
                me = {
                    "Authorization": "Bearer "
                    + mint_token(
                        AuthSettings(), sub="u-south", roles=["canteen_manager"], scopes={}
                    )
                }
                inbox, cursor = [], None
                while True:
                    page = (
                        await http.get(
                            "/notifications/me",
                            headers=me,
                            params={"limit": 200, **({"cursor": cursor} if cursor else {})},
                        )
                    ).json()
                    inbox += page["items"]
                    cursor = page["next_cursor"]
                    if cursor is None:
                        break
        finally:
            receiver.terminate()
            receiver.wait(10)
        to_inbox = [
            parse_iso(n["created_at"]).timestamp() - sent[n["source_event_id"]] for n in inbox
        ]
        to_hook = [
            h["received_at"] - sent[h["message"]["event"]["id"]]
            for h in hooks
            if h.get("kind") == "webhook"
        ]
    b = pct(base, 50)
    print(f"{count} events at {rate:g}/s (SQLite store, one process, 2-core machine)")
    print(line("broker round trip", base, None))
    print(line("event -> inbox", to_inbox, b))
    print(line("event -> webhook", to_hook, b))


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:]]
    asyncio.run(main(args[0] if args else 20.0, args[1] if len(args) > 1 else 10.0))
