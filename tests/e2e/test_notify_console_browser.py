"""Issue 13's console pages in real Chromium on the running platform: the demo's first alerts
reach the canteen manager at once; an administrator writes a rule in the editor, a dispatcher
acknowledges the critical alert it makes on a phone, the one nobody acknowledges is escalated;
one's own settings; endpoints without their secrets; a template previewed on a real event;
an alert no rule matches is shown with what it needs, and delivered once a rule is on again.
Every page on a 375 px phone and a desktop, clean, axe-checked, and in both languages."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, async_playwright, expect

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

pytestmark = [pytest.mark.broker, pytest.mark.slow]
MILK = "canteen.stock.expiring.v1.zh-CN"


async def eventually(
    probe: Callable[[], Awaitable[Any]], ok: Callable[[Any], bool], timeout: float = 30
) -> Any:
    """The probe's answer once `ok` holds (events travel through the broker meanwhile)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        got = await probe()
        if ok(got):
            return got
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still not there after {timeout} s: {got!r}")
        await asyncio.sleep(0.5)


async def inbox_types(platform, role: str) -> list[str]:
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(
            platform.url("notifications") + "/notifications/me",
            params={"limit": 200},
            headers=bearer(role),
        )
    return [n["event_type"] for n in r.json()["items"]]


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


async def _new_rule(page: Page, origin: str) -> None:
    """The administrator writes a rule in the editor: new B01 requests are critical for the
    campus dispatchers, escalated after a minute to the logistics administrators."""
    await page.goto(origin + "/rules/new")
    await page.locator("#f-rule_id").fill("e2e-b01-critical")
    await page.locator("#f-description").fill("B01 报修按紧急处理")
    await page.locator("#f-events").fill("maintenance.ticket.opened.v1")
    await page.locator("#f-scope_building").fill("B01")
    await page.locator("#f-r-0-kind").select_option("role")
    await page.locator("#f-r-0-value").fill("dispatcher")
    await page.locator("#f-r-0-in").select_option("campus")
    await page.locator("#f-severity").select_option("critical")
    await page.locator("#f-escalate_after_minutes").fill("1")
    await page.locator("#f-e-0-kind").select_option("role")
    await page.locator("#f-e-0-value").fill("logistics_admin")
    await page.get_by_role("button", name="保存规则").click()
    await page.wait_for_url(origin + "/rules/e2e-b01-critical")
    await expect(page.locator(".flash")).to_contain_text("规则 e2e-b01-critical 已保存")
    await expect(page.locator("#f-e-0-value")).to_have_value("logistics_admin")


async def file_b01_request(platform, description: str) -> str:
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.post(
            platform.url("maintenance") + "/tickets",
            json={
                "location_id": "B01-101",
                "category": "heating",
                "description": description,
                "channel": "phone",
                "priority": "urgent",
                "contact": {"name": "刘老师", "phone": "13800000001"},
            },
            headers=bearer("dispatcher"),
        )
    assert r.status_code == 201, r.text
    return r.json()["id"]


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
            await _new_rule(admin, origin)
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
            await _my_settings(dispatcher, watch, origin, shared_platform)

            await _endpoint(admin, desk_watch, origin)
            await _template(admin, desk_watch, origin)
            await _unrouted_alert(admin, desk_watch, origin, shared_platform)

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


async def _my_settings(page: Page, watch: Watch, origin: str, platform) -> None:
    await page.goto(origin + "/settings")
    await expect(page.locator("h1")).to_have_text("我的通知设置")
    await check(page, watch, origin, name="settings")
    await page.get_by_label("短信", exact=True).check()
    await page.get_by_label("免打扰开始").fill("22:00")
    await page.get_by_role("button", name="保存我的设置").click()
    await expect(page.locator("#e-quiet_hours_end")).to_be_visible()
    await expect(page.get_by_label("免打扰开始")).to_have_value("22:00")
    watch.clear()  # the refused form answered 422, as it should
    await page.get_by_label("免打扰结束").fill("07:00")
    await page.get_by_label("接收短信的手机号码").fill("13800000009")
    await page.get_by_label("每日汇总", exact=True).check()
    await page.get_by_role("button", name="保存我的设置").click()
    await expect(page.locator(".flash")).to_have_text("您的通知设置已保存。")
    await check(page, watch, origin, name="settings saved")
    async with httpx.AsyncClient(timeout=10) as http:
        me = await http.get(platform.url("notifications") + "/people/me",
                            headers=bearer("dispatcher"))  # fmt: skip
    entry = me.json()
    assert (entry["quiet_hours"], entry["digest"], entry["phone"]) == (
        "22:00-07:00",
        True,
        "13800000009",
    )
    assert entry["channels"] == ["in_app", "email", "sms"]


