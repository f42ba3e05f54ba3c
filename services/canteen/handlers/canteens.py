"""Use cases of the canteen catalogue: register or change a canteen, list them."""

from __future__ import annotations

from services.canteen.domain import access
from services.canteen.domain.canteens import Canteen
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import canteens
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def canteen_or_404(store: DocumentStore, canteen_id: str) -> Canteen:
    """The canteen, or NotFound naming who registers it."""
    canteen = await canteens.load(store, canteen_id)
    if canteen is None:
        raise NotFound(f"no canteen {canteen_id}; a logistics admin registers it first")
    return canteen


async def save_canteen(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    name: str,
    campus_id: str,
    building_id: str,
    min_remaining_shelf_life_days: int | None,
) -> Canteen:
    """Register or change a canteen; nothing is written when nothing changed."""
    access.require_admin(who)
    fields = {
        "name": name,
        "campus_id": campus_id,
        "building_id": building_id,
        "min_remaining_shelf_life_days": min_remaining_shelf_life_days,
    }
    canteen = await canteens.load(uow.store, canteen_id)
    if canteen is None:
        canteen = Canteen.register(canteen_id, **fields, at=ctx.now())
    elif not canteen.revise(**fields, at=ctx.now()):
        return canteen
    canteens.stage(uow, canteen)
    await uow.commit()
    log.info("canteen.saved", canteen_id=canteen_id, created=canteen.new)
    return canteen


async def list_canteens(uow: UnitOfWork, ctx: CanteenContext, who: Principal, /) -> list[Canteen]:
    """Every registered canteen: anyone signed in may see names and buildings."""
    return await canteens.every(uow.store)
