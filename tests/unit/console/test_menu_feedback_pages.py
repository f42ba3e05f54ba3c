"""The diners' voice on the public menu (a rating without an account, counted once, refused
or rate-limited in plain words; a complaint) and the manager's complaints, costs and
satisfaction pages, against a fake of the canteen's routes (tests/fakes/console_canteen_menus.py,
the contract's shapes) with a frozen clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.testclient import TestClient

from services.console.main import build
from services.console.settings import ConsoleSettings
from shared.clock import FrozenClock
from tests.fakes.console_canteen_menus import FakeCanteenMenus, cost
from tests.fakes.console_services import FakeMaintenance, transports
from tests.unit.console.conftest import csrf_of, sign_in

HTML = {"accept": "text/html"}
#: 10:00 in Shanghai on Monday 30 November 2026, ISO week 2026-W49.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
WEEK = "2026-W49"
LUNCH = "2026-11-30.lunch"


@pytest.fixture
def canteen() -> FakeCanteenMenus:
    fake = FakeCanteenMenus()
    entries = [{"day": "2026-11-30", "meal": "lunch", "dish_ids": ["tomato-egg", "rice"]}]
    fake.menus[WEEK] = {"canteen_id": "north", "week": WEEK, "status": "published",
                        "entries": entries, "show_suppliers": True, "published_at": NOW.isoformat(),
                        "published_by": "u-canteen-manager-1", "version": 2}  # fmt: skip
    return fake


def open_console(canteen: FakeCanteenMenus) -> TestClient:
    wires = {**transports(FakeMaintenance()), "canteen": httpx.ASGITransport(app=canteen.app)}
    app = build(ConsoleSettings(), clock=FrozenClock(NOW), transports=wires)
    return TestClient(app, follow_redirects=False, base_url="http://console.test")


@pytest.fixture
def phone(canteen) -> Iterator[TestClient]:
    with open_console(canteen) as http:
        yield http


@pytest.fixture
def manager(canteen) -> Iterator[TestClient]:
    with open_console(canteen) as http:
        sign_in(http, "u-canteen-manager-1")
        yield http


def posts(canteen: FakeCanteenMenus, path: str) -> list[tuple[dict, dict]]:
    return [(body, h) for method, p, body, h in canteen.calls if method == "POST" and p == path]


def rating_form(page: str, dish_id: str) -> dict[str, str]:
    """The hidden fields of a dish's rating form at lunch."""
    start = page.index(f'id="dish-{LUNCH}-{dish_id}"')
    form = page[start : page.index("</form>", start)]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_an_anonymous_phone_rates_a_dish_once_however_often_it_sends(phone, canteen):
    page = phone.get(f"/menu/north/{WEEK}", headers=HTML)
    assert page.status_code == 200 and "供应商：绿源蔬菜" in page.text
    assert 'class="allergen a-eggs"' in page.text and "蛋类" in page.text and "¥6.50" in page.text
    fields = {**rating_form(page.text, "tomato-egg"), "stars": "4"}
    assert fields["meal_id"] == LUNCH and re.fullmatch(r"[0-9a-f-]{36}", fields["rating_id"])
    sent = phone.post(f"/menu/north/{WEEK}/ratings", data=fields, headers=HTML)
    assert sent.status_code == 303 and sent.headers["location"].endswith(f"#meal-{LUNCH}")
    again = phone.post(f"/menu/north/{WEEK}/ratings", data=fields, headers=HTML)
    assert again.status_code == 303
    [(body, headers), _repeat] = posts(canteen, "/public/canteens/north/ratings")
    assert body == {"rating_id": fields["rating_id"], "meal_id": LUNCH,
                    "dish_id": "tomato-egg", "stars": 4, "comment": None}  # fmt: skip
    assert "authorization" not in headers and headers["x-forwarded-for"]
    assert len(canteen.ratings) == 1  # the canteen counts the repeat once
    thanked = phone.get(f"/menu/north/{WEEK}", headers=HTML)
    assert "谢谢：您的评价已计入。" in thanked.text
    assert rating_form(thanked.text, "tomato-egg")["rating_id"] != fields["rating_id"]


