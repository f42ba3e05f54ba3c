"""Deliveries and their inspection records in the store; the batches they bring in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.canteen.domain.receiving import Category, Delivery, Line, Reason, Verdict
from services.canteen.repository import DELIVERIES
from services.canteen.repository import stock as batches
from services.canteen.repository.common import day, iso_day
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query
from shared.uow import UnitOfWork


def _line_doc(verdict: Verdict) -> Doc:
    line = verdict.line
    rate = line.pesticide_inhibition_rate
    return {
        "line_no": line.line_no,
        "item": line.item,
        "category": line.category.value,
        "quantity": str(line.quantity),
        "unit": line.unit,
        "producer": line.producer,
        "production_date": iso_day(line.production_date),
        "quality_certificate": line.quality_certificate,
        "spoiled": line.spoiled,
        "shelf_life_days": line.shelf_life_days,
        # The expiry as inspected (printed, or production date plus shelf life).
        "expires_on": iso_day(line.expiry()),
        "pesticide_inhibition_rate": str(rate) if rate is not None else None,
        "unit_price": str(line.unit_price) if line.unit_price is not None else None,
        "status": "accepted" if verdict.accepted else "rejected",
        "reason_codes": [r.code for r in verdict.reasons],
        "reasons": [r.text for r in verdict.reasons],
        "batch_id": verdict.batch_id,
    }


def _verdict(doc: Doc) -> Verdict:
    rate = doc["pesticide_inhibition_rate"]
    line = Line(
        line_no=doc["line_no"],
        item=doc["item"],
        category=Category(doc["category"]),
        quantity=Decimal(doc["quantity"]),
        unit=doc["unit"],
        producer=doc["producer"],
        production_date=day(doc["production_date"]),
        quality_certificate=doc["quality_certificate"],
        spoiled=doc["spoiled"],
        shelf_life_days=doc["shelf_life_days"],
        expires_on=day(doc["expires_on"]),
        pesticide_inhibition_rate=Decimal(rate) if rate is not None else None,
        unit_price=Decimal(doc["unit_price"]) if doc.get("unit_price") is not None else None,
    )
    reasons = tuple(Reason(c, t) for c, t in zip(doc["reason_codes"], doc["reasons"], strict=True))
    return Verdict(line, reasons, doc["batch_id"])


def to_doc(delivery: Delivery) -> Doc:
    """The stored inspection record (验收记录) of a delivery."""
    return {
        "_id": delivery.delivery_id,
        "canteen_id": delivery.canteen_id,
        "supplier_id": delivery.supplier_id,
        "supplier_name": delivery.supplier_name,
        "supplier_problems": list(delivery.supplier_problems),
        "delivery_note_no": delivery.delivery_note_no,
        "received_on": delivery.received_on.isoformat(),
        "received_at": iso(delivery.received_at),
        "inspector_id": delivery.inspector_id,
        "lines": [_line_doc(v) for v in delivery.verdicts],
        "accepted_lines": delivery.accepted_lines,
        "rejected_lines": delivery.rejected_lines,
    }


def from_doc(doc: Doc) -> Delivery:
    """Inverse of `to_doc` (the batches live on in the ledger, not in the delivery)."""
    return Delivery(
        delivery_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        supplier_id=doc["supplier_id"],
        supplier_name=doc["supplier_name"],
        supplier_problems=tuple(doc["supplier_problems"]),
        delivery_note_no=doc["delivery_note_no"],
        received_on=date.fromisoformat(doc["received_on"]),
        received_at=parse_iso(doc["received_at"]),
        inspector_id=doc["inspector_id"],
        verdicts=tuple(_verdict(d) for d in doc["lines"]),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, delivery: Delivery) -> None:
    """Stage the delivery, the batches of its accepted lines with their receipts, its events."""
    uow.insert(DELIVERIES, to_doc(delivery))
    for batch in delivery.batches:
        batches.stage(uow, batch)
    uow.collect(delivery, subject=delivery.delivery_id)


async def load(store: DocumentStore, delivery_id: str) -> Delivery | None:
    """The delivery with this id, or None."""
    doc = await store.get(DELIVERIES, delivery_id)
    return from_doc(doc) if doc is not None else None


async def note_received(store: DocumentStore, supplier_id: str, delivery_note_no: str) -> bool:
    """Whether this supplier's delivery note was already received (a note is received once)."""
    filter = {"supplier_id": supplier_id, "delivery_note_no": delivery_note_no}
    return await store.count(DELIVERIES, filter) > 0


async def of_canteen(
    store: DocumentStore, canteen_id: str, *, limit: int, cursor: str | None
) -> Paged[Delivery]:
    """A canteen's deliveries, newest first."""
    query = Query({"canteen_id": canteen_id}, [("received_at", -1)], limit=limit, after=cursor)
    page = await store.find(DELIVERIES, query)
    return Paged([from_doc(d) for d in page.items], page.next_cursor)
