"""Benchmark: the canteen's today page over a year of food-safety records for ten canteens.

Run: `./campus bench canteen [--canteens 10] [--days 365] [--reading-minutes 60] [--requests 300]`

Writes a year of each canteen's records into a fresh SQLite file through the repository's own
document forms (meals of three a day with their samples and violations, rosters and morning
checks of ~20 food handlers, daily and weekly inspections with corrective actions, eight devices
read every `--reading-minutes`, deliveries as batches with their ledger, a count every 15 days),
then times GET /canteens/{id}/food-safety/today through the whole HTTP stack in-process (ASGI,
auth, handlers, store, views), beside GET /health on the same stack and the summary computed on
the store alone, in the same run. Figures, not assertions: nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from services.canteen.domain.canteens import Canteen
from services.canteen.domain.inspections import CorrectiveAction
from services.canteen.domain.meals import Dish, Meal, MealKind, meal_id_of
from services.canteen.domain.morning_checks import MorningCheck, Symptom
from services.canteen.domain.roster import Roster, Shift
from services.canteen.domain.samples import Sample, Violation, ViolationKind
from services.canteen.domain.staff import HealthCertificate, Position, StaffMember
from services.canteen.domain.stock import Batch
from services.canteen.domain.temperatures import Device, DeviceKind, Reading, Source
from services.canteen.handlers.today import summarize
from services.canteen.main import build
from services.canteen.repository import (
    ACTIONS,
    BATCHES,
    CANTEENS,
    CHECKS,
    DEVICES,
    INDEXES,
    MEALS,
    READINGS,
    ROSTERS,
    STAFF,
    VIOLATIONS,
)
from services.canteen.repository import canteens as canteen_repo
from services.canteen.repository import inspections as insp_repo
from services.canteen.repository import samples as sample_repo
from services.canteen.repository import staff as staff_repo
from services.canteen.repository import stock as stock_repo
from services.canteen.repository import temperatures as temp_repo
from services.canteen.settings import CanteenSettings
from shared import consumer, outbox
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock, iso
from shared.logging import configure_logging
from shared.store import Insert, Query
from shared.store.sqlite import SQLiteStore

ZONE = ZoneInfo("Asia/Shanghai")
#: The bench's "now": 11:00 on the last day, lunch being served.
LAST_DAY = date(2026, 6, 1)
NOW = datetime.combine(LAST_DAY, dtime(11, 0), tzinfo=ZONE).astimezone(UTC)
DISHES = [Dish(f"d{i:02d}", f"菜{i:02d}") for i in range(40)]
KINDS = (
    DeviceKind.FRIDGE,
    DeviceKind.FRIDGE,
    DeviceKind.FREEZER,
    DeviceKind.COLD_ROOM,
    DeviceKind.HOT_HOLDING,
    DeviceKind.FRIDGE,
    DeviceKind.FREEZER,
    DeviceKind.HOT_HOLDING,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A campus time as UTC."""
    return datetime.combine(day, dtime(hour, minute), tzinfo=ZONE).astimezone(UTC)


