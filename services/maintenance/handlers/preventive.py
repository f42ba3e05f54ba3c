"""Use cases of preventive maintenance: schedules, and orders generated ahead of due dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.maintenance.domain import access
from services.maintenance.domain.locations import Place
from services.maintenance.domain.preventive import Schedule, due_occurrences, generated
from services.maintenance.domain.vocabulary import Channel
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.filing import stage_new_ticket
from services.maintenance.handlers.places import resolve_place
from services.maintenance.repository import preventive as repo
from services.maintenance.repository import tickets as ticket_repo
from shared.auth import Principal
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


def occurrence_key(schedule_id: str, occurrence: str) -> str:
    """The unique key of one occurrence's order."""
    return f"preventive:{schedule_id}@{occurrence}"


async def _stage_due(
    uow: UnitOfWork, ctx: MaintenanceContext, schedule: Schedule, place: Place, today: date
) -> tuple[Schedule, list[str]]:
    """Stage the orders of the occurrences now due; the schedule with its cursor moved."""
    dues = due_occurrences(schedule, today, schedule.generated_through)
    opened: list[str] = []
    for when in dues:
        key = occurrence_key(schedule.id, when.isoformat())
        if await ticket_repo.by_source_key(uow.store, key) is not None:
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
    return (generated(schedule, dues[-1]) if dues else schedule), opened


async def put_schedule(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    schedule_id: str,
    **fields: Any,
) -> Schedule:
    """Create or replace a schedule at a known place, and open the orders now due at once
    (a new schedule from its creation day on; a changed one where generation was)."""
    access.require_dispatch_role(who)
    place = await resolve_place(
        uow.store, location_id=fields.pop("location_id"), asset_tag=fields.get("asset_tag")
    )
    access.require_dispatcher(who, place.campus_id)
    stored = await repo.load_schedule(uow.store, schedule_id)
    today = ctx.today()
    try:
        schedule = Schedule(
            id=schedule_id,
            campus_id=place.campus_id,
            building_id=place.building_id,
            location_id=place.location_id,
            created_on=stored.created_on if stored else today,
            generated_through=stored.generated_through if stored else None,
            **fields,
        )
    except ValueError as exc:
        raise Invalid(str(exc), field="schedule") from None
    schedule, opened = await _stage_due(uow, ctx, schedule, place, today)
    repo.stage_schedule(uow, schedule, stored)
    await uow.commit()
    for ticket_id in opened:
        log.info("preventive.generated", schedule_id=schedule.id, ticket_id=ticket_id)
    return schedule


async def generate_schedule(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, schedule: Schedule, *, today: date
) -> list[str]:
    """Open the orders of one schedule's occurrences within its lead time of `today`, once each."""
    if not due_occurrences(schedule, today, schedule.generated_through):
        return []
    place = await resolve_place(
        uow.store, location_id=schedule.location_id, asset_tag=schedule.asset_tag
    )
    moved, opened = await _stage_due(uow, ctx, schedule, place, today)
    if moved == schedule:
        return []
    repo.stage_schedule(uow, moved, schedule)
    await uow.commit()
    for ticket_id in opened:
        log.info("preventive.generated", schedule_id=schedule.id, ticket_id=ticket_id)
    return opened


async def list_schedules(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /
) -> list[Schedule]:
    """Every schedule, with how far its orders were generated."""
    access.require_dispatch_role(who)
    return await repo.all_schedules(uow.store)
