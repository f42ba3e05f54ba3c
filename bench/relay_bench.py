"""Outbox relay throughput: one confirm in flight (the baseline) against a window of confirms.

Run: `./campus bench relay` (needs the machine's RabbitMQ; uses a temporary vhost).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from shared.metrics import Metrics
from shared.outbox import INDEXES, OUTBOX
from shared.relay import OutboxRelay
from shared.store.sqlite import SQLiteStore
from shared.topology import Names
from shared.uow import UnitOfWork
from tests.harness import temporary_vhost
from tests.integration.sample_service import NoteWritten

EVENTS = 5000
TOPOLOGY = {"sink": ("sample.#",)}


async def fill(store: SQLiteStore, count: int) -> None:
    """Commit `count` events in units of 100, as a busy service would."""
    for start in range(0, count, 100):
        uow = UnitOfWork(store, source="/bench")
        for i in range(start, min(start + 100, count)):
            uow.emit(NoteWritten(note_id=f"n{i}", text="bench"), subject=f"n{i}")
        await uow.commit()


async def run(url: str, window: int, workdir: Path, events: int) -> float:
    """Seconds for one relay to publish EVENTS with `window` confirms in flight."""
    store = SQLiteStore(workdir / f"w{window}.db")
    await store.open()
    await store.ensure_indexes(INDEXES)
    await fill(store, events)
    names = Names(f"bench{window}")
    relay = OutboxRelay(
        store=store,
        amqp_url=url,
        names=names,
        metrics=Metrics(f"bench{window}"),
        delivery_limit=5,
        window=window,
        batch=500,
        subscriptions=TOPOLOGY,
    )
    started = time.perf_counter()
    await relay.start()
    while await store.count(OUTBOX, {"status": "pending"}):
        await asyncio.sleep(0.01)
    took = time.perf_counter() - started
    await relay.stop()
    await store.close()
    return took


async def measure(events: int) -> None:
    """Print events/s for each window and the ratio to the one-at-a-time baseline."""
    with temporary_vhost("campus-bench") as url, tempfile.TemporaryDirectory() as tmp:
        baseline = await run(url, 1, Path(tmp), events)
        print(f"window    1: {events / baseline:8.0f} events/s  (baseline)")
        for window in (16, 64, 256):
            took = await run(url, window, Path(tmp), events)
            print(f"window {window:4d}: {events / took:8.0f} events/s  x{baseline / took:.1f}")


def main() -> None:
    """Entry point for `python -m bench relay [--events N]`."""
    parser = argparse.ArgumentParser(prog="bench relay")
    parser.add_argument("--events", type=int, default=EVENTS)
    events = parser.parse_args().events
    print(f"{events} events, persistent, publisher confirms, marked sent after each confirm")
    asyncio.run(measure(events))


if __name__ == "__main__":
    main()
