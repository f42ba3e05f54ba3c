"""A process that commits notes through the outbox and relays them; tests SIGKILL it mid-way.

Usage: python -m tests.integration.crash_writer STORE_PATH AMQP_URL NAMESPACE RUN_ID COUNT
The fault plan comes from CAMPUS_FAULTS (see shared/faults.py).
"""

from __future__ import annotations

import asyncio
import sys

from shared.clock import utcnow
from shared.metrics import Metrics
from shared.outbox import INDEXES, OUTBOX
from shared.relay import OutboxRelay
from shared.store.sqlite import SQLiteStore
from shared.topology import Names
from shared.uow import UnitOfWork
from tests.integration.sample_service import NoteWritten

TOPOLOGY = {"counter": ("sample.note.written.v1",), "sink": ("sample.#",)}


async def main(path: str, url: str, namespace: str, run_id: str, count: int) -> None:
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes(INDEXES)
    relay = OutboxRelay(
        store=store,
        amqp_url=url,
        names=Names(namespace),
        metrics=Metrics("crash-writer"),
        delivery_limit=3,
        window=8,
        batch=4,
        idle_seconds=0.02,
        lease_seconds=0.5,
        subscriptions=TOPOLOGY,
    )
    await relay.start()
    for i in range(count):
        uow = UnitOfWork(store, source="/tests/crash-writer", on_commit=relay.notify)
        note_id = f"{run_id}-{i}"
        uow.emit(NoteWritten(note_id=note_id, text="crash test"), subject=note_id)
        await uow.commit()
        await asyncio.sleep(0.005)
    # Drain: wait until nothing is pending, then stop cleanly.
    while await store.count(OUTBOX, {"status": "pending"}) > 0:
        await asyncio.sleep(0.02)
    await relay.stop()
    await store.close()
    print("drained", utcnow().isoformat(), flush=True)


if __name__ == "__main__":
    path, url, namespace, run_id, count = sys.argv[1:6]
    asyncio.run(main(path, url, namespace, run_id, int(count)))
