"""Issue 13's console pages in real Chromium on the running platform: the demo's first alerts
reach the canteen manager at once; an administrator writes a rule in the editor, a dispatcher
acknowledges the critical alert it makes on a phone, the one nobody acknowledges is escalated;
one's own settings; endpoints without their secrets; a template previewed on a real event;
an alert no rule matches is shown with what it needs, and delivered once a rule is on again.
Every page on a 375 px phone and a desktop, clean, axe-checked, and in both languages."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import async_playwright, expect

from tests.e2e.conftest import bearer
from tests.e2e.console_browser import (
    Watch,
    catalogue_patterns,
    check,
    launch,
    median_ms,
    new_context,
    shoot,
    sign_in,
    visible_texts,
)
from tests.e2e.notify_steps import (
    MILK,
    eventually,
    file_b01_request,
    inbox_types,
    my_settings,
    new_rule,
    robot_endpoint,
    template_preview,
    unrouted_alert,
)

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def test_the_demos_first_alerts_reach_the_canteen_manager_at_once(shared_platform):
    wanted = {"canteen.stock.expiring.v1", "canteen.delivery.rejected.v1"}
    got = await eventually(
        lambda: inbox_types(shared_platform, "canteen_manager"), lambda t: wanted <= set(t)
    )
    assert wanted <= set(got)
    async with httpx.AsyncClient(timeout=10) as http:
        metrics = (await http.get(shared_platform.url("notifications") + "/metrics")).text
        # Seeded before anything was published: not one consumed event found nobody, not
        # even for a moment (a re-routed one would have counted here first).
        found = re.findall(r"^campus_notifications_undeliverable_total\{[^}]*\} (\S+)", metrics,
                           re.M)  # fmt: skip
        assert all(float(v) == 0 for v in found), found
        # Maintenance knew the canteen's building when the steamer fault reached it.
        tickets = await eventually(
            lambda: http.get(
                shared_platform.url("maintenance") + "/tickets",
                params={"building_id": "B03", "limit": 50},
                headers=bearer("logistics_admin"),
            ),
            lambda r: [t for t in r.json()["items"] if t["channel"] == "canteen"],
        )
        fault = next(t for t in tickets.json()["items"] if t["channel"] == "canteen")
        one = await http.get(
            shared_platform.url("maintenance") + f"/tickets/{fault['id']}",
            headers=bearer("logistics_admin"),
        )
    assert one.json()["location_verified"] is True, one.json()


async def test_a_rule_from_the_editor_an_acknowledgement_on_a_phone_and_an_escalation(
    shared_platform, capsys
):
    origin = shared_platform.url("console")
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            desk = await new_context(browser, phone=False)
            desk_watch = Watch()
            desk_watch.attach(desk)
            admin = await desk.new_page()
            await sign_in(admin, origin, "u-admin-1")
            await admin.goto(origin + "/rules")
            await expect(admin.locator("#rule-canteen-stock")).to_contain_text("食堂经理")
            await check(admin, desk_watch, origin, name="rules")
            await new_rule(admin, origin)
            await check(admin, desk_watch, origin, name="rule")
            await shoot(admin, "rule-editor-desktop")
            # Two requests: the dispatcher acknowledges one; nobody acknowledges the other.
            answered = await file_b01_request(shared_platform, "阶梯教室暖气漏水")
            ignored = await file_b01_request(shared_platform, "阶梯教室暖气不热")

            field = await new_context(browser, phone=True)
            watch = Watch()
            watch.attach(field)
            dispatcher = await field.new_page()
            await sign_in(dispatcher, origin, "u-dispatcher-1")
            note = dispatcher.locator("li.note", has_text=answered)
            for _ in range(40):  # the alert travels through the broker
                await dispatcher.goto(origin + "/inbox")
                if await note.count():
                    break
                await dispatcher.wait_for_timeout(500)
            await expect(note.locator(".sev")).to_have_text("紧急")
            await expect(note).to_contain_text("否则将升级给值班领导")
            await check(dispatcher, watch, origin, name="inbox critical")
            await note.get_by_role("button", name="确认收到").click()
            await expect(dispatcher.locator("li.note", has_text=answered)).to_contain_text("已于")
            await expect(dispatcher.locator(".flash")).to_contain_text("已确认收到")
            await check(dispatcher, watch, origin, name="inbox acknowledged")
            await shoot(dispatcher, "inbox-acknowledge-phone")
            await my_settings(dispatcher, watch, origin, shared_platform)

            await robot_endpoint(admin, desk_watch, origin)
            await template_preview(admin, desk_watch, origin)
            await unrouted_alert(admin, desk_watch, origin, shared_platform)

            escalated = admin.locator("li.note.escalation", has_text=ignored)
            for _ in range(200):  # a minute, and the escalation loop's next pass
                await admin.goto(origin + "/inbox")
                if await escalated.count():
                    break
                await admin.wait_for_timeout(1000)
            await expect(escalated).to_contain_text("已升级：无人及时确认")
            assert not await admin.locator("li.note.escalation", has_text=answered).count()
            await check(admin, desk_watch, origin, name="inbox escalation")
        finally:
            await browser.close()
    loads = {**watch.load_ms, **desk_watch.load_ms}
    with capsys.disabled():
        print(f"\nnotification pages: median {median_ms(loads):.0f} ms over {len(loads)} loads")


#: Pages by demo person; each is opened on a 375 px phone and on a desktop, axe on both.
PAGES = {
    "u-admin-1": [
        "/rules",
        "/rules/canteen-stock",
        "/rules/new",
        "/endpoints",
        "/endpoints/new",
        "/templates",
        f"/templates/{MILK}",
        "/incidents",
        "/incidents?state=fallback",
        "/settings",
        "/inbox",
    ],  # fmt: skip
    "u-ops-1": ["/incidents", "/settings"],
    "u-canteen-manager-1": ["/inbox", "/settings"],
    "u-student-1": ["/settings"],
}


async def test_every_notification_page_is_clean_on_a_phone_and_a_desktop(shared_platform):
    origin = shared_platform.url("console")
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            for person, paths in PAGES.items():
                for phone in (True, False):
                    context = await new_context(browser, phone=phone)
                    watch = Watch()
                    watch.attach(context)
                    page = await context.new_page()
                    await sign_in(page, origin, person)
                    for path in paths:
                        answer = await page.goto(origin + path)
                        assert answer is not None and answer.ok, f"{person} {path}: {answer}"
                        await check(page, watch, origin, name=f"{person} {path} {phone}")
                    await context.close()
        finally:
            await browser.close()


async def test_the_notification_pages_switch_language_text_by_text(shared_platform):
    origin = shared_platform.url("console")
    english, chinese = catalogue_patterns()
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            page = await (await new_context(browser, phone=False)).new_page()
            await sign_in(page, origin, "u-admin-1")
            paths = ["/rules", "/rules/canteen-stock", "/endpoints/new", "/templates",
                     f"/templates/{MILK}", "/incidents", "/settings", "/inbox"]  # fmt: skip
            for path in paths:
                await page.goto(origin + path)
                zh = await visible_texts(page)
                leftovers = [t for t in zh if any(p.match(t) for p in english)]
                assert not leftovers, f"{path}: English in the zh-CN page: {leftovers}"
                await page.get_by_role("button", name="English").click()
                await page.wait_for_url(origin + path)
                assert await page.get_attribute("html", "lang") == "en"
                en = await visible_texts(page)
                leftovers = [t for t in en if any(p.match(t) for p in chinese)]
                assert not leftovers, f"{path}: Chinese interface text in English: {leftovers}"
                changed = sum(1 for a, b in zip(zh, en, strict=False) if a != b)
                assert changed >= 5, f"{path}: only {changed} texts changed"
                await page.get_by_role("button", name="中文").click()
                await page.wait_for_url(origin + path)
        finally:
            await browser.close()
