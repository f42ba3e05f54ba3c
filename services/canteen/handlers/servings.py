"""Use cases of portions and waste per meal (光盘行动): the staff record them after service."""

from __future__ import annotations

from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.servings import Portions, Serving, meal_day
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes, servings
from shared.auth import Principal
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def _serving(uow: UnitOfWork, ctx: CanteenContext, canteen_id: str, meal_id: str) -> Serving:
    await canteen_or_404(uow.store, canteen_id)
    if meal_day(meal_id) > ctx.today():
        raise Invalid(f"meal {meal_id} has not been served yet", field="meal_id")
    return Serving.of(await servings.load(uow.store, canteen_id, meal_id), canteen_id, meal_id)


async def record_portions(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    meal_id: str,
    *,
    portions: list[tuple[str, int]],
) -> Serving:
    """Portions served per dish of the catalogue, each with the dish's price now."""
    access.require_staff(who, canteen_id)
    serving = await _serving(uow, ctx, canteen_id, meal_id)
    known = {d.dish_id: d for d in await dishes.of_canteen(uow.store, canteen_id)}
    unknown = sorted({d for d, _ in portions} - set(known))
    if unknown:
        raise Invalid(f"no dish {', '.join(unknown)} in the catalogue", field="portions")
    priced = tuple(Portions(d, n, known[d].price) for d, n in portions)
    if serving.record_portions(priced, at=ctx.now(), by=who.user_id):
        servings.stage(uow, serving)
        await uow.commit()
        log.info("portions.recorded", canteen_id=canteen_id, meal_id=meal_id)
    return serving


async def record_waste(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    meal_id: str,
    *,
    grams: Decimal,
) -> Serving:
    """The kitchen waste weighed after the meal."""
    access.require_staff(who, canteen_id)
    serving = await _serving(uow, ctx, canteen_id, meal_id)
    if serving.record_waste(grams, at=ctx.now(), by=who.user_id):
        servings.stage(uow, serving)
        await uow.commit()
        log.info("waste.recorded", canteen_id=canteen_id, meal_id=meal_id)
    return serving


async def get_serving(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, meal_id: str
) -> Serving:
    """What a meal served (nothing recorded: no portions, no waste)."""
    access.require_reader(who, canteen_id)
    meal_day(meal_id)
    found = await servings.load(uow.store, canteen_id, meal_id)
    return Serving.of(found, canteen_id, meal_id)
