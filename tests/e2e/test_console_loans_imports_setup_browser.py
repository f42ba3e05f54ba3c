"""Loans and reservations, the register's import and the canteen's set-up in real Chromium on
the running platform. The asset manager lends a desktop from its page; the student signs for
it on a 375 px phone, is refused days that overlap the loan (the page names it) and reserves
others; the manager takes it back damaged on purpose and sees the compensation. An XLSX with
three bad cells is refused cell by cell, its valid rows go in, the label sheet prints; a GBK
CSV imports on a phone. The canteen manager sees expiring and expired certificates, adds a
food handler, is refused an expired one on the roster, adds a freezer and a checklist; audit
records each change. Every new page on a phone and a desktop, clean, axe-checked, in both
languages."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta

import httpx
import pytest
from openpyxl import Workbook
from playwright.async_api import Page, async_playwright, expect

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
HEADER = ["tag", "name", "category_code", "building_id", "room_id", "purchase_value",
          "purchase_date"]  # fmt: skip


async def _get(platform, service: str, path: str, role: str, **params) -> dict:
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(platform.url(service) + path, params=params, headers=bearer(role))
    assert r.status_code == 200, r.text
    return r.json()


async def _audited(platform, subject: str, kind: str) -> dict:
    """The audit record of an event of `kind` about `subject` (audit consumes asynchronously)."""
    for _ in range(60):
        found = await _get(platform, "audit", "/audit/records", "auditor", subject=subject)
        hits = [r["event"] for r in found["items"] if r["event"]["type"] == kind]
        if hits:
            return hits[-1]
        await asyncio.sleep(0.5)
    raise AssertionError(f"audit has no {kind} about {subject}")


def _day(today: str, n: int) -> str:
    return (date.fromisoformat(today) + timedelta(days=n)).isoformat()


def _register_file(tmp_path, prefix: str, count: int) -> tuple[str, int]:
    """An XLSX of `count` rows in B01 with three bad cells: C4, F7, G9."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n in range(2, count + 2):
        row = [f"{prefix}-{n:04d}", f"书柜 bookcase {n}", "6010000", "B01", "B01-105",
               "2400.00", "2024-02-01"]  # fmt: skip
        if n == 4:
            row[2] = "99"
        if n == 7:
            row[5] = "两千"
        if n == 9:
            row[6] = "2024-02-30"
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "台账.xlsx"
    path.write_bytes(out.getvalue())
    return str(path), count - 3


async def _person(browser, origin: str, person: str, *, phone: bool) -> tuple[Page, Watch]:
    context = await new_context(browser, phone=phone)
    watch = Watch()
    watch.attach(context)
    page = await context.new_page()
    await sign_in(page, origin, person)
    return page, watch


