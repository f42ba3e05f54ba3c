"""The clock-driven job: the daily expiry scan, one canteen (and one write) at a time."""

from __future__ import annotations

from collections.abc import Callable

from services.canteen.domain.access import SYSTEM
from services.canteen.handlers import canteens, stock
from services.canteen.handlers.context import CanteenContext
from shared.auth import Principal
from shared.logging import get_logger
from shared.store import DuplicateKeyError, VersionConflictError
from shared.uow import UnitOfWork

log = get_logger(__name__)
NewUow = Callable[[Principal], UnitOfWork]


async def daily_expiry_scan(new_uow: NewUow, ctx: CanteenContext) -> int | None:
    """Scan every canteen once per campus day: the batches warned, or None if today's ran.

    Each canteen's warnings commit on their own; a second replica scanning at the same time
    loses a race on a batch (a version conflict) or on the day's record (a duplicate), and
    leaves the rest to the one that won.
    """
    today = ctx.today()
    if await stock.scanned_today(new_uow(SYSTEM), ctx, SYSTEM):
        return None
    warned = 0
    for canteen in await canteens.list_canteens(new_uow(SYSTEM), ctx, SYSTEM):
        while True:
            try:
                found = await stock.scan_expiry(new_uow(SYSTEM), ctx, SYSTEM, canteen.canteen_id)
            except VersionConflictError:
                log.info("stock.expiry_scan_raced", canteen_id=canteen.canteen_id)
                break
            warned += len(found)
            if len(found) < ctx.expiry_scan_batch:
                break
    try:
        await stock.record_scan(new_uow(SYSTEM), ctx, SYSTEM, today=today, warned=warned)
    except DuplicateKeyError:
        log.info("stock.daily_scan_raced", today=today.isoformat())
    log.info("stock.daily_scan", today=today.isoformat(), warned=warned)
    return warned
