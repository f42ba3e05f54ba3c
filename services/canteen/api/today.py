"""Routes of today's food-safety status of a canteen, and of running its watch by hand."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_today import TodayRead, WatchRead
from services.canteen.handlers import today as h
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["food safety"])


@router.get(
    "/canteens/{canteen_id}/food-safety/today",
    response_model=TodayRead,
    summary="Today's food-safety status",
)
async def today(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> TodayRead:
    """Samples, morning checks, inspections and actions, temperatures, expiring stock, licences."""
    return TodayRead.of(await h.food_safety_today(uow, ctx, who, canteen_id), ctx.samples)


@router.post(
    "/canteens/{canteen_id}/food-safety/watch",
    response_model=WatchRead,
    summary="Run the food-safety watch for one canteen now",
)
async def watch(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> WatchRead:
    """Tells missing checks and readings, licences and an overdue count, each once."""
    return WatchRead.of(await h.watch(uow, ctx, who, canteen_id))
