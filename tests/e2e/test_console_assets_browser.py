"""The asset pages in real Chromium on the running platform: the asset manager registers and
searches on a desktop, counts a room on a 375 px phone (typing a tag and a label's URL) and
reads the reconciliation; a student opens an asset's page from its label and reports a fault,
which reaches maintenance. Every page clean and axe-checked."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import async_playwright, expect

from tests.e2e.conftest import bearer
from tests.e2e.console_browser import Watch, check, launch, new_context, shoot, sign_in

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def _asset(platform, tag: str) -> dict:
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(
            platform.url("assets") + f"/assets/by-tag/{tag}", headers=bearer("asset_manager")
        )
    assert r.status_code == 200, r.text
    return r.json()


async def test_register_count_and_report_a_fault(shared_platform):
    origin = shared_platform.url("console")
    desktop_pc = await _asset(shared_platform, "ZC-B01-0001")
    async with async_playwright() as pw:
        browser = await launch(pw)
        try:
            context = await new_context(browser, phone=False)
            watch = Watch()
            watch.attach(context)
            page = await context.new_page()
            await sign_in(page, origin, "u-asset-manager-1")
            await page.goto(origin + "/assets")
            await check(page, watch, origin, name="assets desktop")
            form = page.locator('form[action="/assets"][method="post"]')
            for field, value in {
                "tag": "ZC-B01-0900", "name": "投影仪 projector", "category_code": "2020000",
                "building_id": "B01", "room_id": "B01-101", "purchase_value": "3980.00",
                "purchase_date": "2024-09-01",
            }.items():  # fmt: skip
                await form.locator(f'[name="{field}"]').fill(value)
            await form.locator('button[type="submit"]').click()
            await page.wait_for_url(origin + "/assets/ast-*")
            await expect(page.locator("h1")).to_contain_text("ZC-B01-0900")
            await check(page, watch, origin, name="asset page desktop")
            pdf = await page.request.get(origin + "/assets/labels.pdf?building_id=B01")
            assert pdf.ok and (await pdf.body()).startswith(b"%PDF")
            await context.close()

            phone = await new_context(browser, phone=True)
            watch = Watch()
            watch.attach(phone)
            page = await phone.new_page()
            await sign_in(page, origin, "u-asset-manager-1")
            await page.goto(origin + "/stocktakes")
            await check(page, watch, origin, name="stocktakes phone")
            await page.fill("#f-building_id", "B01")
            await page.fill("#f-name", "春季盘点")
            await page.click('form[action="/stocktakes"] button[type="submit"]')
            await page.wait_for_url(origin + "/stocktakes/*/scan")
            await check(page, watch, origin, name="scanner phone")
            await page.fill("#f-room_id", "B01-101")
            label_url = f"{origin}/assets/{desktop_pc['asset_id']}"
            await page.fill("#f-codes", f"{label_url}\nZC-NEW-0001")
            await page.click("#scan-form button.primary")
            await page.wait_for_url(origin + "/stocktakes/*/scan")
            await page.click("text=盘点对账")
            await expect(page.locator("body")).to_contain_text("ZC-NEW-0001")
            await check(page, watch, origin, name="reconciliation phone")
            await shoot(page, "stocktake-report-phone")
            await phone.close()

            student = await new_context(browser, phone=True)
            watch = Watch()
            watch.attach(student)
            page = await student.new_page()
            await sign_in(page, origin, "u-student-1")
            await page.goto(label_url)
            await check(page, watch, origin, name="asset page from a label, student")
            await page.fill("#f-tag", "ZC-B01-0001")
            await page.select_option("#f-category", "electrical")
            await page.fill("#f-description", "电脑开不了机 the computer will not start")
            await page.click('form[action$="/fault"] button[type="submit"]')
            await expect(page.locator("#flashes")).to_contain_text("WO-")
            await check(page, watch, origin, name="fault sent")
            await shoot(page, "asset-fault-phone")
            await student.close()
        finally:
            await browser.close()
