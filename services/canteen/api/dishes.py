"""Routes of the dish catalogue, its price history and the price caps (最高限价)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_dishes import (
    CapRead,
    CapWrite,
    DishRead,
    DishWrite,
    PriceRead,
    money,
)
from services.canteen.handlers import dishes as h
from shared.api import Caller, PathId, Uow
from shared.clock import iso

router = APIRouter(tags=["dishes"])


@router.put(
    "/canteens/{canteen_id}/dishes/{dish_id}",
    response_model=DishRead,
    summary="Create or replace a dish",
    responses={201: {"model": DishRead, "description": "created"}},
)
async def put_dish(
    canteen_id: PathId,
    dish_id: PathId,
    body: DishWrite,
    response: Response,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
) -> DishRead:
    """An everyday dish above its category's cap → 422 `price_above_cap` naming the cap."""
    dish, created = await h.put_dish(
        uow,
        ctx,
        who,
        canteen_id,
        dish_id,
        name_zh=body.name_zh,
        name_en=body.name_en,
        category=body.category,
        ingredients=tuple(i.to_ingredient() for i in body.ingredients),
        allergens=tuple(body.allergens) if body.allergens is not None else None,
        price=body.price,
        everyday=body.everyday,
        active=body.active,
    )
    response.status_code = 201 if created else 200
    return DishRead.of(dish, await h.caps_by_category(uow, canteen_id))


@router.get(
    "/canteens/{canteen_id}/dishes", response_model=list[DishRead], summary="A canteen's dishes"
)
async def list_dishes(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[DishRead]:
    """Every dish, by id, each with the cap of its category when it is an everyday dish."""
    found = await h.list_dishes(uow, ctx, who, canteen_id)
    caps = await h.caps_by_category(uow, canteen_id)
    return [DishRead.of(d, caps) for d in found]


@router.get("/canteens/{canteen_id}/dishes/{dish_id}", response_model=DishRead, summary="One dish")
async def get_dish(
    canteen_id: PathId, dish_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> DishRead:
    """One dish."""
    dish = await h.get_dish(uow, ctx, who, canteen_id, dish_id)
    return DishRead.of(dish, await h.caps_by_category(uow, canteen_id))


@router.get(
    "/canteens/{canteen_id}/dishes/{dish_id}/prices",
    response_model=list[PriceRead],
    summary="A dish's price history",
)
async def prices(
    canteen_id: PathId, dish_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> list[PriceRead]:
    """Every price the dish had, newest first."""
    dish = await h.get_dish(uow, ctx, who, canteen_id, dish_id)
    return [
        PriceRead(price=money(p.price) or "0.00", previous=money(p.previous), at=iso(p.at), by=p.by)
        for p in reversed(dish.prices)
    ]


@router.put(
    "/canteens/{canteen_id}/price-caps/{category}",
    response_model=CapRead,
    summary="Set the price cap of everyday dishes of a category",
)
async def put_cap(
    canteen_id: PathId, category: PathId, body: CapWrite, uow: Uow, ctx: Ctx, who: Caller
) -> CapRead:
    """Managers of the canteen; dishes keep their price until it next changes."""
    return CapRead.of(await h.put_cap(uow, ctx, who, canteen_id, category, cap=body.cap))


@router.get("/canteens/{canteen_id}/price-caps", response_model=list[CapRead], summary="Price caps")
async def caps(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[CapRead]:
    """Every cap of the canteen, by category."""
    return [CapRead.of(c) for c in await h.list_caps(uow, ctx, who, canteen_id)]