def canteen_docs(cid: str, days: list[date], rng: random.Random, minutes: int):
    """Every document of one canteen's year, collection by collection."""
    yield CANTEENS, canteen_repo.to_doc(Canteen(cid, f"{cid} 食堂", "main", "B03", None, NOW))
    staff = [
        StaffMember(
            f"{cid}-st{i:02d}",
            cid,
            f"员工{i:02d}",
            Position.COOK,
            True,
            HealthCertificate(
                f"JK-{cid}-{i}",
                LAST_DAY - timedelta(days=300 - i),
                LAST_DAY + timedelta(days=65 + i),
            ),
            NOW,
        )
        for i in range(25)
    ]
    for m in staff:
        yield STAFF, staff_repo.to_doc(m)
    devices = [
        Device(
            f"{cid}-dev{i}", cid, f"设备{i}", kind, None, *_range(kind), 240, True, at(days[0], 0)
        )
        for i, kind in enumerate(KINDS)
    ]
    for day in days:
        open_meal = day == LAST_DAY
        for kind, hour in ((MealKind.BREAKFAST, 6), (MealKind.LUNCH, 11), (MealKind.DINNER, 17)):
            if open_meal and kind is MealKind.DINNER:
                continue
            dishes = tuple(rng.sample(DISHES, 4))
            meal = Meal(
                cid, meal_id_of(day, kind, None), day, kind, None, dishes, at(day, hour), "u-staff"
            )
            for d in dishes[: 3 if rng.random() < 0.05 else 4]:
                taken = at(day, hour, 30)
                gone = taken + timedelta(hours=49) if day < LAST_DAY - timedelta(days=2) else None
                meal.samples[d.dish_id] = Sample(
                    d.dish_id,
                    Decimal(rng.choice(["150", "130", "110"])),
                    "留样冰箱",
                    "u-staff",
                    taken,
                    "u-staff",
                    gone,
                    "u-staff" if gone else None,
                )
            if not (open_meal and kind is MealKind.LUNCH):
                meal.closed_at, meal.closed_by = at(day, hour + 2), "u-staff"
                for d in dishes:
                    s = meal.samples.get(d.dish_id)
                    if s is None or s.grams < 125:
                        v = Violation(
                            cid,
                            meal.meal_id,
                            d.dish_id,
                            ViolationKind.MISSING if s is None else ViolationKind.UNDERWEIGHT,
                            "bench",
                            dish_name=d.name,
                            raised_at=meal.closed_at,
                        )
                        yield VIOLATIONS, sample_repo.violation_doc(v, day)
            yield MEALS, sample_repo.to_doc(meal)
        on_shift = rng.sample(staff, 20)
        shifts = (
            Shift("early", "早班", dtime(5, 30), tuple(m.staff_id for m in on_shift[:10]), True),
            Shift("late", "晚班", dtime(13, 0), tuple(m.staff_id for m in on_shift[10:])),
        )
        yield ROSTERS, staff_repo.roster_doc(Roster(cid, day, shifts, at(day, 0), "u-manager"))
        for m in on_shift:
            sick = rng.random() < 0.01
            yield (
                CHECKS,
                staff_repo.check_doc(
                    MorningCheck(
                        cid,
                        m.staff_id,
                        m.name,
                        day,
                        Decimal("37.6" if sick else "36.5"),
                        (Symptom.FEVER,) if sick else (),
                        ("fever",) if sick else (),
                        None,
                        "u-manager",
                        at(day, 5),
                    )
                ),
            )
        if rng.random() < 0.5:
            yield (
                ACTIONS,
                insp_repo.action_doc(
                    CorrectiveAction(
                        f"{cid}-{day}-floor",
                        f"insp-{cid}-{day}",
                        cid,
                        "daily",
                        "后厨",
                        "floor",
                        "地面",
                        "积水",
                        False,
                        None,
                        day + timedelta(days=1),
                        at(day, 9),
                        *(
                            ("已处理", "u-staff", at(day, 15), day)
                            if day < LAST_DAY - timedelta(days=3)
                            else (None, None, None, None)
                        ),
                    )
                ),
            )
        for i in range(8):
            b = Batch(
                f"{cid}-{day}-{i}",
                cid,
                f"物料{i}",
                "kg",
                Decimal(0),
                day + timedelta(days=rng.choice([3, 7, 30, 180])),
                day,
                "grain",
                "sup",
                f"dlv-{cid}-{day}",
                i,
                Decimal(20),
            )
            if day > LAST_DAY - timedelta(days=14):
                b.on_hand = Decimal(rng.randrange(1, 20))
            yield BATCHES, stock_repo.to_doc(b)
    steps = int(24 * 60 / minutes)
    for device in devices:
        for day in days:
            for step in range(steps):
                moment = at(day, 0) + timedelta(minutes=step * minutes)
                if moment > NOW:
                    break
                celsius = _typical(device.kind) + Decimal(rng.randrange(-10, 10)) / 10
                reading = Reading(
                    device.device_id,
                    cid,
                    celsius,
                    moment,
                    Source.SENSOR,
                    "gw",
                    device.in_range(celsius),
                )
                yield READINGS, temp_repo.reading_doc(reading)
        device.last_reading_at = at(LAST_DAY, 0) + timedelta(minutes=(steps - 1) * minutes)
        device.last_reading_at = min(device.last_reading_at, NOW)
        device.last_celsius = _typical(device.kind)
        yield DEVICES, temp_repo.device_doc(device)


def _range(kind: DeviceKind):
    from services.canteen.domain.temperatures import DEFAULT_RANGES

    return DEFAULT_RANGES[kind]


def _typical(kind: DeviceKind) -> Decimal:
    return {DeviceKind.FREEZER: Decimal(-18), DeviceKind.HOT_HOLDING: Decimal(65)}.get(
        kind, Decimal(4)
    )


async def load(path: Path, canteens: int, days: int, minutes: int) -> dict[str, int]:
    """Write every canteen's year in batches of 5,000 inserts; returns documents per collection."""
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes([*outbox.INDEXES, *consumer.INDEXES, *INDEXES])
    rng = random.Random(42)
    span = [LAST_DAY - timedelta(days=n) for n in range(days - 1, -1, -1)]
    written: dict[str, int] = {}
    batch: list[Insert] = []
    for c in range(canteens):
        for collection, doc in canteen_docs(f"c{c:02d}", span, rng, minutes):
            batch.append(Insert(collection, doc))
            written[collection] = written.get(collection, 0) + 1
            if len(batch) >= 5000:
                await store.write(batch)
                batch = []
    if batch:
        await store.write(batch)
    await store.close()
    return written


