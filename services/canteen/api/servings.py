"""Routes of portions and waste per meal (光盘行动) and of the cost accounts (成本核算)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_costs import CostsRead, PortionsWrite, ServingRead, WasteWrite
from services.canteen.handlers import costs as hc
from services.canteen.handlers import servings as h
from shared.api import Caller, PathId, Uow
from shared.types import Day

router = APIRouter(tags=["portions and costs"])


@router.put(
    "/canteens/{canteen_id}/meals/{meal_id}/portions",
    response_model=ServingRead,
    summary="Record the portions a meal served",
)
async def portions(
    canteen_id: PathId, meal_id: PathId, body: PortionsWrite, uow: Uow, ctx: Ctx, who: Caller
) -> ServingRead:
    """Per dish of the catalogue; replaces what was recorded for the meal."""
    found = [(p.dish_id, p.portions) for p in body.portions]
    return ServingRead.of(
        await h.record_portions(uow, ctx, who, canteen_id, meal_id, portions=found)
    )


@router.put(
    "/canteens/{canteen_id}/meals/{meal_id}/waste",
    response_model=ServingRead,
    summary="Record the kitchen waste of a meal (光盘行动)",
)
async def waste(
    canteen_id: PathId, meal_id: PathId, body: WasteWrite, uow: Uow, ctx: Ctx, who: Caller
) -> ServingRead:
    """Grams weighed after the meal; per portion once its portions are recorded."""
    return ServingRead.of(
        await h.record_waste(uow, ctx, who, canteen_id, meal_id, grams=body.grams)
    )


@router.get(
    "/canteens/{canteen_id}/meals/{meal_id}/serving",
    response_model=ServingRead,
    summary="What a meal served",
)
async def serving(
    canteen_id: PathId, meal_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> ServingRead:
    """Portions per dish and waste of one meal."""
    return ServingRead.of(await h.get_serving(uow, ctx, who, canteen_id, meal_id))


@router.get(
    "/canteens/{canteen_id}/costs",
    response_model=CostsRead,
    response_model_by_alias=True,
    summary="Cost per portion, per dish, per day and week, with margin",
)
async def costs(
    canteen_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    first: Annotated[Day, Query(alias="from")],
    last: Annotated[Day, Query(alias="to")],
) -> Response:
    """At most 400 days; issues cost at their batches' unit prices."""
    accounts, names = await hc.costs(uow, ctx, who, canteen_id, first, last)
    # Built and checked once here: a year is some 7,000 dish lines, and FastAPI would validate
    # the model a second time on the way out.
    read = CostsRead.of(canteen_id, accounts, names)
    return Response(read.model_dump_json(by_alias=True), media_type="application/json")
