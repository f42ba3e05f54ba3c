"""Routes of the in-app inbox, the search across notifications and one notification's log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.notifications.api.deps import Ctx, NotificationId
from services.notifications.api.schemas import (
    DeliveryRead,
    NotificationRead,
    NotificationsPage,
    UnreadCount,
)
from services.notifications.handlers import followups
from services.notifications.handlers import inbox as h
from shared.api import Caller, Cursor, Limit, Uow

router = APIRouter(tags=["inbox"])


@router.get(
    "/notifications/me",
    response_model=NotificationsPage,
    summary="The caller's notifications, newest first",
)
async def my_notifications(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    unread: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> NotificationsPage:
    """`unread=true`: only those not yet read."""
    page = await h.my_notifications(uow, ctx, who, unread=unread, limit=limit, cursor=cursor)
    return NotificationsPage.of(page)


@router.get("/notifications/me/unread-count", response_model=UnreadCount)
async def my_unread_count(uow: Uow, ctx: Ctx, who: Caller) -> UnreadCount:
    """How many of the caller's notifications are unread."""
    return UnreadCount(unread=await h.unread_count(uow, ctx, who))


@router.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationRead,
    summary="Mark one of the caller's notifications read (idempotent)",
)
async def read_notification(
    notification_id: NotificationId, uow: Uow, ctx: Ctx, who: Caller
) -> NotificationRead:
    """Someone else's notification is a 404."""
    return NotificationRead.of(await h.mark_read(uow, ctx, who, notification_id))


@router.post(
    "/notifications/{notification_id}/acknowledge",
    response_model=NotificationRead,
    summary="Acknowledge a critical alert: it will not be escalated (idempotent)",
)
async def acknowledge(
    notification_id: NotificationId, uow: Uow, ctx: Ctx, who: Caller
) -> NotificationRead:
    """The recipient only (anyone else: 404); a non-critical one is a 409."""
    return NotificationRead.of(await followups.acknowledge(uow, ctx, who, notification_id))


@router.get(
    "/notifications",
    response_model=NotificationsPage,
    summary="Notifications of everyone, by correlation id, recipient or source event",
)
async def search_notifications(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    correlation_id: Annotated[str | None, Query(max_length=200)] = None,
    recipient_id: Annotated[str | None, Query(max_length=128)] = None,
    source_event_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> NotificationsPage:
    """Logistics administrators and auditors."""
    page = await h.search(
        uow,
        ctx,
        who,
        correlation_id=correlation_id,
        recipient_id=recipient_id,
        source_event_id=source_event_id,
        limit=limit,
        cursor=cursor,
    )
    return NotificationsPage.of(page)


@router.get(
    "/notifications/{notification_id}/deliveries",
    response_model=list[DeliveryRead],
    summary="The delivery log of one notification (its recipient, administrators, auditors)",
)
async def notification_deliveries(
    notification_id: NotificationId, uow: Uow, ctx: Ctx, who: Caller
) -> list[DeliveryRead]:
    """Each channel with its status, attempts, address, next attempt and e-mail history."""
    lines = await h.deliveries_of(uow, ctx, who, notification_id)
    return [DeliveryRead.of(d) for d in lines]
