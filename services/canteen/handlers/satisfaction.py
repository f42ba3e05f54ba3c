"""Use cases of the weekly satisfaction index: each finished week computed once, the trend."""

from __future__ import annotations

from datetime import timedelta

from services.canteen.domain import access
from services.canteen.domain.menus import week_of
from services.canteen.domain.satisfaction import SatisfactionWeek, due_at
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import feedback as repo
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)
#: How far back the loop looks for a finished week not yet computed.
LOOKBACK_WEEKS = 8


def weeks_back(ctx: CanteenContext, n: int) -> list[str]:
    """The last `n` ISO weeks up to the current one, oldest first."""
    today = ctx.today()
    return [week_of(today - timedelta(weeks=i)) for i in range(n - 1, -1, -1)]


async def _figures(
    uow: UnitOfWork, ctx: CanteenContext, canteen_id: str, week: str, *, final: bool
) -> SatisfactionWeek:
    return SatisfactionWeek.compute(
        canteen_id,
        week,
        stars=await repo.stars_of_week(uow.store, canteen_id, week),
        complaints=await repo.complaints_of_week(uow.store, canteen_id, week),
        answer_hours=ctx.settings.complaint_answer_hours,
        at=ctx.now(),
        final=final,
    )


async def compute_due(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[SatisfactionWeek]:
    """Compute, once each, the canteen's finished weeks with feedback that are not on record."""
    access.require_watcher(who, canteen_id)
    done = []
    for week in weeks_back(ctx, LOOKBACK_WEEKS + 1):
        if due_at(week, ctx.settings.complaint_answer_hours, ctx.zone) > ctx.now():
            continue
        if await repo.load_week(uow.store, canteen_id, week) is not None:
            continue
        figures = await _figures(uow, ctx, canteen_id, week, final=True)
        if figures.ratings or figures.complaints:
            repo.stage_week(uow, figures)
            done.append(figures)
    if done:
        await uow.commit()
        ctx.satisfaction_cache[canteen_id] = done[-1]
        log.info("satisfaction.computed", canteen_id=canteen_id, weeks=len(done))
    elif canteen_id not in ctx.satisfaction_cache:  # after a restart: the gauge's last figure
        back = weeks_back(ctx, LOOKBACK_WEEKS + 1)
        kept = await repo.weeks_between(uow.store, canteen_id, back[0], back[-1])
        if kept:
            ctx.satisfaction_cache[canteen_id] = kept[-1]
    return done


async def trend(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str, weeks: int
) -> list[SatisfactionWeek]:
    """The last `weeks` weeks, oldest first: computed weeks as recorded, the others (the
    current one, a week without feedback) as they stand now."""
    access.require_reader(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    wanted = weeks_back(ctx, weeks)
    kept = {
        w.week: w for w in await repo.weeks_between(uow.store, canteen_id, wanted[0], wanted[-1])
    }
    return [kept.get(w) or await _figures(uow, ctx, canteen_id, w, final=False) for w in wanted]
