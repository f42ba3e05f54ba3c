"""Each service's API docs page in a real browser (Debian's Chromium): renders offline, works."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest
from playwright.async_api import async_playwright

from campusctl.platform import SERVICES

pytestmark = [pytest.mark.broker, pytest.mark.slow]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def test_docs_pages_render_without_the_internet_and_try_it_out_works(platform):
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: ./campus test installs Debian's chromium package"
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for svc in SERVICES:
                base = platform.url(svc)
                page = await browser.new_page()
                hosts: set[str] = set()
                page.on("request", lambda r, seen=hosts: seen.add(urlsplit(r.url).netloc))
                await page.goto(base + "/docs")
                await page.wait_for_selector(".opblock", timeout=20_000)
                title = await page.locator(".title").first.inner_text()
                assert "Campus Logistics" in title, title
                assert hosts == {urlsplit(base).netloc}, f"{svc.name} docs fetched {hosts}"
                # Try it out on the liveness probe: the browser calls the API and shows 200.
                probe = page.locator(".opblock", has_text="/health").first
                await probe.locator(".opblock-summary").click()
                await probe.get_by_role("button", name="Try it out").click()
                await probe.get_by_role("button", name="Execute").click()
                live = ".live-responses-table tr.response .response-col_status"
                status = probe.locator(live).first
                await status.wait_for(timeout=10_000)
                assert (await status.inner_text()).strip() == "200"
                await page.close()
        finally:
            await browser.close()
