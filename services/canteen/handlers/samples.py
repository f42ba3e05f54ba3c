"""Use cases of food samples (留样): register a meal, record and discard samples, close it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.meals import Dish, Meal, MealKind
from services.canteen.domain.samples import Sample, Violation, sample_time_problem
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import samples
from services.canteen.repository import staff as people
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def meal_or_404(uow: UnitOfWork, canteen_id: str, meal_id: str) -> Meal:
    """The meal, or NotFound."""
    meal = await samples.load(uow.store, canteen_id, meal_id)
    if meal is None:
        raise NotFound(f"no meal {meal_id} in canteen {canteen_id}")
    return meal


async def register_meal(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    served_on: date,
    kind: MealKind,
    event_code: str | None,
    name: str | None,
    dishes: tuple[Dish, ...],
) -> Meal:
    """A served meal and its dishes; a second registration of the same slot is refused."""
    access.require_staff(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    meal = Meal.register(
        canteen_id,
        served_on=served_on,
        kind=kind,
        event_code=event_code,
        name=name,
        dishes=dishes,
        today=ctx.today(),
        at=ctx.now(),
        by=who.user_id,
    )
    if await samples.load(uow.store, canteen_id, meal.meal_id) is not None:
        raise Conflict(f"meal {meal.meal_id} is already registered", meal_id=meal.meal_id)
    samples.stage(uow, meal)
    await uow.commit()
    log.info("meal.registered", canteen_id=canteen_id, meal_id=meal.meal_id)
    return meal


async def change_dishes(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    meal_id: str,
    *,
    dishes: tuple[Dish, ...],
) -> Meal:
    """Replace an open meal's dishes (a dish ran out, another came on)."""
    access.require_staff(who, canteen_id)
    meal = await meal_or_404(uow, canteen_id, meal_id)
    if meal.revise_dishes(dishes):
        samples.stage(uow, meal)
        await uow.commit()
    return meal


async def record_sample(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    meal_id: str,
    dish_id: str,
    *,
    grams: Decimal,
    fridge: str,
    taken_at: datetime | None,
    taken_by: str | None,
) -> Meal:
    """Put a dish's sample on record, labelled with the person and the time (or replace it)."""
    access.require_staff(who, canteen_id)
    meal = await meal_or_404(uow, canteen_id, meal_id)
    now = ctx.now()
    taken_at = taken_at or now
    day_start = datetime.combine(meal.served_on, time(0), tzinfo=ctx.zone)
    problem = sample_time_problem(taken_at, now, day_start)
    if problem:
        raise Invalid(problem, field="taken_at")
    if taken_by is not None:
        person = await people.load(uow.store, taken_by)
        if person is None or person.canteen_id != canteen_id:
            raise Invalid(f"{taken_by} is not a food handler of {canteen_id}", field="taken_by")
    sample = Sample(
        dish_id=dish_id,
        grams=grams,
        fridge=fridge,
        taken_by=taken_by or who.user_id,
        taken_at=taken_at,
        recorded_by=who.user_id,
    )
    meal.record_sample(sample, ctx.samples)
    samples.stage(uow, meal)
    await uow.commit()
    log.info("sample.recorded", meal_id=meal_id, dish_id=dish_id, grams=str(grams))
    return meal


async def discard_sample(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    meal_id: str,
    dish_id: str,
) -> tuple[Meal, Violation | None]:
    """The sample leaves the fridge now; before 48 h that is a violation."""
    access.require_staff(who, canteen_id)
    meal = await meal_or_404(uow, canteen_id, meal_id)
    violation = meal.discard_sample(dish_id, at=ctx.now(), by=who.user_id, policy=ctx.samples)
    samples.stage(uow, meal)
    await uow.commit()
    log.info("sample.discarded", meal_id=meal_id, dish_id=dish_id, early=violation is not None)
    return meal, violation


async def close_meal(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, meal_id: str
) -> Meal:
    """End service: each dish unsampled or underweight is one violation. Closing again: no-op."""
    access.require_staff(who, canteen_id)
    meal = await meal_or_404(uow, canteen_id, meal_id)
    if meal.close(at=ctx.now(), by=who.user_id, policy=ctx.samples):
        found = len(meal.new_violations)
        samples.stage(uow, meal)
        await uow.commit()
        log.info("meal.closed", meal_id=meal_id, violations=found)
    return meal


async def get_meal(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, meal_id: str
) -> Meal:
    """One meal with its dishes and samples."""
    access.require_reader(who, canteen_id)
    return await meal_or_404(uow, canteen_id, meal_id)


async def meals_of_day(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, day: date | None
) -> list[Meal]:
    """A canteen's meals of one day (today by default)."""
    access.require_reader(who, canteen_id)
    return await samples.served_on(uow.store, canteen_id, day or ctx.today())


async def samples_in_fridge(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[tuple[Meal, Sample]]:
    """Samples of the last week's meals still in the fridge, oldest first."""
    access.require_reader(who, canteen_id)
    meals = await samples.recent(uow.store, canteen_id, ctx.today())
    kept = [(m, s) for m in meals for s in m.samples.values() if s.discarded_at is None]
    return sorted(kept, key=lambda pair: pair[1].taken_at)


async def violations_of_day(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, day: date | None
) -> list[Violation]:
    """Sample violations raised on one campus day."""
    access.require_reader(who, canteen_id)
    start = datetime.combine(day or ctx.today(), time(0), tzinfo=ctx.zone)
    return await samples.violations_raised(uow.store, canteen_id, start, start + timedelta(days=1))
