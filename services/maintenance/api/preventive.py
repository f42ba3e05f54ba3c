"""Routes of preventive schedules."""

from __future__ import annotations

from fastapi import APIRouter

from services.maintenance.api.deps import Code, Ctx
from services.maintenance.api.schemas_preventive import ScheduleList, SchedulePut, ScheduleRead
from services.maintenance.handlers import preventive as h
from shared.api import Caller, Uow

router = APIRouter(tags=["preventive maintenance"])


@router.put(
    "/schedules/{schedule_id}",
    response_model=ScheduleRead,
    summary="Every N days, or fixed dates each year",
)
async def put_schedule(
    schedule_id: Code, body: SchedulePut, uow: Uow, ctx: Ctx, who: Caller
) -> ScheduleRead:
    """Orders are generated `lead_days` ahead of each occurrence, once per occurrence; those
    already due are opened at once, none for occurrences before the schedule was created."""
    schedule = await h.put_schedule(
        uow,
        ctx,
        who,
        schedule_id,
        name=body.name,
        location_id=body.location_id,
        asset_tag=body.asset_tag,
        category=body.category,
        priority=body.priority,
        description=body.description,
        kind=body.kind,
        interval_days=body.interval_days,
        dates=body.month_days(),
        start=body.start,
        lead_days=body.lead_days,
        active=body.active,
    )
    return ScheduleRead.of(schedule)


@router.get("/schedules", response_model=ScheduleList, summary="Preventive schedules")
async def list_schedules(uow: Uow, ctx: Ctx, who: Caller) -> ScheduleList:
    """Every schedule, with how far its orders were generated."""
    return ScheduleList(items=[ScheduleRead.of(s) for s in await h.list_schedules(uow, ctx, who)])
