"""Use cases of a work order: open, triage, assign, work, resolve, rate and close, reopen."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from services.maintenance.domain import dispatch as rules
from services.maintenance.domain.tickets import Assignment, Photo, Ticket
from services.maintenance.domain.vocabulary import Category, Channel, Priority
from services.maintenance.handlers.context import (
    Context,
    require_dispatcher,
    require_requester,
    require_visible,
    require_worker,
)
from services.maintenance.handlers.photos import store_photos
from services.maintenance.repository import dispatch as dispatch_repo
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.places import (
    Place,
    load_location,
    place_of,
    place_of_asset,
)
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.store import DocumentStore
from shared.uow import UnitOfWork


def new_ticket_id(now: datetime) -> str:
    """A readable, unique work-order number: WO-<date>-<random>."""
    return f"WO-{now:%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


async def resolve_place(
    store: DocumentStore, *, location_id: str | None, asset_tag: str | None
) -> Place:
    """Where a request is, from a location id or an asset tag (422 naming the field if unknown)."""
    if asset_tag is not None:
        place = await place_of_asset(store, asset_tag)
        if place is None:
            raise Invalid(f"unknown asset tag {asset_tag}", field="asset_tag")
        if location_id is not None and location_id != place.location_id:
            raise Invalid(
                f"asset {asset_tag} is at {place.location_id}, not {location_id}",
                field="location_id",
            )
        return place
    if location_id is None:
        raise Invalid("give a location_id or an asset_tag", field="location_id")
    loc = await load_location(store, location_id)
    if loc is None:
        raise Invalid(f"unknown location {location_id}", field="location_id")
    place = place_of(loc)
    if place is None:
        raise Invalid("name a building, floor or room, not a whole campus", field="location_id")
    return place


def stage_new_ticket(
    uow: UnitOfWork,
    ctx: Context,
    *,
    place: Place,
    category: Category,
    priority: Priority,
    channel: Channel,
    description: str,
    requester_id: str | None = None,
    contact: dict[str, str] | None = None,
    photos: Sequence[Photo] = (),
    source_event_id: str | None = None,
    source_key: str | None = None,
    location_verified: bool = True,
) -> Ticket:
    """Build a new ticket and stage its insert and `opened` event (the caller commits)."""
    now = ctx.now()
    ticket = Ticket.open(
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
    )
    ticket.refresh_sla(ctx.policy)
    repo.stage(uow, ticket)
    return ticket


async def file_request(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    *,
    location_id: str | None,
    asset_tag: str | None,
    category: Category,
    description: str,
    priority: Priority | None,
    channel: Channel,
    requester_id: str | None,
    contact: dict[str, str] | None,
) -> Ticket:
    """A request from the web (the requester) or a phone call (entered by a dispatcher)."""
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=asset_tag)
    if channel is Channel.PHONE:
        require_dispatcher(principal, place.campus_id)
        if not contact:
            raise Invalid("a phone request needs the caller's contact", field="contact")
    elif priority is not None:
        require_dispatcher(principal, place.campus_id)  # requesters do not set priorities
    else:
        requester_id = principal.user_id
    ticket = stage_new_ticket(
        uow,
        ctx,
        place=place,
        category=category,
        priority=priority or Priority.ROUTINE,
        channel=channel,
        description=description,
        requester_id=requester_id,
        contact=contact,
    )
    await uow.commit()
    return ticket


async def load_visible(store: DocumentStore, principal: Principal, ticket_id: str) -> Ticket:
    """A ticket the principal may see, or 404."""
    return require_visible(principal, await repo.load(store, ticket_id), ticket_id)


async def _save(uow: UnitOfWork, ctx: Context, ticket: Ticket) -> Ticket:
    ticket.refresh_sla(ctx.policy)
    repo.stage(uow, ticket)
    await uow.commit()
    return ticket


async def triage(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    ticket_id: str,
    *,
    priority: Priority | None,
    category: Category | None,
    note: str | None,
) -> Ticket:
    """A dispatcher confirms (or corrects) the trade and the priority."""
    ticket = await load_visible(uow.store, principal, ticket_id)
    require_dispatcher(principal, ticket.campus_id)
    ticket.triage(
        at=ctx.now(), by=principal.user_id, priority=priority, category=category, note=note
    )
    return await _save(uow, ctx, ticket)


async def route_order(store: DocumentStore, ticket: Ticket, *, today: Any) -> Assignment:
    """Automatic dispatch: the contractor under warranty, else the category/building rule."""
    warranties = await dispatch_repo.warranties_for(store, ticket.building_id, ticket.asset_tag)
    warranty = rules.active_warranty(
        warranties,
        building_id=ticket.building_id,
        asset_tag=ticket.asset_tag,
        category=ticket.category,
        on=today,
    )
    if warranty is not None:
        contractor = await dispatch_repo.load_contractor(store, warranty.contractor_id)
        if contractor is None:
            raise Conflict(f"warranty {warranty.id} names unknown contractor")
        return rules.contractor_assignment(contractor)
    rule = rules.matching_rule(
        await dispatch_repo.rules_for(store, ticket.campus_id, ticket.category),
        campus_id=ticket.campus_id,
        building_id=ticket.building_id,
        category=ticket.category,
    )
    if rule is None:
        raise Conflict(
            f"no dispatch rule for {ticket.category} in building {ticket.building_id}; "
            "name a technician, team or contractor"
        )
    if rule.technician_id is not None:
        return rules.technician_assignment(rule.technician_id)
    assert rule.team_id is not None
    return await _team_assignment(store, rule.team_id)


async def _team_assignment(store: DocumentStore, team_id: str) -> Assignment:
    team = await dispatch_repo.load_team(store, team_id)
    if team is None:
        raise Invalid(f"unknown team {team_id}", field="team_id")
    return rules.team_assignment(team, await repo.workload(store, team.members))


async def assign(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    ticket_id: str,
    *,
    technician_id: str | None = None,
    team_id: str | None = None,
    contractor_id: str | None = None,
    reason: str | None = None,
) -> Ticket:
    """Assign or reassign: to whom the dispatcher names, or by warranty and rules."""
    ticket = await load_visible(uow.store, principal, ticket_id)
    require_dispatcher(principal, ticket.campus_id)
    store = uow.store
    if technician_id is not None:
        assignment = rules.technician_assignment(technician_id)
    elif team_id is not None:
        assignment = await _team_assignment(store, team_id)
    elif contractor_id is not None:
        contractor = await dispatch_repo.load_contractor(store, contractor_id)
        if contractor is None:
            raise Invalid(f"unknown contractor {contractor_id}", field="contractor_id")
        assignment = rules.contractor_assignment(contractor)
    else:
        today = ctx.now().astimezone(ctx.policy.calendar.tz).date()
        assignment = await route_order(store, ticket, today=today)
    ticket.assign(assignment, at=ctx.now(), by=principal.user_id, reason=reason)
    return await _save(uow, ctx, ticket)


async def work(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    ticket_id: str,
    action: str,
    **fields: Any,
) -> Ticket:
    """The assignee (or a dispatcher on their behalf) starts, holds, resumes or resolves."""
    if action not in ("start", "hold", "resume", "resolve"):
        raise ValueError(f"not a work action: {action}")
    ticket = await load_visible(uow.store, principal, ticket_id)
    require_worker(principal, ticket)
    getattr(ticket, action)(at=ctx.now(), by=principal.user_id, **fields)
    return await _save(uow, ctx, ticket)


async def answer(
    uow: UnitOfWork,
    ctx: Context,
    ticket: Ticket,
    *,
    by: str,
    rating: int | None = None,
    comment: str | None = None,
    reopen_reason: str | None = None,
) -> Ticket:
    """The requester closes with a rating, or reopens (the caller checked who they are)."""
    if reopen_reason is not None:
        ticket.reopen(at=ctx.now(), by=by, reason=reopen_reason)
    else:
        if rating is None:
            raise Invalid("a rating from 1 to 5 is needed to close", field="rating")
        ticket.close(at=ctx.now(), by=by, rating=rating, comment=comment)
    return await _save(uow, ctx, ticket)


async def requester_answer(
    uow: UnitOfWork, ctx: Context, principal: Principal, ticket_id: str, **fields: Any
) -> Ticket:
    """Close or reopen as the signed-in requester."""
    ticket = await load_visible(uow.store, principal, ticket_id)
    require_requester(principal, ticket)
    return await answer(uow, ctx, ticket, by=principal.user_id, **fields)


async def add_photos(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    ticket_id: str,
    uploads: Sequence[bytes],
) -> Ticket:
    """Attach photos to an open ticket (the requester, the assignee or a dispatcher)."""
    ticket = await load_visible(uow.store, principal, ticket_id)
    if ticket.status == "closed":
        raise Conflict(f"ticket {ticket_id} is closed")
    photos = await store_photos(
        ctx, uploads, already=len(ticket.photos), by=principal.user_id, at=ctx.now()
    )
    ticket.photos.extend(photos)
    repo.stage(uow, ticket)
    await uow.commit()
    return ticket


async def photo_of(
    store: DocumentStore, principal: Principal, ticket_id: str, photo_id: str
) -> Photo:
    """One photo's record, if the principal may see its ticket."""
    ticket = await load_visible(store, principal, ticket_id)
    photo = next((p for p in ticket.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(f"no photo {photo_id} on ticket {ticket_id}")
    return photo
