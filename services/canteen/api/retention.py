"""Routes of records retention: deleting a purchase-inspection record once it may go."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_counts import PurgeRead
from services.canteen.handlers import retention
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["receiving"])


@router.delete(
    "/canteens/{canteen_id}/deliveries/{delivery_id}",
    response_model=PurgeRead,
    summary="Delete a delivery's inspection record after its retention period",
)
async def purge_delivery(
    canteen_id: PathId, delivery_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> PurgeRead:
    """409 before `kept_until` (食品安全法 第50条: 6 months past shelf life, or 2 years)."""
    return PurgeRead.of(await retention.purge_delivery(uow, ctx, who, canteen_id, delivery_id))
