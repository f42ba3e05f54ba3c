"""Collection names and small conversions shared by the repository modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from services.maintenance.events import ReferenceSaved
from shared.clock import iso, parse_iso
from shared.store import Doc
from shared.uow import UnitOfWork

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
TECHNICIANS = "technicians"
T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a query and the cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None = None


def ts(moment: datetime | None) -> str | None:
    """A stored timestamp (fixed-width ISO UTC), or None."""
    return iso(moment) if moment is not None else None


def dt(text: str | None) -> datetime | None:
    """Inverse of `ts`."""
    return parse_iso(text) if text is not None else None


def day(text: str | None) -> date | None:
    """A stored date (`YYYY-MM-DD`), or None."""
    return date.fromisoformat(text) if text is not None else None


def stage_upsert(
    uow: UnitOfWork, collection: str, doc: Doc, current: Doc | None, *, ignore: tuple[str, ...] = ()
) -> bool:
    """Stage an insert or a replace of `doc`; nothing when it equals what is stored.

    Returns whether a write was staged, so that putting the same configuration twice (a demo
    seed, a retried request) changes nothing.
    """
    if current is None:
        uow.insert(collection, doc)
        return True
    skip = {"_v", *ignore}
    if {k: v for k, v in doc.items() if k not in skip} == {
        k: v for k, v in current.items() if k not in skip
    }:
        return False
    uow.replace(collection, {**doc, "_v": current["_v"]})
    return True


def stage_reference(
    uow: UnitOfWork,
    collection: str,
    doc: Doc,
    current: Doc | None,
    event: type[ReferenceSaved],
    *,
    ignore: tuple[str, ...] = (),
) -> bool:
    """`stage_upsert`, and when it writes, the configuration event naming what changed (the
    unit of work's actor is the event's, so audit answers who changed a rule or a team)."""
    if not stage_upsert(uow, collection, doc, current, ignore=ignore):
        return False
    entry = {k: v for k, v in doc.items() if k not in ("_id", "_v")}
    changed = sorted(
        k for k, v in entry.items() if k not in ignore and (current is None or current.get(k) != v)
    )
    data = event(
        id=doc["_id"],
        campus_id=entry.get("campus_id"),
        created=current is None,
        changed=changed,
        entry=entry,
    )
    uow.emit(data, subject=doc["_id"])
    return True
