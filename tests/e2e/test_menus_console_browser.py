"""The canteen's menus and diners' voice in real Chromium on the running platform: the manager
prices a dish above the cap and is shown the cap at the price, then within it, and publishes
the week's menu; an anonymous 375 px phone opens the public menu (allergens and prices, nothing
loaded from elsewhere), rates the dish and files a complaint; the manager answers it, and audit
has the answer. Every menu page is clean and axe-checked on a phone and a desktop."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import async_playwright, expect

from tests.e2e.conftest import bearer
from tests.e2e.console_browser import (
    Watch,
    both_languages,
    catalogue_patterns,
    check,
    launch,
    median_ms,
    new_context,
    shoot,
    sign_in,
)

pytestmark = [pytest.mark.broker, pytest.mark.slow]
POTATO = {
    "name_zh": "酸辣土豆丝 e2e",
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
    "name_zh": "米饭 e2e",
    "name_en": "Steamed rice",
    "category": "staple",
    "ingredients": [{"item": "大米 rice", "quantity": "0.150", "unit": "kg"}],
    "price": "1.00",
    "everyday": True,
}
MANAGER_PAGES = ["/canteen/menus", "/canteen/menus/dishes", "/canteen/menus/dishes/e2e-tudou",
                 "/canteen/menus/dishes/new", "/canteen/menus/complaints",
                 "/canteen/menus/costs", "/canteen/menus/satisfaction"]  # fmt: skip


async def _dishes(platform) -> None:
    """A cap on vegetable dishes and two dishes of north, through the canteen's API."""
    base = platform.url("canteen") + "/canteens/north"
    manager = bearer("canteen_manager")
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.put(f"{base}/price-caps/vegetable_dish", json={"cap": "4.00"},
                           headers=manager)  # fmt: skip
        assert r.status_code == 200, r.text
        for dish_id, body in (("e2e-tudou", POTATO), ("e2e-mifan", RICE)):
            r = await http.put(f"{base}/dishes/{dish_id}", json=body, headers=manager)
            assert r.status_code in (200, 201), r.text


async def _audited(platform, event_type: str, part: str) -> list[dict]:
    """Audit's events of a type that name `part` (audit consumes asynchronously)."""
    url = platform.url("audit") + "/audit/records"
    async with httpx.AsyncClient(timeout=10) as http:
        for _ in range(60):
            r = await http.get(url, params={"type": event_type}, headers=bearer("auditor"))
            assert r.status_code == 200, r.text
            found = [x["event"] for x in r.json()["items"] if part in json.dumps(x["event"])]
            if found:
                return found
            await asyncio.sleep(0.5)
    return []


