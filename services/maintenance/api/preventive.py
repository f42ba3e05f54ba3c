"""Routes of preventive schedules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from services.maintenance.api.common import Ctx, Rt
from services.maintenance.api.schemas import CODE_PATTERN, SchedulePut
from services.maintenance.handlers import preventive as h
from services.maintenance.repository.common import SCHEDULES
from shared.api import require_roles
from shared.auth import Principal
from shared.errors import Invalid
from shared.store import Query as StoreQuery

router = APIRouter(tags=["preventive maintenance"])
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
Id = Annotated[str, Path(pattern=CODE_PATTERN)]


def _out(doc: dict) -> dict:
    return {("id" if k == "_id" else k): v for k, v in doc.items() if k != "_v"}


@router.put("/schedules/{schedule_id}", summary="Every N days, or fixed dates each year")
async def put_schedule(
    schedule_id: Id, body: SchedulePut, who: Dispatcher, rt: Rt, ctx: Ctx
) -> dict:
    """Orders are generated `lead_days` ahead of each occurrence, once per occurrence."""
    try:
        dates = tuple((int(d[:2]), int(d[3:])) for d in body.dates)
    except ValueError:
        raise Invalid("dates are MM-DD", field="dates") from None
    doc = await h.put_schedule(
        rt.uow(who),
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
        dates=dates,
        start=body.start,
        lead_days=body.lead_days,
        active=body.active,
    )
    return _out(doc)


@router.get("/schedules", summary="Preventive schedules")
async def list_schedules(who: Dispatcher, rt: Rt) -> dict:
    """Every schedule, with how far its orders were generated."""
    page = await rt.store.find(SCHEDULES, StoreQuery({}, sort=[("_id", 1)], limit=1000))
    return {"items": [_out(d) for d in page.items]}
