"""Routes of the delivery log across notifications."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.notifications.api.deps import Ctx
from services.notifications.api.schemas import DeliveriesPage
from services.notifications.api.schemas_config import IncidentsPage
from services.notifications.handlers import deliveries as h
from shared.api import Caller, Cursor, Limit, Uow
from shared.clock import iso
from shared.types import Moment

Channel = Literal["in_app", "email", "sms", "webhook", "wecom", "dingtalk", "feishu"]
EventType = Annotated[str | None, Query(max_length=200, pattern=r"^[a-z0-9_.]+$")]

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
    channel: Channel | None = None,
    recipient_id: Annotated[str | None, Query(max_length=128)] = None,
    event_type: EventType = None,
    since: Annotated[Moment | None, Query(description="last change at or after")] = None,
    until: Annotated[Moment | None, Query(description="last change before")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeliveriesPage:
    """Logistics administrators and operations; every filter given narrows the list."""
    page = await h.list_deliveries(
        uow,
        ctx,
        who,
        status=status,
        channel=channel,
        recipient_id=recipient_id,
        event_type=event_type,
        since=iso(since) if since else None,
        until=iso(until) if until else None,
        limit=limit,
        cursor=cursor,
    )
    return DeliveriesPage.of(page)


@router.get(
    "/incidents",
    response_model=IncidentsPage,
    summary="Consumed events and what became of them (state=undeliverable: who is missing)",
)
async def list_incidents(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    state: Literal["routed", "fallback", "undeliverable"] | None = None,
    event_type: EventType = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> IncidentsPage:
    """Logistics administrators, auditors and operations; an open one (undeliverable,
    fallback) says in `needs` what would let it reach someone now."""
    page, needs = await h.list_incidents(
        uow, ctx, who, state=state, event_type=event_type, limit=limit, cursor=cursor
    )
    return IncidentsPage.of(page, needs)
