"""Who may open which page: the one table the home page, the navigation and every route read.

The console decides only which pages to offer; each service still decides, on every call, what
the person may see and do there (a dispatcher's board lists only their campus's orders).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.console.domain.vocabulary import N_
from shared.auth import Principal, Role
from shared.errors import Forbidden


@dataclass(frozen=True)
class Page:
    """A page of the console: where it is, who opens it, how the home page names it."""

    name: str
    path: str
    roles: frozenset[str]
    title: str
    summary: str


def _page(name: str, path: str, roles: tuple[Role, ...], title: str, summary: str) -> Page:
    return Page(name, path, frozenset(r.value for r in roles), title, summary)


ADMIN = Role.LOGISTICS_ADMIN
#: Every page behind sign-in, in the order the home page and the navigation show them.
#: A domain issue adds its pages here (and its routes under api/).
PAGES: tuple[Page, ...] = (
    _page(
        "requests",
        "/requests",
        (Role.REQUESTER,),
        N_("My repair requests"),
        N_("Report a fault, follow it, rate the repair."),
    ),
    _page(
        "board",
        "/board",
        (Role.DISPATCHER, ADMIN),
        N_("Dispatch board"),
        N_("Open work orders: triage, assign, watch the SLA."),
    ),
    _page(
        "work",
        "/work",
        (Role.TECHNICIAN,),
        N_("My work orders"),
        N_("Start, hold, resume and resolve your jobs."),
    ),
    _page(
        "assets",
        "/assets",
        (Role.ASSET_MANAGER, ADMIN, Role.AUDITOR),
        N_("Asset register"),
        N_("Search and register assets, print their QR labels."),
    ),
    _page(
        "stocktakes",
        "/stocktakes",
        (Role.ASSET_MANAGER, ADMIN),
        N_("Stock-takes"),
        N_("Count room by room with the phone, reconcile the books."),
    ),
    # Issue 12: loans and reservations (anyone borrows and reserves; managers lend and take
    # back), and the register's import.
    _page(
        "loans",
        "/loans",
        tuple(r for r in Role if r is not Role.SERVICE),
        N_("Loans and reservations"),
        N_("What you borrowed and reserved; managers lend, take back and hand over."),
    ),
    _page(
        "imports",
        "/imports",
        (Role.ASSET_MANAGER, ADMIN),
        N_("Import assets"),
        N_("Register many assets from an Excel or CSV file, every cell checked."),
    ),
    _page(
        "canteen_day",
        "/canteen/day",
        (Role.CANTEEN_STAFF, Role.CANTEEN_MANAGER, ADMIN),
        N_("Canteen day"),
        N_("Samples, morning checks, temperatures and the checklist, on the kitchen tablet."),
    ),
    _page(
        "canteen_today",
        "/canteen/today",
        (Role.CANTEEN_MANAGER, ADMIN),
        N_("Food safety today"),
        N_("Today's food-safety status of the canteen: what needs you now."),
    ),
    # Issue 10: the canteen's reference data, kept by its managers.
    _page(
        "canteen_setup",
        "/canteen/setup",
        (Role.CANTEEN_MANAGER, ADMIN),
        N_("Canteen set-up"),
        N_("Food handlers and their health certificates, rosters, devices, checklists."),
    ),
    # Issue 11: dishes under the price caps, weekly menus, the diners' voice, costs.
    _page(
        "canteen_menus",
        "/canteen/menus",
        (Role.CANTEEN_MANAGER, ADMIN),
        N_("Menus and diners"),
        N_("Dishes and prices under the caps, the week's menu, complaints, costs, satisfaction."),
    ),
    _page(
        "inbox",
        "/inbox",
        tuple(r for r in Role if r is not Role.SERVICE),
        N_("Notifications"),
        N_("What happened that concerns you."),
    ),
    _page(
        "audit",
        "/audit",
        (Role.AUDITOR, ADMIN),
        N_("Audit trail"),
        N_("Search every event, follow a story, verify the chain."),
    ),
    _page(
        "ops",
        "/ops",
        (Role.OPS, ADMIN),
        N_("Operations"),
        N_("Health and readiness of every service, metrics, API docs."),
    ),
    # Issue 13: notifications' configuration (rules, endpoints, templates) and what reached
    # nobody; notifications lets only logistics administrators change them.
    _page(
        "rules",
        "/rules",
        (ADMIN,),
        N_("Notification rules"),
        N_("Who hears of what, on which channel; webhooks, robots and message templates."),
    ),
    _page(
        "incidents",
        "/incidents",
        (ADMIN, Role.AUDITOR, Role.OPS),
        N_("Undelivered alerts"),
        N_("Alerts that reached nobody, and what would let them reach someone."),
    ),
    _page(
        "settings",
        "/settings",
        tuple(r for r in Role if r is not Role.SERVICE),
        N_("My notification settings"),
        N_("Your channels, quiet hours, daily digest and language."),
    ),
)
BY_NAME = {page.name: page for page in PAGES}


def may_open(principal: Principal, page: str) -> bool:
    """True when the principal holds a role the page is for."""
    return not principal.roles.isdisjoint(BY_NAME[page].roles)


def require_page(principal: Principal, page: str) -> None:
    """Forbidden unless the principal may open the page."""
    if not may_open(principal, page):
        raise Forbidden(f"the page {BY_NAME[page].path} is not for your roles")


def pages_for(principal: Principal) -> list[Page]:
    """The pages the principal may open, in navigation order."""
    return [page for page in PAGES if may_open(principal, page.name)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to return to after sign-in; anything else (another host) is refused."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ch in target for ch in "\r\n\\") or len(target) > 500:
        return default
    return target
