"""Benchmark: the work-order list endpoint over 100,000 orders in a SQLite store.

Run: `.venv/bin/python bench/maintenance_bench.py [--orders 100000] [--requests 400]`

Prints the latency of GET /tickets (filtered by building and status, sorted, paginated with
the cursor) through the whole HTTP stack in-process (ASGI, auth, validation, store, views),
the same queries straight on the store, their SQLite plans, and the time of a report refresh
and an SLA check over the whole table. Figures, not assertions: nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from services.maintenance.domain.ticket_parts import Assignment
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import (
    OPEN_STATUSES,
    AssigneeKind,
    Category,
    Channel,
    Priority,
    SlaState,
)
from services.maintenance.main import build
from services.maintenance.repository import INDEXES
from services.maintenance.repository.ticket_queries import sla_filter
from services.maintenance.repository.tickets import to_doc
from services.maintenance.settings import MaintenanceSettings
from shared import consumer, outbox
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock
from shared.logging import configure_logging
from shared.store import Insert, Query
from shared.store.sqlite import SQLiteStore

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
OPEN = [s.value for s in OPEN_STATUSES]
BUILDINGS = [f"B{i:02d}" for i in range(1, 51)]
STATUS_WEIGHTS = {
    "closed": 70,
    "resolved": 8,
    "in_progress": 6,
    "assigned": 5,
    "on_hold": 3,
    "triaged": 3,
    "opened": 4,
    "reopened": 1,
}


def make_ticket(i: int, rng: random.Random, policy) -> dict:
    """One stored order with a realistic history for its status."""
    created = NOW - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    building = rng.choice(BUILDINGS)
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    t = Ticket.open(
        id=f"WO-{created:%Y%m%d}-{i:08X}",
        campus_id="main",
        building_id=building,
        location_id=f"{building}-{rng.randrange(1, 40):03d}",
        category=rng.choice(list(Category)),
        priority=rng.choices(list(Priority), weights=[2, 8, 30, 60])[0],
        channel=rng.choice([Channel.WEB, Channel.PHONE, Channel.QR]),
        description="报修：" + "漏水不亮损坏"[: rng.randrange(1, 6)],
        created_at=created,
        requester_id=f"stu-{rng.randrange(0, 20000)}",
    )
    at = created
    path = {
        "opened": [],
        "triaged": ["triage"],
        "assigned": ["triage", "assign"],
        "in_progress": ["triage", "assign", "start"],
        "on_hold": ["triage", "assign", "start", "hold"],
        "resolved": ["triage", "assign", "start", "resolve"],
        "closed": ["triage", "assign", "start", "resolve", "close"],
        "reopened": ["triage", "assign", "start", "resolve", "reopen"],
    }[status]
    for action in path:
        at = at + timedelta(minutes=rng.randrange(5, 600))
        kwargs: dict = {}
        if action == "assign":
            tech = f"tech-{rng.randrange(0, 80)}"
            kwargs = {"assignment": Assignment(AssigneeKind.TECHNICIAN, tech)}
        elif action == "hold":
            kwargs = {"reason": "parts"}
        elif action == "close":
            kwargs = {"rating": rng.randrange(1, 6)}
        elif action == "reopen":
            kwargs = {"reason": "still broken"}
        getattr(t, action)(at=at, by="bench", **kwargs)
    t.refresh_sla(policy)
    t.pull_events()
    return to_doc(t)


async def load(path: Path, orders: int, settings: MaintenanceSettings) -> float:
    """Insert `orders` tickets in batches; returns seconds taken."""
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes([*outbox.INDEXES, *consumer.INDEXES, *INDEXES])
    rng = random.Random(42)
    policy = settings.sla_policy()
    started = time.perf_counter()
    batch: list[Insert] = []
    for i in range(orders):
        batch.append(Insert("tickets", make_ticket(i, rng, policy)))
        if len(batch) == 5000:
            await store.write(batch)
            batch = []
    if batch:
        await store.write(batch)
    elapsed = time.perf_counter() - started
    await store.close()
    return elapsed


def _db_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.db*"))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name: str, ms: list[float]) -> str:
    return (
        f"  {name:<52} n={len(ms):>4}  p50={pct(ms, 50):7.2f} ms  p95={pct(ms, 95):7.2f} ms  "
        f"p99={pct(ms, 99):7.2f} ms  mean={statistics.fmean(ms):7.2f} ms"
    )


async def run(orders: int, requests: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "maintenance.db"
        settings = MaintenanceSettings(data_dir=Path(tmp), store_url=f"sqlite:///{path}")
        print(f"loading {orders:,} orders into {path.name} ...")
        seconds = await load(path, orders, settings)
        size = _db_size(Path(tmp))
        print(
            f"  loaded in {seconds:.1f} s ({orders / seconds:,.0f} orders/s), "
            f"file {size / 1e6:.0f} MB"
        )

        app = build(settings, clock=FrozenClock(NOW))
        store = app.runtime.store
        await store.open()
        token = mint_token(
            AuthSettings(), sub="disp", roles=["dispatcher"], scopes={"campus": ["main"]}
        )
        headers = {"Authorization": f"Bearer {token}"}
        rng = random.Random(7)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            scenarios = {
                "building+status, newest first, page 1 (50)": lambda: {
                    "building_id": rng.choice(BUILDINGS),
                    "status": "in_progress",
                },
                "building+status(closed), newest first, page 1": lambda: {
                    "building_id": rng.choice(BUILDINGS),
                    "status": "closed",
                },
                "status only (open), newest first, page 1": lambda: {"status": "opened"},
                "building, priority sort, page 1": lambda: {
                    "building_id": rng.choice(BUILDINGS),
                    "sort": "priority",
                },
                "whole campus, newest first, page 1": lambda: {},
                # The dispatcher board's SLA filter: open orders at risk or breached, most
                # pressing first, as the console asks for it (it used to fetch the first 200
                # open orders, the line below, and filter that one page itself).
                "board before: open, priority, one page of 200": lambda: {
                    "status": OPEN,
                    "sort": "priority",
                    "limit": 200,
                },
                "board: open, sla at_risk+breached, priority (50)": lambda: {
                    "status": OPEN,
                    "sla": ["at_risk", "breached"],
                    "sort": "priority",
                },
                "board: open, sla at_risk only, priority (50)": lambda: {
                    "status": OPEN,
                    "sla": "at_risk",
                    "sort": "priority",
                },
            }
            print(
                f"\nGET /tickets through HTTP (dispatcher of campus main, limit 50), "
                f"{requests} requests each:"
            )
            baseline = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = await http.get("/health")
                baseline.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.text
            print(line("baseline: GET /health (same HTTP stack, no store)", baseline))
            base_p95 = pct(baseline, 95)
            for name, params_of in scenarios.items():
                ms = []
                for _ in range(requests):
                    params = {"limit": 50, **params_of()}
                    t0 = time.perf_counter()
                    r = await http.get("/tickets", params=params, headers=headers)
                    ms.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200, r.text
                print(line(name, ms) + f"  x{pct(ms, 95) / base_p95:.1f} of /health p95")
            # Deep pagination: follow the cursor through one building's closed orders.
            ms = []
            building = "B07"
            cursor = None
            pages = 0
            while pages < requests:
                params = {"limit": 50, "building_id": building, "status": "closed"}
                if cursor:
                    params["cursor"] = cursor
                t0 = time.perf_counter()
                r = await http.get("/tickets", params=params, headers=headers)
                ms.append((time.perf_counter() - t0) * 1000)
                cursor = r.json()["next_cursor"]
                pages += 1
                if cursor is None:
                    building = BUILDINGS[(BUILDINGS.index(building) + 1) % len(BUILDINGS)]
            print(line("building+status(closed), following the cursor", ms))

        print("\nthe same query on the store alone (no HTTP, no views):")
        ms = []
        for _ in range(requests):
            q = Query(
                {
                    "campus_id": "main",
                    "building_id": rng.choice(BUILDINGS),
                    "status": "in_progress",
                },
                sort=[("created_at", -1)],
                limit=50,
            )
            t0 = time.perf_counter()
            await store.find("tickets", q)
            ms.append((time.perf_counter() - t0) * 1000)
        print(line("store.find building+status newest first (50)", ms))
        plan = await store.explain(
            "tickets",
            Query(
                {"campus_id": "main", "building_id": "B07", "status": "closed"},
                sort=[("created_at", -1)],
                limit=50,
            ),
        )
        print("  SQLite plan:", " | ".join(plan))
        for states in (["at_risk", "breached"], ["at_risk"]):
            wanted = {
                "campus_id": "main",
                "status": {"$in": OPEN},
                **sla_filter({SlaState(s) for s in states}, NOW),
            }
            sort = [("priority_rank", 1), ("created_at", -1)]
            plan = await store.explain("tickets", Query(wanted, sort=sort, limit=50))
            print(f"  SQLite plan of sla={'+'.join(states)}:", " | ".join(plan))

        jobs = app.maintenance
        t0 = time.perf_counter()
        cache = await jobs.refresh_reports(NOW)
        report_s = time.perf_counter() - t0
        main = cache.reports["main"]
        print(
            f"\nreport refresh over the table: {report_s:.2f} s "
            f"(open {main.open_total:,}, opened in window {main.opened_in_window:,})"
        )
        # A year of synthetic orders never checked: the loop catches up in capped passes.
        t0 = time.perf_counter()
        passes, total = 0, 0
        while found := await jobs.check_sla(NOW):
            passes += 1
            total += len(found)
        catch_up = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = await jobs.check_sla(NOW)
        print(
            f"SLA check catching up: {total:,} breaches recorded once each in {passes} passes, "
            f"{catch_up:.1f} s ({catch_up / max(total, 1) * 1000:.2f} ms per breach); "
            f"next check: {(time.perf_counter() - t0) * 1000:.1f} ms, {len(again)} new"
        )
        breaches = await store.count("sla_breaches")
        print(f"  breach records in the store: {breaches:,}")
        await store.close()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    configure_logging("maintenance-bench", json=False, level="ERROR")  # no per-breach lines
    asyncio.run(run(args.orders, args.requests))


if __name__ == "__main__":
    main()
