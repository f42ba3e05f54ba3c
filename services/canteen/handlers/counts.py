"""Use cases of the half-monthly full count (半月全查): take one, read them, tell an overdue one."""

from __future__ import annotations

import uuid

from services.canteen.domain import access
from services.canteen.domain.counts import CountLine, CountStatus, StockCount
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import counts as repo
from services.canteen.repository import stock
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def _status(uow: UnitOfWork, ctx: CanteenContext, canteen_id: str) -> CountStatus:
    found = await repo.load_status(uow.store, canteen_id)
    return found or CountStatus(canteen_id, tracking_since=ctx.today())


async def take_count(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    lines: list[CountLine],
) -> StockCount:
    """Reconcile a full count with the books; each difference is a ledger line with its reason."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    in_stock = await stock.in_stock(uow.store, canteen_id)
    known = {b.batch_id: b for b in in_stock}
    for line in lines:
        if line.batch_id not in known:
            batch = await stock.load(uow.store, line.batch_id)
            if batch is not None and batch.canteen_id == canteen_id:
                known[batch.batch_id] = batch
    count = StockCount.take(
        f"cnt-{uuid.uuid4().hex[:12]}",
        canteen_id,
        in_stock=in_stock,
        known=known,
        lines=lines,
        today=ctx.today(),
        at=ctx.now(),
        by=who.user_id,
    )
    status = await _status(uow, ctx, canteen_id)
    status.counted(count)
    repo.stage(uow, count, status)
    await uow.commit()
    log.info("stock.counted", count_id=count.count_id, discrepancies=len(count.discrepancies))
    return count


async def list_counts(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    limit: int,
    cursor: str | None,
) -> Paged[StockCount]:
    """A canteen's counts, newest first."""
    access.require_reader(who, canteen_id)
    return await repo.of_canteen(uow.store, canteen_id, limit=limit, cursor=cursor)


async def get_count(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, count_id: str
) -> StockCount:
    """One count."""
    access.require_reader(who, canteen_id)
    count = await repo.load(uow.store, count_id)
    if count is None or count.canteen_id != canteen_id:
        raise NotFound(f"no stock count {count_id} in canteen {canteen_id}")
    return count


async def report_overdue_count(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> bool:
    """A store room past its due day without a full count is told once per due day.

    A canteen never counted is tracked from the first time the watch sees it.
    """
    access.require_watcher(who, canteen_id)
    canteen = await canteen_or_404(uow.store, canteen_id)
    status = await _status(uow, ctx, canteen_id)
    told = status.tell_if_overdue(
        today=ctx.today(), interval_days=ctx.stock_count_interval_days, canteen_name=canteen.name
    )
    if told or status.version is None:
        repo.stage_status(uow, status)
        await uow.commit()
    if told:
        log.info("stock.count_overdue", canteen_id=canteen_id)
    return told
