"""Routes of the delivery log across notifications."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.notifications.api.deps import Ctx
from services.notifications.api.schemas import DeliveriesPage
from services.notifications.handlers import deliveries as h
from shared.api import Caller, Cursor, Limit, Uow

router = APIRouter(tags=["deliveries"])


@router.get(
    "/deliveries",
    response_model=DeliveriesPage,
    summary="The delivery log across notifications, latest change first (status=failed: what "
    "did not reach anyone)",
)
async def list_deliveries(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    status: Literal["delivered", "pending", "sending", "sent", "failed"] | None = None,
    channel: Literal["in_app", "email"] | None = None,
    recipient_id: Annotated[str | None, Query(max_length=128)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeliveriesPage:
    """Logistics administrators and operations."""
    page = await h.list_deliveries(
        uow,
        ctx,
        who,
        status=status,
        channel=channel,
        recipient_id=recipient_id,
        limit=limit,
        cursor=cursor,
    )
    return DeliveriesPage.of(page)
