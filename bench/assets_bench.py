"""Benchmark: searching a register of 1,000,000 assets, and importing a 100,000-row XLSX.

Run: `./campus bench assets [--assets 1000000] [--buildings 500] [--people 50000]
[--requests 300] [--import-rows 100000]`

Setup writes the asset documents straight through the store port in batches (the documents
`repository.assets.to_doc` makes of real `Asset` objects; no events, no history): a million
registrations through HTTP would take hours and measure the outbox, not the search. Then, in
the same run: GET /health through the whole in-process HTTP stack (the baseline), each search
through HTTP (auth, validation, handler, store, Read models), and the same query on the store
alone, with p50/p95/p99 and the ratios; the SQLite plans; and the time of POST /imports with a
generated 100,000-row workbook. Figures, not assertions: nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook

from services.assets.domain.assets import Asset, Custody, Status
from services.assets.domain.categories import CLASSES
from services.assets.domain.imports import COLUMNS
from services.assets.main import build
from services.assets.repository import INDEXES
from services.assets.repository.assets import to_doc
from services.assets.settings import AssetsSettings
from shared import consumer, outbox
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock
from shared.logging import configure_logging
from shared.store import Insert, Query
from shared.store.sqlite import SQLiteStore

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
ITEMS = [
    "台式计算机",
    "笔记本电脑",
    "投影仪",
    "打印机",
    "空调",
    "学生椅",
    "课桌",
    "书柜",
    "实验台",
    "示波器",
    "显微镜",
    "钢琴",
    "跑步机",
    "冰箱",
    "交换机",
    "服务器",
    "摄像机",
    "办公桌",
]
STATUS = {
    Status.IN_USE: 90,
    Status.ON_LOAN: 4,
    Status.DAMAGED: 3,
    Status.PENDING_DISPOSAL: 1,
    Status.DISPOSED: 2,
}
CODES = sorted(c for c, cat in CLASSES.items() if cat.depreciated)


def make_asset(i: int, rng: random.Random, buildings: int, people: int) -> dict[str, Any]:
    """One stored asset with a custodian, a place and a realistic status."""
    b = i % buildings
    building = f"B{b + 1:03d}"
    item = rng.choice(ITEMS)
    value = rng.choice([180_00, 950_00, 1_650_00, 3_980_00, 5_200_00, 12_000_00, 86_000_00])
    at = NOW - timedelta(days=rng.randrange(1, 3650))
    asset = Asset(
        id=f"ast-{i:012x}",
        tag=f"ZC-{building}-{i:07d}",
        name=f"{item} {rng.randrange(1, 500):03d}",
        category_code=rng.choice(CODES),
        building_id=building,
        room_id=f"{building}-{rng.randrange(1, 41):03d}",
        department_id=f"D{rng.randrange(0, 60):02d}",
        purchase_value_fen=value,
        purchase_date=at.date(),
        useful_life_years=rng.choice([5, 6, 8, 10, 15]),
        low_value=value < 1_000_00,
        registered_at=at,
        registered_by="bench",
        status=rng.choices(list(STATUS), weights=list(STATUS.values()))[0],
        custody=Custody(f"u-{rng.randrange(0, people):06d}", at, "bench", at),
    )
    return to_doc(asset)


async def load(path: Path, n: int, buildings: int, people: int) -> tuple[float, float]:
    """Write `n` assets in batches, then build the indexes; seconds of each."""
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes([*outbox.INDEXES, *consumer.INDEXES])
    rng = random.Random(42)
    started = time.perf_counter()
    batch: list[Insert] = []
    for i in range(n):
        batch.append(Insert("assets", make_asset(i, rng, buildings, people)))
        if len(batch) == 10_000:
            await store.write(batch)
            batch = []
    if batch:
        await store.write(batch)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    await store.ensure_indexes(list(INDEXES))
    indexed = time.perf_counter() - started
    await store.close()
    return loaded, indexed


def _db_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.db*")) / 1e6


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name: str, ms: list[float], extra: str = "") -> str:
    return (
        f"  {name:<44} p50={pct(ms, 50):7.2f}  p95={pct(ms, 95):7.2f}  p99={pct(ms, 99):7.2f} ms"
        f"  mean={statistics.fmean(ms):6.2f}{extra}"
    )


def workbook(rows: int, buildings: int) -> bytes:
    """A register of `rows` new assets (write-only workbook: memory stays flat)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("资产")
    sheet.append([c.title for c in COLUMNS])
    for i in range(rows):
        b = f"B{i % buildings + 1:03d}"
        sheet.append(
            [
                f"ZC-IMP-{i:07d}",
                f"学生椅 {i}",
                "6010000",
                b,
                f"{b}-001",
                "D01",
                "1650.00",
                "2025-09-01",
                None,
                None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def timed(fn: Callable[[], Any], requests: int) -> list[float]:
    ms = []
    for _ in range(requests):
        t0 = time.perf_counter()
        await fn()
        ms.append((time.perf_counter() - t0) * 1000)
    return ms


async def run(assets: int, buildings: int, people: int, requests: int, import_rows: int) -> None:
    """Load, measure and print."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "assets.db"
        print(f"loading {assets:,} assets in {buildings} buildings, {people:,} custodians ...")
        loaded, indexed = await load(path, assets, buildings, people)
        size = _db_megabytes(Path(tmp))
        print(
            f"  written in {loaded:.1f} s ({assets / loaded:,.0f}/s), indexes built in "
            f"{indexed:.1f} s, file {size:,.0f} MB"
        )
        settings = AssetsSettings(data_dir=Path(tmp), store_url=f"sqlite:///{path}")
        app = build(settings, clock=FrozenClock(NOW))
        store = app.runtime.store
        await app.runtime.open_store()
        auditor = mint_token(AuthSettings(), sub="aud", roles=["auditor"])
        manager = mint_token(
            AuthSettings(),
            sub="am",
            roles=["asset_manager"],
            scopes={"building": ["B001", "B002", "B003"]},
        )
        headers = {"Authorization": f"Bearer {auditor}"}
        rng = random.Random(7)

        def building() -> str:
            return f"B{rng.randrange(1, buildings + 1):03d}"

        # name -> (query parameters, the same filter and sort on the store)
        scenarios: dict[str, Callable[[], tuple[dict, dict, list]]] = {
            "building": lambda: (
                {"building_id": (b := building())},
                {"building_id": b},
                [("tag", 1)],
            ),
            "building + status damaged": lambda: (
                {"building_id": (b := building()), "status": "damaged"},
                {"building_id": b, "status": "damaged"},
                [("tag", 1)],
            ),
            "building + room": lambda: (
                {
                    "building_id": (b := building()),
                    "room_id": (r := f"{b}-{rng.randrange(1, 41):03d}"),
                },
                {"building_id": b, "room_id": r},
                [("tag", 1)],
            ),
            "custodian": lambda: (
                {"custodian_id": (c := f"u-{rng.randrange(0, people):06d}")},
                {"custody.custodian_id": c},
                [("tag", 1)],
            ),
            "department": lambda: (
                {"department_id": (d := f"D{rng.randrange(0, 60):02d}")},
                {"department_id": d},
                [("tag", 1)],
            ),
            "category": lambda: (
                {"category_code": (c := rng.choice(CODES))},
                {"category_code": c},
                [("tag", 1)],
            ),
            "status pending_disposal (whole register)": lambda: (
                {"status": "pending_disposal"},
                {"status": "pending_disposal"},
                [("tag", 1)],
            ),
            "name prefix (whole register)": lambda: (
                {"name": (n := rng.choice(ITEMS))},
                {"name_fold": {"$gte": n, "$lt": n + "\U0010ffff"}},
                [("name_fold", 1), ("tag", 1)],
            ),
            "tag": lambda: (
                {"tag": (t := f"ZC-B{(i := rng.randrange(assets)) % buildings + 1:03d}-{i:07d}")},
                {"tag": t},
                [("tag", 1)],
            ),
            "whole register, by tag": lambda: ({}, {}, [("tag", 1)]),
        }
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", timeout=600
        ) as http:
            base = (await timed(lambda: http.get("/health"), requests + 30))[30:]
            print(
                f"\nGET /assets through HTTP (limit 50, auditor), {requests} requests each; "
                "beside it the same query on the store alone:"
            )
            print(line("baseline: GET /health (same HTTP stack)", base))
            base95 = pct(base, 95)
            rows = []
            for name, make in scenarios.items():
                # The first `warm` of each are not counted: steady state, not a cold cache.
                warm = min(30, requests)
                params = [make() for _ in range(requests + warm)]
                it = iter(params)

                async def over_http(it=it) -> None:
                    p = next(it)[0]
                    r = await http.get("/assets", params={"limit": 50, **p}, headers=headers)
                    assert r.status_code == 200, r.text

                raw_it = iter(params)

                async def on_store(raw_it=raw_it) -> None:
                    _, f, s = next(raw_it)
                    await store.find("assets", Query(f, s, limit=50))

                ms = (await timed(over_http, requests + warm))[warm:]
                raw = (await timed(on_store, requests + warm))[warm:]
                rows.append((name, ms, raw))
                print(line(f"HTTP  {name}", ms, f"  x{pct(ms, 95) / base95:.1f} /health"))
                print(
                    line(
                        f"store {name}",
                        raw,
                        f"  HTTP/store p95 x{pct(ms, 95) / max(pct(raw, 95), 1e-3):.1f}",
                    )
                )
            # Deep pages: follow the cursor through the whole register.
            cursor, ms = None, []
            for _ in range(requests):
                t0 = time.perf_counter()
                params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
                r = await http.get("/assets", params=params, headers=headers)
                ms.append((time.perf_counter() - t0) * 1000)
                cursor = r.json()["next_cursor"]
            print(line(f"HTTP  following the cursor ({requests} pages)", ms))
            mgr = {"Authorization": f"Bearer {manager}"}
            ms = await timed(
                lambda: http.get("/assets", params={"limit": 50}, headers=mgr), requests
            )
            print(line("HTTP  manager of 3 buildings, no filter", ms))
            worst = max(pct(m, 95) for _, m, _ in rows)
            print(f"\n  slowest HTTP p95 of the searches: {worst:.2f} ms (goal 25 ms)")
            for name, query in (
                (
                    "building + status",
                    Query({"building_id": "B007", "status": "damaged"}, [("tag", 1)], limit=50),
                ),
                (
                    "name prefix",
                    Query(
                        {"name_fold": {"$gte": "投影", "$lt": "投影\U0010ffff"}},
                        [("name_fold", 1), ("tag", 1)],
                        limit=50,
                    ),
                ),
                ("next page", Query({"tag": {"$gt": "ZC-B250"}}, [("tag", 1)], limit=50)),
            ):
                print(f"  SQLite plan, {name}: " + " | ".join(await store.explain("assets", query)))

            content = workbook(import_rows, buildings)
            print(
                f"\nPOST /imports: a {import_rows:,}-row XLSX ({len(content) / 1e6:.1f} MB) into "
                f"the {assets:,}-asset store, as an administrator:"
            )
            admin = mint_token(AuthSettings(), sub="adm", roles=["logistics_admin"])
            t0 = time.perf_counter()
            r = await http.post(
                "/imports",
                files={"file": ("register.xlsx", content)},
                headers={"Authorization": f"Bearer {admin}"},
            )
            seconds = time.perf_counter() - t0
            assert r.status_code == 201, r.text[:500]
            print(
                f"  imported {r.json()['imported']:,} rows in {seconds:.1f} s "
                f"({import_rows / seconds:,.0f} rows/s; every row checked, registered, its "
                "event and history line written in one atomic write)"
            )
        await store.close()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=1_000_000)
    parser.add_argument("--buildings", type=int, default=500)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    configure_logging("assets-bench", json=False, level="ERROR")
    asyncio.run(run(args.assets, args.buildings, args.people, args.requests, args.import_rows))


if __name__ == "__main__":
    main()
