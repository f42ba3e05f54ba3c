"""Use cases of the delivery log across notifications (operations' view of what reached whom)."""

from __future__ import annotations

from services.notifications.domain import access
from services.notifications.domain.channels import Line
from services.notifications.domain.incidents import OPEN_STATES, Incident
from services.notifications.domain.routing import Need
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.recipients import route_again
from services.notifications.repository import deliveries as repo
from services.notifications.repository import incidents as incidents_repo
from services.notifications.repository import rules as rules_repo
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
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
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
        event_type=event_type,
        since=since,
        until=until,
        limit=limit,
        after=cursor,
    )


async def list_incidents(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    state: str | None = None,
    event_type: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> tuple[Paged[Incident], dict[str, tuple[Need, ...]]]:
    """Consumed events and what became of them; `state=undeliverable`: who is missing. Each
    open incident (undeliverable, fallback) comes with what would make it deliverable now."""
    access.require_config_reader(who)
    page = await incidents_repo.page(
        uow.store, state=state, event_type=event_type, limit=limit, after=cursor
    )
    needs: dict[str, tuple[Need, ...]] = {}
    open_ones = [i for i in page.items if i.state in OPEN_STATES]
    if open_ones:
        rules = await rules_repo.all_rules(uow.store)
        for incident in open_ones:
            needs[incident.event_id] = (await route_again(uow.store, incident, rules)).found.needs
    return page, needs
