"""The console in real Chromium on the running platform: a repair's whole life from a phone,
every page of every role clean and accessible, the language switch, refusals."""

from __future__ import annotations

import struct
import zlib

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

pytestmark = [pytest.mark.broker, pytest.mark.slow]
LIFE = [
    "maintenance.ticket.opened.v1",
    "maintenance.ticket.triaged.v1",
    "maintenance.ticket.assigned.v1",
    "maintenance.ticket.started.v1",
    "maintenance.ticket.put_on_hold.v1",
    "maintenance.ticket.resumed.v1",
    "maintenance.ticket.photos_added.v1",  # the technician's photo of the repair
    "maintenance.ticket.resolved.v1",
    "maintenance.ticket.closed.v1",
]


def png(width: int = 8, height: int = 8) -> bytes:
    """A small real PNG (maintenance checks the bytes are an image)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x20\x60\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))


async def mint_qr(platform, location_id: str = "B01-301") -> str:
    """A fresh QR code's URL, minted by the dispatcher through maintenance's API."""
    async with httpx.AsyncClient(timeout=10) as http:
        minted = await http.post(
            platform.url("maintenance") + "/qr-codes",
            json={"location_id": location_id, "label": "化学实验室"},
            headers=bearer("dispatcher"),
        )
    assert minted.status_code == 201, minted.text
    return minted.json()["url"]


async def test_a_repair_from_a_phone_qr_code_to_a_rated_close_and_its_audited_story(
    shared_platform, capsys
):
    origin = shared_platform.url("console")
    url = await mint_qr(shared_platform)
    assert url.startswith(origin + "/"), f"the QR code opens {url}, not the console"
    photo = {"name": "leak.png", "mimeType": "image/png", "buffer": png()}
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            phone = await new_context(browser, phone=True)
            watch = Watch()
            watch.attach(phone)
            student = await phone.new_page()
            await student.goto(url)
            await expect(student.locator("h1")).to_have_text("我要报修")
            await expect(student.locator(".place")).to_contain_text("B01-301")
            await check(student, watch, origin, name="qr form")
            await shoot(student, "qr-repair-phone")
            await student.get_by_label("水", exact=True).check()
            await student.get_by_label("出了什么问题？").fill("实验室水槽下水管漏水")
            await student.get_by_label("您的姓名").fill("周同学")
            await student.get_by_label("您的手机号码").fill("12")  # too short for a phone number
            await student.get_by_role("button", name="提交报修").click()
            await expect(student.locator("#e-contact_phone")).to_contain_text("请检查此项")
            await expect(student.get_by_label("出了什么问题？")).to_have_value(
                "实验室水槽下水管漏水"
            )
            await expect(student.get_by_label("水", exact=True)).to_be_checked()
            watch.clear()  # the refused form answered 422, as it should
            await student.get_by_label("照片").set_input_files([photo])
            await student.get_by_label("您的手机号码").fill("13900000009")
            await student.get_by_role("button", name="提交报修").click()
            await student.wait_for_url(f"{origin}/follow/WO-*")
            ticket_id = student.url.rsplit("/", 1)[1]
            await expect(student.locator(".flash")).to_have_text("报修已提交。")
            await expect(student.locator(".big")).to_contain_text("已受理")
            await expect(student.locator(".keep")).to_contain_text(ticket_id)
            await check(student, watch, origin, name="follow-up")
            await shoot(student, "follow-up-phone")

            desk = await new_context(browser, phone=False)
            desk_watch = Watch()
            desk_watch.attach(desk)
            dispatcher = await desk.new_page()
            await sign_in(dispatcher, origin, "u-dispatcher-1")
            await dispatcher.goto(origin + "/board")
            card = dispatcher.locator(f"#card-{ticket_id}")
            await expect(card).to_contain_text("已受理")
            await expect(card).to_contain_text("实验室水槽下水管漏水")
            await card.get_by_text("分诊", exact=True).click()
            await card.get_by_role("button", name="确认分诊").click()
            await expect(dispatcher.locator(f"#card-{ticket_id}")).to_contain_text("已分诊")
            card = dispatcher.locator(f"#card-{ticket_id}")
            await card.get_by_text("派工", exact=True).first.click()
            await card.get_by_label("指定维修师傅").check()
            await card.get_by_label("维修师傅", exact=True).select_option("u-tech-1")
            await card.get_by_role("button", name="派工").click()
            await expect(dispatcher.locator(f"#card-{ticket_id}")).to_contain_text("已派工")
            await expect(dispatcher.locator(f"#card-{ticket_id}")).to_contain_text("承办：李师傅")
            await expect(dispatcher.locator(".flash")).to_contain_text(f"{ticket_id} 已派工")
            await check(dispatcher, desk_watch, origin, name="board")
            await shoot(dispatcher, "board-desktop")

            field = await new_context(browser, phone=True)
            field_watch = Watch()
            field_watch.attach(field)
            tech = await field.new_page()
            await sign_in(tech, origin, "u-tech-1")
            await tech.goto(origin + "/work")
            card = tech.locator(f"#card-{ticket_id}")
            await card.get_by_role("button", name="开始维修").click()
            await expect(tech.locator(f"#card-{ticket_id}")).to_contain_text("维修中")
            card = tech.locator(f"#card-{ticket_id}")
            await card.locator("summary", has_text="暂停").click()
            await card.get_by_label("原因").select_option("parts")
            await card.get_by_label("备注").fill("等配件")
            await card.get_by_role("button", name="暂停").click()
            await expect(tech.locator(f"#card-{ticket_id}")).to_contain_text("已暂停")
            await tech.locator(f"#card-{ticket_id}").get_by_role("button", name="恢复维修").click()
            await expect(tech.locator(f"#card-{ticket_id}")).to_contain_text("维修中")
            card = tech.locator(f"#card-{ticket_id}")
            await card.get_by_text("完成维修", exact=True).click()
            await card.get_by_label("维修内容").fill("换了存水弯")
            await card.get_by_label("维修照片").set_input_files([photo])
            await card.get_by_role("button", name="标记为已修复").click()
            await expect(tech.locator(".flash")).to_contain_text(f"{ticket_id}：已修复")
            await check(tech, field_watch, origin, name="work")
            await tech.goto(f"{origin}/work/{ticket_id}")
            await expect(tech.locator(".history")).to_contain_text("换了存水弯")
            await expect(tech.locator(".history")).to_contain_text("等配件")
            await expect(tech.locator(".photos img")).to_have_count(2)
            await check(tech, field_watch, origin, name="work order")
            await shoot(tech, "work-order-phone")

            await student.goto(f"{origin}/follow/{ticket_id}")
            await expect(student.locator(".big")).to_contain_text("已修复")
            await student.get_by_label("5 星", exact=True).check()
            await student.get_by_label("评价意见").fill("很快修好了")
            await student.get_by_role("button", name="评价并关闭").click()
            await expect(student.locator(".flash")).to_contain_text("您的评价已提交")
            await expect(student.locator(".big")).to_contain_text("已关闭")
            await check(student, watch, origin)

            auditor = await desk.new_page()
            await sign_in(auditor, origin, "u-auditor-1")
            rows = auditor.locator("table.records tbody tr")
            for _ in range(40):  # audit records the events as they arrive from the bus
                await auditor.goto(f"{origin}/audit?subject={ticket_id}")
                if await auditor.get_by_text("maintenance.ticket.closed.v1").count():
                    break
                await auditor.wait_for_timeout(500)
            types = [await rows.nth(i).locator("code").inner_text() for i in range(len(LIFE))]
            assert types == LIFE, types
            await check(auditor, desk_watch, origin, name="audit search")
            export = await auditor.request.get(f"{origin}/audit/export.csv?subject={ticket_id}")
            assert export.ok and (await export.text()).startswith("seq,recorded_at,time,type")
            assert "maintenance.ticket.closed.v1" in await export.text()
            await rows.first.locator("a.story-link").click()
            await auditor.wait_for_url(f"{origin}/audit/story/*")
            await expect(auditor.locator(".story")).to_contain_text("maintenance.ticket.opened.v1")
            life = auditor.locator(".life").first
            for event_type in LIFE:
                await expect(life).to_contain_text(event_type)
            await expect(life).to_contain_text("u-tech-1")
            await expect(life).to_contain_text("u-dispatcher-1")
            await check(auditor, desk_watch, origin, name="audit story")
            await shoot(auditor, "audit-story-desktop")
        finally:
            await browser.close()
    loads = {**watch.load_ms, **desk_watch.load_ms, **field_watch.load_ms}
    with capsys.disabled():
        listed = ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(loads.items()))
        print(f"\nconsole main pages (ms): {listed}; median {median_ms(loads):.0f} ms")


#: Pages by demo person (None: signed out), on the device each uses (True: a phone);
#: `{ticket}` is a work order they may see.
PAGES = {
    None: (True, ["/", "/signin", "/follow"]),
    "u-student-1": (True, ["/", "/requests", "/requests/new", "/requests/{ticket}", "/inbox"]),
    "u-dispatcher-1": (False, ["/", "/board", "/board?sla=at_risk", "/board/{ticket}", "/inbox"]),
    "u-tech-1": (True, ["/", "/work", "/inbox"]),
    "u-canteen-staff-1": (True, ["/", "/inbox"]),
    "u-canteen-manager-1": (False, ["/", "/inbox"]),
    "u-asset-manager-1": (False, ["/", "/inbox"]),
    "u-admin-1": (False, ["/", "/board", "/audit", "/ops", "/inbox"]),
    "u-auditor-1": (
        False,
        ["/", "/audit", "/audit?type=maintenance.ticket.opened.v1", "/audit/verify"],
    ),
    "u-ops-1": (True, ["/", "/ops", "/inbox"]),
}


async def test_every_page_of_every_role_is_clean_and_accessible(shared_platform, capsys):
    origin = shared_platform.url("console")
    async with httpx.AsyncClient(timeout=10) as http:
        listed = await http.get(
            shared_platform.url("maintenance") + "/tickets",
            params={"limit": 1},
            headers=bearer("requester"),
        )
    ticket = listed.json()["items"][0]["id"]
    qr = await mint_qr(shared_platform, "B02-201")
    loads: dict[str, float] = {}
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            for person, (own_device, paths) in PAGES.items():
                if person is None:
                    paths = [*paths, qr.removeprefix(origin)]
                await _visit(browser, origin, person, own_device, paths, ticket, loads)
        finally:
            await browser.close()
    with capsys.disabled():
        print(f"\nconsole page loads: median {median_ms(loads):.0f} ms over {len(loads)} pages")


async def _visit(browser, origin, person, own_device, paths, ticket, loads) -> None:
    """One person's pages on their own device with axe, and on a 375 px phone too (mobile
    first: a page that fits a phone fits a desktop, the other way round is the risk)."""
    for phone in (own_device,) if own_device else (False, True):
        context = await new_context(browser, phone=phone)
        watch = Watch()
        watch.attach(context)
        page = await context.new_page()
        if person is not None:
            await sign_in(page, origin, person)
        for path in paths:
            answer = await page.goto(origin + path.format(ticket=ticket))
            assert answer is not None and answer.ok, f"{person} {path}: {answer}"
            name = f"{person} {path} {'phone' if phone else 'desktop'}"
            await check(page, watch, origin, name=name, axe=phone == own_device)
        if person == "u-admin-1" and not phone:
            await page.goto(origin + "/ops")
            await expect(page.locator("tbody tr.ok")).to_have_count(6)
            await shoot(page, "ops-desktop")
        loads.update(watch.load_ms)
        await context.close()


async def test_switching_to_english_changes_every_text_of_the_page(shared_platform):
    origin = shared_platform.url("console")
    english, chinese = catalogue_patterns()
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            context = await new_context(browser, phone=False, locale="zh-CN")
            page = await context.new_page()
            await sign_in(page, origin, "u-admin-1")
            qr = (await mint_qr(shared_platform, "B03-101")).removeprefix(origin)
            for path in ("/", "/board", "/audit", "/ops", "/inbox", "/follow", qr):
                await page.goto(origin + path)
                assert await page.get_attribute("html", "lang") == "zh-CN"
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


async def test_signed_out_redirect_requester_403_and_missing_csrf(shared_platform):
    origin = shared_platform.url("console")
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            context = await new_context(browser, phone=True)
            page = await context.new_page()
            await page.goto(origin + "/board")
            assert page.url == f"{origin}/signin?next=/board"
            await page.click('button[data-person="u-student-1"]')
            await page.wait_for_url(origin + "/board")
            answer = await page.goto(origin + "/board")
            assert answer is not None and answer.status == 403
            await expect(page.locator("h1")).to_have_text("此页面不适用于您的角色")
            await page.goto(origin + "/requests/new")
            await page.locator('input[name="csrf"]').first.evaluate("e => e.remove()")
            await page.locator('form.stack input[name="csrf"]').evaluate_all(
                "es => es.forEach(e => e.remove())"
            )
            await page.get_by_label("在哪里？").select_option(index=1)
            await page.get_by_label("故障类别").select_option("plumbing")
            await page.get_by_label("出了什么问题？").fill("没有令牌的表单")
            await page.get_by_role("button", name="提交报修").click()
            await expect(page.locator("h1")).to_have_text("表单被拒绝")
        finally:
            await browser.close()
