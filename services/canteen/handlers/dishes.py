"""Use cases of the dish catalogue and the price caps: put, read, the price history."""

from __future__ import annotations

from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.dishes import Allergen, Dish, Ingredient, PriceCap
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def put_dish(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    dish_id: str,
    *,
    name_zh: str,
    name_en: str,
    category: str,
    ingredients: tuple[Ingredient, ...],
    allergens: tuple[Allergen, ...] | None,
    price: Decimal,
    everyday: bool,
    active: bool,
) -> tuple[Dish, bool]:
    """Create or replace a dish (an everyday dish within its cap); True when it was created."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    existing = await dishes.load(uow.store, canteen_id, dish_id)
    cap = await dishes.load_cap(uow.store, canteen_id, category)
    dish = Dish.put(
        existing,
        canteen_id,
        dish_id,
        name_zh=name_zh,
        name_en=name_en,
        category=category,
        ingredients=ingredients,
        allergens=allergens,
        price=price,
        everyday=everyday,
        active=active,
        cap=cap.cap if cap is not None else None,
        at=ctx.now(),
        by=who.user_id,
    )
    if dish is None:
        assert existing is not None
        return existing, False
    dishes.stage(uow, dish)
    await uow.commit()
    log.info("dish.saved", canteen_id=canteen_id, dish_id=dish_id, created=existing is None)
    saved = await dishes.load(uow.store, canteen_id, dish_id)  # with the version it now has
    assert saved is not None
    return saved, existing is None


async def get_dish(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, dish_id: str
) -> Dish:
    """One dish of a canteen."""
    access.require_reader(who, canteen_id)
    dish = await dishes.load(uow.store, canteen_id, dish_id)
    if dish is None:
        raise NotFound(f"no dish {dish_id} in canteen {canteen_id}")
    return dish


async def list_dishes(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Dish]:
    """Every dish of a canteen."""
    access.require_reader(who, canteen_id)
    return await dishes.of_canteen(uow.store, canteen_id)


async def caps_by_category(uow: UnitOfWork, canteen_id: str) -> dict[str, Decimal]:
    """The caps of a canteen, for reading dishes with the cap that applies to them."""
    return {c.category: c.cap for c in await dishes.caps_of(uow.store, canteen_id)}


async def put_cap(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    category: str,
    *,
    cap: Decimal,
) -> PriceCap:
    """Set the cap of everyday dishes of a category; dishes priced already keep their price
    until their next change, which the new cap checks."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    existing = await dishes.load_cap(uow.store, canteen_id, category)
    new = PriceCap.set(existing, canteen_id, category, cap, at=ctx.now(), by=who.user_id)
    if new is None:
        assert existing is not None
        return existing
    dishes.stage_cap(uow, new)
    await uow.commit()
    log.info("price_cap.saved", canteen_id=canteen_id, category=category)
    return new


async def list_caps(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[PriceCap]:
    """Every cap of a canteen."""
    access.require_reader(who, canteen_id)
    return await dishes.caps_of(uow.store, canteen_id)
