"""Use cases of issues to the kitchen (领用): issue first expiring first out, read one."""

from __future__ import annotations

from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.issues import Issue
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import issues, stock
from shared.auth import Principal
from shared.errors import Conflict, NotFound
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
) -> Issue:
    """Issue goods to the kitchen, first expiring first out, never below zero."""
    access.require_staff(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    if await issues.load(uow.store, canteen_id, issue_no) is not None:
        raise Conflict(f"requisition {issue_no} was already issued")
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
