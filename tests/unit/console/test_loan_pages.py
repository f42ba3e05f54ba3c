"""The loan and reservation pages against the real assets service (SQLite, in process, the
same frozen clock): a manager lends from the asset's page, the student signs on their phone,
an overlapping reservation is refused naming the loan, an overdue loan is marked, a damaged
return shows the compensation, a reservation is collected as a loan and another cancelled."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from starlette.testclient import TestClient

from services.assets.main import build as build_assets
from services.assets.settings import AssetsSettings
from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.auth import AuthSettings, mint_token
from shared.clock import FrozenClock
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
#: 10:00 in Shanghai on 3 March 2025.
START = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
TODAY = date(2025, 3, 3)
MANAGER = {
    "Authorization": "Bearer "
    + mint_token(
        AuthSettings(),
        sub="u-asset-manager-1",
        roles=["asset_manager"],
        scopes={"building": ["B01", "B02"]},
    )
}
PC = {
    "tag": "ZC-B01-0001",
    "name": "台式计算机 desktop",
    "category_code": "2010000",
    "building_id": "B01",
    "room_id": "B01-101",
    "purchase_value": "6000.00",
    "purchase_date": "2023-03-01",
    "useful_life_years": 5,
}


def day(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


@pytest.fixture
def world(tmp_path) -> Iterator[tuple[TestClient, TestClient, FrozenClock, str]]:
    """The console and the assets API on one frozen clock, and one registered desktop."""
    clock = FrozenClock(START)
    assets = build_assets(
        AssetsSettings(store_url=f"sqlite:///{tmp_path / 'assets.db'}"), clock=clock
    )
    asyncio.run(assets.runtime.open_store())
    api = TestClient(assets, base_url="http://assets")
    made = api.post("/assets", json=PC, headers=MANAGER)
    assert made.status_code == 201, made.text
    wires = {**transports(FakeMaintenance()), "assets": httpx.ASGITransport(app=assets)}
    app = build(ConsoleSettings(), clock=clock, transports=wires)
    with TestClient(app, follow_redirects=False, base_url="http://console.test") as http:
        yield http, api, clock, made.json()["asset_id"]
    asyncio.run(assets.runtime.store.close())


def post(http: TestClient, path: str, page_path: str, data: dict) -> httpx.Response:
    """A form of `page_path` sent with its CSRF token (not followed)."""
    page = http.get(page_path, headers=HTML)
    return http.post(path, data={"csrf": csrf_of(page.text), **data}, headers=HTML)


def follow(http: TestClient, answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text
    return http.get(answer.headers["location"], headers=HTML).text


def switch(http: TestClient, person: str, next_path: str = "/") -> None:
    http.cookies.clear()
    sign_in(http, person, next_path)


def test_lend_sign_overlap_overdue_and_a_damaged_return(world):
    http, api, clock, asset_id = world
    sign_in(http, "u-asset-manager-1")
    asset_page = http.get(f"/assets/{asset_id}", headers=HTML).text
    assert f"/loans/new?asset={asset_id}" in asset_page and "借出" in asset_page
    lend_page = f"/loans/new?asset={asset_id}"
    refused = post(http, "/loans", lend_page, {"asset_id": asset_id, "borrower_id": "u-student-1"})
    assert refused.status_code == 422 and 'id="e-due_on"' in refused.text
    assert 'value="u-student-1"' in refused.text  # what was typed stays
    past = post(
        http,
        "/loans",
        lend_page,
        {"asset_id": asset_id, "borrower_id": "u-student-1", "due_on": day(-1)},
    )
    assert past.status_code == 422 and 'id="e-due_on"' in past.text
    lent = post(
        http,
        "/loans",
        lend_page,
        {
            "asset_id": asset_id,
            "borrower_id": "u-student-1",
            "due_on": day(3),
            "purpose": "课程设计",
        },
    )
    page = follow(http, lent)
    assert "已将 ZC-B01-0001 借给 陈同学" in page and "等待借用人签收" in page
    loan_path = lent.headers["location"]
    loan_id = loan_path.rsplit("/", 1)[1]

    switch(http, "u-student-1")
    home = http.get("/", headers=HTML).text
    assert 'href="/loans"' in home and "借用与预约" in home
    mine = http.get("/loans", headers=HTML).text
    assert f'action="/loans/{loan_id}/acknowledge"' in mine and "签收" in mine
    assert "您所管楼宇的借用" not in mine  # a student sees only their own
    signed = follow(http, post(http, f"/loans/{loan_id}/acknowledge", "/loans", {"back": "/loans"}))
    assert f"您已签收 ZC-B01-0001：请于 {day(3)} 前归还" in signed
    assert api.get(f"/loans/{loan_id}", headers=MANAGER).json()["status"] == "open"

    reserve_page = f"/reservations/new?asset={asset_id}"
    form = http.get(reserve_page, headers=HTML).text
    assert f"资产 {asset_id}" in form  # no access to the register: the id only
    overlap = post(
        http,
        "/reservations",
        reserve_page,
        {"asset_id": asset_id, "starts_on": day(2), "ends_on": day(5)},
    )
    assert overlap.status_code == 422
    said = f"这些日期与借用 {loan_id} 冲突：陈同学 Chen (student, B02 dorm room head) 自 {TODAY}"
    assert said in overlap.text and f'value="{day(2)}"' in overlap.text
    made = post(
        http,
        "/reservations",
        reserve_page,
        {"asset_id": asset_id, "starts_on": day(5), "ends_on": day(6)},
    )
    assert f"已预约 ZC-B01-0001，{day(5)} 至 {day(6)}" in follow(http, made)

    clock.advance(days=5)  # two days past the due day
    switch(http, "u-asset-manager-1")
    managed = http.get("/loans", headers=HTML).text
    assert re.search(rf'class="card loan overdue" id="loan-{loan_id}"', managed)
    assert "已逾期 2 天" in managed and "1 笔借用已逾期" in managed
    vague = post(http, f"{loan_path}/return", loan_path, {"condition": "damaged"})
    assert vague.status_code == 422 and 'id="e-note"' in vague.text
    back = post(
        http,
        f"{loan_path}/return",
        loan_path,
        {"condition": "damaged", "note": "屏幕摔裂", "deliberate": "on"},
    )
    page = follow(http, back)
    [damage] = api.get(f"/assets/{asset_id}/damages", headers=MANAGER).json()
    assert damage["multiplier"] == 2 and damage["responsible_person_id"] == "u-student-1"
    # ¥6,000 over 5 years, 2 years in, deliberate: twice the ¥3,600 book value (issue 12).
    assert damage["compensation"] == "7200.00"
    assert f"应赔偿 ¥{damage['compensation']}" in page
    assert f'<strong class="big">¥{damage["compensation"]}</strong>' in page
    assert "故意损坏：账面价值的两倍" in page


def test_collect_a_reservation_cancel_another_and_csrf(world):
    http, api, clock, asset_id = world
    sign_in(http, "u-student-1")
    reserve_page = f"/reservations/new?asset={asset_id}"
    for first, last in ((1, 2), (10, 11)):
        made = post(
            http,
            "/reservations",
            reserve_page,
            {"asset_id": asset_id, "starts_on": day(first), "ends_on": day(last)},
        )
        assert made.status_code == 303, made.text
    mine = api.get("/reservations", params={"asset_id": asset_id}, headers=MANAGER).json()
    soon, later = (r["reservation_id"] for r in mine["items"])
    cancelled = post(http, f"/reservations/{later}/cancel", "/loans", {"back": "/loans"})
    assert "已取消 ZC-B01-0001 的预约" in follow(http, cancelled)
    assert api.get(f"/reservations/{later}", headers=MANAGER).json()["status"] == "cancelled"
    assert http.post(f"/reservations/{soon}/cancel", headers=HTML).status_code == 403  # no CSRF

    switch(http, "u-asset-manager-1")
    listed = http.get("/loans", headers=HTML).text
    assert f"/reservations/{soon}/cancel" in listed
    assert f"/reservations/{soon}/collect" not in listed  # it starts tomorrow
    clock.advance(days=1)
    listed = http.get("/loans", headers=HTML).text
    assert f"/reservations/{soon}/collect" in listed
    collected = post(http, f"/reservations/{soon}/collect", "/loans", {"back": "/loans"})
    page = follow(http, collected)
    assert f"应于 {day(2)} 归还" in page and "等待借用人签收" in page
    assert api.get(f"/reservations/{soon}", headers=MANAGER).json()["status"] == "collected"
    asset_loans = http.get(f"/loans?asset_id={asset_id}&status=all", headers=HTML).text
    assert f"仅显示资产 {asset_id}" in asset_loans and "ZC-B01-0001" in asset_loans
    english = http.get("/loans", headers={**HTML, "accept-language": "en"}).text
    assert "Loans of your buildings" in english and "您所管楼宇" not in english


def test_a_tag_typed_on_the_lend_form_and_a_stranger_s_tag(world):
    http, api, clock, asset_id = world
    sign_in(http, "u-asset-manager-1")
    unknown = post(
        http,
        "/loans",
        "/loans/new",
        {"tag": "ZC-NONE-0001", "borrower_id": "u-teacher-1", "due_on": day(2)},
    )
    assert unknown.status_code == 422 and "没有资产使用此标签" in unknown.text
    lent = post(
        http,
        "/loans",
        "/loans/new",
        {"tag": "ZC-B01-0001", "borrower_id": "u-teacher-1", "due_on": day(2)},
    )
    assert "刘老师" in follow(http, lent)
    twice = post(
        http,
        "/loans",
        "/loans/new",
        {"tag": "ZC-B01-0001", "borrower_id": "u-student-1", "due_on": day(1)},
    )
    assert twice.status_code == 422 and "这些日期与借用 loan-" in twice.text
    switch(http, "u-student-1")
    assert http.get("/loans/new", headers=HTML).status_code == 403
