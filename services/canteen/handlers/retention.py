"""Use cases of records retention: delete a purchase-inspection record once it may go."""

from __future__ import annotations

from services.canteen.domain import access
from services.canteen.domain.retention import Purge
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import receiving
from services.canteen.repository import retention as repo
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def purge_delivery(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, delivery_id: str
) -> Purge:
    """Delete a delivery's record after its retention (食品安全法 第50条); refused before."""
    access.require_admin(who)
    delivery = await receiving.load(uow.store, delivery_id)
    if delivery is None or delivery.canteen_id != canteen_id:
        raise NotFound(f"no delivery {delivery_id} in canteen {canteen_id}")
    purge = Purge.of(delivery, today=ctx.today(), at=ctx.now(), by=who.user_id)
    repo.stage(uow, purge)
    await uow.commit()
    log.info("delivery.purged", delivery_id=delivery_id, kept_until=purge.kept_until.isoformat())
    return purge
