"""The canteen manager's set-up pages against the real canteen app (memory store, the same
frozen clock): food handlers with their certificates (expiring soon and expired marked), the
day's roster (a failed morning check and an expired certificate named), devices and checklist
templates created and changed, every change read back from the canteen's API."""

from __future__ import annotations

import asyncio
import re
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
STAFF = bearer("u-canteen-staff-1", "canteen_staff")
PEOPLE = {  # staff id -> (name, certificate number, issued, expires)
    "st-wang": ("王师傅", "JK-1", "2024-06-01", "2025-05-31"),
    "st-li": ("李阿姨", "JK-2", "2024-03-21", "2025-03-20"),  # 17 days left: expiring
    "st-zhang": ("张师傅", "JK-3", "2024-03-01", "2025-02-28"),  # expired
}


def ok(answer: httpx.Response) -> httpx.Response:
    assert answer.status_code in (200, 201), answer.text
    return answer


def seed(api: TestClient) -> None:
    """North canteen, three food handlers, today's early shift, a failed check, a fridge and
    a checklist."""
    body = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
    ok(api.put("/canteens/north", json=body, headers=ADMIN))
    for staff_id, (name, number, issued, expires) in PEOPLE.items():
        cert = {"number": number, "issued_on": issued, "expires_on": expires}
        body = {"name": name, "position": "cook", "certificate": cert}
        ok(api.put(f"/canteens/north/staff/{staff_id}", json=body, headers=MANAGER))
    shift = {
        "shift_id": "early",
        "name": "早班",
        "starts_at": "10:00",
        "staff_ids": ["st-wang", "st-li"],
    }
    ok(api.put("/canteens/north/rosters/2025-03-03", json={"shifts": [shift]}, headers=MANAGER))
    check = {"staff_id": "st-li", "temperature_c": "36.6", "symptoms": ["hand_wound"]}
    ok(api.post("/canteens/north/morning-checks", json=check, headers=STAFF))
    device = {"name": "1号冷藏柜", "kind": "fridge"}
    ok(api.put("/canteens/north/devices/fridge-1", json=device, headers=MANAGER))
    checklist = {
        "name": "厨房每日检查",
        "kind": "daily_kitchen",
        "pass_mark": 80,
        "items": [
            {"item_id": "floor", "text": "地面清洁", "points": 50},
            {"item_id": "seal", "text": "冰箱门封", "points": 50, "equipment": True},
        ],
    }
    ok(api.put("/checklists/daily", json=checklist, headers=MANAGER))


@pytest.fixture
def pages() -> Iterator[tuple[TestClient, TestClient]]:
    clock = FrozenClock(START)
    canteen = build_canteen(CanteenSettings(store_url="memory://"), clock=clock)
    asyncio.run(canteen.runtime.open_store())
    api = TestClient(canteen, base_url="http://canteen")
    seed(api)
    wires = {**transports(FakeMaintenance()), "canteen": httpx.ASGITransport(app=canteen)}
    app = build_console(ConsoleSettings(), clock=clock, transports=wires)
    with TestClient(app, follow_redirects=False, base_url="http://console.test") as console:
        sign_in(console, "u-canteen-manager-1")
        yield console, api


def send(console: TestClient, path: str, page: str, **fields) -> httpx.Response:
    """A form of `page` with its CSRF token, for north; a redirect is followed."""
    data = {"csrf": csrf_of(page), "canteen": "north", **fields}
    answer = console.post(path, data=data, headers=HTML)
    assert answer.status_code in (303, 422), answer.text
    if answer.status_code == 303:
        return console.get(answer.headers["location"], headers=HTML)
    return answer


