"""Use cases of the stock ledger (台帐): balances, write-offs, the ledger, the expiry scan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.stock import Balance, Batch, Movement, balances, warn_expiring
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import stock
from shared.auth import Principal
from shared.errors import NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def stock_of(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Balance]:
    """Balances per item (台帐), usable and expired, with the batches in stock."""
    access.require_reader(who, canteen_id)
    return balances(await stock.in_stock(uow.store, canteen_id), today=ctx.today())


async def write_off(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    batch_id: str,
    *,
    quantity: Decimal,
    reason: str,
) -> Batch:
    """Take goods off the books (报损): spoiled or expired stock; returns the batch."""
    access.require_manager(who, canteen_id)
    batch = await stock.load(uow.store, batch_id)
    if batch is None or batch.canteen_id != canteen_id:
        raise NotFound(f"no batch {batch_id} in canteen {canteen_id}")
    batch.write_off(quantity, reason=reason, at=ctx.now(), by=who.user_id)
    stock.stage(uow, batch)
    await uow.commit()
    log.info("stock.written_off", batch_id=batch_id, quantity=str(quantity))
    return batch


async def ledger(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    limit: int,
    cursor: str | None,
) -> Paged[Movement]:
    """Every stock movement of one canteen, newest first."""
    access.require_reader(who, canteen_id)
    return await stock.ledger(uow.store, canteen_id, limit=limit, cursor=cursor)


async def scan_expiry(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Batch]:
    """Warn once about every batch of the canteen expiring within the warning window.

    One atomic write of at most `ctx.expiry_scan_batch` batches: a warned batch drops out of
    the next query, so a crash loses nothing and a rerun repeats nothing.
    """
    access.require_expiry_scanner(who, canteen_id)
    today = ctx.today()
    horizon = today + timedelta(days=ctx.expiry_warning_days)
    candidates = await stock.due_for_warning(
        uow.store, canteen_id, horizon=horizon, limit=ctx.expiry_scan_batch
    )
    # The query narrows the reads; the rule itself is the domain's.
    warned = warn_expiring(candidates, today=today, warning_days=ctx.expiry_warning_days)
    if not warned:
        return []
    for batch in warned:
        stock.stage(uow, batch)
    await uow.commit()
    log.info("stock.expiry_scanned", canteen_id=canteen_id, warned=len(warned))
    return warned


async def scanned_today(uow: UnitOfWork, ctx: CanteenContext, who: Principal, /) -> bool:
    """Whether the daily expiry scan already ran on this campus day."""
    access.require_system(who)
    return await stock.scanned_on(uow.store, ctx.today())


async def record_scan(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, *, today: date, warned: int
) -> None:
    """Record that the daily scan of `today` ran and how many batches it warned."""
    access.require_system(who)
    stock.stage_scan_record(uow, today, at=ctx.now(), warned=warned)
    await uow.commit()
