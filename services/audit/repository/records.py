"""Recorded events: staging a record with its new head, and every query over the records."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from services.audit.domain import Head, append, is_own_checkpoint
from services.audit.repository import CHAIN, LIST_SORT, RECORDS
from services.audit.repository.chain import head_doc, head_write, load_head
from shared.clock import iso
from shared.store import Doc, DocumentStore, Insert, Operation, Page, Query
from shared.store import pages as store_pages
from shared.uow import UnitOfWork


def stage(uow: UnitOfWork, records: Sequence[Doc], head: Head, previous: Doc | None) -> None:
    """Stage records (in seq order) and the head they move to, the head conditional on the
    version read.

    The head goes first: a writer that lost the race then fails on the head's version (which
    the consumer re-runs in-process), not on a record's id (which it would count as a failed
    delivery).
    """
    doc = head_doc(head, previous, records[-1]["recorded_at"])
    if previous is None:
        uow.insert(CHAIN, doc)
    else:
        uow.replace(CHAIN, doc)
    for record in records:
        uow.insert(RECORDS, record)


async def stored_keys(store: DocumentStore, keys: Sequence[str]) -> set[str]:
    """Which of these dedup keys are already recorded (one read)."""
    if not keys:
        return set()
    page = await store.find(RECORDS, Query({"dedup_key": {"$in": list(keys)}}, limit=len(keys)))
    return {doc["dedup_key"] for doc in page.items}


async def by_seq(store: DocumentStore, seq: int) -> Doc | None:
    """One record by sequence number."""
    page = await store.find(RECORDS, Query({"seq": seq}, limit=1))
    return page.items[0] if page.items else None


async def records_after(store: DocumentStore, seq: int, limit: int) -> list[Doc]:
    """Up to `limit` records with a greater seq, in seq order."""
    page = await store.find(RECORDS, Query({"seq": {"$gt": seq}}, sort=[("seq", 1)], limit=limit))
    return page.items


async def walk(store: DocumentStore, after_seq: int, page: int) -> AsyncIterator[Doc]:
    """Every record after `after_seq` in seq order, read a page at a time."""
    last = after_seq
    while True:
        items = await records_after(store, last, page)
        for item in items:
            yield item
        if len(items) < page:
            return
        last = items[-1]["seq"]


async def search(
    store: DocumentStore, filter: dict[str, Any], *, limit: int, after: str | None = None
) -> Page:
    """One page of matching records in (time, seq) order; `after` is the previous cursor."""
    return await store.find(RECORDS, Query(filter, sort=list(LIST_SORT), limit=limit, after=after))


async def pages(
    store: DocumentStore, filter: dict[str, Any], *, page: int
) -> AsyncIterator[list[Doc]]:
    """Every matching record in (time, seq) order, a page at a time (exports)."""
    async for batch in store_pages(store, RECORDS, filter, list(LIST_SORT), page=page):
        yield batch


async def for_replay(
    store: DocumentStore, types: Sequence[str], since: str, after_seq: int, limit: int
) -> list[Doc]:
    """Records of `types` with event time >= `since`, in seq order, after `after_seq`."""
    filter = {"type": {"$in": list(types)}, "time": {"$gte": since}, "seq": {"$gt": after_seq}}
    page = await store.find(RECORDS, Query(filter, sort=[("seq", 1)], limit=limit))
    return page.items


async def count(store: DocumentStore) -> int:
    """Records held in the store (archived ones excluded)."""
    return await store.count(RECORDS)


async def append_batch(
    store: DocumentStore,
    events: Sequence[dict[str, Any]],
    *,
    recorded_at: datetime,
    own_source: str,
) -> Head:
    """Append events in one atomic write (bulk loads and benchmarks; no dedup check)."""
    head, previous = await load_head(store)
    stamp = iso(recorded_at)
    records: list[Operation] = []
    for event in events:
        quiet = is_own_checkpoint(event, own_source)
        record, head = append(head, event, recorded_at=stamp, quiet=quiet)
        records.append(Insert(RECORDS, record))
    await store.write([head_write(head, previous, stamp), *records])
    return head
