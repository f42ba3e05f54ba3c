"""Use cases of preventive maintenance: schedules, and orders generated ahead of due dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.maintenance.domain.preventive import Schedule, due_occurrences
from services.maintenance.domain.vocabulary import Channel
from services.maintenance.handlers.context import Context, require_dispatcher
from services.maintenance.handlers.tickets import resolve_place, stage_new_ticket
from services.maintenance.repository import tickets as ticket_repo
from services.maintenance.repository.common import SCHEDULES, day, stage_upsert
from services.maintenance.repository.preventive import schedule_doc, schedule_from
from shared.auth import Principal
from shared.errors import Invalid
from shared.logging import get_logger
from shared.store import Doc, DocumentStore, DuplicateKeyError, Query, VersionConflictError
from shared.uow import UnitOfWork

log = get_logger(__name__)
NewUow = Callable[[Principal | None], UnitOfWork]


async def put_schedule(
    uow: UnitOfWork, ctx: Context, principal: Principal, schedule_id: str, **fields: Any
) -> Doc:
    """Create or replace a schedule at a known place; generation continues where it was."""
    place = await resolve_place(
        uow.store, location_id=fields.pop("location_id"), asset_tag=fields.get("asset_tag")
    )
    require_dispatcher(principal, place.campus_id)
    try:
        schedule = Schedule(
            id=schedule_id,
            campus_id=place.campus_id,
            building_id=place.building_id,
            location_id=place.location_id,
            **fields,
        )
    except ValueError as exc:
        raise Invalid(str(exc), field="schedule") from None
    current = await uow.store.get(SCHEDULES, schedule.id)
    doc = schedule_doc(schedule, current.get("generated_through") if current else None)
    stage_upsert(uow, SCHEDULES, doc, current)
    await uow.commit()
    return doc


def occurrence_key(schedule_id: str, occurrence: str) -> str:
    """The unique key of one occurrence's order."""
    return f"preventive:{schedule_id}@{occurrence}"


async def generate_preventive(
    store: DocumentStore, new_uow: NewUow, ctx: Context, now: datetime
) -> list[str]:
    """Open the orders of every occurrence now within its schedule's lead time, once each."""
    today = now.astimezone(ctx.policy.calendar.tz).date()
    opened: list[str] = []
    cursor: str | None = None
    while True:
        page = await store.find(
            SCHEDULES, Query({"active": True}, sort=[("_id", 1)], limit=200, after=cursor)
        )
        for doc in page.items:
            opened += await _generate_one(store, new_uow, ctx, doc, today)
        if page.next_cursor is None:
            return opened
        cursor = page.next_cursor


async def _generate_one(
    store: DocumentStore, new_uow: NewUow, ctx: Context, doc: Doc, today: object
) -> list[str]:
    schedule = schedule_from(doc)
    dues = due_occurrences(schedule, today, day(doc.get("generated_through")))  # type: ignore[arg-type]
    if not dues:
        return []
    place = await resolve_place(
        store, location_id=schedule.location_id, asset_tag=schedule.asset_tag
    )
    uow = new_uow(None)
    opened: list[str] = []
    for when in dues:
        key = occurrence_key(schedule.id, when.isoformat())
        if await ticket_repo.by_source_key(store, key) is not None:
            continue  # generated before the cursor was saved: never twice
        ticket = stage_new_ticket(
            uow,
            ctx,
            place=place,
            category=schedule.category,
            priority=schedule.priority,
            channel=Channel.PREVENTIVE,
            description=f"{schedule.name} (due {when.isoformat()}): {schedule.description}",
            source_key=key,
        )
        opened.append(ticket.id)
    uow.replace(SCHEDULES, {**doc, "generated_through": dues[-1].isoformat()})
    try:
        await uow.commit()
    except (DuplicateKeyError, VersionConflictError) as exc:
        log.info("preventive.skipped", schedule_id=schedule.id, reason=type(exc).__name__)
        return []
    for ticket_id in opened:
        log.info("preventive.generated", schedule_id=schedule.id, ticket_id=ticket_id)
    return opened
