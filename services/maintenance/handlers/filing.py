"""Opening work orders: a request from the web or a phone call, and the one way any order is
built and staged (QR codes, events from other services and schedules use it too)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from services.maintenance.domain import access
from services.maintenance.domain.locations import Place
from services.maintenance.domain.qr import follow_up_key
from services.maintenance.domain.ticket_parts import Photo
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import Category, Channel, Priority
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.places import resolve_place
from services.maintenance.repository import tickets as repo
from shared.auth import Principal
from shared.context import caused_by, current
from shared.envelope import new_event_id
from shared.errors import Invalid
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Filed:
    """A new order, with the follow-up key of a requester without an account (else None)."""

    ticket: Ticket
    follow_up_key: str | None = None


def new_ticket_id(now: datetime) -> str:
    """A readable, unique work-order number: WO-<date>-<random>."""
    return f"WO-{now:%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


@contextmanager
def in_story(correlation_id: str | None) -> Iterator[None]:
    """Events staged inside join this story (an order's correlation id) rather than whatever
    the current request or event is part of; nothing changes for an order without one."""
    if correlation_id is None:
        yield
        return
    with caused_by(replace(current(), correlation_id=correlation_id)):
        yield


def stage_new_ticket(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    *,
    place: Place,
    category: Category,
    priority: Priority,
    channel: Channel,
    description: str,
    by: str | None = None,
    requester_id: str | None = None,
    contact: dict[str, str] | None = None,
    photos: Sequence[Photo] = (),
    source_event_id: str | None = None,
    source_key: str | None = None,
    location_verified: bool = True,
) -> Ticket:
    """Build a new ticket and stage its insert and `opened` event (the caller commits).

    The order keeps the correlation id it was opened in (the request's, or the consumed
    event's); one opened outside both (a schedule's loop) starts a story of its own.
    """
    now = ctx.now()
    story = current().correlation_id or new_event_id()
    ticket = Ticket.open(
        by=by,
        id=new_ticket_id(now),
        campus_id=place.campus_id,
        building_id=place.building_id,
        location_id=place.location_id,
        floor=place.floor,
        room_id=place.room_id,
        asset_tag=place.asset_tag,
        category=category,
        priority=priority,
        channel=channel,
        description=description,
        created_at=now,
        requester_id=requester_id,
        contact=contact,
        photos=list(photos),
        source_event_id=source_event_id,
        source_key=source_key,
        location_verified=location_verified,
        correlation_id=story,
    )
    ticket.refresh_sla(ctx.policy)
    with in_story(story):
        repo.stage(uow, ticket)
    return ticket


async def file_request(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    location_id: str | None,
    asset_tag: str | None,
    category: Category,
    description: str,
    priority: Priority | None,
    channel: Channel,
    requester_id: str | None,
    contact: dict[str, str] | None,
) -> Filed:
    """A request from the web (the requester) or a phone call (entered by a dispatcher)."""
    access.require_filer(who)
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=asset_tag)
    if channel is Channel.PHONE:
        access.require_dispatcher(who, place.campus_id)
        if not contact:
            raise Invalid("a phone request needs the caller's contact", field="contact")
    elif priority is not None:
        access.require_dispatcher(who, place.campus_id)  # requesters do not set priorities
    else:
        requester_id = who.user_id
    ticket = stage_new_ticket(
        uow,
        ctx,
        place=place,
        category=category,
        priority=priority or Priority.ROUTINE,
        channel=channel,
        description=description,
        by=who.user_id,
        requester_id=requester_id,
        contact=contact,
    )
    await uow.commit()
    # A caller without an account rates the repair through this key (sent by SMS).
    key = follow_up_key(ctx.secret, ticket.id) if ticket.requester_id is None else None
    return Filed(ticket, key)
