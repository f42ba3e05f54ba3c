"""Persistence of canteens, suppliers, deliveries, batches and the ledger through the store port.

Quantities are stored as decimal strings (exact; a float would let a balance drift below zero)
and calendar dates as `YYYY-MM-DD` strings, which sort and range-filter as dates do.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.canteen.domain.receiving import (
    DocumentKind,
    Supplier,
    SupplierDocument,
    Verdict,
)
from services.canteen.domain.stock import Batch
from shared.store import Doc, DocumentStore, Index, Query

CANTEENS = "canteens"
SUPPLIERS = "suppliers"
DELIVERIES = "deliveries"
BATCHES = "batches"
LEDGER = "ledger"
ISSUES = "issues"
FAULTS = "equipment_faults"
SCANS = "expiry_scans"

INDEXES = (
    Index(DELIVERIES, ("supplier_id", "delivery_note_no"), unique=True),
    Index(DELIVERIES, ("canteen_id", "received_at")),
    Index(BATCHES, ("canteen_id", "item", "unit", "status")),
    Index(BATCHES, ("status", "expires_on")),
    Index(LEDGER, ("canteen_id", "at")),
    Index(LEDGER, ("batch_id", "at")),
    Index(FAULTS, ("canteen_id", "reported_at")),
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso_day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def supplier_from_doc(doc: Doc) -> Supplier:
    """The domain supplier of a stored document."""
    return Supplier(
        supplier_id=doc["_id"],
        name=doc["name"],
        documents=tuple(
            SupplierDocument(DocumentKind(d["kind"]), d["number"], _day(d["expires_on"]))
            for d in doc["documents"]
        ),
        suspended=doc["suspended"],
    )


def supplier_doc(supplier: Supplier, *, contact: str | None, updated_at: str) -> Doc:
    """The stored form of a supplier."""
    return {
        "_id": supplier.supplier_id,
        "name": supplier.name,
        "contact": contact,
        "documents": [
            {"kind": d.kind.value, "number": d.number, "expires_on": _iso_day(d.expires_on)}
            for d in supplier.documents
        ],
        "suspended": supplier.suspended,
        "updated_at": updated_at,
    }


def line_doc(verdict: Verdict) -> Doc:
    """One inspected line of a stored delivery."""
    line = verdict.line
    rate = line.pesticide_inhibition_rate
    return {
        "line_no": line.line_no,
        "item": line.item,
        "category": line.category.value,
        "quantity": str(line.quantity),
        "unit": line.unit,
        "producer": line.producer,
        "production_date": _iso_day(line.production_date),
        "quality_certificate": line.quality_certificate,
        "spoiled": line.spoiled,
        "shelf_life_days": line.shelf_life_days,
        "expires_on": _iso_day(line.expiry()),
        "pesticide_inhibition_rate": str(rate) if rate is not None else None,
        "status": "accepted" if verdict.accepted else "rejected",
        "reason_codes": [r.code for r in verdict.reasons],
        "reasons": [r.text for r in verdict.reasons],
        "batch_id": verdict.batch_id,
    }


def batch_doc(
    verdict: Verdict, *, canteen_id: str, supplier_id: str, delivery_id: str, received_on: date
) -> Doc:
    """The stock batch an accepted line becomes."""
    line = verdict.line
    expiry = line.expiry()
    assert verdict.batch_id is not None and expiry is not None  # accepted lines only
    return {
        "_id": verdict.batch_id,
        "canteen_id": canteen_id,
        "item": line.item,
        "unit": line.unit,
        "category": line.category.value,
        "supplier_id": supplier_id,
        "delivery_id": delivery_id,
        "line_no": line.line_no,
        "quantity_received": str(line.quantity),
        "on_hand": str(line.quantity),
        "expires_on": expiry.isoformat(),
        "received_on": received_on.isoformat(),
        "expiry_warned_on": None,
        "status": "in_stock",
    }


def batch_from_doc(doc: Doc) -> Batch:
    """The domain batch of a stored document."""
    return Batch(
        batch_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        item=doc["item"],
        unit=doc["unit"],
        on_hand=Decimal(doc["on_hand"]),
        expires_on=date.fromisoformat(doc["expires_on"]),
        received_on=date.fromisoformat(doc["received_on"]),
        expiry_warned_on=_day(doc.get("expiry_warned_on")),
    )


def batch_update(doc: Doc, batch: Batch) -> Doc:
    """The stored batch with the domain batch's balance and warning applied."""
    return {
        **doc,
        "on_hand": str(batch.on_hand),
        "expiry_warned_on": _iso_day(batch.expiry_warned_on),
        "status": "in_stock" if batch.on_hand > 0 else "empty",
    }


def ledger_entry(
    *,
    entry_id: str,
    batch: Doc,
    kind: str,
    quantity: Decimal,
    balance_after: Decimal,
    ref: str,
    reason: str | None,
    actor: str | None,
    at: str,
) -> Doc:
    """One movement of the ledger (入库 receipt, 出库 issue, 报损 write-off)."""
    return {
        "_id": entry_id,
        "canteen_id": batch["canteen_id"],
        "item": batch["item"],
        "unit": batch["unit"],
        "batch_id": batch["_id"],
        "kind": kind,
        "quantity": str(quantity),
        "balance_after": str(balance_after),
        "ref": ref,
        "reason": reason,
        "actor": actor,
        "at": at,
    }


async def find_all(
    store: DocumentStore, collection: str, filter: dict[str, Any], sort
) -> list[Doc]:
    """Every matching document, read page by page."""
    out: list[Doc] = []
    after: str | None = None
    while True:
        page = await store.find(collection, Query(filter, sort, limit=500, after=after))
        out.extend(page.items)
        if page.next_cursor is None:
            return out
        after = page.next_cursor


async def stocked_batches(store: DocumentStore, canteen_id: str, item: str, unit: str) -> list[Doc]:
    """Batches of one item with stock left in one canteen."""
    filter = {"canteen_id": canteen_id, "item": item, "unit": unit, "status": "in_stock"}
    return await find_all(store, BATCHES, filter, [("expires_on", 1)])


async def batches_to_scan(
    store: DocumentStore, *, horizon: date, canteen_id: str | None, limit: int
) -> list[Doc]:
    """Unwarned batches with stock expiring on or before `horizon`, soonest first."""
    filter: dict[str, Any] = {
        "status": "in_stock",
        "expires_on": {"$lte": horizon.isoformat()},
        "expiry_warned_on": None,
    }
    if canteen_id is not None:
        filter["canteen_id"] = canteen_id
    page = await store.find(BATCHES, Query(filter, [("expires_on", 1)], limit=limit))
    return page.items
