"""The canteen manager's dishes, menus, complaints, costs and satisfaction pages, and the public
menu with its rating and complaint forms, against a fake of the canteen's issue-11 routes
(tests/fakes/console_canteen_menus.py, the contract's shapes) and a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.testclient import TestClient

from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.clock import FrozenClock
from tests.fakes.console_canteen_menus import FakeCanteenMenus
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
#: 10:00 in Shanghai on Monday 30 November 2026, ISO week 2026-W49.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
WEEK = "2026-W49"


@pytest.fixture
def canteen() -> FakeCanteenMenus:
    return FakeCanteenMenus()


def open_console(canteen: FakeCanteenMenus, **settings: object) -> TestClient:
    wires = {**transports(FakeMaintenance()), "canteen": httpx.ASGITransport(app=canteen.app)}
    app = build(ConsoleSettings(**settings), clock=FrozenClock(NOW), transports=wires)
    return TestClient(app, follow_redirects=False, base_url="http://console.test")


@pytest.fixture
def manager(canteen) -> Iterator[TestClient]:
    with open_console(canteen) as http:
        sign_in(http, "u-canteen-manager-1")
        yield http


@pytest.fixture
def visitor(canteen) -> Iterator[TestClient]:
    with open_console(canteen) as http:
        yield http


def puts(canteen: FakeCanteenMenus, path: str) -> list:
    return [body for method, p, body, _h in canteen.calls if method == "PUT" and p == path]


def test_smoke(manager, visitor, canteen):
    for path in ("/canteen/menus", "/canteen/menus/dishes", "/canteen/menus/dishes/tomato-egg",
                 "/canteen/menus/dishes/new", "/canteen/menus/complaints", "/canteen/menus/costs",
                 "/canteen/menus/satisfaction"):
        r = manager.get(path, headers=HTML)
        assert r.status_code == 200, (path, r.text[-3000:])
    r = visitor.get("/menu/north", headers=HTML)
    assert r.status_code == 404, r.text[-2000:]
