"""Use cases of weekly menus: save, publish, read, and the public notice (食堂公示)."""

from __future__ import annotations

from dataclasses import dataclass

from services.canteen.domain import access
from services.canteen.domain.canteens import Canteen
from services.canteen.domain.dishes import Dish
from services.canteen.domain.menus import Menu, MenuEntry, week_start
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes, menus, stock, suppliers
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def save_menu(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    week: str,
    *,
    entries: tuple[MenuEntry, ...],
    show_suppliers: bool,
) -> Menu:
    """Create or replace the week's menu from the canteen's active dishes."""
    access.require_manager(who, canteen_id)
    week_start(week)
    await canteen_or_404(uow.store, canteen_id)
    known = {d.dish_id for d in await dishes.of_canteen(uow.store, canteen_id) if d.active}
    existing = await menus.load(uow.store, canteen_id, week)
    menu = Menu.save(
        existing,
        canteen_id,
        week,
        entries=entries,
        show_suppliers=show_suppliers,
        known_dishes=known,
        at=ctx.now(),
        by=who.user_id,
    )
    if menu is None:
        assert existing is not None
        return existing
    menus.stage(uow, menu)
    await uow.commit()
    log.info("menu.saved", canteen_id=canteen_id, week=week, entries=len(menu.entries))
    return await _reloaded(uow, canteen_id, week)


async def publish_menu(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, week: str
) -> Menu:
    """Publish the week's menu; publishing again changes nothing."""
    access.require_manager(who, canteen_id)
    menu = await _menu_or_404(uow, canteen_id, week)
    if not menu.publish(at=ctx.now(), by=who.user_id):
        return menu
    menus.stage(uow, menu)
    await uow.commit()
    log.info("menu.published", canteen_id=canteen_id, week=week)
    return await _reloaded(uow, canteen_id, week)


async def get_menu(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, week: str
) -> Menu:
    """The week's menu, draft or published."""
    access.require_reader(who, canteen_id)
    return await _menu_or_404(uow, canteen_id, week)


@dataclass(frozen=True)
class Notice:
    """The public menu: the published menu, its dishes, and each dish's suppliers if shown."""

    canteen: Canteen
    menu: Menu
    dishes: dict[str, Dish]
    suppliers: dict[str, tuple[str, ...]]


async def public_menu(uow: UnitOfWork, ctx: CanteenContext, canteen_id: str, week: str) -> Notice:
    """The published menu of a week, for anyone (no token); 404 while unpublished."""
    week_start(week)
    canteen = await canteen_or_404(uow.store, canteen_id)
    menu = await menus.load(uow.store, canteen_id, week)
    if menu is None or not menu.published:
        raise NotFound(f"canteen {canteen_id} has published no menu for {week}")
    served = menu.dish_ids()
    by_id = {d.dish_id: d for d in await dishes.of_canteen(uow.store, canteen_id)}
    shown = {k: v for k, v in by_id.items() if k in served}
    names: dict[str, tuple[str, ...]] = {}
    if menu.show_suppliers:
        names = await _suppliers_of(uow, canteen_id, shown.values())
    return Notice(canteen, menu, shown, names)


async def _suppliers_of(uow: UnitOfWork, canteen_id: str, served) -> dict[str, tuple[str, ...]]:
    """Per dish, the suppliers of the stock its ingredients are taken from now."""
    batches = await stock.in_stock(uow.store, canteen_id)
    by_item: dict[str, set[str]] = {}
    for b in batches:
        by_item.setdefault(b.item, set()).add(b.supplier_id)
    names: dict[str, str] = {}
    for supplier_id in {s for ids in by_item.values() for s in ids}:
        supplier = await suppliers.load(uow.store, supplier_id)
        names[supplier_id] = supplier.name if supplier is not None else supplier_id
    return {
        d.dish_id: tuple(sorted({names[s] for i in d.ingredients for s in by_item.get(i.item, ())}))
        for d in served
    }


async def _menu_or_404(uow: UnitOfWork, canteen_id: str, week: str) -> Menu:
    week_start(week)
    menu = await menus.load(uow.store, canteen_id, week)
    if menu is None:
        raise NotFound(f"no menu of canteen {canteen_id} for {week}")
    return menu


async def _reloaded(uow: UnitOfWork, canteen_id: str, week: str) -> Menu:
    menu = await menus.load(uow.store, canteen_id, week)
    assert menu is not None
    return menu
