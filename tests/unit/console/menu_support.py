"""The real canteen app (memory store, a frozen clock) behind two consoles, a canteen manager's
and an anonymous phone's, with north's cap on vegetable dishes and two dishes: the ground of
the menu pages' tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.testclient import TestClient

from services.canteen.main import build as build_canteen
from services.canteen.settings import CanteenSettings
from services.console.main import build as build_console
from services.console.settings import ConsoleSettings
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
#: 10:00 in Shanghai on Monday 30 November 2026, ISO week 2026-W49.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
WEEK = "2026-W49"
ADMIN = {"Authorization": "Bearer " + mint_token(AuthSettings(), sub="u-admin-1",
                                                 roles=["logistics_admin"])}  # fmt: skip
MANAGER = {"Authorization": "Bearer " + mint_token(
    AuthSettings(), sub="u-canteen-manager-1", roles=["canteen_manager"],
    scopes={"canteen": ["north"]},
)}  # fmt: skip
POTATO = {
    "name_zh": "酸辣土豆丝",
    "name_en": "Hot and sour potato",
    "category": "vegetable_dish",
    "ingredients": [
        {"item": "土豆 potato", "quantity": "0.200", "unit": "kg"},
        {"item": "酱油 soy sauce", "quantity": "0.010", "unit": "kg"},
    ],
    "price": "3.50",
    "everyday": True,
}
RICE = {
    "name_zh": "米饭",
    "name_en": "Steamed rice",
    "category": "staple",
    "ingredients": [{"item": "大米 rice", "quantity": "0.150", "unit": "kg"}],
    "price": "1.00",
    "everyday": True,
}


def ok(answer: httpx.Response) -> httpx.Response:
    assert answer.status_code in (200, 201), answer.text
    return answer


@pytest.fixture
def pages() -> Iterator[tuple[TestClient, TestClient, TestClient]]:
    """(the manager's console, an anonymous phone's console, the canteen API)."""
    clock = FrozenClock(NOW)
    canteen = build_canteen(CanteenSettings(store_url="memory://"), clock=clock)
    asyncio.run(canteen.runtime.open_store())
    api = TestClient(canteen, base_url="http://canteen")
    body = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
    ok(api.put("/canteens/north", json=body, headers=ADMIN))
    ok(api.put("/canteens/north/price-caps/vegetable_dish", json={"cap": "4.00"}, headers=MANAGER))
    ok(api.put("/canteens/north/dishes/tudou-si", json=POTATO, headers=MANAGER))
    ok(api.put("/canteens/north/dishes/mifan", json=RICE, headers=MANAGER))

    def console() -> TestClient:
        wires = {**transports(FakeMaintenance()), "canteen": httpx.ASGITransport(app=canteen)}
        app = build_console(ConsoleSettings(), clock=clock, transports=wires)
        return TestClient(app, follow_redirects=False, base_url="http://console.test")

    with console() as manager, console() as phone:
        sign_in(manager, "u-canteen-manager-1")
        yield manager, phone, api


def post(http: TestClient, path: str, page: str, data: dict | list) -> httpx.Response:
    """A form of `page` with its CSRF token; a redirect is followed."""
    fields: dict[str, list[str]] = {"csrf": [csrf_of(page)]}
    for name, value in data.items() if isinstance(data, dict) else data:
        fields.setdefault(name, []).append(value)
    answer = http.post(path, data=fields, headers=HTML)
    assert answer.status_code in (303, 422), answer.text
    if answer.status_code == 303:
        return http.get(answer.headers["location"], headers=HTML)
    return answer