async def _endpoint(page: Page, watch: Watch, origin: str) -> None:
    await page.goto(origin + "/endpoints/new")
    await page.locator("#f-endpoint_id").fill("wecom-north-kitchen")
    await page.locator("#f-kind").select_option("wecom")
    await page.locator("#f-name").fill("北区后厨群")
    await page.locator("#f-url").fill("http://127.0.0.1:9/cgi-bin/webhook/send?key=E2E-ROBOT-KEY")
    await page.locator("#f-scope_canteen").fill("north")
    await page.get_by_label("启用", exact=True).check()
    await page.get_by_role("button", name="保存接收端").click()
    await page.wait_for_url(origin + "/endpoints/wecom-north-kitchen")
    assert "E2E-ROBOT-KEY" not in await page.content()
    await page.locator("#f-name").fill("北区食堂后厨群")
    await page.get_by_role("button", name="保存接收端").click()  # URL left blank: kept
    await expect(page.locator(".flash")).to_contain_text("已保存")
    await page.goto(origin + "/endpoints")
    card = page.locator("#endpoint-wecom-north-kitchen")
    await expect(card).to_contain_text("北区食堂后厨群")
    await expect(card).to_contain_text("/cgi-bin/webhook/send?…")
    assert "E2E-ROBOT-KEY" not in await page.content()
    await check(page, watch, origin, name="endpoints")


async def _template(page: Page, watch: Watch, origin: str) -> None:
    await page.goto(f"{origin}/templates/{MILK}")
    await check(page, watch, origin, name="template")
    source = "{% block title %}临期提醒：{{ data.item }}{% endblock %}{% block body %}批次 {{ data.batch_id }}{% endblock %}"  # noqa: E501
    await page.get_by_label("模板内容").fill(source)
    await page.get_by_role("button", name="预览").click()
    # The newest expiring batch of the demo's morning, not a placeholder.
    await expect(page.locator(".preview dd strong")).to_have_text(re.compile(r"^临期提醒：[^‹]+$"))
    await expect(page.locator(".preview")).to_contain_text("最新一条")
    await expect(page.get_by_label("模板内容")).to_have_value(source)
    await check(page, watch, origin, name="template preview")
    await shoot(page, "template-preview-desktop")
    await page.get_by_role("button", name="保存模板").click()
    await expect(page.locator(".flash")).to_contain_text("已保存")
    await page.get_by_role("button", name="恢复默认文本").click()
    await expect(page.locator(".flash")).to_contain_text("已恢复默认文本")


async def _unrouted_alert(page: Page, watch: Watch, origin: str, platform) -> None:
    """The asset-damage rule turned off: a damage reaches only the administrators, the page
    says a rule is missing; turned on again, the asset manager hears of it, once."""
    await _rule_enabled(page, origin, "asset-damage", on=False)
    async with httpx.AsyncClient(base_url=platform.url("assets"), timeout=10) as http:
        manager = bearer("asset_manager")
        asset = (await http.get("/assets/by-tag/ZC-B01-0002", headers=manager)).json()
        damage = {"description": "投影仪灯泡烧坏 lamp burnt out", "deliberate": False}
        r = await http.post(f"/assets/{asset['asset_id']}/damages", json=damage, headers=manager)
        assert r.status_code in (200, 201), r.text
    card = page.locator("li.card", has_text="assets.asset.damaged.v1")
    for _ in range(40):
        await page.goto(origin + "/incidents?state=fallback")
        if await card.count():
            break
        await page.wait_for_timeout(500)
    await expect(card.first).to_contain_text("匹配它的规则重新启用")
    await expect(card.first.locator('a[href="/rules/asset-damage"]')).to_have_count(1)
    await check(page, watch, origin, name="incidents")
    await shoot(page, "incidents-desktop")
    before = (await inbox_types(platform, "asset_manager")).count("assets.asset.damaged.v1")
    await _rule_enabled(page, origin, "asset-damage", on=True)
    await eventually(
        lambda: inbox_types(platform, "asset_manager"),
        lambda t: t.count("assets.asset.damaged.v1") == before + 1,
    )
    await page.goto(origin + "/incidents?state=fallback")
    await expect(page.locator("li.card", has_text="assets.asset.damaged.v1")).to_have_count(0)


async def _rule_enabled(page: Page, origin: str, rule_id: str, *, on: bool) -> None:
    await page.goto(f"{origin}/rules/{rule_id}")
    box = page.get_by_label("启用此规则")
    await (box.check() if on else box.uncheck())
    await page.get_by_role("button", name="保存规则").click()
    await expect(page.locator(".flash")).to_contain_text(f"规则 {rule_id} 已保存")


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
