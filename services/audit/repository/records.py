"""Audit persistence through the document-store port.

Collections:
- `audit_records`: one document per recorded event (see `domain.chain.append`), `_id` = seq.
- `audit_chain`: three small documents: `head` (last seq and hash), `checkpoint` (the last
  published checkpoint) and `base` (where the stored chain starts after archiving).
- `audit_archives`: one manifest per archive file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from services.audit.domain import GENESIS_HASH, Head, LastCheckpoint, append, is_own_checkpoint
from shared.clock import iso, parse_iso
from shared.store import (
    Doc,
    DocumentStore,
    DuplicateKeyError,
    Index,
    Insert,
    Operation,
    Page,
    Query,
    Replace,
)

RECORDS = "audit_records"
CHAIN = "audit_chain"
ARCHIVES = "audit_archives"

#: Every list query sorts by (time, seq); each equality filter has an index that serves it.
LIST_SORT = (("time", 1), ("seq", 1))

INDEXES = (
    Index(RECORDS, ("dedup_key",), unique=True),
    Index(RECORDS, ("seq",), unique=True),
    Index(RECORDS, ("time", "seq", "_id")),
    Index(RECORDS, ("subject", "time", "seq", "_id")),
    Index(RECORDS, ("actor", "time", "seq", "_id")),
    Index(RECORDS, ("type", "time", "seq", "_id")),
    Index(RECORDS, ("source", "time", "seq", "_id")),
    Index(RECORDS, ("correlation_id", "time", "seq", "_id")),
    Index(RECORDS, ("type", "seq")),
    Index(ARCHIVES, ("first_seq",)),
)


def head_of(doc: Doc | None) -> Head:
    """The domain head from its document (an empty chain when there is none)."""
    if doc is None:
        return Head()
    return Head(seq=doc["seq"], hash=doc["hash"], significant_seq=doc["significant_seq"])


def head_doc(head: Head, previous: Doc | None, now: str) -> Doc:
    """The head document for `head`, carrying the version it was read with."""
    doc: Doc = {
        "_id": "head",
        "seq": head.seq,
        "hash": head.hash,
        "significant_seq": head.significant_seq,
        "updated_at": now,
    }
    if previous is not None:
        doc["_v"] = previous["_v"]
    return doc


def head_write(head: Head, previous: Doc | None, now: str) -> Operation:
    """Insert the first head or replace the one read (conditional on its version)."""
    doc = head_doc(head, previous, now)
    if previous is None:
        return Insert(CHAIN, doc)
    return Replace(CHAIN, doc, previous["_v"])


class AuditRepository:
    """Reads of the chain and its records; writes are staged in a unit of work."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store

    async def prepare(self, now: datetime) -> None:
        """Create the head, checkpoint and base documents once (other processes may race)."""
        starts = {
            "head": {"seq": 0, "hash": GENESIS_HASH, "significant_seq": 0, "updated_at": iso(now)},
            "checkpoint": {"seq": 0, "head_hash": GENESIS_HASH, "at": iso(now)},
            "base": {"seq": 0, "hash": GENESIS_HASH, "archives": 0},
        }
        for doc_id, body in starts.items():
            if await self.store.get(CHAIN, doc_id) is None:
                try:
                    await self.store.insert(CHAIN, {"_id": doc_id, **body})
                except DuplicateKeyError:
                    continue  # another process created it first: same content

    async def head(self) -> tuple[Head, Doc | None]:
        """The chain head and its document (None before the first record)."""
        doc = await self.store.get(CHAIN, "head")
        return head_of(doc), doc

    async def last_checkpoint(self) -> tuple[LastCheckpoint | None, Doc | None]:
        """The last published checkpoint and its document (None before `prepare`)."""
        doc = await self.store.get(CHAIN, "checkpoint")
        if doc is None:
            return None, None
        return LastCheckpoint(doc["seq"], doc["head_hash"], parse_iso(doc["at"])), doc

    async def base(self) -> Doc:
        """Where the stored chain starts: seq and hash of the last archived record."""
        doc = await self.store.get(CHAIN, "base")
        return doc or {"_id": "base", "seq": 0, "hash": GENESIS_HASH, "archives": 0}

    async def by_dedup_key(self, key: str) -> Doc | None:
        """The record of an event already stored, or None."""
        page = await self.store.find(RECORDS, Query({"dedup_key": key}, limit=1))
        return page.items[0] if page.items else None

    async def by_seq(self, seq: int) -> Doc | None:
        """One record by sequence number."""
        page = await self.store.find(RECORDS, Query({"seq": seq}, limit=1))
        return page.items[0] if page.items else None

    async def records_after(self, seq: int, limit: int) -> list[Doc]:
        """Up to `limit` records with a greater seq, in seq order."""
        page = await self.store.find(
            RECORDS, Query({"seq": {"$gt": seq}}, sort=[("seq", 1)], limit=limit)
        )
        return page.items

    async def walk(self, after_seq: int, page: int) -> AsyncIterator[Doc]:
        """Every record after `after_seq` in seq order, read a page at a time."""
        last = after_seq
        while True:
            items = await self.records_after(last, page)
            for item in items:
                yield item
            if len(items) < page:
                return
            last = items[-1]["seq"]

    async def search(self, filter: dict[str, Any], *, limit: int, after: str | None = None) -> Page:
        """One page of matching records in (time, seq) order; `after` is the previous cursor."""
        return await self.store.find(
            RECORDS, Query(filter, sort=list(LIST_SORT), limit=limit, after=after)
        )

    async def for_replay(
        self, types: Sequence[str], since: str, after_seq: int, limit: int
    ) -> list[Doc]:
        """Records of `types` with event time >= `since`, in seq order, after `after_seq`."""
        filter = {"type": {"$in": list(types)}, "time": {"$gte": since}, "seq": {"$gt": after_seq}}
        page = await self.store.find(RECORDS, Query(filter, sort=[("seq", 1)], limit=limit))
        return page.items

    async def archives(self) -> list[Doc]:
        """Every archive manifest in chain order."""
        page = await self.store.find(ARCHIVES, Query(sort=[("first_seq", 1)]))
        return page.items

    async def count(self) -> int:
        """Records held in the store (archived ones excluded)."""
        return await self.store.count(RECORDS)

    async def append_batch(
        self, events: Sequence[dict[str, Any]], *, recorded_at: datetime, own_source: str
    ) -> Head:
        """Append events in one atomic write (bulk loads and benchmarks; no dedup check)."""
        head, previous = await self.head()
        stamp = iso(recorded_at)
        records: list[Operation] = []
        for event in events:
            quiet = is_own_checkpoint(event, own_source)
            record, head = append(head, event, recorded_at=stamp, quiet=quiet)
            records.append(Insert(RECORDS, record))
        await self.store.write([head_write(head, previous, stamp), *records])
        return head
