"""Benchmark: the cost of one command per kind, then a peak mix replayed at a paced rate.

Run: `./campus bench peak [--rate 100] [--seconds 60] [--each 200] [--concurrency 16]`

Builds maintenance, canteen and assets in one process on SQLite files of their own (no broker:
a command's cost here is the HTTP stack, the handler and the one atomic write of its state and
outbox; the relay's and audit's costs are `bench relay` and `bench audit`). First each command
kind alone, one at a time: its p50/p95 and the commands per second one process does of it.
Then the mix docs/capacity.md derives for a peak hour (its shares below), sent open-loop at
`--rate` commands/s for `--seconds` with at most `--concurrency` in flight: the rate reached,
the latencies, and the events the commands staged per second. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from services.assets.main import build as build_assets
from services.assets.settings import AssetsSettings
from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.maintenance.main import build as build_maintenance
from services.maintenance.settings import MaintenanceSettings
from shared.auth import AuthSettings, mint_token
from shared.logging import configure_logging
from tests.harness import routes_client

#: The peak hour's mix of commands (docs/capacity.md, "The peak"): a university's lunch hour
#: at the start of term in stock-take season — every dish's sample, the repair requests of
#: term start, scans room by room, and each canteen's sensor gateway posting its devices.
MIX = {
    "canteen: food sample": 0.48,
    "maintenance: repair request": 0.27,
    "assets: stock-take scan (one room, 10 tags)": 0.15,
    "canteen: gateway batch (8 devices)": 0.10,
}
LOCATIONS_CSV = (
    "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
    "main,主校区,B01,一号教学楼,1,B01-101,101教室\n"
    "main,主校区,B01,一号教学楼,3,B01-301,实验室\n"
    "main,主校区,B02,学生公寓2号楼,2,B02-201,201宿舍\n"
)
DEVICES = 40
KITCHENS = [f"k{i}" for i in range(30)]
TAGS = 500


def auth(sub: str, *roles: str, **scopes: list[str]) -> dict[str, str]:
    """A development bearer token."""
    return {
        "Authorization": f"Bearer {mint_token(AuthSettings(), sub=sub, roles=roles, scopes=scopes)}"
    }


ADMIN = auth("u-admin", "logistics_admin")
KITCHEN = auth("u-staff", "canteen_staff", canteen=KITCHENS)
CANTEEN_MANAGER = auth("u-cm", "canteen_manager", canteen=["north"])
GATEWAY = auth("gw-north", "service", canteen=["north"])
STUDENT = auth("u-student", "requester", campus=["main"])
ASSET_MANAGER = auth("u-am", "asset_manager", building=["B01"])


def check(response, *ok: int) -> None:
    """Stop the run on a refused command: a figure of refusals measures nothing."""
    if response.status_code not in (ok or (200, 201)):
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")


class Platform:
    """The three services' HTTP clients, their set-up data, and one command of each kind."""

    def __init__(self, maintenance, canteen, assets) -> None:
        self.http = {"maintenance": maintenance, "canteen": canteen, "assets": assets}
        self._n = itertools.count()
        self.stocktake = ""
        self.meal_dishes: list[tuple[str, str]] = []
        #: Commands sent again after a 409 (a concurrent one on the same aggregate won).
        self.retried = 0

    async def set_up(self) -> None:
        """Places, canteens with devices and a day of meals, 500 assets and a campaign."""
        m, c, a = self.http["maintenance"], self.http["canteen"], self.http["assets"]
        check(
            await m.post(
                "/locations/import",
                content=LOCATIONS_CSV.encode(),
                headers={**ADMIN, "content-type": "text/csv"},
            )
        )
        body = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
        check(await c.put("/canteens/north", json=body, headers=ADMIN))
        for d in range(DEVICES):
            device = {"name": f"冷藏柜 {d}", "kind": "fridge"}
            check(
                await c.put(f"/canteens/north/devices/f{d}", json=device, headers=CANTEEN_MANAGER)
            )
        # 40 dishes a meal at most, meals of today: thirty canteens, three meals, 3,600 dishes.
        served_on = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
        for canteen in KITCHENS:
            body = {"name": f"{canteen} 食堂", "campus_id": "main", "building_id": "B03"}
            check(await c.put(f"/canteens/{canteen}", json=body, headers=ADMIN))
            for kind in ("breakfast", "lunch", "dinner"):
                dishes = [{"dish_id": f"d{i}", "name": f"菜 {i}"} for i in range(40)]
                meal = {"served_on": served_on, "kind": kind, "dishes": dishes}
                path = f"/canteens/{canteen}/meals"
                check(await c.post(path, json=meal, headers=KITCHEN), 201)
                self.meal_dishes += [
                    (f"{canteen}/meals/{served_on}.{kind}", d["dish_id"]) for d in dishes
                ]
        random.Random(3).shuffle(self.meal_dishes)
        for n in range(TAGS):
            asset = {
                "tag": f"ZC-B01-{n:05d}",
                "name": "课桌 desk",
                "category_code": "6010000",
                "building_id": "B01",
                "room_id": f"B01-{100 + n % 50}",
                "purchase_value": "320.00",
                "purchase_date": "2023-09-01",
            }
            check(await a.post("/assets", json=asset, headers=ASSET_MANAGER), 201)
        body = {"scope": "building", "scope_id": "B01", "name": "2026 清查"}
        r = await a.post("/stocktakes", json=body, headers=ASSET_MANAGER)
        check(r, 201)
        self.stocktake = r.json()["stocktake_id"]

    async def retrying(self, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """Send again on 409: samples of one meal, readings of one device, scans of one
        campaign update one aggregate, so two at once race and the loser is told to retry."""
        for _ in range(50):
            response = await send()
            if response.status_code != 409:
                return response
            self.retried += 1
        return response

    def commands(self) -> dict[str, Callable[[], Awaitable[None]]]:
        """One command of each kind of the mix, each call a new one."""
        c, m, a = self.http["canteen"], self.http["maintenance"], self.http["assets"]

        async def gateway() -> None:
            n = next(self._n)
            readings = [
                {"device_id": f"f{(n * 8 + d) % DEVICES}", "celsius": f"{3 + d % 4}.{n % 10}"}
                for d in range(8)
            ]
            body = {"readings": readings}
            path = "/canteens/north/readings"
            check(await self.retrying(lambda: c.post(path, json=body, headers=GATEWAY)), 201)

        async def sample() -> None:
            meal, dish = self.meal_dishes.pop()
            body = {"grams": "150", "fridge": "1"}
            path = f"/canteens/{meal}/samples/{dish}"
            check(await self.retrying(lambda: c.put(path, json=body, headers=KITCHEN)))

        async def request() -> None:
            body = {"location_id": "B02-201", "category": "plumbing", "description": "水龙头漏水"}
            check(await m.post("/tickets", json=body, headers=STUDENT), 201)

        async def scan() -> None:
            n = next(self._n)
            room = f"B01-{100 + n % 50}"
            tags = [f"ZC-B01-{(n * 10 + k) % TAGS:05d}" for k in range(10)]
            path = f"/stocktakes/{self.stocktake}/scans"
            body = {"room_id": room, "tags": tags}
            check(await self.retrying(lambda: a.post(path, json=body, headers=ASSET_MANAGER)))

        return dict(zip(MIX, (sample, request, scan, gateway), strict=True))

    async def staged(self) -> int:
        """Events staged in the three outboxes so far."""
        total = 0
        for http in self.http.values():
            total += await http.runtime.store.count("outbox", {})
        return total


def pct(values: list[float], p: float) -> float:
    """The p-th percentile in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


async def each_alone(platform: Platform, each: int) -> None:
    """Every kind one at a time: the per-command cost."""
    print(f"\none command at a time, {each} of each kind (HTTP + handler + one atomic write):")
    print(f"  {'command':46} {'p50':>8} {'p95':>8} {'cmd/s':>7} {'events/cmd':>10}")
    for name, command in platform.commands().items():
        before = await platform.staged()
        took = []
        for _ in range(each):
            started = time.perf_counter()
            await command()
            took.append(time.perf_counter() - started)
        events = (await platform.staged() - before) / each
        rate = each / sum(took)
        print(
            f"  {name:46} {pct(took, 50):6.1f}ms {pct(took, 95):6.1f}ms {rate:7.0f} {events:10.2f}"
        )


async def replay(platform: Platform, rate: float, seconds: float, concurrency: int) -> None:
    """The mix, open-loop at `rate`: a command is due every 1/rate s whatever came back."""
    commands = platform.commands()
    rng = random.Random(11)
    names, weights = list(MIX), list(MIX.values())
    took: dict[str, list[float]] = defaultdict(list)
    late = Counter()
    slots = asyncio.Semaphore(concurrency)
    before = await platform.staged()

    async def one(name: str) -> None:
        async with slots:
            started = time.perf_counter()
            await commands[name]()
            took[name].append(time.perf_counter() - started)

    tasks = []
    start = time.perf_counter()
    due = start
    while due - start < seconds:
        now = time.perf_counter()
        if now < due:
            await asyncio.sleep(due - now)
        elif now - due > 1.0:
            late["over 1 s behind schedule"] += 1
        tasks.append(asyncio.create_task(one(rng.choices(names, weights)[0])))
        due += 1 / rate
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start
    events = await platform.staged() - before
    every = [t for ts in took.values() for t in ts]
    print(f"\npeak mix at {rate:g} commands/s for {seconds:g} s (at most {concurrency} in flight):")
    print(
        f"  sent {len(every)} in {wall:.1f} s = {len(every) / wall:.1f} commands/s "
        f"(target {rate:g}); {events} events staged = {events / wall:.1f} events/s"
    )
    print(
        f"  latency p50 {pct(every, 50):.1f} ms, p95 {pct(every, 95):.1f} ms, "
        f"p99 {pct(every, 99):.1f} ms; sends over 1 s behind schedule: {late.total()}; "
        f"sent again after a 409: {platform.retried}"
    )
    for name in MIX:
        ts = took[name]
        print(f"    {name:46} n={len(ts):5d} p50 {pct(ts, 50):6.1f} ms p95 {pct(ts, 95):6.1f} ms")


async def run(args: argparse.Namespace) -> None:
    """Build the three services on fresh SQLite files, set up, measure, clean up."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        apps = {
            "maintenance": build_maintenance(
                MaintenanceSettings(data_dir=folder, store_url=f"sqlite:///{folder / 'm.db'}")
            ),
            "canteen": build_canteen(
                CanteenSettings(data_dir=folder, store_url=f"sqlite:///{folder / 'c.db'}")
            ),
            "assets": build_assets(
                AssetsSettings(data_dir=folder, store_url=f"sqlite:///{folder / 'a.db'}")
            ),
        }
        async with AsyncExitStack() as stack:
            clients = {
                name: await stack.enter_async_context(routes_client(app, base_url=f"http://{name}"))
                for name, app in apps.items()
            }
            platform = Platform(clients["maintenance"], clients["canteen"], clients["assets"])
            started = time.perf_counter()
            await platform.set_up()
            took = time.perf_counter() - started
            print(f"set up in {took:.1f} s ({TAGS} assets, {DEVICES} devices, 3,600 dishes)")
            await each_alone(platform, args.each)
            await replay(platform, args.rate, args.seconds, args.concurrency)
        load = os.getloadavg()
        print(f"\nload average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--each", type=int, default=200, help="commands of each kind alone")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    configure_logging("peak-bench", json=False, level="ERROR")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
