"""Scenario 11: the clock stepped forward a day and back; every timer fires once.

Maintenance, canteen and notifications run on their real stores (SQLite files), each built with
an injected clock (`shared.clock.FrozenClock`, as every service's `build(settings, clock=...)`
takes it). The test sets up what the timers watch: repair orders with SLA clocks, a batch of
rice that comes within the expiry warning window tomorrow, a food sample (留样) taken at lunch,
a critical fridge alert that escalates after 30 minutes unacknowledged. Then every clock is
stepped: forward a day, back a day, forward again, and on another day; after each step every
background job of each service runs (SLA checks, auto-close, preventive schedules, the daily
expiry scan, the food-safety watch, re-routing, escalations, digests) and a sample is
discarded (its retention judged by the clock). Then: each expected firing is in its service's
outbox exactly once (an SLA breach per order and clock, the batch's expiry warning, one
violation for the sample discarded early, one escalation), and no event of any timer appears
twice (same type, subject and data but for its times).

The short version: one of each. `make chaos`: 40 orders, 20 batches, 20 alerts, five cycles.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from services.canteen.handlers.jobs import daily_expiry_scan, food_safety_watch
from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.notifications.handlers import jobs as notification_jobs
from services.notifications.main import build as build_notifications
from services.notifications.settings import NotificationsSettings
from shared.clock import FrozenClock
from shared.store import find_all
from tests.chaos.clock_support import (
    CANTEEN_START,
    MAINT_START,
    NOTIFY_START,
    deliver_rice,
    directory,
    file_orders,
    fridge_alert,
    lunch_with_sample,
)
from tests.harness import routes_client
from tests.integration.maintenance.maint_support import harness as maintenance_harness
from tests.unit.canteen.support import STAFF

#: Event types a timer publishes, and the fields that name one firing (besides the subject).
TIMED = {
    "maintenance.ticket.sla_breached.v1": ("clock",),
    "maintenance.ticket.closed.v1": (),
    "canteen.stock.expiring.v1": ("batch_id",),
    "canteen.sample.violation.v1": ("dish_id", "kind"),
    "canteen.licence.expiring.v1": (),
    "canteen.licence.expired.v1": (),
    "canteen.morning_check.missing.v1": (),
    "canteen.temperature.missing.v1": (),
    "canteen.stock.count_overdue.v1": (),
    "notifications.alert.escalated.v1": (),
}


def firing(envelope: dict[str, Any]) -> tuple[str, str]:
    """What names one firing of a timer: its type, subject and data without its times."""
    data = {k: v for k, v in envelope["data"].items() if not k.endswith(("_at", "_seconds"))}
    return envelope["type"], f"{envelope.get('subject')}|{json.dumps(data, sort_keys=True)}"


async def timed_events(store) -> list[dict[str, Any]]:
    """The outbox envelopes of timer event types."""
    return [e["envelope"] for e in await find_all(store, "outbox") if e["routing_key"] in TIMED]


async def run_clock_steps(tmp_path, *, orders: int, batches: int, alerts: int, cycles: int):
    """The scenario: its figures, the firings counted by type, and how many each type must
    have (one per order and SLA clock, per batch, per alert, and one sample violation)."""
    figures: dict = {"orders": orders, "batches": batches, "alerts": alerts, "cycles": cycles}
    canteen_clock, notify_clock = FrozenClock(CANTEEN_START), FrozenClock(NOTIFY_START)
    canteen_app = build_canteen(
        CanteenSettings(store_url=f"sqlite:///{tmp_path / 'canteen.db'}"), clock=canteen_clock
    )
    notify_app = build_notifications(
        NotificationsSettings(store_url=f"sqlite:///{tmp_path / 'notifications.db'}"),
        clock=notify_clock,
    )
    async with (
        maintenance_harness(tmp_path / "maintenance") as maint,
        routes_client(canteen_app, base_url="http://canteen") as canteen,
        routes_client(notify_app, base_url="http://notifications") as notify,
    ):
        maint_clock = maint.clock
        maint_clock.now = MAINT_START
        tickets = await file_orders(maint, orders)
        notes = await deliver_rice(canteen, batches)
        await lunch_with_sample(canteen)
        await directory(notify)
        alerts_in = [await fridge_alert(notify, i) for i in range(alerts)]
        clocks = (maint_clock, canteen_clock, notify_clock)
        starts = [c.now for c in clocks]

        async def run_jobs() -> None:
            await maint.jobs.check_sla()
            await maint.jobs.auto_close()
            await maint.jobs.generate_preventive()
            runtime = canteen.runtime
            await daily_expiry_scan(runtime.uow, runtime.context)
            await food_safety_watch(runtime.uow, runtime.context)
            for job in (notification_jobs.reroute, notification_jobs.escalate):
                await job(notify.runtime)
            await notification_jobs.digests(notify.runtime)

        async def discard(dish: str) -> int:
            meal = "/canteens/north/meals/2025-03-03.lunch"
            r = await canteen.post(f"{meal}/samples/{dish}/discard", headers=STAFF)
            return r.status_code

        await run_jobs()
        stores = (maint.store, canteen.runtime.store, notify.runtime.store)

        async def fired() -> Counter:
            found = [e for store in stores for e in await timed_events(store)]
            return Counter(e["type"] for e in found)

        figures["fired_before_the_step"] = dict(await fired())
        discards = []
        for cycle in range(cycles):
            for clock in clocks:
                clock.advance(days=1)
            await run_jobs()
            if cycle == 0:  # 24 h after it was taken: discarded early (48 h are required)
                discards.append(await discard("hongshao-rou"))
            for clock in clocks:
                clock.advance(days=-1)
            await run_jobs()
            discards.append(await discard("hongshao-rou"))  # again, the clock a day behind
            for clock in clocks:
                clock.advance(days=1)
            await run_jobs()
        for clock, start in zip(clocks, starts, strict=True):  # then on to the third day
            clock.now = start + timedelta(days=2, hours=1)
        await run_jobs()
        discards.append(await discard("tudou-si"))  # 49 h after it was taken: in time
        figures["discard_statuses"] = discards

        events = [e for store in stores for e in await timed_events(store)]
    counts = Counter(firing(e) for e in events)
    by_type = Counter(t for t, _ in counts)
    figures["firings"] = dict(by_type)
    figures["twice"] = [key for key, n in counts.items() if n > 1]
    expected = {
        "maintenance.ticket.sla_breached.v1": 2 * orders,  # response and resolution
        "canteen.stock.expiring.v1": batches,
        "canteen.sample.violation.v1": 1,
        "notifications.alert.escalated.v1": alerts,
    }
    figures["expected"] = expected
    figures["made"] = {"tickets": len(tickets), "deliveries": len(notes), "alerts": len(alerts_in)}
    return figures, by_type, expected


def _judge(figures: dict, by_type: Counter, expected: dict) -> None:
    print(f"\nclock steps figures: {figures}")
    assert figures["twice"] == [], figures["twice"][:5]
    # Nothing expected had fired before the clock moved: each firing is the step's doing.
    assert not set(figures["fired_before_the_step"]) & set(expected), figures
    assert {t: by_type.get(t, 0) for t in expected} == expected, figures
    # The early discard is refused the second time (already discarded); the late one is fine.
    assert figures["discard_statuses"][0] == 200 and figures["discard_statuses"][-1] == 200
    assert set(figures["discard_statuses"][1:-1]) == {409}, figures["discard_statuses"]


async def test_a_day_forward_and_back_every_timer_fires_once(tmp_path):
    _judge(*await run_clock_steps(tmp_path, orders=1, batches=1, alerts=1, cycles=1))


@pytest.mark.chaos
async def test_five_cycles_forward_and_back_with_many_timers(tmp_path):
    _judge(*await run_clock_steps(tmp_path, orders=40, batches=20, alerts=20, cycles=5))