async def test_lend_sign_refused_days_reserve_and_a_damaged_return(shared_platform):
    origin = shared_platform.url("console")
    pc = await _get(shared_platform, "assets", "/assets/by-tag/ZC-B01-0001", "asset_manager")
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            desk, desk_watch = await _person(browser, origin, "u-asset-manager-1", phone=False)
            await desk.goto(f"{origin}/assets/{pc['asset_id']}")
            await desk.get_by_role("link", name="借出", exact=True).click()
            await desk.wait_for_url(f"{origin}/loans/new?asset={pc['asset_id']}")
            await check(desk, desk_watch, origin, name="lend desktop")
            today = await desk.get_attribute("#f-due_on", "min")
            await desk.fill("#f-borrower_id", "u-student-1")
            await desk.fill("#f-due_on", _day(today, 3))
            await desk.fill("#f-purpose", "课程设计 course project")
            await desk.get_by_role("button", name="借出", exact=True).click()
            await desk.wait_for_url(f"{origin}/loans/loan-*")
            loan_id = desk.url.rsplit("/", 1)[1]
            await expect(desk.locator(".flash")).to_contain_text("已将 ZC-B01-0001 借给 陈同学")
            await check(desk, desk_watch, origin, name="loan desktop")

            phone, watch = await _person(browser, origin, "u-student-1", phone=True)
            await phone.locator(".tiles").get_by_role("link", name="借用与预约").click()
            await phone.wait_for_url(f"{origin}/loans")
            card = phone.locator(f"#loan-{loan_id}")
            await expect(card).to_contain_text("等待借用人签收")
            await check(phone, watch, origin, name="my loans phone")
            await card.get_by_role("button", name="签收").click()
            await expect(phone.locator(".flash")).to_contain_text("您已签收 ZC-B01-0001")
            await expect(phone.locator(f"#loan-{loan_id}")).to_contain_text("借出中")
            await check(phone, watch, origin, name="signed phone")
            await shoot(phone, "loans-phone")

            await phone.goto(f"{origin}/assets/{pc['asset_id']}")
            await phone.get_by_role("link", name="预约", exact=True).click()
            await phone.wait_for_url(f"{origin}/reservations/new?asset=*")
            await check(phone, watch, origin, name="reserve phone")
            await phone.fill("#f-starts_on", _day(today, 2))
            await phone.fill("#f-ends_on", _day(today, 4))
            await phone.get_by_role("button", name="预约", exact=True).click()
            refusal = phone.locator("#e-starts_on")
            await expect(refusal).to_contain_text(f"这些日期与借用 {loan_id} 冲突")
            await expect(refusal).to_contain_text("陈同学")
            await expect(phone.locator("#f-ends_on")).to_have_value(_day(today, 4))
            watch.clear()  # the refused form answered 422, as it should
            await check(phone, watch, origin, name="reservation refused phone")
            await shoot(phone, "reservation-refused-phone")
            await phone.fill("#f-starts_on", _day(today, 4))
            await phone.fill("#f-ends_on", _day(today, 5))
            await phone.get_by_role("button", name="预约", exact=True).click()
            await phone.wait_for_url(f"{origin}/loans")
            await expect(phone.locator(".flash")).to_contain_text("已预约 ZC-B01-0001")
            mine = phone.locator("li.reservation", has_text=f"{_day(today, 4)} 至 {_day(today, 5)}")
            await mine.get_by_role("button", name="取消预约").click()
            await expect(phone.locator(".flash")).to_contain_text("已取消 ZC-B01-0001 的预约")
            await check(phone, watch, origin, name="reservation cancelled phone")

            await desk.goto(f"{origin}/loans")
            await desk.locator(f"#loan-{loan_id}").get_by_role("link", name="收回").click()
            await desk.wait_for_url(f"{origin}/loans/{loan_id}")
            await desk.check('input[name="condition"][value="damaged"]')
            await desk.fill("#f-note", "屏幕摔裂 screen cracked")
            await desk.check("#f-deliberate")
            await desk.get_by_role("button", name="收回").click()
            await expect(desk.locator(".flash")).to_contain_text("陈同学")
            await expect(desk.locator(".flash")).to_contain_text("应赔偿 ¥")
            await expect(desk.locator(".damage")).to_contain_text("故意损坏：账面价值的两倍")
            await check(desk, desk_watch, origin, name="damaged return desktop")
            await shoot(desk, "loan-return-damaged-desktop")
        finally:
            await browser.close()
    returned = await _audited(shared_platform, loan_id, "assets.loan.returned.v1")
    assert returned["data"]["condition"] == "damaged" and returned["data"]["damage_id"]


