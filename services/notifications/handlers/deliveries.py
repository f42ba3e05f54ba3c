"""Use cases of the delivery log across notifications (operations' view of what reached whom)."""

from __future__ import annotations

from services.notifications.domain import access
from services.notifications.domain.channels import Line
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as repo
from shared.auth import Principal
from shared.store import Paged
from shared.uow import UnitOfWork


async def list_deliveries(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    status: str | None = None,
    channel: str | None = None,
    recipient_id: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Paged[Line]:
    """The delivery log, latest change first; `status="failed"`: what did not reach anyone."""
    access.require_log_reader(who)
    return await repo.page(
        uow.store,
        status=status,
        channel=channel,
        recipient_id=recipient_id,
        limit=limit,
        after=cursor,
    )
