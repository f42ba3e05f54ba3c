"""The canteen manager's dishes, caps and week's menu pages and the public menu page against the
real canteen app (memory store, the same frozen clock): a price above the cap refused with the
cap named at the price and nothing changed, a price within it saved into the history, a new
dish whose allergens the canteen derives, a menu drafted then published, and the public page
showing it to an anonymous phone with prices and allergens."""

from __future__ import annotations

import re

from tests.unit.console.menu_support import HTML, MANAGER, WEEK, pages, post

__all__ = ["pages"]  # the fixture


def row(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</tr>", start)]


def dish_form(page: str, **changed: str) -> list[tuple[str, str]]:
    """The fields the dish form carries (as the browser would send them), some changed."""
    fields = re.findall(r'<input id="f-([^"]+)" name="\1" type="text" value="([^"]*)"', page)
    values = dict(fields)
    values.update(dish_id=re.search(r'name="dish_id" value="([^"]*)"', page).group(1))
    for box in ("everyday", "active"):
        if re.search(rf'name="{box}" id="f-{box}" checked', page):
            values[box] = "on"
    values.update(canteen="north", **changed)
    return list(values.items())


def test_the_dishes_show_category_price_everyday_mark_and_the_cap(pages):
    manager, _phone, _api = pages
    page = manager.get("/canteen/menus/dishes", headers=HTML)
    assert page.status_code == 200
    potato = row(page.text, "dish-tudou-si")
    assert "酸辣土豆丝" in potato and "vegetable_dish" in potato and "¥3.50" in potato
    assert "大众菜" in potato and "¥4.00" in potato and "大豆" in potato
    assert "无限价" in row(page.text, "dish-mifan")  # staple has no cap yet
    assert 'id="cap-vegetable_dish"' in page.text and "赵经理" in page.text


def test_a_price_above_the_cap_is_refused_at_the_price_naming_the_cap(pages):
    manager, _phone, api = pages
    form = manager.get("/canteen/menus/dishes/tudou-si", headers=HTML).text
    assert "大众菜每份最高限价（vegetable_dish）：¥4.00" in form
    refused = post(manager, "/canteen/menus/dishes", form, dish_form(form, price="4.50"))
    assert refused.status_code == 422
    error = re.search(r'id="e-price">(.*?)</p>', refused.text, re.S).group(1)
    assert "超过该类大众菜的最高限价 ¥4.00" in error and "above the cap of ¥4.00" in error
    assert 'id="f-price" name="price" type="text" value="4.50"' in refused.text  # kept
    assert 'aria-describedby="h-price e-price" aria-invalid="true"' in refused.text
    assert api.get("/canteens/north/dishes/tudou-si", headers=MANAGER).json()["price"] == "3.50"
    assert len(api.get("/canteens/north/dishes/tudou-si/prices", headers=MANAGER).json()) == 1
    saved = post(manager, "/canteen/menus/dishes", form, dish_form(form, price="3.80"))
    assert saved.status_code == 200 and "已保存“酸辣土豆丝”。" in saved.text
    history = api.get("/canteens/north/dishes/tudou-si/prices", headers=MANAGER).json()
    assert [(p["price"], p["previous"]) for p in history] == [("3.80", "3.50"), ("3.50", None)]
    table = saved.text[saved.text.index('id="prices"') :]
    assert table.index("¥3.80") < table.index("¥3.50")


def test_a_form_error_is_named_before_any_call_and_csrf_is_required(pages):
    manager, _phone, api = pages
    form = manager.get("/canteen/menus/dishes/tudou-si", headers=HTML).text
    fields = dish_form(form, price="three", **{"ing-0-quantity": "0"})
    refused = post(manager, "/canteen/menus/dishes", form, fields)
    assert refused.status_code == 422
    assert 'id="e-price"' in refused.text and "元，最多两位小数" in refused.text
    assert 'id="e-ing-0-quantity"' in refused.text
    no_token = manager.post("/canteen/menus/dishes", data=dict(dish_form(form)), headers=HTML)
    assert no_token.status_code == 403
    cap = manager.post(
        "/canteen/menus/caps", data={"canteen": "north", "category": "x", "cap": "1"}, headers=HTML
    )
    assert cap.status_code == 403
    assert len(api.get("/canteens/north/dishes/tudou-si/prices", headers=MANAGER).json()) == 1
    assert api.get("/canteens/north/price-caps", headers=MANAGER).json()[0]["cap"] == "4.00"


def test_a_new_dish_gets_its_allergens_derived_or_set_by_hand_and_a_cap_is_set(pages):
    manager, _phone, api = pages
    form = manager.get("/canteen/menus/dishes/new", headers=HTML).text
    fields = {
        "new": "yes", "canteen": "north", "dish_id": "fanqie-dan", "name_zh": "番茄炒蛋",
        "name_en": "Tomato and egg", "category": "vegetable_dish", "price": "3.00",
        "everyday": "on", "active": "on", "ing-0-item": "鸡蛋 egg", "ing-0-quantity": "2",
        "ing-0-unit": "piece", "ing-2-item": "番茄 tomato", "ing-2-quantity": "0.150",
        "ing-2-unit": "kg",
    }  # fmt: skip
    saved = post(manager, "/canteen/menus/dishes", form, fields)
    assert saved.status_code == 200, saved.text
    dish = api.get("/canteens/north/dishes/fanqie-dan", headers=MANAGER).json()
    assert [g["item"] for g in dish["ingredients"]] == ["鸡蛋 egg", "番茄 tomato"]
    assert dish["allergens"] == ["eggs"] and not dish["allergens_edited"]
    derived = saved.text[saved.text.index('id="derived"') :]
    assert "蛋类" in derived[: derived.index("</ul>")]
    taken = post(manager, "/canteen/menus/dishes", form, fields)
    assert taken.status_code == 422 and "“番茄炒蛋”已使用此编码" in taken.text
    by_hand = dish_form(saved.text) + [("allergens_by_hand", "on"), ("allergens", "eggs"),
                                       ("allergens", "milk")]  # fmt: skip
    again = post(manager, "/canteen/menus/dishes", saved.text, by_hand)
    dish = api.get("/canteens/north/dishes/fanqie-dan", headers=MANAGER).json()
    assert dish["allergens"] == ["eggs", "milk"] and dish["allergens_edited"]
    assert 'value="milk" checked' in again.text
    listed = manager.get("/canteen/menus/dishes", headers=HTML).text
    cap = {"canteen": "north", "category": "staple", "cap": "1.50"}
    capped = post(manager, "/canteen/menus/caps", listed, cap)
    assert "¥1.50" in row(capped.text, "dish-mifan")
    listed_caps = api.get("/canteens/north/price-caps", headers=MANAGER).json()
    caps = {c["category"]: c["cap"] for c in listed_caps}
    assert caps == {"staple": "1.50", "vegetable_dish": "4.00"}


def test_the_week_is_drafted_published_and_shown_to_an_anonymous_phone(pages):
    manager, phone, api = pages
    editor = manager.get("/canteen/menus", headers=HTML)
    assert editor.status_code == 200 and "2026-W49" in editor.text and "尚未安排" in editor.text
    assert (
        'id="f-m-2026-11-30-lunch"' in editor.text and 'id="f-m-2026-12-06-dinner"' in editor.text
    )
    choose = [("canteen", "north"), ("m-2026-11-30-lunch", "mifan"),
              ("m-2026-11-30-lunch", "tudou-si"), ("m-2026-12-01-breakfast", "mifan"),
              ("publish", "no")]  # fmt: skip
    draft = post(manager, f"/canteen/menus/week/{WEEK}", editor.text, choose)
    assert "2026-W49 的菜单已保存。" in draft.text and "草稿，未公开" in draft.text
    menu = api.get(f"/canteens/north/menus/{WEEK}", headers=MANAGER).json()
    assert [(e["meal_id"], e["dish_ids"]) for e in menu["entries"]] == [
        ("2026-11-30.lunch", ["mifan", "tudou-si"]),
        ("2026-12-01.breakfast", ["mifan"]),
    ]
    hidden = phone.get("/menu/north", headers=HTML)
    assert hidden.status_code == 404 and "本周菜单尚未公布" in hidden.text
    published = post(manager, f"/canteen/menus/week/{WEEK}", draft.text,
                     [*choose[:-1], ("show_suppliers", "on"), ("publish", "yes")])  # fmt: skip
    assert "2026-W49 的菜单已公布。" in published.text
    assert api.get(f"/canteens/north/menus/{WEEK}", headers=MANAGER).json()["status"] == "published"
    public = phone.get("/menu/north", headers=HTML)
    assert public.status_code == 200 and "北区食堂" in public.text
    lunch = public.text[public.text.index('id="meal-2026-11-30.lunch"') :]
    lunch = lunch[: lunch.index("</section>")]
    assert (
        "酸辣土豆丝" in lunch
        and "¥3.50" in lunch
        and "大豆" in lunch
        and 'class="allergen a-soy"' in lunch
    )
    assert 'id="day-2026-11-30"' in public.text and "menu-day today" in public.text
    assert lunch.count('name="stars"') == 15  # two dishes and the meal, five stars each
    assert 'name="csrf"' in lunch and "/signin" not in public.headers.get("location", "")
    assert phone.get(f"/menu/north/{WEEK}", headers=HTML).text.count("酸辣土豆丝") >= 2


def test_a_menu_naming_a_dish_of_no_canteen_is_refused_at_its_cell(pages):
    manager, _phone, api = pages
    editor = manager.get("/canteen/menus", headers=HTML).text
    refused = post(manager, f"/canteen/menus/week/{WEEK}", editor,
                   [("canteen", "north"), ("m-2026-12-02-dinner", "nope")])  # fmt: skip
    assert refused.status_code == 422 and 'id="e-m-2026-12-02-dinner"' in refused.text
    assert api.get(f"/canteens/north/menus/{WEEK}", headers=MANAGER).status_code == 404