def test_a_rating_without_stars_or_without_csrf_is_refused_before_the_canteen(phone, canteen):
    page = phone.get(f"/menu/north/{WEEK}", headers=HTML).text
    fields = rating_form(page, "rice")
    refused = phone.post(f"/menu/north/{WEEK}/ratings", data={**fields, "stars": "7"}, headers=HTML)
    assert refused.status_code == 422 and 'id="e-stars"' in refused.text
    assert "请选择 1 至 5 星。" in refused.text
    shown = refused.text[refused.text.index(f'id="dish-{LUNCH}-rice"') :]
    assert shown.index('<details class="rate" open>') < shown.index('id="e-stars"')
    fields.pop("csrf")
    no_token = phone.post(f"/menu/north/{WEEK}/ratings", data={**fields, "stars": "5"},
                          headers=HTML)  # fmt: skip
    assert no_token.status_code == 403
    assert not posts(canteen, "/public/canteens/north/ratings")


def test_too_many_ratings_are_told_in_plain_words(phone, canteen):
    canteen.rate_limited = True
    page = phone.get(f"/menu/north/{WEEK}", headers=HTML).text
    fields = {**rating_form(page, "rice"), "stars": "3"}
    limited = phone.post(f"/menu/north/{WEEK}/ratings", data=fields, headers=HTML)
    assert limited.status_code == 429 and "提交的评价和投诉过多" in limited.text


def test_a_signed_in_diner_rates_as_themselves(manager, canteen):
    page = manager.get(f"/menu/north/{WEEK}", headers=HTML).text
    fields = {**rating_form(page, "rice"), "stars": "5"}
    assert manager.post(f"/menu/north/{WEEK}/ratings", data=fields).status_code == 303
    [(body, headers)] = posts(canteen, "/canteens/north/ratings")
    assert body["stars"] == 5 and headers["authorization"].startswith("Bearer ")


def test_an_unpublished_week_says_so(phone):
    page = phone.get("/menu/north/2026-W50", headers=HTML)
    assert page.status_code == 404 and "本周菜单尚未公布" in page.text
    assert 'href="/menu/north/2026-W49"' in page.text  # the week before


def test_a_complaint_is_filed_then_answered_by_the_manager(phone, manager, canteen):
    page = phone.get(f"/menu/north/{WEEK}", headers=HTML).text
    complaint_id = re.search(r'name="complaint_id" value="([^"]+)"', page).group(1)
    base = {"csrf": csrf_of(page), "complaint_id": complaint_id, "category": "foreign_object"}
    short = phone.post(f"/menu/north/{WEEK}/complaints", data={**base, "text": "头"},
                       headers=HTML)  # fmt: skip
    assert short.status_code == 422 and 'id="e-text"' in short.text
    assert f'name="complaint_id" value="{complaint_id}"' in short.text  # the same complaint
    fields = {**base, "text": "米饭里有头发", "meal_id": LUNCH, "dish_id": "rice",
              "contact": "13800000000"}  # fmt: skip
    sent = phone.post(f"/menu/north/{WEEK}/complaints", data=fields, headers=HTML)
    assert sent.status_code == 303 and sent.headers["location"].endswith("#complain")
    [(body, _h)] = posts(canteen, "/public/canteens/north/complaints")
    assert body == {"complaint_id": complaint_id, "category": "foreign_object",
                    "text": "米饭里有头发", "meal_id": LUNCH, "dish_id": "rice",
                    "contact": "13800000000"}  # fmt: skip
    listed = manager.get("/canteen/menus/complaints", headers=HTML)
    card = listed.text[listed.text.index(f'id="complaint-{complaint_id}"') :]
    assert "饭菜中有异物" in card and "米饭里有头发" in card and "待回复" in card
    path = f"/canteen/menus/complaints/{complaint_id}/answer"
    empty = manager.post(path, data={"csrf": csrf_of(listed.text), "canteen": "north",
                                     "answer": " "}, headers=HTML)  # fmt: skip
    assert empty.status_code == 422 and 'id="e-answer"' in empty.text
    assert not posts(canteen, f"/canteens/north/complaints/{complaint_id}/answer")
    answer = "已核查后厨操作，对当班人员进行了培训，谢谢反馈。"
    done = manager.post(path, data={"csrf": csrf_of(listed.text), "canteen": "north",
                                    "answer": answer}, headers=HTML)  # fmt: skip
    assert done.status_code == 303
    [(body, _h)] = posts(canteen, f"/canteens/north/complaints/{complaint_id}/answer")
    assert body == {"answer": answer}
    assert "这里没有投诉。" in manager.get("/canteen/menus/complaints", headers=HTML).text
    answered = manager.get("/canteen/menus/complaints?status=answered", headers=HTML).text
    assert answer in answered and "已回复" in answered and "赵经理" in answered


