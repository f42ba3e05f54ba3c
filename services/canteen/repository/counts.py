"""Full stock counts and each canteen's count status in the store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.canteen.domain.counts import Counted, CountStatus, StockCount
from services.canteen.repository import COUNT_STATUS, COUNTS
from services.canteen.repository import stock as batches
from services.canteen.repository.common import day, iso_day, put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query
from shared.uow import UnitOfWork


def count_doc(c: StockCount) -> Doc:
    """The stored count: every batch as found against its book quantity."""
    return {
        "_id": c.count_id,
        "canteen_id": c.canteen_id,
        "counted_on": c.counted_on.isoformat(),
        "counted_at": iso(c.counted_at),
        "counted_by": c.counted_by,
        "lines": [
            {
                "batch_id": x.batch_id,
                "item": x.item,
                "unit": x.unit,
                "book": str(x.book),
                "counted": str(x.counted),
                "reason": x.reason,
            }
            for x in c.lines
        ],
        "discrepancies": len(c.discrepancies),
    }


def count_from_doc(doc: Doc) -> StockCount:
    """Inverse of `count_doc`."""
    return StockCount(
        count_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        counted_on=date.fromisoformat(doc["counted_on"]),
        counted_at=parse_iso(doc["counted_at"]),
        counted_by=doc["counted_by"],
        lines=tuple(
            Counted(
                x["batch_id"],
                x["item"],
                x["unit"],
                Decimal(x["book"]),
                Decimal(x["counted"]),
                x["reason"],
            )
            for x in doc["lines"]
        ),
        version=doc["_v"],
    )


def status_doc(s: CountStatus) -> Doc:
    """The stored count status of a canteen."""
    return {
        "_id": s.canteen_id,
        "tracking_since": s.tracking_since.isoformat(),
        "last_counted_on": iso_day(s.last_counted_on),
        "last_count_id": s.last_count_id,
        "overdue_told_for": iso_day(s.overdue_told_for),
    }


def status_from_doc(doc: Doc) -> CountStatus:
    """Inverse of `status_doc`."""
    return CountStatus(
        canteen_id=doc["_id"],
        tracking_since=date.fromisoformat(doc["tracking_since"]),
        last_counted_on=day(doc["last_counted_on"]),
        last_count_id=doc["last_count_id"],
        overdue_told_for=day(doc["overdue_told_for"]),
        version=doc["_v"],
    )


async def load_status(store: DocumentStore, canteen_id: str) -> CountStatus | None:
    """The canteen's count status, or None before it was first tracked."""
    doc = await store.get(COUNT_STATUS, canteen_id)
    return status_from_doc(doc) if doc is not None else None


def stage_status(uow: UnitOfWork, status: CountStatus) -> None:
    """Stage the count status (conditional on the version read) and its events."""
    put(uow, COUNT_STATUS, status_doc(status), status.version)
    uow.collect(status, subject=status.canteen_id)


def stage(uow: UnitOfWork, count: StockCount, status: CountStatus) -> None:
    """Stage the count, the batches it adjusted with their ledger lines, and the status."""
    uow.insert(COUNTS, count_doc(count))
    for batch in count.adjusted:
        batches.stage(uow, batch)
    uow.collect(count, subject=count.count_id)
    stage_status(uow, status)


async def load(store: DocumentStore, count_id: str) -> StockCount | None:
    """The count, or None."""
    doc = await store.get(COUNTS, count_id)
    return count_from_doc(doc) if doc is not None else None


async def of_canteen(
    store: DocumentStore, canteen_id: str, *, limit: int, cursor: str | None
) -> Paged[StockCount]:
    """A canteen's counts, newest first."""
    query = Query({"canteen_id": canteen_id}, [("counted_on", -1)], limit=limit, after=cursor)
    return Paged.of(await store.find(COUNTS, query), count_from_doc)