def card(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_food_handlers_their_certificates_and_a_new_one(pages):
    console, api = pages
    page = console.get("/canteen/setup", headers=HTML).text
    li = card(page, "staff-st-li")
    assert 'class="card staff expiring"' in li and "17 天后到期" in li
    zhang = card(page, "staff-st-zhang")
    assert 'class="card staff overdue"' in zhang and "已于 2025-02-28 过期" in zhang
    assert "健康证已过期" in zhang and "今日不得接触食品" in zhang
    assert "到期" not in card(page, "staff-st-wang")

    typed = {"staff_id": "st-zhao", "name": "赵师傅", "position": "pastry", "active": "on"}
    half = send(console, "/canteen/setup/staff", page, **typed, cert_number="JK-9")
    assert half.status_code == 422 and 'id="e-cert_issued_on"' in half.text
    assert 'value="赵师傅"' in half.text and 'value="JK-9"' in half.text
    backwards = send(
        console,
        "/canteen/setup/staff",
        page,
        **typed,
        cert_number="JK-9",
        cert_issued_on="2025-03-01",
        cert_expires_on="2025-02-01",
    )
    assert backwards.status_code == 422 and 'id="e-cert_expires_on"' in backwards.text
    taken = send(console, "/canteen/setup/staff", page, **{**typed, "staff_id": "st-wang"})
    assert taken.status_code == 422 and "王师傅 已使用此编码" in taken.text
    saved = send(
        console,
        "/canteen/setup/staff",
        page,
        **typed,
        cert_number="JK-9",
        cert_issued_on="2025-03-01",
        cert_expires_on="2026-02-28",
    ).text
    assert "已保存“赵师傅”" in saved and 'id="staff-st-zhao"' in saved
    zhao = ok(api.get("/canteens/north/staff/st-zhao", headers=MANAGER)).json()
    assert zhao["position"] == "pastry" and zhao["certificate"]["number"] == "JK-9"

    edit = console.get("/canteen/setup/staff/st-zhang?canteen=north", headers=HTML).text
    assert 'value="JK-3"' in edit and 'value="2025-02-28"' in edit
    renewed = send(
        console,
        "/canteen/setup/staff/st-zhang",
        edit,
        name="张师傅",
        position="cook",
        active="on",
        cert_number="JK-30",
        cert_issued_on="2025-03-01",
        cert_expires_on="2026-02-28",
    ).text
    assert 'class="card staff overdue"' not in card(renewed, "staff-st-zhang")
    assert ok(api.get("/canteens/north/staff/st-zhang", headers=MANAGER)).json()["cleared_today"]


def test_the_roster_names_who_is_barred_and_why(pages):
    console, api = pages
    page = console.get("/canteen/setup/roster", headers=HTML).text
    li = page[page.index('id="on-early-st-li"') :].split("</li>\n    <li")[0]
    assert "晨检不合格：当天不得接触食品" in li and "手部外伤" in li
    assert "可接触食品" in page[page.index('id="on-early-st-wang"') :][:300]
    assert 'name="shift-0-id" value="early"' in page
    box = r'value="(st-\w+)"(?: checked)?> [^<]*(?:<span class="flag bad">([^<]+)</span>)?</label>'
    boxes = re.findall(box, page)
    marks = dict(boxes[:3])
    assert marks == {"st-zhang": "健康证已过期", "st-li": "当天晨检不合格", "st-wang": ""}

    refused = send(
        console,
        "/canteen/setup/roster",
        page,
        day="2025-03-04",
        **{
            "shift-0-name": "早班",
            "shift-0-starts_at": "06:30",
            "shift-0-staff": ["st-wang", "st-zhang"],
            "shift-1-name": "午班",
            "shift-1-starts_at": "10:30",
            "shift-1-staff": ["st-wang"],
        },
    )
    assert refused.status_code == 422
    assert "张师傅：健康证明 JK-3 已于 2025-02-28 过期" in refused.text
    assert 'id="e-shift-0-staff"' in refused.text and 'id="e-shift-1-staff"' not in refused.text
    assert 'value="午班"' in refused.text and 'value="10:30"' in refused.text
    unnamed = send(
        console,
        "/canteen/setup/roster",
        page,
        day="2025-03-04",
        **{"shift-0-starts_at": "06:30", "shift-0-staff": ["st-wang"]},
    )
    assert unnamed.status_code == 422 and "请填写班次名称" in unnamed.text
    past = send(
        console,
        "/canteen/setup/roster",
        page,
        day="2025-03-01",
        **{"shift-0-name": "早班", "shift-0-starts_at": "06:30"},
    )
    assert past.status_code == 422 and "a roster is for today" in past.text
    saved = send(
        console,
        "/canteen/setup/roster",
        page,
        day="2025-03-04",
        **{
            "shift-0-name": "早班",
            "shift-0-starts_at": "06:30",
            "shift-0-staff": ["st-wang", "st-li"],
        },
    ).text
    assert "已保存 2025-03-04 的排班" in saved and "2025-03-04 的班次" in saved
    roster = ok(api.get("/canteens/north/rosters/2025-03-04", headers=MANAGER)).json()
    assert [(s["name"], s["starts_at"], s["staff_ids"]) for s in roster["shifts"]] == [
        ("早班", "06:30", ["st-wang", "st-li"])
    ]
    later = console.get("/canteen/setup/roster?canteen=north&day=2025-03-25", headers=HTML)
    assert "当天尚未排班" in later.text


def test_devices_and_checklists_are_created_and_changed(pages):
    console, api = pages
    page = console.get("/canteen/setup/devices", headers=HTML).text
    fridge = card(page, "device-fridge-1")
    assert "0 至 8 ℃" in fridge and "每 240 分钟一次读数" in fridge
    upside = send(
        console,
        "/canteen/setup/devices",
        page,
        device_id="freezer-1",
        name="冷冻柜",
        kind="freezer",
        min_c="-10",
        max_c="-20",
        active="on",
    )
    assert upside.status_code == 422 and 'id="e-max_c"' in upside.text
    assert 'value="冷冻柜"' in upside.text
    added = send(
        console,
        "/canteen/setup/devices",
        page,
        device_id="freezer-1",
        name="冷冻柜",
        kind="freezer",
        active="on",
    ).text
    assert "不高于 -12 ℃ · 每 240 分钟一次读数" in card(added, "device-freezer-1")
    devices = {
        d["device_id"]: d for d in api.get("/canteens/north/devices", headers=MANAGER).json()
    }
    assert devices["freezer-1"]["max_c"] == "-12" and devices["freezer-1"]["min_c"] is None
    edit = console.get("/canteen/setup/devices/fridge-1?canteen=north", headers=HTML).text
    assert 'value="240"' in edit
    send(
        console,
        "/canteen/setup/devices/fridge-1",
        edit,
        name="1号冷藏柜",
        kind="fridge",
        min_c="0",
        max_c="5",
        interval_minutes="60",
        active="on",
    )
    fridge = next(
        d
        for d in api.get("/canteens/north/devices", headers=MANAGER).json()
        if d["device_id"] == "fridge-1"
    )
    assert (fridge["max_c"], fridge["interval_minutes"]) == ("5", 60)

    lists = console.get("/canteen/setup/checklists", headers=HTML).text
    assert "厨房每日检查" in lists and "冰箱门封 · 50 分" in lists
    new = console.get("/canteen/setup/new-checklist?canteen=north", headers=HTML).text
    head = {"template_id": "hall", "name": "餐厅检查", "kind": "dining_hall", "pass_mark": "90"}
    missing = send(
        console,
        "/canteen/setup/checklists",
        new,
        **head,
        **{"item-0-text": "桌面清洁", "item-0-points": "40", "item-1-text": "地面无油污"},
    )
    assert missing.status_code == 422 and 'id="e-item-1-points"' in missing.text
    assert 'value="地面无油污"' in missing.text
    send(
        console,
        "/canteen/setup/checklists",
        new,
        **head,
        **{
            "item-0-text": "桌面清洁",
            "item-0-points": "40",
            "item-1-text": "地面无油污",
            "item-1-points": "60",
        },
    )
    hall = ok(api.get("/checklists/hall", headers=MANAGER)).json()
    assert hall["canteens"] == ["north"] and hall["pass_mark"] == 90
    assert [i["points"] for i in hall["items"]] == [40, 60]
    edit = console.get("/canteen/setup/checklists/daily?canteen=north", headers=HTML).text
    assert 'name="item-0-id" value="floor"' in edit and 'name="item-1-equipment"' in edit
    fields = {
        "name": "厨房每日检查",
        "kind": "daily_kitchen",
        "pass_mark": "85",
        "item-0-id": "floor",
        "item-0-text": "地面清洁",
        "item-0-points": "50",
        "item-1-id": "seal",
        "item-1-text": "冰箱门封",
        "item-1-points": "50",
        "item-1-equipment": "on",
        "item-2-text": "垃圾桶加盖",
        "item-2-points": "20",
    }
    saved = send(console, "/canteen/setup/checklists/daily", edit, **fields).text
    assert "已保存“厨房每日检查”" in saved
    daily = ok(api.get("/checklists/daily", headers=MANAGER)).json()
    assert daily["pass_mark"] == 85 and [i["item_id"] for i in daily["items"]][:2] == [
        "floor",
        "seal",
    ]
    assert daily["items"][1]["equipment"] and len(daily["items"]) == 3


def test_who_may_open_the_set_up_csrf_and_english(pages):
    console, api = pages
    south = {
        "name": "南区检查",
        "kind": "store_room",
        "pass_mark": 80,
        "canteens": ["south"],
        "items": [{"item_id": "shelf", "text": "离地隔墙", "points": 10}],
    }
    canteen = {"name": "南区食堂", "campus_id": "main", "building_id": "B04"}
    ok(api.put("/canteens/south", json=canteen, headers=ADMIN))
    ok(api.put("/checklists/south-only", json=south, headers=ADMIN))
    edit = console.get("/canteen/setup/checklists/south-only?canteen=north", headers=HTML).text
    fields = {
        "name": "改名",
        "kind": "store_room",
        "pass_mark": "50",
        "item-0-id": "shelf",
        "item-0-text": "离地隔墙",
        "item-0-points": "10",
    }
    refused = send(console, "/canteen/setup/checklists/south-only", edit, **fields)
    assert (
        refused.status_code == 422
        and "checklist south-only serves none of your canteens" in refused.text
    )
    assert 'value="改名"' in refused.text
    assert ok(api.get("/checklists/south-only", headers=ADMIN)).json()["name"] == "南区检查"
    english = console.get("/canteen/setup/devices", headers={**HTML, "accept-language": "en"})
    assert "Temperature devices" in english.text and "温控设备" not in english.text
    home = console.get("/", headers=HTML).text
    assert 'href="/canteen/setup"' in home
    refused = console.post("/canteen/setup/devices", data={"canteen": "north"}, headers=HTML)
    assert refused.status_code == 403
    assert len(api.get("/canteens/north/devices", headers=MANAGER).json()) == 1
    console.cookies.clear()
    sign_in(console, "u-canteen-staff-1")
    assert console.get("/canteen/setup", headers=HTML).status_code == 403
    assert not re.search(r'href="/canteen/setup"', console.get("/", headers=HTML).text)
