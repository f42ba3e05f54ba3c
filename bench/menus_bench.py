"""Benchmark: the menu, public menu and cost endpoints over a year of one canteen's data.

Run: `./campus bench menus [--days 365] [--dishes 60] [--ratings-per-day 200] [--requests 200]`

Writes a year of one canteen into a fresh SQLite file through the repository's own document
forms — its dish catalogue, a published menu per week (three meals a day, six dishes each),
portions and waste of every meal, the issues for each dish of each meal (one document per batch
part, as `issue_takes`), the batches in stock, and the diners' ratings — then times through the
whole HTTP stack in-process (ASGI, auth, handlers, store, views), alternating with GET /health
on the same stack: GET …/menus/{week}, GET /public/…/menus/{week} (suppliers shown), and
GET …/costs for a week, a month and the whole year. Figures, not assertions: nothing here is a
test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from bench.canteen_bench import db_megabytes, interleaved, line
from services.canteen.domain.canteens import Canteen
from services.canteen.domain.dishes import Dish, Ingredient, PriceChange, derive_allergens
from services.canteen.domain.feedback import Rating
from services.canteen.domain.meals import MealKind
from services.canteen.domain.menus import Menu, MenuEntry, week_of
from services.canteen.domain.servings import Portions, Serving
from services.canteen.domain.stock import Batch
from services.canteen.main import build
from services.canteen.repository import (
    BATCHES,
    CANTEENS,
    DISHES,
    INDEXES,
    ISSUE_TAKES,
    MENUS,
    RATINGS,
    SERVINGS,
    SUPPLIERS,
)
from services.canteen.repository import canteens as canteen_repo
from services.canteen.repository import dishes as dish_repo
from services.canteen.repository import feedback as feedback_repo
from services.canteen.repository import menus as menu_repo
from services.canteen.repository import servings as serving_repo
from services.canteen.repository import stock as stock_repo
from services.canteen.settings import CanteenSettings
from shared import consumer, outbox
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock, iso
from shared.logging import configure_logging
from shared.store import Insert
from shared.store.sqlite import SQLiteStore

ZONE = ZoneInfo("Asia/Shanghai")
LAST_DAY = date(2026, 6, 1)
NOW = datetime.combine(LAST_DAY, dtime(20, 0), tzinfo=ZONE).astimezone(UTC)
CID = "c00"
ITEMS = [f"食材{i:02d} item" for i in range(40)] + ["面粉 flour", "鸡蛋 eggs", "花生 peanuts"]
MEALS = (MealKind.BREAKFAST, MealKind.LUNCH, MealKind.DINNER)


def docs(days: list[date], n_dishes: int, ratings_per_day: int, rng: random.Random):
    """(collection, document) of the canteen's year."""
    made = datetime.combine(days[0], dtime(8), tzinfo=ZONE).astimezone(UTC)
    yield CANTEENS, canteen_repo.to_doc(Canteen(CID, "一食堂 Canteen 1", "main", "B01", None, made))
    yield (
        SUPPLIERS,
        {
            "_id": "sup-0",
            "name": "供应商 Supplier 0",
            "documents": [],
            "suspended": False,
            "canteens": [CID],
            "contact": None,
            "updated_at": iso(made),
        },
    )
    catalogue = []
    for i in range(n_dishes):
        recipe = tuple(Ingredient(item, Decimal("0.050"), "kg") for item in rng.sample(ITEMS, 3))
        price = Decimal(rng.randint(10, 150)) / 10
        dish = Dish(
            CID,
            f"d{i:02d}",
            f"菜{i:02d}",
            f"Dish {i}",
            "main",
            recipe,
            derive_allergens(recipe),
            False,
            price,
            False,
            True,
            made,
            "u-manager",
            [PriceChange(price, None, made, "u-manager")],
        )
        catalogue.append(dish)
        yield DISHES, dish_repo.to_doc(dish)
    for n, item in enumerate(ITEMS):
        batch = Batch(
            f"b-{n}",
            CID,
            item,
            "kg",
            Decimal(40),
            LAST_DAY + timedelta(days=30),
            LAST_DAY,
            "other",
            "sup-0",
            "dlv-0",
            n + 1,
            Decimal(40),
            unit_price=Decimal("6.50"),
        )
        yield BATCHES, stock_repo.to_doc(batch)
    weeks: dict[str, list[MenuEntry]] = {}
    for day in days:
        for kind in MEALS:
            served = rng.sample(catalogue, 6)
            weeks.setdefault(week_of(day), []).append(
                MenuEntry(day, kind, tuple(d.dish_id for d in served))
            )
            meal_id = f"{day.isoformat()}.{kind.value}"
            portions = tuple(Portions(d.dish_id, rng.randint(50, 400), d.price) for d in served)
            yield (
                SERVINGS,
                serving_repo.to_doc(
                    Serving(
                        CID,
                        meal_id,
                        day,
                        portions,
                        Decimal(rng.randint(5000, 20000)),
                        made,
                        "u-staff",
                    )
                ),
            )
            for d in served:
                for i in d.ingredients:
                    qty = Decimal(rng.randint(5, 30))
                    yield (
                        ISSUE_TAKES,
                        {
                            "_id": f"{CID}|{meal_id}|{d.dish_id}|{i.item}",
                            "canteen_id": CID,
                            "issue_no": f"{meal_id}-{d.dish_id}",
                            "batch_id": f"b-{ITEMS.index(i.item)}",
                            "item": i.item,
                            "unit": "kg",
                            "supplier_id": "sup-0",
                            "quantity": str(qty),
                            "unit_price": "6.50",
                            "cost": str(qty * Decimal("6.50")),
                            "meal_id": meal_id,
                            "dish_id": d.dish_id,
                            "day": day.isoformat(),
                            "issued_at": iso(made),
                        },
                    )
        at = datetime.combine(day, dtime(12), tzinfo=ZONE).astimezone(UTC)
        for n in range(ratings_per_day):
            rating = Rating(
                CID,
                f"r-{day.isoformat()}-{n}",
                f"{day.isoformat()}.lunch",
                None,
                rng.randint(1, 5),
                None,
                False,
                "anonymous:public",
                at,
                day,
            )
            yield RATINGS, feedback_repo.rating_doc(rating)
    for week, entries in weeks.items():
        yield (
            MENUS,
            menu_repo.to_doc(
                Menu(CID, week, tuple(entries), True, made, "u-manager", made, "u-manager")
            ),
        )


