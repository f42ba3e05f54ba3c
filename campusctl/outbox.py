"""Operating a service's outbox: what is stuck and why, and sending it again.

`campus outbox list canteen` shows the entries that are not sent (failed first), with their
attempts and last error; `campus outbox retry canteen --all` (or `--id …`) puts failed entries
back to pending with a fresh budget, once the cause (a missing binding, a broker policy) is
fixed. It works on the service's store directly, while the service runs or not: a retry is a
conditional replace, so it never races the relay into a lost update.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shared.outbox import FAILED, OUTBOX, PENDING, RETRYING
from shared.store import Doc, DocumentStore, Replace, scan, store_from_url


@dataclass(frozen=True)
class Stuck:
    """One outbox entry that is not sent."""

    event_id: str
    type: str
    status: str
    attempts: int
    created_at: str
    last_error: str | None


def store_url(service: str, *, store: str | None, data_dir: str | Path) -> str:
    """The service's store: the URL given, or its SQLite file under the data directory."""
    if store:
        return store
    return f"sqlite:///{(Path(data_dir) / f'{service}.db').resolve()}"


async def _open(url: str) -> DocumentStore:
    store = store_from_url(url)
    await store.open()
    return store


async def list_stuck(
    url: str, statuses: Sequence[str] = (FAILED, RETRYING, PENDING)
) -> list[Stuck]:
    """Entries not sent, by status in the order given, oldest first within each."""
    store = await _open(url)
    try:
        found: list[Stuck] = []
        for status in statuses:
            async for doc in scan(store, OUTBOX, {"status": status}, [("order", 1)]):
                found.append(_stuck(doc))
        return found
    finally:
        await store.close()


async def retry(url: str, event_ids: Sequence[str] | None = None) -> int:
    """Put failed entries (all, or the given ids) back to pending; how many were."""
    store = await _open(url)
    try:
        wanted = set(event_ids) if event_ids else None
        ops = [
            Replace(OUTBOX, _fresh(doc), doc["_v"])
            async for doc in scan(store, OUTBOX, {"status": FAILED}, [("order", 1)])
            if wanted is None or doc["_id"] in wanted
        ]
        if ops:
            await store.write(ops)
        return len(ops)
    finally:
        await store.close()


def _fresh(doc: Doc) -> Doc:
    return {**doc, "status": PENDING, "attempts": 0, "next_attempt_at": None, "failed_at": None}


def _stuck(doc: Doc) -> Stuck:
    return Stuck(
        event_id=doc["_id"],
        type=doc["routing_key"],
        status=doc["status"],
        attempts=doc["attempts"],
        created_at=doc["created_at"],
        last_error=doc.get("last_error"),
    )
