"""The clock-driven jobs: the daily expiry scan, the food-safety watch, the gauges' refresh.

Each is declared in `main.py` with `shared.service.every`; each is safe to run twice and after
a restart, because what it tells is marked in the store in the same write as the event.
"""

from __future__ import annotations

from collections.abc import Callable

from services.canteen.domain.access import SYSTEM
from services.canteen.handlers import canteens, satisfaction, stock, today
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


async def food_safety_watch(new_uow: NewUow, ctx: CanteenContext) -> int:
    """Watch every canteen: missing checks and readings, licences, overdue counts; events told.

    A part that loses a race with another replica (a version conflict, a duplicate key) is
    left to the winner; the next pass looks again.
    """
    told = 0
    for canteen in await canteens.list_canteens(new_uow(SYSTEM), ctx, SYSTEM):
        try:
            seen = await today.watch(new_uow(SYSTEM), ctx, SYSTEM, canteen.canteen_id)
        except (VersionConflictError, DuplicateKeyError) as exc:
            log.info("watch.raced", canteen_id=canteen.canteen_id, error=type(exc).__name__)
            continue
        told += seen.missing_checks + seen.silent_devices + seen.licences + seen.count_overdue
    return told


async def refresh_today(new_uow: NewUow, ctx: CanteenContext) -> int:
    """Recompute the today figures the Prometheus gauges read."""
    return await today.refresh_gauges(new_uow(SYSTEM), ctx, SYSTEM)


async def weekly_satisfaction(new_uow: NewUow, ctx: CanteenContext) -> int:
    """Compute each canteen's finished weeks once (a race with a replica: a duplicate key)."""
    computed = 0
    for canteen in await canteens.list_canteens(new_uow(SYSTEM), ctx, SYSTEM):
        try:
            found = await satisfaction.compute_due(new_uow(SYSTEM), ctx, SYSTEM, canteen.canteen_id)
        except DuplicateKeyError:
            log.info("satisfaction.raced", canteen_id=canteen.canteen_id)
            continue
        computed += len(found)
    return computed
