"""Routes of receiving inspection (验收)."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_receiving import DeliveriesPage, DeliveryCreate, DeliveryRead
from services.canteen.handlers import receiving as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["receiving"])


@router.post(
    "/canteens/{canteen_id}/deliveries",
    response_model=DeliveryRead,
    status_code=201,
    summary="Receive a delivery, inspected line by line (验收)",
)
async def receive_delivery(
    canteen_id: PathId, body: DeliveryCreate, uow: Uow, ctx: Ctx, who: Caller
) -> DeliveryRead:
    """Accepted lines enter the ledger; each rejected line is published with its reason."""
    delivery = await h.receive_delivery(
        uow,
        ctx,
        who,
        canteen_id,
        supplier_id=body.supplier_id,
        delivery_note_no=body.delivery_note_no,
        lines=[line.to_line() for line in body.lines],
    )
    return DeliveryRead.of(delivery)


@router.get(
    "/canteens/{canteen_id}/deliveries", response_model=DeliveriesPage, summary="Deliveries"
)
async def list_deliveries(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, limit: Limit = 50, cursor: Cursor = None
) -> DeliveriesPage:
    """Deliveries of one canteen, newest first."""
    page = await h.list_deliveries(uow, ctx, who, canteen_id, limit=limit, cursor=cursor)
    return DeliveriesPage.of(page)


@router.get(
    "/canteens/{canteen_id}/deliveries/{delivery_id}",
    response_model=DeliveryRead,
    summary="One delivery",
)
async def get_delivery(
    canteen_id: PathId, delivery_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> DeliveryRead:
    """One delivery and its inspection record."""
    return DeliveryRead.of(await h.get_delivery(uow, ctx, who, canteen_id, delivery_id))
