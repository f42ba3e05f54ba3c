"""Use case of the cost accounts (成本核算): a canteen's days and weeks from..to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.costs import Accounts, CostLine, account, check_range
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes, issues, servings
from shared.auth import Principal
from shared.uow import UnitOfWork


async def costs(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    first: date,
    last: date,
) -> tuple[Accounts, dict[str, str]]:
    """The accounts of the range, and the names of the dishes in them."""
    access.require_manager_or_auditor(who, canteen_id)
    check_range(first, last)
    await canteen_or_404(uow.store, canteen_id)
    span = {"$gte": first.isoformat(), "$lte": last.isoformat()}
    takes = await issues.takes_where(uow.store, canteen_id, day=span)
    lines = [
        CostLine(date.fromisoformat(t["day"]), t["dish_id"], Decimal(t["cost"])) for t in takes
    ]
    served = await servings.between(uow.store, canteen_id, first, last)
    names = {d.dish_id: d.name_zh for d in await dishes.of_canteen(uow.store, canteen_id)}
    return account(first, last, lines, served), names