async def test_an_import_refused_cell_by_cell_then_its_valid_rows(shared_platform, tmp_path):
    origin = shared_platform.url("console")
    path, valid = _register_file(tmp_path, "ZC-E2E", 12)
    gbk = tmp_path / "办公桌.csv"
    gbk.write_bytes(
        ("标签,名称,分类代码,楼宇,房间,原值,购置日期\r\n" + "".join(
            f"ZC-GBK-{n:04d},办公桌 第{n}张,6010000,B02,B02-201,1200.00,2023-05-04\r\n"
            for n in range(1, 4)
        )).encode("gbk")
    )  # fmt: skip
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            desk, watch = await _person(browser, origin, "u-asset-manager-1", phone=False)
            await desk.goto(origin + "/imports")
            await check(desk, watch, origin, name="import desktop")
            await desk.set_input_files("#f-file", path)
            await desk.get_by_role("button", name="检查并导入").click()
            rows = desk.locator("table.cells tbody tr")
            await expect(rows).to_have_count(3)
            for cell, text in (("C4", "分类代码"), ("F7", "两千"), ("G9", "2024-02-30")):
                await expect(desk.locator(f"#cell-{cell}")).to_contain_text(text)
            await expect(desk.locator(".verdict")).to_contain_text("3 个单元格有误")
            watch.clear()  # the refused file answered 422, as it should
            await check(desk, watch, origin, name="import report desktop")
            await shoot(desk, "import-report-desktop")
            await desk.get_by_role("button", name=f"只导入 {valid} 行有效数据").click()
            await desk.wait_for_url(f"{origin}/imports/imp-*")
            await expect(desk.locator(".verdict")).to_have_text(f"已导入 {valid} 项资产")
            await check(desk, watch, origin, name="import result desktop")
            import_id = desk.url.rsplit("/", 1)[1]
            pdf = await desk.request.get(
                f"{origin}/assets/labels.pdf?import_id={import_id}&layout=a4-3x8&offset=2"
            )
            assert pdf.ok and (await pdf.body()).startswith(b"%PDF")
            await desk.get_by_role("link", name="查看导入的资产").click()
            await expect(desk.locator("li.card")).to_have_count(valid)
            await check(desk, watch, origin, name="imported assets desktop")

            phone, watch = await _person(browser, origin, "u-asset-manager-1", phone=True)
            await phone.goto(origin + "/imports")
            await phone.set_input_files("#f-file", str(gbk))
            await phone.get_by_label("GBK（中文版 Excel）").check()
            await phone.get_by_role("button", name="检查并导入").click()
            await phone.wait_for_url(f"{origin}/imports/imp-*")
            await expect(phone.locator(".verdict")).to_have_text("已导入 3 项资产")
            await expect(phone.locator(".facts")).to_contain_text("CSV · GBK")
            await check(phone, watch, origin, name="import result phone")
            await shoot(phone, "import-result-phone")
        finally:
            await browser.close()
    done = await _audited(shared_platform, import_id, "assets.import.completed.v1")
    assert done["data"]["imported"] == valid and done["data"]["skipped"] == 3


async def test_the_canteen_manager_keeps_people_roster_devices_and_checklists(shared_platform):
    origin = shared_platform.url("console")
    status = await _get(shared_platform, "canteen", "/canteens/north/food-safety/today",
                        "canteen_manager")  # fmt: skip
    today = status["day"]
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            desk, watch = await _person(browser, origin, "u-canteen-manager-1", phone=False)
            await desk.locator(".tiles").get_by_role("link", name="食堂基础设置").click()
            await desk.wait_for_url(f"{origin}/canteen/setup")
            await expect(desk.locator("#staff-st-li")).to_have_class("card staff expiring")
            await expect(desk.locator("#staff-st-li")).to_contain_text("天后到期")
            await expect(desk.locator("#staff-st-zhang")).to_contain_text("健康证已过期")
            await check(desk, watch, origin, name="food handlers desktop")
            await shoot(desk, "canteen-staff-desktop")
            await desk.fill("#f-staff_id", "st-e2e-2")
            await desk.fill("#f-name", "钱师傅 Qian")
            await desk.select_option("#f-position", "pastry")
            await desk.fill("#f-cert_number", "JK-E2E-2")
            await desk.fill("#f-cert_issued_on", today)
            await desk.fill("#f-cert_expires_on", _day(today, 300))
            await desk.get_by_role("button", name="保存").click()
            await expect(desk.locator(".flash")).to_have_text("已保存“钱师傅 Qian”。")
            await expect(desk.locator("#staff-st-e2e-2")).to_contain_text("JK-E2E-2")
            await check(desk, watch, origin, name="food handler added desktop")

            await desk.get_by_role("link", name="排班", exact=True).click()
            await desk.wait_for_url(f"{origin}/canteen/setup/roster?canteen=north")
            li = desk.locator("#on-early-st-li")
            await expect(li).to_contain_text("晨检不合格：当天不得接触食品")
            await check(desk, watch, origin, name="roster desktop")
            shift = desk.locator("#f-shift-0-staff")
            await shift.get_by_label("张师傅 Zhang").check()
            await desk.get_by_role("button", name="保存排班").click()
            refusal = desk.locator("#e-shift-0-staff")
            await expect(refusal).to_contain_text("张师傅 Zhang：健康证明 JK-0003 已于")
            watch.clear()  # the refused roster answered 422, as it should
            await check(desk, watch, origin, name="roster refused desktop")
            await shoot(desk, "roster-refused-desktop")

            phone, watch = await _person(browser, origin, "u-canteen-manager-1", phone=True)
            await phone.goto(origin + "/canteen/setup/devices")
            await check(phone, watch, origin, name="devices phone")
            await phone.fill("#f-device_id", "north-freezer-9")
            await phone.fill("#f-name", "9号冷冻柜 freezer 9")
            await phone.select_option("#f-kind", "freezer")
            await phone.get_by_role("button", name="保存").click()
            await expect(phone.locator("#device-north-freezer-9")).to_contain_text("不高于 -12 ℃")
            await check(phone, watch, origin, name="device added phone")
            await phone.goto(origin + "/canteen/setup/checklists")
            await phone.get_by_role("link", name="新建检查表").click()
            await phone.fill("#f-template_id", "e2e-hall")
            await phone.fill("#f-name", "餐厅检查 e2e")
            await phone.select_option("#f-kind", "dining_hall")
            await phone.fill("#f-pass_mark", "90")
            for i, (text, points) in enumerate((("桌面清洁", "40"), ("地面无油污", "60"))):
                await phone.fill(f"#f-item-{i}-text", text)
                await phone.fill(f"#f-item-{i}-points", points)
            await check(phone, watch, origin, name="new checklist phone")
            await phone.get_by_role("button", name="保存检查表").click()
            await phone.wait_for_url(f"{origin}/canteen/setup/checklists?canteen=north")
            await expect(phone.locator("#checklist-e2e-hall")).to_contain_text("地面无油污 · 60 分")
            await check(phone, watch, origin, name="checklists phone")
            await shoot(phone, "canteen-checklists-phone")
        finally:
            await browser.close()
    staff = await _audited(shared_platform, "st-e2e-2", "canteen.staff.updated.v1")
    assert staff["data"]["created"] is True
    hall = await _get(shared_platform, "canteen", "/checklists/e2e-hall", "canteen_manager")
    assert hall["canteens"] == ["north"] and hall["pass_mark"] == 90


