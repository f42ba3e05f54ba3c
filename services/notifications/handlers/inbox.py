"""Use cases of the in-app inbox: one's own notifications, reading them, searching everyone's."""

from __future__ import annotations

from services.notifications.domain import access
from services.notifications.domain.channels import Line
from services.notifications.domain.notices import Notification
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as delivery_repo
from services.notifications.repository import notices as repo
from shared.auth import Principal
from shared.store import Paged
from shared.uow import UnitOfWork


async def my_notifications(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    unread: bool = False,
    limit: int,
    cursor: str | None = None,
) -> Paged[Notification]:
    """The caller's notifications, newest first (only the unread ones, if asked)."""
    return await repo.page(
        uow.store,
        recipient_id=who.user_id,
        status="unread" if unread else None,
        limit=limit,
        after=cursor,
    )


async def unread_count(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> int:
    """How many of the caller's notifications are unread."""
    return await repo.unread(uow.store, who.user_id)


async def mark_read(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, notification_id: str
) -> Notification:
    """Mark one of the caller's notifications read; reading twice changes nothing."""
    note = access.require_recipient(
        who, await repo.load(uow.store, notification_id), notification_id
    )
    read = note.read(at=ctx.now())
    if read is note:
        return note
    repo.stage(uow, read)
    await uow.commit()
    return read


async def search(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    correlation_id: str | None = None,
    recipient_id: str | None = None,
    source_event_id: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Paged[Notification]:
    """Everyone's notifications by correlation id, recipient or source event, newest first."""
    access.require_directory_reader(who)
    return await repo.page(
        uow.store,
        correlation_id=correlation_id,
        recipient_id=recipient_id,
        source_event_id=source_event_id,
        limit=limit,
        after=cursor,
    )


async def deliveries_of(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, notification_id: str
) -> list[Line]:
    """The delivery log of one notification: each channel, its status and attempts."""
    access.require_log_of(who, await repo.load(uow.store, notification_id), notification_id)
    return await delivery_repo.log_of(uow.store, notification_id)
