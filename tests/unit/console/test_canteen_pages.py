"""The canteen pages against the real canteen app (memory store, same frozen clock): a staff
member's day on the tablet and the manager's today page, in zh-CN."""

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
#: 08:30 in Shanghai on 3 March 2025.
START = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)


def bearer(sub: str, role: str) -> dict[str, str]:
    token = mint_token(AuthSettings(), sub=sub, roles=[role], scopes={"canteen": ["north"]})
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer("u-admin-1", "logistics_admin")
MANAGER = bearer("u-canteen-manager-1", "canteen_manager")


def seed(api: TestClient) -> None:
    """North canteen, two food handlers on the early shift, a fridge, a checklist, a lunch."""

    def ok(answer: httpx.Response) -> None:
        assert answer.status_code in (200, 201), answer.text

    ok(
        api.put(
            "/canteens/north",
            json={"name": "北区食堂", "campus_id": "main", "building_id": "B03"},
            headers=ADMIN,
        )
    )
    cert = {"number": "JK-1", "issued_on": "2024-06-01", "expires_on": "2025-05-31"}
    for staff_id, name in (("st-wang", "王师傅"), ("st-li", "李阿姨")):
        body = {"name": name, "position": "cook", "certificate": cert}
        ok(api.put(f"/canteens/north/staff/{staff_id}", json=body, headers=MANAGER))
    shift = {
        "shift_id": "early",
        "name": "早班",
        "starts_at": "10:00",
        "staff_ids": ["st-wang", "st-li"],
    }
    ok(api.put("/canteens/north/rosters/2025-03-03", json={"shifts": [shift]}, headers=MANAGER))
    ok(
        api.put(
            "/canteens/north/devices/fridge-1",
            json={"name": "1号冷藏柜", "kind": "fridge"},
            headers=MANAGER,
        )
    )
    checklist = {
        "name": "厨房每日检查", "kind": "daily_kitchen", "pass_mark": 80,
        "items": [{"item_id": "floor", "text": "地面清洁", "points": 50},
                  {"item_id": "seal", "text": "冰箱门封", "points": 50, "equipment": True}],
    }  # fmt: skip
    ok(api.put("/checklists/daily", json=checklist, headers=MANAGER))


@pytest.fixture
def pages() -> Iterator[tuple[TestClient, TestClient]]:
    """The console on the real canteen app (and fakes of the others), and the canteen's API."""
    clock = FrozenClock(START)
    canteen = build_canteen(CanteenSettings(store_url="memory://"), clock=clock)
    asyncio.run(canteen.runtime.open_store())
    api = TestClient(canteen, base_url="http://canteen")
    seed(api)
    wires = {**transports(FakeMaintenance()), "canteen": httpx.ASGITransport(app=canteen)}
    app = build_console(ConsoleSettings(), clock=clock, transports=wires)
    with TestClient(app, follow_redirects=False, base_url="http://console.test") as console:
        yield console, api


def post(console: TestClient, path: str, page: str, **fields) -> httpx.Response:
    """Send a form of `page` (its CSRF token) and follow the redirect to the section."""
    answer = console.post(path, data={"csrf": csrf_of(page), "canteen": "north", **fields})
    assert answer.status_code in (303, 422), answer.text
    if answer.status_code == 303:
        return console.get(answer.headers["location"], headers=HTML)
    return answer


def test_a_staff_member_records_the_samples_of_a_lunch(pages):
    console, api = pages
    sign_in(console, "u-canteen-staff-1")
    day = console.get("/canteen/day", headers=HTML)
    assert day.status_code == 200 and "北区食堂" in day.text and "食堂一日" in day.text
    page = console.get("/canteen/day/samples", headers=HTML).text
    assert "今日尚未登记餐次" in page
    page = post(
        console,
        "/canteen/day/samples/meal",
        page,
        kind="lunch",
        dishes="红烧肉\n清炒白菜\n\n红烧肉",
    ).text
    assert "餐次已登记" in page and "红烧肉" in page and "清炒白菜" in page
    [meal] = api.get("/canteens/north/meals", headers=MANAGER).json()
    assert [d["name"] for d in meal["dishes"]] == ["红烧肉", "清炒白菜"]
    pork, cabbage = (d["dish_id"] for d in meal["dishes"])
    path = f"/canteen/day/samples/{meal['meal_id']}"
    refused = post(console, f"{path}/{pork}", page, grams="-5", fridge="留样冰箱").text
    assert "请检查填写的内容" in refused
    page = post(console, f"{path}/{pork}", refused, grams="110", fridge="留样冰箱").text
    assert "已记录留样 110 克" in page and "重量不足" in page
    page = post(console, f"{path}/close", page).text
    assert "本餐已结束" in page and "未留样" in page
    kinds = sorted(
        v["kind"] for v in api.get("/canteens/north/sample-violations", headers=MANAGER).json()
    )
    assert kinds == ["missing", "underweight"]
    assert cabbage not in [
        s["dish_id"] for s in api.get("/canteens/north/samples", headers=MANAGER).json()
    ]


