"""Use cases of today's food-safety status: one canteen's page, the gauges, the watch by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from services.canteen.domain import access
from services.canteen.domain.today import Today, fridge_figures, licence_lines, morning_checks
from services.canteen.handlers import counts, licences, staff, temperatures
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import canteens as catalogue
from services.canteen.repository import counts as count_repo
from services.canteen.repository import inspections, samples, stock
from services.canteen.repository import staff as people
from services.canteen.repository import temperatures as devices
from shared.auth import Principal
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def summarize(store: DocumentStore, ctx: CanteenContext, canteen_id: str) -> Today:
    """Read what today's page shows, by canteen and day through the indexes, and summarize it."""
    day, now, zone = ctx.today(), ctx.now(), ctx.zone
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = start + timedelta(days=1)
    recent = await samples.recent(store, canteen_id, day)
    fridge, ready = fridge_figures(recent, now=now, policy=ctx.samples)
    members = {m.staff_id: m for m in await people.of_canteen(store, canteen_id)}
    checks = morning_checks(
        await people.load_roster(store, canteen_id, day),
        await people.checks_on(store, canteen_id, day),
        members,
        day=day,
        now=now,
        zone=zone,
    )
    horizon = day + timedelta(days=ctx.expiry_warning_days)
    return Today(
        canteen_id=canteen_id,
        day=day,
        computed_at=now,
        meals=tuple(m for m in recent if m.served_on == day),
        violations=tuple(await samples.violations_raised(store, canteen_id, start, end)),
        in_fridge=fridge,
        may_discard=ready,
        checks=checks,
        inspections=tuple(await inspections.inspections_between(store, canteen_id, day, day)),
        open_actions=tuple(await inspections.open_actions(store, canteen_id)),
        devices=tuple(await devices.devices_of(store, canteen_id)),
        readings_today=await devices.count_between(
            store, canteen_id, start, end, out_of_range=False
        ),
        out_of_range_today=await devices.count_between(
            store, canteen_id, start, end, out_of_range=True
        ),
        expiring=tuple(await stock.expiring_by(store, canteen_id, horizon)),
        licences=licence_lines(
            await licences.licences_of(store, canteen_id),
            today=day,
            lead_days=ctx.licence_warning_days,
        ),
        count=await count_repo.load_status(store, canteen_id),
        count_interval_days=ctx.stock_count_interval_days,
    )


async def food_safety_today(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> Today:
    """Today's food-safety status of one canteen."""
    access.require_today_reader(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    return await summarize(uow.store, ctx, canteen_id)


async def refresh_gauges(uow: UnitOfWork, ctx: CanteenContext, who: Principal, /) -> int:
    """Recompute every canteen's summary into the cache the gauges read; returns how many."""
    access.require_system(who)
    found = {}
    for canteen in await catalogue.every(uow.store):
        found[canteen.canteen_id] = await summarize(uow.store, ctx, canteen.canteen_id)
    ctx.today_cache.by_canteen = found
    ctx.today_cache.computed_at = ctx.now()
    return len(found)


@dataclass(frozen=True)
class Watched:
    """What one pass of the food-safety watch told about a canteen."""

    missing_checks: int
    silent_devices: int
    licences: int
    count_overdue: bool


async def watch(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> Watched:
    """One pass of the watch over a canteen: each part commits on its own and tells once."""
    access.require_watcher(who, canteen_id)
    return Watched(
        missing_checks=await staff.report_missing_checks(uow.successor(), ctx, who, canteen_id),
        silent_devices=await temperatures.report_silent_devices(
            uow.successor(), ctx, who, canteen_id
        ),
        licences=len(await licences.tell_licences(uow.successor(), ctx, who, canteen_id)),
        count_overdue=await counts.report_overdue_count(uow.successor(), ctx, who, canteen_id),
    )
