"""Use cases of the catalogue and of receiving: canteens, suppliers, deliveries, faults."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from services.canteen import repository as repo
from services.canteen.domain import receiving
from services.canteen.events import EquipmentFaultReported
from services.canteen.handlers import canteen_or_404
from shared.clock import iso
from shared.errors import Conflict, Invalid
from shared.logging import get_logger
from shared.store import Doc
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def _upsert(
    uow: UnitOfWork, collection: str, doc: Doc, compare: tuple[str, ...]
) -> tuple[Doc, bool]:
    """Insert or replace `doc`; nothing is written when the compared fields are unchanged."""
    existing = await uow.store.get(collection, doc["_id"])
    if existing is not None and all(existing.get(k) == doc.get(k) for k in compare):
        return existing, False
    if existing is None:
        uow.insert(collection, doc)
    else:
        uow.replace(collection, {**doc, "_v": existing["_v"]})
    await uow.commit()
    saved = await uow.store.get(collection, doc["_id"])
    assert saved is not None
    return saved, True


async def save_canteen(
    uow: UnitOfWork, canteen_id: str, fields: dict[str, Any]
) -> tuple[Doc, bool]:
    """Register or update a canteen (its building, its minimum remaining shelf life)."""
    doc = {"_id": canteen_id, **fields, "updated_at": iso(uow.clock())}
    return await _upsert(uow, repo.CANTEENS, doc, tuple(fields))


async def save_supplier(
    uow: UnitOfWork, supplier: receiving.Supplier, *, contact: str | None
) -> tuple[Doc, bool]:
    """Register or update a supplier and its documents."""
    doc = repo.supplier_doc(supplier, contact=contact, updated_at=iso(uow.clock()))
    return await _upsert(uow, repo.SUPPLIERS, doc, ("name", "contact", "documents", "suspended"))


async def receive_delivery(
    uow: UnitOfWork,
    *,
    canteen_id: str,
    supplier_id: str,
    delivery_note_no: str,
    lines: list[receiving.Line],
    today: date,
    default_min_days: int,
) -> Doc:
    """Inspect a delivery line by line; accepted lines enter the ledger as batches."""
    canteen = await canteen_or_404(uow, canteen_id)
    supplier_doc = await uow.store.get(repo.SUPPLIERS, supplier_id)
    if supplier_doc is None:
        raise Invalid(f"unknown supplier {supplier_id}", field="supplier_id")
    same_note = await uow.store.count(
        repo.DELIVERIES, {"supplier_id": supplier_id, "delivery_note_no": delivery_note_no}
    )
    if same_note:
        raise Conflict(f"delivery note {delivery_note_no} of {supplier_id} was already received")
    supplier = repo.supplier_from_doc(supplier_doc)
    min_days = canteen.get("min_remaining_shelf_life_days")
    delivery_id = f"dlv-{uuid.uuid4().hex[:12]}"
    receipt = receiving.receive(
        delivery_id=delivery_id,
        canteen_id=canteen_id,
        supplier=supplier,
        delivery_note_no=delivery_note_no,
        received_on=today,
        lines=lines,
        min_remaining_days=default_min_days if min_days is None else min_days,
    )
    stamp = iso(uow.clock())
    accepted = [v for v in receipt.verdicts if v.accepted]
    doc: Doc = {
        "_id": delivery_id,
        "canteen_id": canteen_id,
        "supplier_id": supplier_id,
        "supplier_name": supplier.name,
        "supplier_problems": receiving.qualification_problems(supplier, today),
        "delivery_note_no": delivery_note_no,
        "received_on": today.isoformat(),
        "received_at": stamp,
        "inspector_id": uow.actor,
        "lines": [repo.line_doc(v) for v in receipt.verdicts],
        "accepted_lines": len(accepted),
        "rejected_lines": len(receipt.verdicts) - len(accepted),
    }
    uow.insert(repo.DELIVERIES, doc)
    for verdict in accepted:
        batch = repo.batch_doc(
            verdict,
            canteen_id=canteen_id,
            supplier_id=supplier_id,
            delivery_id=delivery_id,
            received_on=today,
        )
        uow.insert(repo.BATCHES, batch)
        uow.insert(
            repo.LEDGER,
            repo.ledger_entry(
                entry_id=f"led-{uuid.uuid4().hex[:16]}",
                batch=batch,
                kind="receipt",
                quantity=verdict.line.quantity,
                balance_after=verdict.line.quantity,
                ref=delivery_id,
                reason=None,
                actor=uow.actor,
                at=stamp,
            ),
        )
    for event in receipt.events:
        uow.emit(event, subject=delivery_id)
    await uow.commit()
    log.info(
        "delivery.received",
        delivery_id=delivery_id,
        accepted=doc["accepted_lines"],
        rejected=doc["rejected_lines"],
    )
    return {**doc, "_v": 1}


async def report_fault(
    uow: UnitOfWork, *, canteen_id: str, equipment_tag: str, description: str
) -> Doc:
    """Record an equipment fault; maintenance opens a work order from the event."""
    canteen = await canteen_or_404(uow, canteen_id)
    fault_id = f"flt-{uuid.uuid4().hex[:12]}"
    doc: Doc = {
        "_id": fault_id,
        "canteen_id": canteen_id,
        "building_id": canteen["building_id"],
        "equipment_tag": equipment_tag,
        "description": description,
        "reported_by": uow.actor,
        "reported_at": iso(uow.clock()),
    }
    uow.insert(repo.FAULTS, doc)
    uow.emit(
        EquipmentFaultReported(
            fault_id=fault_id,
            canteen_id=canteen_id,
            campus_id=canteen["campus_id"],
            building_id=canteen["building_id"],
            equipment_tag=equipment_tag,
            description=description,
        ),
        subject=fault_id,
    )
    await uow.commit()
    log.info("equipment.fault_reported", fault_id=fault_id, equipment_tag=equipment_tag)
    return {**doc, "_v": 1}
