"""A fake of the canteen's menu, price-cap and feedback routes as the console calls them
(the routes and JSON shapes of /work/wt/briefs/canteen11-contract.md, kept in memory), until
and beside the real canteen app: dishes refused above their category's cap with the
canteen's `price_above_cap` problem, menus drafted and published, ratings counted once by id,
complaints answered, canned costs and satisfaction figures."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.console_services import _problem

AT = "2026-11-30T02:00:00Z"
#: What the fake derives from a stock item (the real canteen reads its stock items).
ITEM_ALLERGENS = {"egg": ["eggs"], "flour": ["gluten_cereals"], "peanut": ["peanuts"]}


def cost(period: str, **more: Any) -> dict[str, Any]:
    """A Cost of the contract: 200 portions of tomato and egg at ¥6.50 on ¥780 of ingredients."""
    dish = {"dish_id": "tomato-egg", "name_zh": "番茄炒蛋", "portions": 200, "cost": "780.00",
            "cost_per_portion": "3.90", "price": "6.50", "margin": "2.60"}  # fmt: skip
    base = {"period": period, "ingredient_cost": "780.00", "portions": 200,
            "cost_per_portion": "3.90", "revenue": "1300.00", "margin": "520.00",
            "waste_grams": 6400, "waste_grams_per_portion": "32.0", "dishes": [dish]}  # fmt: skip
    return {**base, **more}


def _dish(dish_id: str, name_zh: str, name_en: str, category: str, price: str, **more: Any):
    base = {
        "dish_id": dish_id,
        "canteen_id": "north",
        "name_zh": name_zh,
        "name_en": name_en,
        "category": category,
        "ingredients": [],
        "allergens": [],
        "allergens_derived": [],
        "allergens_edited": False,
        "price": price,
        "everyday": True,
        "cap": None,
        "active": True,
        "version": 1,
        "updated_at": AT,
        "updated_by": "u-canteen-manager-1",
    }
    return {**base, **more}


class FakeCanteenMenus:
    """The canteen's issue-11 routes; `calls` records (method, path, JSON body, headers)."""

    def __init__(self) -> None:
        egg = [{"item": "egg", "quantity": "2", "unit": "piece"}]
        self.caps = {"hot": {"category": "hot", "cap": "8.00", "updated_at": AT,
                             "updated_by": "u-canteen-manager-1"}}  # fmt: skip
        self.dishes = {
            "tomato-egg": _dish(
                "tomato-egg",
                "番茄炒蛋",
                "Tomato and egg",
                "hot",
                "6.50",
                ingredients=egg,
                allergens=["eggs"],
                allergens_derived=["eggs"],
            ),  # fmt: skip
            "rice": _dish("rice", "米饭", "Rice", "staple", "1.00", everyday=False),
        }
        self.prices: dict[str, list[dict[str, Any]]] = {
            "tomato-egg": [{"price": "6.50", "previous": None, "at": AT, "by": "u-admin-1"}]
        }
        self.menus: dict[str, dict[str, Any]] = {}
        self.ratings: dict[str, dict[str, Any]] = {}
        self.complaints: dict[str, dict[str, Any]] = {}
        self.rate_limited = False
        self.costs: dict[str, Any] = {
            "canteen_id": "north",
            "days": [cost("2026-11-30")],
            "weeks": [cost("2026-W49")],
            "total": cost("2026-11-30/2026-11-30"),
        }
        self.satisfaction: list[dict[str, Any]] = []
        self.calls: list[tuple[str, str, Any, dict[str, str]]] = []
        self.app = self._build()

    def _with_cap(self, dish: dict[str, Any]) -> dict[str, Any]:
        cap = self.caps.get(dish["category"])
        return {**dish, "cap": cap["cap"] if cap and dish["everyday"] else None}

    def put_dish(self, dish_id: str, body: dict[str, Any], by: str) -> JSONResponse:
        """The real canteen's rule: an everyday dish above its category's cap is refused."""
        cap = self.caps.get(body["category"])
        if body["everyday"] and cap and Decimal(body["price"]) > Decimal(cap["cap"]):
            detail = (
                f"the price ¥{body['price']} is above the cap of ¥{cap['cap']} "
                f"for everyday {body['category']} dishes"
            )
            return _problem(422, detail, code="price_above_cap", cap=cap["cap"])
        derived = sorted(
            {a for g in body["ingredients"] for a in ITEM_ALLERGENS.get(g["item"], [])}
        )
        old = self.dishes.get(dish_id)
        dish = _dish(dish_id, body["name_zh"], body["name_en"], body["category"], body["price"],
                     ingredients=body["ingredients"], everyday=body["everyday"],
                     active=body["active"], allergens_derived=derived,
                     allergens=derived if body["allergens"] is None else body["allergens"],
                     allergens_edited=body["allergens"] is not None, updated_by=by,
                     version=(old["version"] + 1) if old else 1)  # fmt: skip
        if old is None or old["price"] != dish["price"]:
            change = {"price": dish["price"], "previous": old and old["price"], "at": AT, "by": by}
            self.prices.setdefault(dish_id, []).insert(0, change)
        self.dishes[dish_id] = dish
        return JSONResponse(self._with_cap(dish))

    def public_menu(self, week: str) -> dict[str, Any] | None:
        """The published menu as the public route answers it."""
        menu = self.menus.get(week)
        if not menu or menu["status"] != "published":
            return None
        days: dict[str, list[dict[str, Any]]] = {}
        for entry in menu["entries"]:
            dishes = []
            for dish_id in entry["dish_ids"]:
                d = self.dishes[dish_id]
                shown = {k: d[k] for k in ("dish_id", "name_zh", "name_en", "category", "price",
                                           "everyday", "allergens")}  # fmt: skip
                shown["suppliers"] = ["绿源蔬菜"] if menu["show_suppliers"] else []
                dishes.append(shown)
            meal = {"meal": entry["meal"], "meal_id": f"{entry['day']}.{entry['meal']}"}
            days.setdefault(entry["day"], []).append({**meal, "dishes": dishes})
        return {"canteen_id": "north", "canteen_name": "北区食堂", "week": week,
                "days": [{"day": d, "meals": m} for d, m in sorted(days.items())]}  # fmt: skip

    def feedback(self, kind: str, body: dict[str, Any]) -> JSONResponse:
        """A rating (counted once per id) or a complaint."""
        if self.rate_limited:
            return _problem(429, "too many ratings from this client", code="rate_limited")
        if kind == "ratings":
            if not 1 <= body.get("stars", 0) <= 5:
                return _problem(422, "stars from 1 to 5", field="stars")
            repeat = body["rating_id"] in self.ratings
            self.ratings.setdefault(body["rating_id"], body)
            return JSONResponse(body, status_code=200 if repeat else 201)
        complaint = {**body, "canteen_id": "north", "status": "open", "received_at": AT,
                     "answer": None, "answered_at": None, "answered_by": None}  # fmt: skip
        complaint.pop("contact", None)
        self.complaints.setdefault(body["complaint_id"], complaint)
        return JSONResponse(self.complaints[body["complaint_id"]], status_code=201)

    def _build(self) -> FastAPI:  # noqa: C901 - one route per endpoint of the real service
        app = FastAPI()
        base = "/canteens/{canteen_id}"

        @app.middleware("http")
        async def record(request: Request, call_next):  # type: ignore[no-untyped-def]
            raw = await request.body()
            parsed = json.loads(raw) if raw else None
            self.calls.append((request.method, request.url.path, parsed, dict(request.headers)))
            return await call_next(request)

        @app.get("/canteens")
        async def canteens() -> list[dict[str, Any]]:
            return [{"canteen_id": "north", "name": "北区食堂", "campus_id": "main"}]

        @app.get(base + "/dishes")
        async def dishes(canteen_id: str) -> list[dict[str, Any]]:
            return [self._with_cap(d) for d in self.dishes.values()]

        @app.get(base + "/dishes/{dish_id}")
        async def dish(canteen_id: str, dish_id: str) -> Any:
            found = self.dishes.get(dish_id)
            return self._with_cap(found) if found else _problem(404, "no such dish")

        @app.get(base + "/dishes/{dish_id}/prices")
        async def prices(canteen_id: str, dish_id: str) -> list[dict[str, Any]]:
            return self.prices.get(dish_id, [])

        @app.put(base + "/dishes/{dish_id}")
        async def save_dish(canteen_id: str, dish_id: str, request: Request) -> Any:
            return self.put_dish(dish_id, await request.json(), "u-canteen-manager-1")

        @app.get(base + "/price-caps")
        async def caps(canteen_id: str) -> list[dict[str, Any]]:
            return list(self.caps.values())

        @app.put(base + "/price-caps/{category}")
        async def save_cap(canteen_id: str, category: str, request: Request) -> Any:
            cap = {"category": category, "cap": (await request.json())["cap"], "updated_at": AT,
                   "updated_by": "u-canteen-manager-1"}  # fmt: skip
            self.caps[category] = cap
            return cap

        @app.get(base + "/menus/{week}")
        async def menu(canteen_id: str, week: str) -> Any:
            return self.menus.get(week) or _problem(404, "no menu for this week")

        @app.put(base + "/menus/{week}")
        async def save_menu(canteen_id: str, week: str, request: Request) -> Any:
            body = await request.json()
            old = self.menus.get(week) or {"status": "draft", "version": 0}
            self.menus[week] = {  # the real canteen: a published menu saved stays published
                **old,
                "canteen_id": canteen_id,
                "week": week,
                "entries": body["entries"],
                "show_suppliers": body["show_suppliers"],
                "published_at": old.get("published_at"),
                "published_by": old.get("published_by"),
                "version": old["version"] + 1,
            }
            return self.menus[week]

        @app.post(base + "/menus/{week}/publish")
        async def publish(canteen_id: str, week: str) -> Any:
            menu = self.menus.get(week)
            if menu is None:
                return _problem(404, "no menu for this week")
            menu.update(status="published", published_at=AT, published_by="u-canteen-manager-1")
            return menu

        @app.get("/public/canteens/{canteen_id}/menus/{week}")
        async def public(canteen_id: str, week: str) -> Any:
            return self.public_menu(week) or _problem(404, "not published")

        def poster(kind: str):  # type: ignore[no-untyped-def]
            async def post(request: Request) -> Any:
                return self.feedback(kind, await request.json())

            return post

        for prefix in ("/public/canteens/{canteen_id}", base):
            for kind in ("ratings", "complaints"):
                app.add_api_route(f"{prefix}/{kind}", poster(kind), methods=["POST"])

        @app.get(base + "/complaints")
        async def complaints(canteen_id: str, status: str | None = None) -> list[dict]:
            return [c for c in self.complaints.values() if status in (None, c["status"])]

        @app.post(base + "/complaints/{complaint_id}/answer")
        async def answer(canteen_id: str, complaint_id: str, request: Request) -> Any:
            found = self.complaints.get(complaint_id)
            if found is None:
                return _problem(404, "no such complaint")
            if found["status"] == "answered":
                return _problem(409, "this complaint is answered already")
            found.update(status="answered", answer=(await request.json())["answer"],
                         answered_at=AT, answered_by="u-canteen-manager-1")  # fmt: skip
            return found

        @app.get(base + "/costs")
        async def costs(canteen_id: str, request: Request) -> Any:
            return {**self.costs, "from": request.query_params["from"],
                    "to": request.query_params["to"]}  # fmt: skip

        @app.get(base + "/satisfaction")
        async def satisfaction(canteen_id: str, weeks: int = 12) -> list[dict[str, Any]]:
            return self.satisfaction[-weeks:]

        return app
