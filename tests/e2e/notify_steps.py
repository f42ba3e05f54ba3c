"""The steps of the notification pages' browser test (tests/e2e/test_notify_console_browser.py):
each drives one page of issue 13 in Chromium as a person would, and checks what it did."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from playwright.async_api import Page, expect

from tests.e2e.conftest import bearer
from tests.e2e.console_browser import Watch, check, shoot

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
    """The event types of the demo person's notifications, newest first."""
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(
            platform.url("notifications") + "/notifications/me",
            params={"limit": 200},
            headers=bearer(role),
        )
    return [n["event_type"] for n in r.json()["items"]]


async def new_rule(page: Page, origin: str) -> None:
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
    """A phone request for B01-101 filed by the dispatcher; its work order id."""
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


async def my_settings(page: Page, watch: Watch, origin: str, platform) -> None:
    """The dispatcher sets quiet hours, SMS and the digest (refused while half of the quiet
    hours is missing), and notifications holds them."""
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


async def robot_endpoint(page: Page, watch: Watch, origin: str) -> None:
    """A WeCom robot for the north canteen; its key never shows, a blank URL keeps it."""
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


async def template_preview(page: Page, watch: Watch, origin: str) -> None:
    """The milk template previewed on the demo's newest expiring batch, saved, reset."""
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


async def unrouted_alert(page: Page, watch: Watch, origin: str, platform) -> None:
    """The asset-damage rule turned off: a damage reaches only the administrators, the page
    says a rule is missing; turned on again, the asset manager hears of it, once."""
    await rule_enabled(page, origin, "asset-damage", on=False)
    async with httpx.AsyncClient(base_url=platform.url("assets"), timeout=10) as http:
        manager = bearer("asset_manager")
        # The bunk bed: the demo lends the projector out, and a lent asset takes no damage report.
        asset = (await http.get("/assets/by-tag/ZC-B02-0101", headers=manager)).json()
        damage = {"description": "床梯松动 ladder loose", "deliberate": False}
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
    await rule_enabled(page, origin, "asset-damage", on=True)
    await eventually(
        lambda: inbox_types(platform, "asset_manager"),
        lambda t: t.count("assets.asset.damaged.v1") == before + 1,
    )
    await page.goto(origin + "/incidents?state=fallback")
    await expect(page.locator("li.card", has_text="assets.asset.damaged.v1")).to_have_count(0)


async def rule_enabled(page: Page, origin: str, rule_id: str, *, on: bool) -> None:
    """Turn a rule on or off in the editor."""
    await page.goto(f"{origin}/rules/{rule_id}")
    box = page.get_by_label("启用此规则")
    await (box.check() if on else box.uncheck())
    await page.get_by_role("button", name="保存规则").click()
    await expect(page.locator(".flash")).to_contain_text(f"规则 {rule_id} 已保存")