def test_costs_per_day_week_and_dish_and_a_wrong_range(manager, canteen):
    canteen.costs["total"] = cost("2026-11-30/2026-12-01", margin="-12.00")
    page = manager.get("/canteen/menus/costs", headers=HTML)
    assert page.status_code == 200
    [(_m, _p, _b, _h)] = [c for c in canteen.calls if c[1] == "/canteens/north/costs"]
    total = page.text[page.text.index('id="total"') : page.text.index("</dl>")]
    assert "¥780.00" in total and "¥3.90" in total and "32.0" in total
    assert '<td class="neg">¥520.00' not in page.text and "¥-12.00" in total
    dish = page.text[page.text.index('id="cost-tomato-egg"') :]
    assert "番茄炒蛋" in dish and "¥2.60" in dish[: dish.index("</tr>")]
    assert 'id="f-from" name="from" type="date" value="2026-11-30"' in page.text
    wrong = manager.get("/canteen/menus/costs?from=2026-12-01&to=2026-11-01", headers=HTML)
    assert wrong.status_code == 422 and 'id="e-to"' in wrong.text
    assert len([c for c in canteen.calls if c[1] == "/canteens/north/costs"]) == 1


def test_the_satisfaction_trend_is_a_line_and_a_table(manager, canteen):
    canteen.satisfaction = [
        {"week": f"2026-W{n}", "index": index, "ratings": 40, "mean_stars": "4.1",
         "complaints": 2, "answered": 2, "median_answer_hours": "5.0",
         "computed_at": NOW.isoformat()}
        for n, index in ((47, "72.5"), (48, "80.0"), (49, "65.0"))
    ]  # fmt: skip
    page = manager.get("/canteen/menus/satisfaction", headers=HTML)
    assert page.status_code == 200
    points = re.search(r'<polyline points="([^"]+)"', page.text).group(1).split()
    ys = [float(p.split(",")[1]) for p in points]
    assert len(points) == 3 and ys[1] < ys[0] < ys[2]  # higher index, higher on the chart
    assert "2026-W48" in page.text and "80.0" in page.text
    canteen.satisfaction = canteen.satisfaction[:1]
    single = manager.get("/canteen/menus/satisfaction", headers=HTML).text
    assert "<polyline" not in single and "72.5" in single


def test_the_menu_pages_are_the_managers(phone, canteen):
    assert phone.get("/canteen/menus/dishes", headers=HTML).status_code == 303
    with open_console(canteen) as student:
        sign_in(student, "u-student-1")
        assert student.get("/canteen/menus/complaints", headers=HTML).status_code == 403
        assert student.get("/", headers=HTML).text.count("/canteen/menus") == 0
    home = open_console(canteen)
    with home:
        sign_in(home, "u-canteen-manager-1")
        assert 'href="/canteen/menus"' in home.get("/", headers=HTML).text
