"""View models of work orders: SLA badges, the actions a card offers, the board's filters.

Pure: they take the JSON maintenance returns and the time, and decide what a page shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.console.domain.vocabulary import OPEN_STATUSES
from shared.auth import Principal, Role
from shared.clock import parse_iso

#: Once an order is past these statuses, the clock has stopped (met, or breached before).
_RESPONDED = {"assigned", "in_progress", "on_hold", "resolved", "closed"}
_FIXED = {"resolved", "closed"}


@dataclass(frozen=True)
class SlaBadge:
    """One SLA clock of an order as a badge: ok, at_risk or breached, and when it is due."""

    clock: str
    state: str
    due_at: datetime | None


def sla_badges(ticket: dict[str, Any], now: datetime) -> list[SlaBadge]:
    """A badge per running or breached clock (a clock already met shows nothing); "at risk"
    from the moment maintenance names (`at_risk_from`: the last share of the budget), so a
    badge says what the board's SLA filter finds."""
    badges = []
    status = ticket.get("status", "")
    for clock, info in sorted((ticket.get("sla") or {}).items()):
        due = parse_iso(info["due_at"]) if info.get("due_at") else None
        risk = parse_iso(info["at_risk_from"]) if info.get("at_risk_from") else None
        stopped = status in (_RESPONDED if clock == "response" else _FIXED)
        if info.get("breached"):
            badges.append(SlaBadge(clock, "breached", due))
        elif stopped or due is None:
            continue
        elif due <= now:
            badges.append(SlaBadge(clock, "breached", due))
        elif risk is not None and risk <= now:
            badges.append(SlaBadge(clock, "at_risk", due))
        else:
            badges.append(SlaBadge(clock, "ok", due))
    return badges


def sla_state(badges: Iterable[SlaBadge]) -> str:
    """The worst state of an order's badges (ok when none)."""
    states = {b.state for b in badges}
    for state in ("breached", "at_risk"):
        if state in states:
            return state
    return "ok"


#: status -> actions a dispatcher may take on the board
DISPATCH_ACTIONS = {
    "opened": ("triage",),
    "triaged": ("assign",),
    "reopened": ("assign",),
    "assigned": ("reassign",),
    "in_progress": ("reassign",),
    "on_hold": ("reassign",),
}
#: status -> actions the assigned technician may take
WORK_ACTIONS = {
    "assigned": ("start",),
    "reopened": ("start",),
    "in_progress": ("hold", "resolve"),
    "on_hold": ("resume",),
}


def dispatch_actions(ticket: dict[str, Any]) -> tuple[str, ...]:
    """What the board offers for one order."""
    return DISPATCH_ACTIONS.get(ticket.get("status", ""), ())


def work_actions(ticket: dict[str, Any], who: Principal) -> tuple[str, ...]:
    """What the technician's page offers: only on orders they carry."""
    if ticket.get("assignee_id") != who.user_id or not who.has_role(Role.TECHNICIAN):
        return ()
    return WORK_ACTIONS.get(ticket.get("status", ""), ())


def requester_actions(ticket: dict[str, Any]) -> tuple[str, ...]:
    """A resolved request can be rated (closes it) or reopened."""
    return ("rate", "reopen") if ticket.get("status") == "resolved" else ()


#: The board's SLA choice -> maintenance's `sla` states (the board's "at risk" means "needs
#: attention": at risk or already late).
SLA_FILTERS = {"at_risk": ["at_risk", "breached"], "breached": ["breached"]}


@dataclass(frozen=True)
class BoardFilter:
    """The board's filters; empty means any."""

    building: str = ""
    category: str = ""
    status: str = ""
    sla: str = ""

    def api_params(self) -> dict[str, Any]:
        """Query parameters of GET /tickets: maintenance filters building, trade, status and
        SLA state in its store (the board's "at risk" also shows the orders already late)."""
        params: dict[str, Any] = {"sort": "priority", "limit": 200}
        params["status"] = [self.status] if self.status else list(OPEN_STATUSES)
        if self.building:
            params["building_id"] = self.building
        if self.category:
            params["category"] = self.category
        if self.sla:
            params["sla"] = SLA_FILTERS[self.sla]
        return params


def buildings_of(locations: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(building id, name) of each building among the places, in id order."""
    found = {
        loc["building_id"] or loc["id"]: loc.get("name") or loc["id"]
        for loc in locations
        if loc.get("kind") == "building"
    }
    return sorted(found.items())


#: A notification's `links` key -> the page that shows it, by the role that opens that page.
#: A domain issue adds its own (asset_id -> the asset's page, …).
LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "ticket_id": (
        ("dispatcher", "/board/{}"),
        ("logistics_admin", "/board/{}"),
        ("technician", "/work/{}"),
        ("requester", "/requests/{}"),
    ),
}


def link_for(links: dict[str, str], who: Principal) -> str | None:
    """Where a notification leads this person (the first page their roles open), if anywhere."""
    for key, pages in LINKS.items():
        value = links.get(key)
        if not value:
            continue
        for role, path in pages:
            if who.has_role(role):
                return path.format(value)
    return None