def test_morning_checks_temperatures_and_the_checklist_on_the_tablet(pages):
    console, api = pages
    sign_in(console, "u-canteen-staff-1")
    page = console.get("/canteen/day/checks", headers=HTML).text
    assert "王师傅" in page and "李阿姨" in page and "早班 10:00" in page
    page = post(
        console,
        "/canteen/day/checks",
        page,
        staff_id="st-li",
        temperature_c="37.9",
        symptoms=["hand_wound"],
    ).text
    assert "晨检已记录" in page and "不合格：今日不得接触食品" in page and "手部外伤" in page
    [check] = api.get("/canteens/north/morning-checks", headers=MANAGER).json()
    assert check["passed"] is False and check["symptoms"] == ["fever", "hand_wound"]

    page = console.get("/canteen/day/temperatures", headers=HTML).text
    assert "1号冷藏柜" in page and "0 至 8 ℃" in page
    page = post(console, "/canteen/day/temperatures/fridge-1", page, celsius="11").text
    assert "已记录 11 ℃" in page and "超出范围" in page
    assert post(console, "/canteen/day/temperatures/fridge-1", page, celsius="1e9").text.count(
        "请检查填写的内容"
    )

    page = console.get("/canteen/day/inspection", headers=HTML).text
    assert "厨房每日检查" in page and "得分（满分 50）" in page
    short = post(
        console,
        "/canteen/day/inspection",
        page,
        checklist="daily",
        **{"score-floor": "50", "score-seal": "20"},
    )
    assert short.status_code == 422 and "请写明发现的问题" in short.text
    page = post(
        console,
        "/canteen/day/inspection",
        short.text,
        checklist="daily",
        **{"score-floor": "50", "score-seal": "20", "finding-seal": "门封破损"},
    ).text
    assert "检查已记录：70.0 %，未达合格线" in page and "门封破损" in page
    [action] = api.get("/canteens/north/corrective-actions", headers=MANAGER).json()["items"]
    page = post(
        console, f"/canteen/day/actions/{action['action_id']}/close", page, evidence="已更换门封"
    ).text
    assert "整改已完成" in page and "没有未完成的整改" in page


def test_the_manager_s_today_page_and_who_may_open_the_pages(pages):
    console, api = pages
    sign_in(console, "u-canteen-staff-1")
    assert console.get("/canteen/today", headers=HTML).status_code == 403
    lunch = {
        "served_on": "2025-03-03",
        "kind": "lunch",
        "dishes": [{"dish_id": "a", "name": "红烧肉"}],
    }
    api.post("/canteens/north/meals", json=lunch, headers=MANAGER)
    api.post("/canteens/north/meals/2025-03-03.lunch/close", headers=MANAGER)
    console.cookies.clear()
    sign_in(console, "u-canteen-manager-1")
    home = console.get("/", headers=HTML).text
    assert "/canteen/today" in home and "/canteen/day" in home
    today = console.get("/canteen/today", headers=HTML)
    assert today.status_code == 200
    assert "严重" in today.text and "有菜品未留样" in today.text and "红烧肉" in today.text
    assert "排班 2 人，已晨检 0 人" in today.text
    english = console.get("/canteen/today", headers={**HTML, "accept-language": "en"})
    assert "A dish was served without a sample" in english.text
    console.cookies.clear()
    sign_in(console, "u-student-1")
    assert console.get("/canteen/day", headers=HTML).status_code == 403
