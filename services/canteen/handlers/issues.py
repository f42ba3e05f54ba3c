"""Use cases of issues to the kitchen (领用): issue first expiring first out, read one."""

from __future__ import annotations

from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.issues import Issue
from services.canteen.domain.servings import meal_day
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import dishes, issues, stock
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def issue_stock(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    issue_no: str,
    item: str,
    unit: str,
    quantity: Decimal,
    purpose: str | None,
    meal_id: str | None = None,
    dish_id: str | None = None,
) -> Issue:
    """Issue goods to the kitchen, first expiring first out, never below zero, never from a
    recalled batch; for a meal (and a dish of the catalogue) when named."""
    access.require_staff(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    if await issues.load(uow.store, canteen_id, issue_no) is not None:
        raise Conflict(f"requisition {issue_no} was already issued")
    if dish_id is not None and meal_id is None:
        raise Invalid("an issue for a dish names its meal too", field="meal_id")
    if dish_id is not None and await dishes.load(uow.store, canteen_id, dish_id) is None:
        raise Invalid(f"no dish {dish_id} in the catalogue", field="dish_id")
    served_on = meal_day(meal_id) if meal_id is not None else None
    issue = Issue.make(
        await stock.in_stock(uow.store, canteen_id, item),
        canteen_id=canteen_id,
        issue_no=issue_no,
        item=item,
        unit=unit,
        quantity=quantity,
        purpose=purpose,
        today=ctx.today(),
        at=ctx.now(),
        by=who.user_id,
        meal_id=meal_id,
        dish_id=dish_id,
        served_on=served_on,
    )
    issues.stage(uow, issue)
    await uow.commit()
    log.info("stock.issued", canteen_id=canteen_id, issue_no=issue_no, batches=len(issue.takes))
    return issue


async def get_issue(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, issue_no: str
) -> Issue:
    """One issued requisition."""
    access.require_reader(who, canteen_id)
    issue = await issues.load(uow.store, canteen_id, issue_no)
    if issue is None:
        raise NotFound(f"no requisition {issue_no} in canteen {canteen_id}")
    return issue
