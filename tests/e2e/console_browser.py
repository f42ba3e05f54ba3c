"""Driving the console in real Chromium: what every page must satisfy, and the helpers to check it.

`Watch` records, for one browser context, console errors, failed requests, answers of 400 or
more and every host a page asked for; `check` asserts a page is clean and runs axe-core
(vendored under tests/e2e/vendor/) for serious and critical violations. Domain issues reuse
these for their own pages.
"""

from __future__ import annotations

import re
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from playwright.async_api import Browser, BrowserContext, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = ROOT / "docs" / "screenshots"
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
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


async def launch(pw: Playwright) -> Browser:
    """Debian's Chromium, headless."""
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: ./campus test installs Debian's chromium package"
    return await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


@dataclass
class Watch:
    """What the pages of one context did that a clean page never does."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    load_ms: dict[str, float] = field(default_factory=dict)

    def attach(self, context: BrowserContext) -> None:
        """Listen on every page the context opens."""
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)

    def _page(self, page: Page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("request", lambda r: self.hosts.add(urlsplit(r.url).netloc))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.refused.append(f"{r.status} {r.url}"),
        )

    def clear(self) -> None:
        """Forget what was seen (before a step that is expected to be refused)."""
        self.console_errors.clear()
        self.failed.clear()
        self.refused.clear()


async def new_context(browser: Browser, *, phone: bool, locale: str = "zh-CN") -> BrowserContext:
    """A fresh browser profile (its own cookies), as a phone or a desktop."""
    return await browser.new_context(**(PHONE if phone else DESKTOP), locale=locale)


async def check(
    page: Page, watch: Watch, origin: str, *, name: str | None = None, axe: bool = True
) -> None:
    """The page is clean: no console error, no failed or refused request, no other host, no
    sideways scrolling on a phone, no serious or critical axe violation. Its load time is kept
    under `name`."""
    await page.wait_for_load_state("load")
    host = urlsplit(origin).netloc
    assert not watch.console_errors, f"{page.url}: console errors {watch.console_errors}"
    assert not watch.failed, f"{page.url}: failed requests {watch.failed}"
    assert not watch.refused, f"{page.url}: refused requests {watch.refused}"
    assert watch.hosts <= {host}, f"{page.url}: requests to other hosts {watch.hosts - {host}}"
    width = page.viewport_size["width"] if page.viewport_size else 0
    scrolled = await page.evaluate("() => document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url}: {scrolled} px wide on a {width} px screen"
    if name is not None:
        await _keep_load_time(page, watch, name)
    if not axe:
        return
    await page.evaluate(AXE + "\n;0")
    result = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert not result, f"{page.url}: axe violations {result}"


async def _keep_load_time(page: Page, watch: Watch, name: str) -> None:
    timing = await page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? n.loadEventEnd - n.startTime : null; }"
    )
    if timing:
        watch.load_ms[name] = float(timing)


async def sign_in(page: Page, origin: str, person_id: str) -> None:
    """The demo picker: one click on the person."""
    await page.goto(origin + "/signin")
    await page.click(f'button[data-person="{person_id}"]')
    await page.wait_for_url(origin + "/")


async def shoot(page: Page, name: str) -> None:
    """A screenshot artefact under docs/screenshots/ (made if missing)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def visible_texts(page: Page) -> list[str]:
    """Every visible text of the page, in document order (and the labels that are read out)."""
    return await page.evaluate(
        """() => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        const text = node.textContent.trim();
        if (!text || !el || el.closest('script,style')) continue;
        if (!el.checkVisibility || el.checkVisibility()) out.push(text);
      }
      for (const el of document.querySelectorAll('[aria-label],[placeholder],[alt]')) {
        for (const a of ['aria-label', 'placeholder', 'alt']) {
          if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
        }
      }
      out.push(document.title);
      return out;
    }"""
    )


async def both_languages(page: Page, origin: str, path: str, english, chinese) -> None:
    """No English interface text in the zh-CN page, no Chinese in the English one (and at
    least five texts changed); back to zh-CN. `english`, `chinese`: `catalogue_patterns()`."""
    await page.goto(origin + path)
    zh = await visible_texts(page)
    leftovers = [t for t in zh if any(p.match(t) for p in english)]
    assert not leftovers, f"{path}: English in the zh-CN page: {leftovers}"
    await page.get_by_role("button", name="English").click()
    await page.wait_for_url(origin + path)
    en = await visible_texts(page)
    leftovers = [t for t in en if any(p.match(t) for p in chinese)]
    assert not leftovers, f"{path}: Chinese interface text in English: {leftovers}"
    assert sum(1 for a, b in zip(zh, en, strict=False) if a != b) >= 5, path
    await page.get_by_role("button", name="中文").click()
    await page.wait_for_url(origin + path)


def median_ms(loads: dict[str, float]) -> float:
    """The median load time of the pages measured."""
    return statistics.median(loads.values()) if loads else 0.0


def catalogue_patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """Every message of the console's catalogue as a pattern: (English ids, zh-CN texts)."""
    po = ROOT / "services/console/locales/zh_CN/LC_MESSAGES/messages.po"
    with po.open("rb") as source:
        catalog = read_po(source)
    english, chinese = [], []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        english += [p for p in map(as_pattern, ids) if p]
        chinese += [p for p in map(as_pattern, strings) if p]
    return english, chinese


def as_pattern(message: str) -> re.Pattern[str] | None:
    """A catalogue message as a regex matching its rendered text (None if it is too generic)."""
    parts = re.split(r"%\(\w+\)[sd]", message)
    if sum(len(re.sub(r"[\W\d_]", "", p)) for p in parts) < 3:
        return None
    return re.compile("^" + "(.+)".join(re.escape(p) for p in parts) + "$", re.S)