def db_megabytes(folder: Path) -> float:
    """Size of the SQLite file with its WAL, in MB."""
    return sum(p.stat().st_size for p in folder.glob("canteen.db*")) / 1e6


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name: str, ms: list[float], base: list[float] | None = None) -> str:
    """One row of figures, with ratios to the baseline when given."""
    text = (
        f"  {name:<50} n={len(ms):>4}  p50={pct(ms, 50):7.2f} ms  p95={pct(ms, 95):7.2f} ms  "
        f"p99={pct(ms, 99):7.2f} ms  mean={statistics.fmean(ms):7.2f} ms"
    )
    if base:
        text += f"  x{pct(ms, 50) / pct(base, 50):.1f} p50, x{pct(ms, 95) / pct(base, 95):.1f} p95"
    return text


async def interleaved(n: int, base, call) -> tuple[list[float], list[float]]:
    """Milliseconds of `n` calls of each, alternating, so the machine's noise hits both alike."""
    base_ms: list[float] = []
    call_ms: list[float] = []
    for _ in range(n):
        for fn, out in ((base, base_ms), (call, call_ms)):
            t0 = time.perf_counter()
            await fn()
            out.append((time.perf_counter() - t0) * 1000)
    return base_ms, call_ms


async def run(args: argparse.Namespace) -> None:
    """Load, then time the page, its baselines and the store alone."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "canteen.db"
        print(f"loading {args.canteens} canteens x {args.days} days into {path.name} ...")
        t0 = time.perf_counter()
        written = await load(path, args.canteens, args.days, args.reading_minutes)
        seconds = time.perf_counter() - t0
        size = db_megabytes(Path(tmp))
        print(f"  {sum(written.values()):,} documents in {seconds:.1f} s, file {size:.0f} MB")
        print("  " + ", ".join(f"{k} {v:,}" for k, v in sorted(written.items())))

        settings = CanteenSettings(data_dir=Path(tmp), store_url=f"sqlite:///{path}")
        app = build(settings, clock=FrozenClock(NOW))
        store = app.runtime.store
        await store.open()
        ctx = app.runtime.context
        rng = random.Random(7)
        ids = [f"c{c:02d}" for c in range(args.canteens)]
        token = mint_token(
            AuthSettings(), sub="u-manager", roles=["canteen_manager"], scopes={"canteen": ids}
        )
        headers = {"Authorization": f"Bearer {token}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            first = await http.get(f"/canteens/{ids[0]}/food-safety/today", headers=headers)
            assert first.status_code == 200, first.text
            page = first.json()
            print(
                f"\nthe page of {ids[0]} on {page['day']}: status {page['status']}, "
                f"{len(page['samples']['meals'])} meals, {page['morning_checks']['rostered']} "
                f"rostered, {len(page['temperatures']['devices'])} devices, "
                f"{page['temperatures']['readings_today']} readings today, "
                f"{len(page['expiring_stock'])} batches expiring, "
                f"{len(page['inspections']['open_actions'])} open actions; "
                f"{len(first.content) / 1024:.0f} KiB"
            )
            print(
                f"\n{args.requests} requests each, alternating with the baseline, one canteen "
                "at random per request:"
            )

            async def today_page():
                r = await http.get(
                    f"/canteens/{rng.choice(ids)}/food-safety/today", headers=headers
                )
                assert r.status_code == 200

            health, pages = await interleaved(
                args.requests, lambda: http.get("/health"), today_page
            )
            print(line("baseline: GET /health (same HTTP stack)", health))
            print(line("GET /canteens/{id}/food-safety/today", pages, health))
        raw, alone = await interleaved(
            args.requests,
            lambda: store.get(CANTEENS, rng.choice(ids)),
            lambda: summarize(store, ctx, rng.choice(ids)),
        )
        print(line("baseline: store.get of a canteen (no HTTP)", raw))
        print(line("the summary on the store alone (no HTTP, no views)", alone, raw))
        start = iso(at(LAST_DAY, 0))
        plan = await store.explain(
            READINGS, Query({"canteen_id": ids[0], "at": {"$gte": start}, "verdict": "ok"})
        )
        print("  SQLite plan of today's readings count:", " | ".join(plan))
        await store.close()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--canteens", type=int, default=10)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--reading-minutes", type=int, default=60)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    configure_logging("canteen-bench", json=False, level="ERROR")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