async def load(path: Path, args: argparse.Namespace) -> dict[str, int]:
    """Write the year in batches of 5,000 inserts; documents per collection."""
    store = SQLiteStore(path)
    await store.open()
    await store.ensure_indexes([*outbox.INDEXES, *consumer.INDEXES, *INDEXES])
    span = [LAST_DAY - timedelta(days=n) for n in range(args.days - 1, -1, -1)]
    written: dict[str, int] = {}
    batch: list[Insert] = []
    for collection, doc in docs(span, args.dishes, args.ratings_per_day, random.Random(42)):
        batch.append(Insert(collection, doc))
        written[collection] = written.get(collection, 0) + 1
        if len(batch) >= 5000:
            await store.write(batch)
            batch = []
    if batch:
        await store.write(batch)
    await store.close()
    return written


async def run(args: argparse.Namespace) -> None:
    """Load, then time each endpoint against GET /health."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "canteen.db"
        print(f"loading one canteen x {args.days} days into {path.name} ...")
        t0 = time.perf_counter()
        written = await load(path, args)
        print(
            f"  {sum(written.values()):,} documents in {time.perf_counter() - t0:.1f} s, "
            f"file {db_megabytes(Path(tmp)):.0f} MB"
        )
        print("  " + ", ".join(f"{k} {v:,}" for k, v in sorted(written.items())))
        app = build(
            CanteenSettings(data_dir=Path(tmp), store_url=f"sqlite:///{path}"),
            clock=FrozenClock(NOW),
        )
        await app.runtime.store.open()
        token = mint_token(
            AuthSettings(), sub="u-manager", roles=["canteen_manager"], scopes={"canteen": [CID]}
        )
        headers = {"Authorization": f"Bearer {token}"}
        rng = random.Random(7)
        weeks = sorted({week_of(LAST_DAY - timedelta(days=n)) for n in range(args.days)})
        year = (LAST_DAY - timedelta(days=args.days - 1)).isoformat(), LAST_DAY.isoformat()
        month = (LAST_DAY - timedelta(days=29)).isoformat(), LAST_DAY.isoformat()
        week = (LAST_DAY - timedelta(days=6)).isoformat(), LAST_DAY.isoformat()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            def getter(url_of, params=None, auth=True):
                async def call():
                    r = await http.get(url_of(), params=params, headers=headers if auth else None)
                    assert r.status_code == 200, r.text

                return call

            first = await http.get(f"/public/canteens/{CID}/menus/{weeks[-1]}")
            costs = await http.get(
                f"/canteens/{CID}/costs", params={"from": year[0], "to": year[1]}, headers=headers
            )
            total = costs.json()["total"]
            print(
                f"\nthe public menu of {weeks[-1]}: {len(first.content) / 1024:.0f} KiB; the "
                f"year's costs: {total['portions']:,} portions, {total['ingredient_cost']} yuan, "
                f"{len(costs.content) / 1024:.0f} KiB"
            )
            print("\nalternating with GET /health, a week at random per menu request:")
            cases = [
                (
                    "GET /canteens/{id}/menus/{week}",
                    args.requests,
                    getter(lambda: f"/canteens/{CID}/menus/{rng.choice(weeks)}"),
                ),
                (
                    "GET /public/canteens/{id}/menus/{week}",
                    args.requests,
                    getter(lambda: f"/public/canteens/{CID}/menus/{rng.choice(weeks)}", auth=False),
                ),
                (
                    "GET /canteens/{id}/costs (7 days)",
                    args.requests,
                    getter(lambda: f"/canteens/{CID}/costs", {"from": week[0], "to": week[1]}),
                ),
                (
                    "GET /canteens/{id}/costs (30 days)",
                    max(10, args.requests // 4),
                    getter(lambda: f"/canteens/{CID}/costs", {"from": month[0], "to": month[1]}),
                ),
                (
                    f"GET /canteens/{{id}}/costs ({args.days} days)",
                    max(5, args.requests // 20),
                    getter(lambda: f"/canteens/{CID}/costs", {"from": year[0], "to": year[1]}),
                ),
            ]
            for name, n, call in cases:
                health, timed = await interleaved(n, lambda: http.get("/health"), call)
                print(line(name, timed, health))
        await app.runtime.store.close()


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--dishes", type=int, default=60)
    parser.add_argument("--ratings-per-day", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    configure_logging("menus-bench", json=False, level="ERROR")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