async def test_cap_publish_public_menu_rating_and_an_answered_complaint(shared_platform, capsys):
    origin = shared_platform.url("console")
    await _dishes(shared_platform)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            desk = await new_context(browser, phone=False)
            watch = Watch()
            watch.attach(desk)
            manager = await desk.new_page()
            await sign_in(manager, origin, "u-canteen-manager-1")
            await manager.goto(origin + "/canteen/menus/dishes")
            row = manager.locator("#dish-e2e-tudou")
            await expect(row).to_contain_text("¥4.00")
            await expect(row).to_contain_text("大豆")
            await check(manager, watch, origin, name="dishes")
            await row.get_by_role("link", name="酸辣土豆丝 e2e").click()
            await manager.get_by_label("价格（元）").fill("4.50")
            await manager.get_by_role("button", name="保存").click()
            await expect(manager.locator("#e-price")).to_contain_text("最高限价 ¥4.00")
            await expect(manager.get_by_label("价格（元）")).to_have_value("4.50")
            assert any(r.startswith("422 ") for r in watch.refused), watch.refused
            watch.clear()  # the refusal above was the point
            await check(manager, watch, origin, name="dish refused above the cap")
            await shoot(manager, "menus-dish-above-cap-desktop")
            await manager.get_by_label("价格（元）").fill("3.80")
            await manager.get_by_role("button", name="保存").click()
            await expect(manager.locator(".flash")).to_contain_text("酸辣土豆丝 e2e")
            await expect(manager.locator("#prices")).to_be_visible()
            await check(manager, watch, origin, name="dish saved")

            await manager.goto(origin + "/canteen/menus")
            await manager.select_option(f"#f-m-{today}-lunch", ["e2e-tudou", "e2e-mifan"])
            await manager.get_by_role("button", name="保存并公布").click()
            await expect(manager.locator(".flash")).to_contain_text("的菜单已公布。")
            await expect(manager.locator("#menu-status")).to_contain_text("已公布")
            await check(manager, watch, origin, name="week's menu")
            await shoot(manager, "menus-week-editor-desktop")

            phone_context = await new_context(browser, phone=True)
            phone_watch = Watch()
            phone_watch.attach(phone_context)
            phone = await phone_context.new_page()
            await phone.goto(origin + "/menu/north")
            lunch = phone.locator(f"[id='meal-{today}.lunch']")
            potato = lunch.locator("li.dish", has_text="酸辣土豆丝 e2e")
            await expect(potato).to_contain_text("¥3.80")
            await expect(potato.locator(".allergen")).to_contain_text(["大豆"])
            await check(phone, phone_watch, origin, name="public menu")
            await shoot(phone, "menu-public-phone")
            await potato.locator("summary").click()
            await potato.locator("input[name='stars'][value='4']").check()
            await potato.get_by_role("button", name="提交评价").click()
            await expect(phone.locator(".flash")).to_have_text("谢谢：您的评价已计入。")
            await check(phone, phone_watch, origin, name="public menu rated")

            complaint = phone.locator("#complain")
            await complaint.get_by_label("关于什么？").select_option("foreign_object")
            await complaint.get_by_label("发生了什么？").fill("土豆丝里有一根头发 e2e")
            await complaint.get_by_label("哪一餐").select_option(f"{today}.lunch")
            await complaint.get_by_role("button", name="提交投诉").click()
            await expect(phone.locator(".flash")).to_contain_text("食堂经理会回复您的投诉")
            await check(phone, phone_watch, origin, name="complaint sent")

            await manager.goto(origin + "/canteen/menus/complaints")
            card = manager.locator("li.complaint", has_text="土豆丝里有一根头发 e2e")
            await expect(card).to_contain_text("饭菜中有异物")
            await card.get_by_label("您的回复").fill("已查明并整改，谢谢反馈。")
            await card.get_by_role("button", name="发送回复").click()
            await expect(manager.locator(".flash")).to_have_text("您的回复已发送。")
            await manager.goto(origin + "/canteen/menus/complaints?status=answered")
            card = manager.locator("li.complaint", has_text="土豆丝里有一根头发 e2e")
            await expect(card).to_contain_text("已查明并整改，谢谢反馈。")
            await check(manager, watch, origin, name="complaints")
            await shoot(manager, "menus-complaints-desktop")
        finally:
            await browser.close()
    assert await _audited(shared_platform, "canteen.complaint.answered.v1", "north")
    assert await _audited(shared_platform, "canteen.dish.price_changed.v1", "e2e-tudou")
    loads = {**watch.load_ms, **phone_watch.load_ms}
    with capsys.disabled():
        print(f"\nmenu pages: median load {median_ms(loads):.0f} ms over {len(loads)} pages")


async def test_every_menu_page_fits_a_phone_and_a_desktop(shared_platform):
    origin = shared_platform.url("console")
    await _dishes(shared_platform)
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            for phone in (True, False):
                context = await new_context(browser, phone=phone)
                watch = Watch()
                watch.attach(context)
                page = await context.new_page()
                await page.goto(origin + "/menu/north/2020-W01")  # never published: a 404 page
                watch.clear()
                await check(page, watch, origin)
                await sign_in(page, origin, "u-canteen-manager-1")
                for path in MANAGER_PAGES:
                    answer = await page.goto(origin + path)
                    assert answer is not None and answer.ok, f"{path}: {answer}"
                    await check(page, watch, origin)
                    if phone and path == "/canteen/menus":
                        await shoot(page, "menus-week-editor-phone")
                await context.close()
        finally:
            await browser.close()


async def test_the_menu_pages_switch_to_english_and_back(shared_platform):
    origin = shared_platform.url("console")
    await _dishes(shared_platform)
    english, chinese = catalogue_patterns()
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            context = await new_context(browser, phone=False)
            page = await context.new_page()
            await sign_in(page, origin, "u-canteen-manager-1")
            for path in (*MANAGER_PAGES[:3], "/canteen/menus/costs", "/menu/north/2020-W01"):
                await both_languages(page, origin, path, english, chinese)
        finally:
            await browser.close()
