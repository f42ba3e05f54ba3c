"""The canteen pages in real Chromium on the running platform: a staff member's day on a 375 px
phone-sized tablet (a sample, a morning check, a reading, the checklist, a corrective action
closed), the manager's today page on a desktop, both clean and accessible at both sizes, and the
today page switched to English."""

from __future__ import annotations

from datetime import date, timedelta

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
DAY = ["/canteen/day", "/canteen/day/samples", "/canteen/day/checks",
       "/canteen/day/temperatures", "/canteen/day/inspection"]  # fmt: skip


async def _new_food_handler(platform) -> None:
    """A food handler on today's roster who is not checked yet (the demo checked its two; the
    one who failed stays off the new roster, as the canteen requires)."""
    base = platform.url("canteen") + "/canteens/north"
    manager = bearer("canteen_manager")
    async with httpx.AsyncClient(timeout=10) as http:
        today = (await http.get(f"{base}/food-safety/today", headers=manager)).json()["day"]
        expires = (date.fromisoformat(today) + timedelta(days=300)).isoformat()
        cert = {"number": "JK-E2E", "issued_on": today, "expires_on": expires}
        person = {"name": "赵师傅 Zhao", "position": "pastry", "certificate": cert}
        r = await http.put(f"{base}/staff/st-e2e", json=person, headers=manager)
        assert r.status_code in (200, 201), r.text
        shift = {"shift_id": "late", "name": "晚班 late", "starts_at": "23:59",
                 "staff_ids": ["st-wang", "st-e2e"]}  # fmt: skip
        r = await http.put(f"{base}/rosters/{today}", json={"shifts": [shift]}, headers=manager)
        assert r.status_code == 200, r.text


async def test_a_canteen_day_on_the_tablet_and_the_manager_s_today_page(shared_platform, capsys):
    origin = shared_platform.url("console")
    await _new_food_handler(shared_platform)
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            tablet = await new_context(browser, phone=True)
            watch = Watch()
            watch.attach(tablet)
            staff = await tablet.new_page()
            await sign_in(staff, origin, "u-canteen-staff-1")
            await staff.goto(origin + "/canteen/day")
            await expect(staff.locator(".food-status")).to_have_text("严重")
            await check(staff, watch, origin, name="canteen day")

            await staff.goto(origin + "/canteen/day/samples")
            dish = staff.locator("li.dish", has_text="土豆丝")
            await dish.get_by_label("克数").fill("130")
            await dish.get_by_role("button", name="记录留样").click()
            await expect(staff.locator(".flash")).to_have_text("已记录留样 130 克。")
            await expect(staff.locator("li.dish", has_text="土豆丝")).to_contain_text("130 克")
            await check(staff, watch, origin, name="samples")
            await shoot(staff, "canteen-samples-phone")

            await staff.goto(origin + "/canteen/day/checks")
            person = staff.locator("#person-st-e2e")
            await person.get_by_label("体温（℃）").fill("36.6")
            await person.get_by_role("button", name="记录晨检").click()
            await expect(staff.locator(".flash")).to_have_text("晨检已记录。")
            await expect(staff.locator("#person-st-e2e")).to_contain_text("合格，36.6 ℃")
            await check(staff, watch, origin, name="morning checks")

            await staff.goto(origin + "/canteen/day/temperatures")
            fridge = staff.locator("#device-north-fridge-1")
            await fridge.get_by_label("读数（℃）").fill("4.5")
            await fridge.get_by_role("button", name="记录").click()
            await expect(staff.locator(".flash")).to_have_text("已记录 4.5 ℃。")
            await check(staff, watch, origin, name="temperatures")

            await staff.goto(origin + "/canteen/day/inspection")
            await staff.get_by_role("button", name="提交检查").click()  # full marks everywhere
            await expect(staff.locator(".flash")).to_contain_text("合格")
            action = staff.locator("li.action").first
            await action.locator("summary").click()
            await action.get_by_label("整改内容").fill("已拖干，加装挡水条")
            await action.get_by_role("button", name="完成整改").click()
            await expect(staff.locator(".flash")).to_have_text("整改已完成。")
            await check(staff, watch, origin, name="inspection")
            await shoot(staff, "canteen-inspection-phone")

            desk = await new_context(browser, phone=False)
            desk_watch = Watch()
            desk_watch.attach(desk)
            manager = await desk.new_page()
            await sign_in(manager, origin, "u-canteen-manager-1")
            await manager.goto(origin + "/canteen/today")
            await expect(manager.locator(".food-status")).to_contain_text("严重")
            await expect(manager.locator(".reasons").first).to_contain_text("有人晨检不合格")
            await expect(manager.locator(".reasons").first).to_contain_text("有温度超出范围")
            await check(manager, desk_watch, origin, name="food safety today")
            await shoot(manager, "canteen-today-desktop")
        finally:
            await browser.close()
    loads = {**watch.load_ms, **desk_watch.load_ms}
    with capsys.disabled():
        print(f"\ncanteen pages: median load {median_ms(loads):.0f} ms over {len(loads)} pages")


async def test_every_canteen_page_fits_a_phone_and_a_desktop_in_both_languages(shared_platform):
    origin = shared_platform.url("console")
    english, chinese = catalogue_patterns()
    people = {"u-canteen-staff-1": DAY, "u-canteen-manager-1": [*DAY, "/canteen/today"]}
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            for person, paths in people.items():
                for phone in (True, False):
                    context = await new_context(browser, phone=phone)
                    watch = Watch()
                    watch.attach(context)
                    page = await context.new_page()
                    await sign_in(page, origin, person)
                    for path in paths:
                        answer = await page.goto(origin + path)
                        assert answer is not None and answer.ok, f"{person} {path}: {answer}"
                        await check(page, watch, origin)
                    await context.close()
            context = await new_context(browser, phone=False)
            page = await context.new_page()
            await sign_in(page, origin, "u-canteen-manager-1")
            for path in ("/canteen/today", "/canteen/day/checks", "/canteen/day/inspection"):
                await both_languages(page, origin, path, english, chinese)
        finally:
            await browser.close()