async def test_every_new_page_on_a_phone_and_a_desktop_in_both_languages(shared_platform, capsys):
    origin = shared_platform.url("console")
    pc = await _get(shared_platform, "assets", "/assets/by-tag/ZC-B01-0002", "asset_manager")
    loans = await _get(
        shared_platform, "assets", "/loans", "asset_manager", asset_id=pc["asset_id"]
    )
    loan = f"/loans/{loans['items'][0]['loan_id']}"
    reserve = f"/reservations/new?asset={pc['asset_id']}"
    setup = ["/canteen/setup", "/canteen/setup/roster", "/canteen/setup/devices",
             "/canteen/setup/checklists", "/canteen/setup/new-checklist",
             "/canteen/setup/staff/st-wang?canteen=north",
             "/canteen/setup/devices/north-fridge-1?canteen=north",
             "/canteen/setup/checklists/daily-kitchen?canteen=north"]  # fmt: skip
    people = {
        "u-student-1": ["/loans", loan, reserve],
        "u-asset-manager-1": ["/loans", "/loans/new", loan, reserve, "/imports",
                              f"/assets/{pc['asset_id']}"],
        "u-auditor-1": ["/loans", loan],
        "u-canteen-manager-1": setup,
    }  # fmt: skip
    english, chinese = catalogue_patterns()
    loads: dict[str, float] = {}
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            for person, paths in people.items():
                for phone in (True, False):
                    page, watch = await _person(browser, origin, person, phone=phone)
                    for path in paths:
                        answer = await page.goto(origin + path)
                        assert answer is not None and answer.ok, f"{person} {path}: {answer}"
                        device = "phone" if phone else "desktop"
                        await check(page, watch, origin, name=f"{person} {path} {device}")
                    loads.update(watch.load_ms)
                    await page.context.close()
            page, _ = await _person(browser, origin, "u-asset-manager-1", phone=False)
            for path in ("/loans", loan, "/imports", reserve):
                await both_languages(page, origin, path, english, chinese)
            await page.context.close()
            page, _ = await _person(browser, origin, "u-canteen-manager-1", phone=False)
            for path in setup[:4]:
                await both_languages(page, origin, path, english, chinese)
        finally:
            await browser.close()
    with capsys.disabled():
        print(
            f"\nloan, import and set-up pages: median load {median_ms(loads):.0f} ms "
            f"over {len(loads)} page loads"
        )
