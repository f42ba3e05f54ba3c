"""Use cases of tracing (batch → meals, meal → batches) and recalls (召回, 食品安全法 第63条)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from services.canteen.domain import access
from services.canteen.domain.dishes import Dish
from services.canteen.domain.menus import week_of
from services.canteen.domain.recalls import Recall, TakeLink, TracedMeal, meals_served_with
from services.canteen.domain.servings import meal_day
from services.canteen.domain.stock import Batch
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes, issues, menus, recalls, stock
from shared.auth import Principal
from shared.errors import Invalid, NotFound
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def _meals(
    store: DocumentStore, canteen_id: str, links: list[TakeLink], catalogue: list[Dish]
) -> tuple[TracedMeal, ...]:
    """The meals the links went to; a meal's dishes, when no issue named them, are those of its
    menu entry whose recipe uses the item."""
    names = {d.dish_id: d.name_zh for d in catalogue}
    recipes = {d.dish_id: {i.item for i in d.ingredients} for d in catalogue}
    days = {lk.meal_id: meal_day(lk.meal_id) for lk in links if lk.meal_id is not None}
    menu_dishes: dict[str, tuple[str, ...]] = {}
    for meal_id, day in days.items():
        if any(lk.dish_id for lk in links if lk.meal_id == meal_id):
            continue
        menu = await menus.load(store, canteen_id, week_of(day))
        entry = next((e for e in menu.entries if e.meal_id == meal_id), None) if menu else None
        items = {lk.item for lk in links if lk.meal_id == meal_id}
        if entry is not None:
            menu_dishes[meal_id] = tuple(d for d in entry.dish_ids if recipes.get(d, set()) & items)
    return meals_served_with(links, dish_names=names, menu_dishes=menu_dishes, meal_day=days)


async def _links(store: DocumentStore, canteen_id: str, batch_ids: list[str]) -> list[TakeLink]:
    found: list[TakeLink] = []
    for batch_id in batch_ids:
        found += [
            recalls.link_of(d)
            for d in await issues.takes_where(store, canteen_id, batch_id=batch_id)
        ]
    return found


async def recall(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    batch_id: str | None,
    supplier_id: str | None,
    item: str | None,
    reason: str,
) -> Recall:
    """Recall a batch, or every batch of a supplier's item: no more issues of them; the meals
    served with them are listed and told."""
    access.require_manager(who, canteen_id)
    canteen = await canteen_or_404(uow.store, canteen_id)
    if (batch_id is None) == (supplier_id is None or item is None):
        raise Invalid("name a batch_id, or a supplier_id and an item", field="batch_id")
    found: list[Batch]
    if batch_id is not None:
        batch = await stock.load(uow.store, batch_id)
        if batch is None or batch.canteen_id != canteen_id:
            raise NotFound(f"no batch {batch_id} in canteen {canteen_id}")
        found = [batch]
    else:
        assert supplier_id is not None and item is not None
        found = await recalls.batches_of_product(uow.store, canteen_id, supplier_id, item)
        if not found:
            raise NotFound(f"canteen {canteen_id} received no {item} from {supplier_id}")
    catalogue = await dishes.of_canteen(uow.store, canteen_id)
    links = await _links(
        uow.store, canteen_id, [b.batch_id for b in found if b.recalled_by is None]
    )
    made = Recall.make(
        f"rcl-{uuid4().hex[:12]}",
        canteen_id,
        canteen.name,
        reason=reason,
        supplier_id=supplier_id if batch_id is None else found[0].supplier_id,
        item=item if batch_id is None else found[0].item,
        batches=found,
        meals=await _meals(uow.store, canteen_id, links, catalogue),
        at=ctx.now(),
        by=who.user_id,
    )
    recalls.stage(uow, made)
    await uow.commit()
    log.info(
        "batch.recalled",
        canteen_id=canteen_id,
        recall_id=made.recall_id,
        batches=len(made.batch_ids),
        meals=len(made.meals),
    )
    return made


async def list_recalls(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Recall]:
    """A canteen's recalls, newest first."""
    access.require_reader(who, canteen_id)
    return await recalls.of_canteen(uow.store, canteen_id)


@dataclass(frozen=True)
class BatchTrace:
    """Where a batch went."""

    batch: Batch
    meals: tuple[TracedMeal, ...]


async def trace_batch(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, batch_id: str
) -> BatchTrace:
    """The meals and dishes a batch was served in."""
    access.require_reader(who, canteen_id)
    batch = await stock.load(uow.store, batch_id)
    if batch is None or batch.canteen_id != canteen_id:
        raise NotFound(f"no batch {batch_id} in canteen {canteen_id}")
    catalogue = await dishes.of_canteen(uow.store, canteen_id)
    links = await _links(uow.store, canteen_id, [batch_id])
    return BatchTrace(batch, await _meals(uow.store, canteen_id, links, catalogue))


async def trace_meal(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, meal_id: str
) -> list[TakeLink]:
    """What went into a meal: every batch part issued for it."""
    access.require_reader(who, canteen_id)
    meal_day(meal_id)
    docs = await issues.takes_where(uow.store, canteen_id, meal_id=meal_id)
    return [recalls.link_of(d) for d in docs]
