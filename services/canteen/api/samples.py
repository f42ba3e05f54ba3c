"""Routes of meals and their food samples (留样)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_samples import (
    DiscardRead,
    DishesUpdate,
    FridgeSampleRead,
    MealCreate,
    MealRead,
    SampleIn,
    ViolationRead,
)
from services.canteen.handlers import samples as h
from shared.api import Caller, PathId, Uow
from shared.types import Day

router = APIRouter(tags=["samples"])
DayQuery = Annotated[Day | None, Query(description="campus day; default today")]


@router.post(
    "/canteens/{canteen_id}/meals",
    response_model=MealRead,
    status_code=201,
    summary="Register a served meal and its dishes",
)
async def register_meal(
    canteen_id: PathId, body: MealCreate, uow: Uow, ctx: Ctx, who: Caller
) -> MealRead:
    """409 when the meal (day and slot) is already registered, naming its id."""
    meal = await h.register_meal(
        uow,
        ctx,
        who,
        canteen_id,
        served_on=body.served_on,
        kind=body.kind,
        event_code=body.event_code,
        name=body.name,
        dishes=body.to_dishes(),
    )
    return MealRead.of(meal, ctx.samples)


@router.get("/canteens/{canteen_id}/meals", response_model=list[MealRead], summary="Meals of a day")
async def meals(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, day: DayQuery = None
) -> list[MealRead]:
    """A canteen's meals of one day, with their samples."""
    found = await h.meals_of_day(uow, ctx, who, canteen_id, day)
    return [MealRead.of(m, ctx.samples) for m in found]


@router.get("/canteens/{canteen_id}/meals/{meal_id}", response_model=MealRead, summary="One meal")
async def meal(canteen_id: PathId, meal_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> MealRead:
    """A meal, its dishes and their samples."""
    return MealRead.of(await h.get_meal(uow, ctx, who, canteen_id, meal_id), ctx.samples)


@router.put(
    "/canteens/{canteen_id}/meals/{meal_id}/dishes",
    response_model=MealRead,
    summary="Replace the dishes of an open meal",
)
async def change_dishes(
    canteen_id: PathId, meal_id: PathId, body: DishesUpdate, uow: Uow, ctx: Ctx, who: Caller
) -> MealRead:
    """A sampled dish stays on the meal (409 otherwise)."""
    dishes = tuple(d.to_dish() for d in body.dishes)
    meal = await h.change_dishes(uow, ctx, who, canteen_id, meal_id, dishes=dishes)
    return MealRead.of(meal, ctx.samples)


@router.put(
    "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}",
    response_model=MealRead,
    summary="Record (or re-record, while the meal is open) a dish's sample",
)
async def record_sample(
    canteen_id: PathId,
    meal_id: PathId,
    dish_id: PathId,
    body: SampleIn,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
) -> MealRead:
    """Labelled with the person and the time; weighed in grams (at least 125 g is kept)."""
    meal = await h.record_sample(
        uow,
        ctx,
        who,
        canteen_id,
        meal_id,
        dish_id,
        grams=body.grams,
        fridge=body.fridge,
        taken_at=body.taken_at,
        taken_by=body.taken_by,
    )
    return MealRead.of(meal, ctx.samples)


@router.post(
    "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}/discard",
    response_model=DiscardRead,
    summary="Take a sample out of the fridge",
)
async def discard_sample(
    canteen_id: PathId, meal_id: PathId, dish_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> DiscardRead:
    """Before 48 h this is a violation (told once); a second discard is a 409."""
    meal, violation = await h.discard_sample(uow, ctx, who, canteen_id, meal_id, dish_id)
    return DiscardRead(
        meal=MealRead.of(meal, ctx.samples),
        violation=ViolationRead.of(violation) if violation else None,
    )


@router.post(
    "/canteens/{canteen_id}/meals/{meal_id}/close",
    response_model=MealRead,
    summary="Close a meal: each dish unsampled or underweight is a violation",
)
async def close_meal(
    canteen_id: PathId, meal_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> MealRead:
    """Closing a closed meal changes nothing and tells nothing."""
    return MealRead.of(await h.close_meal(uow, ctx, who, canteen_id, meal_id), ctx.samples)


@router.get(
    "/canteens/{canteen_id}/samples",
    response_model=list[FridgeSampleRead],
    summary="Samples in the fridge",
)
async def in_fridge(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[FridgeSampleRead]:
    """Samples of the last week's meals not yet discarded, oldest first."""
    now = ctx.now()
    found = await h.samples_in_fridge(uow, ctx, who, canteen_id)
    return [FridgeSampleRead.of(m, s, ctx.samples, now) for m, s in found]


@router.get(
    "/canteens/{canteen_id}/sample-violations",
    response_model=list[ViolationRead],
    summary="Sample violations raised on a day",
)
async def violations(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, day: DayQuery = None
) -> list[ViolationRead]:
    """Missing, underweight and early-discarded samples raised that day."""
    return [ViolationRead.of(v) for v in await h.violations_of_day(uow, ctx, who, canteen_id, day)]
