"""Collection names and small conversions shared by the repository modules."""

from __future__ import annotations

from datetime import date, datetime

from shared.clock import iso, parse_iso

TICKETS = "tickets"
BREACHES = "sla_breaches"
LOCATIONS = "locations"
ASSETS = "assets"
QR_CODES = "qr_codes"
RATES = "rate_counters"
RULES = "dispatch_rules"
TEAMS = "teams"
CONTRACTORS = "contractors"
WARRANTIES = "warranties"
ROUTES = "patrol_routes"
RUNS = "patrol_runs"
DEVICES = "devices"
SCHEDULES = "schedules"


def ts(moment: datetime | None) -> str | None:
    """A stored timestamp (fixed-width ISO UTC), or None."""
    return iso(moment) if moment is not None else None


def dt(text: str | None) -> datetime | None:
    """Inverse of `ts`."""
    return parse_iso(text) if text is not None else None


def day(text: str | None) -> date | None:
    """A stored date (`YYYY-MM-DD`), or None."""
    return date.fromisoformat(text) if text is not None else None
