"""Use cases of receiving inspection (验收): receive a delivery line by line, read deliveries."""

from __future__ import annotations

import uuid

from services.canteen.domain import access
from services.canteen.domain.receiving import Delivery, Line
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import receiving, suppliers
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def receive_delivery(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    supplier_id: str,
    delivery_note_no: str,
    lines: list[Line],
) -> Delivery:
    """Inspect a delivery line by line; accepted lines enter the ledger as batches."""
    access.require_staff(who, canteen_id)
    canteen = await canteen_or_404(uow.store, canteen_id)
    supplier = await suppliers.load(uow.store, supplier_id)
    if supplier is None:
        raise Invalid(f"unknown supplier {supplier_id}", field="supplier_id")
    if await receiving.note_received(uow.store, supplier_id, delivery_note_no):
        raise Conflict(f"delivery note {delivery_note_no} of {supplier_id} was already received")
    delivery = Delivery.receive(
        delivery_id=f"dlv-{uuid.uuid4().hex[:12]}",
        canteen_id=canteen_id,
        supplier=supplier,
        delivery_note_no=delivery_note_no,
        received_on=ctx.today(),
        lines=lines,
        min_remaining_days=canteen.min_remaining_days(ctx.min_remaining_shelf_life_days),
        at=ctx.now(),
        by=who.user_id,
    )
    receiving.stage(uow, delivery)
    await uow.commit()
    log.info(
        "delivery.received",
        delivery_id=delivery.delivery_id,
        accepted=delivery.accepted_lines,
        rejected=delivery.rejected_lines,
    )
    return delivery


async def list_deliveries(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    limit: int,
    cursor: str | None,
) -> Paged[Delivery]:
    """Deliveries of one canteen, newest first."""
    access.require_reader(who, canteen_id)
    return await receiving.of_canteen(uow.store, canteen_id, limit=limit, cursor=cursor)


async def get_delivery(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, delivery_id: str
) -> Delivery:
    """One delivery and its inspection record."""
    access.require_reader(who, canteen_id)
    delivery = await receiving.load(uow.store, delivery_id)
    if delivery is None or delivery.canteen_id != canteen_id:
        raise NotFound(f"no delivery {delivery_id} in canteen {canteen_id}")
    return delivery
