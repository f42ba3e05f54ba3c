"""Batches and the ledger (台帐) in the store, and the expiry scan's daily record."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from services.canteen.domain.stock import Batch, Movement, MovementKind
from services.canteen.repository import BATCHES, LEDGER, SCANS
from services.canteen.repository.common import day, decimal, iso_day, put, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all
from shared.uow import UnitOfWork

IN_STOCK = "in_stock"


def to_doc(batch: Batch) -> Doc:
    """The stored form of a batch; `status` lets queries skip empty batches."""
    return {
        "_id": batch.batch_id,
        "canteen_id": batch.canteen_id,
        "item": batch.item,
        "unit": batch.unit,
        "category": batch.category,
        "supplier_id": batch.supplier_id,
        "delivery_id": batch.delivery_id,
        "line_no": batch.line_no,
        "quantity_received": str(batch.quantity_received),
        "on_hand": str(batch.on_hand),
        "expires_on": batch.expires_on.isoformat(),
        "received_on": batch.received_on.isoformat(),
        "expiry_warned_on": iso_day(batch.expiry_warned_on),
        "unit_price": text_of(batch.unit_price),
        "recalled_by": batch.recalled_by,
        "status": IN_STOCK if batch.on_hand > 0 else "empty",
    }


def from_doc(doc: Doc) -> Batch:
    """Inverse of `to_doc`."""
    return Batch(
        batch_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        item=doc["item"],
        unit=doc["unit"],
        on_hand=Decimal(doc["on_hand"]),
        expires_on=date.fromisoformat(doc["expires_on"]),
        received_on=date.fromisoformat(doc["received_on"]),
        category=doc["category"],
        supplier_id=doc["supplier_id"],
        delivery_id=doc["delivery_id"],
        line_no=doc["line_no"],
        quantity_received=Decimal(doc["quantity_received"]),
        expiry_warned_on=day(doc.get("expiry_warned_on")),
        unit_price=decimal(doc.get("unit_price")),
        recalled_by=doc.get("recalled_by"),
        version=doc["_v"],
    )


def movement_doc(m: Movement) -> Doc:
    """One line of the ledger."""
    return {
        "_id": m.entry_id or f"led-{uuid4().hex[:16]}",
        "canteen_id": m.canteen_id,
        "item": m.item,
        "unit": m.unit,
        "batch_id": m.batch_id,
        "kind": m.kind.value,
        "quantity": str(m.quantity),
        "balance_after": str(m.balance_after),
        "ref": m.ref,
        "reason": m.reason,
        "actor": m.actor,
        "at": iso(m.at),
    }


def movement_from_doc(doc: Doc) -> Movement:
    """Inverse of `movement_doc`."""
    return Movement(
        kind=MovementKind(doc["kind"]),
        canteen_id=doc["canteen_id"],
        item=doc["item"],
        unit=doc["unit"],
        batch_id=doc["batch_id"],
        quantity=Decimal(doc["quantity"]),
        balance_after=Decimal(doc["balance_after"]),
        ref=doc["ref"],
        reason=doc["reason"],
        actor=doc["actor"],
        at=parse_iso(doc["at"]),
        entry_id=doc["_id"],
    )


def stage(uow: UnitOfWork, batch: Batch) -> None:
    """Stage the batch's write, its new ledger lines and its recorded events."""
    put(uow, BATCHES, to_doc(batch), batch.version)
    for movement in batch.movements:
        uow.insert(LEDGER, movement_doc(movement))
    batch.movements.clear()
    uow.collect(batch, subject=batch.batch_id)


async def load(store: DocumentStore, batch_id: str) -> Batch | None:
    """The batch with this id, or None."""
    doc = await store.get(BATCHES, batch_id)
    return from_doc(doc) if doc is not None else None


async def in_stock(store: DocumentStore, canteen_id: str, item: str | None = None) -> list[Batch]:
    """Batches with stock left in one canteen (of one item, in any unit), first expiring first."""
    filter: dict[str, Any] = {"canteen_id": canteen_id, "status": IN_STOCK}
    if item is not None:
        filter["item"] = item
    docs = await find_all(store, BATCHES, filter, [("item", 1), ("expires_on", 1)])
    return [from_doc(d) for d in docs]


async def due_for_warning(
    store: DocumentStore, canteen_id: str, *, horizon: date, limit: int
) -> list[Batch]:
    """Unwarned batches of a canteen with stock expiring on or before `horizon`, soonest first."""
    filter = {
        "canteen_id": canteen_id,
        "status": IN_STOCK,
        "expires_on": {"$lte": horizon.isoformat()},
        "expiry_warned_on": None,
    }
    page = await store.find(BATCHES, Query(filter, [("expires_on", 1)], limit=limit))
    return [from_doc(d) for d in page.items]


async def expiring_by(store: DocumentStore, canteen_id: str, horizon: date) -> list[Batch]:
    """Batches of a canteen with stock expiring on or before `horizon` (expired ones too)."""
    filter = {
        "canteen_id": canteen_id,
        "status": IN_STOCK,
        "expires_on": {"$lte": horizon.isoformat()},
    }
    docs = await find_all(store, BATCHES, filter, [("expires_on", 1)])
    return [from_doc(d) for d in docs]


async def ledger(
    store: DocumentStore, canteen_id: str, *, limit: int, cursor: str | None
) -> Paged[Movement]:
    """A canteen's ledger, newest first."""
    query = Query({"canteen_id": canteen_id}, [("at", -1)], limit=limit, after=cursor)
    page = await store.find(LEDGER, query)
    return Paged([movement_from_doc(d) for d in page.items], page.next_cursor)


async def scanned_on(store: DocumentStore, today: date) -> bool:
    """Whether the daily expiry scan already ran on this campus day."""
    return await store.get(SCANS, today.isoformat()) is not None


def stage_scan_record(uow: UnitOfWork, today: date, *, at: datetime, warned: int) -> None:
    """Record that today's scan ran (its id is the day: a second record is a duplicate)."""
    uow.insert(SCANS, {"_id": today.isoformat(), "ran_at": iso(at), "warned": warned})
