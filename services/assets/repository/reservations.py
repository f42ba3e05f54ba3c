"""Reservations and the booking calendars of assets in the store."""

from __future__ import annotations

from datetime import date

from services.assets.domain.reservations import (
    Booking,
    Calendar,
    Reservation,
    ReservationStatus,
)
from services.assets.repository import CALENDARS, RESERVATIONS, history
from shared.clock import iso, parse_iso
from shared.errors import NotFound
from shared.store import Doc, DocumentStore, Query
from shared.uow import UnitOfWork


def _day(text: str) -> date:
    return date.fromisoformat(text)


async def calendar(store: DocumentStore, asset_id: str) -> Calendar:
    """The asset's calendar (empty and unsaved when it has never been booked)."""
    doc = await store.get(CALENDARS, asset_id)
    if doc is None:
        return Calendar(asset_id)
    bookings = [
        Booking(b["kind"], b["id"], b["person_id"], _day(b["starts_on"]), _day(b["ends_on"]))
        for b in doc["bookings"]
    ]
    return Calendar(asset_id, bookings, doc["_v"])


def stage_calendar(uow: UnitOfWork, cal: Calendar) -> None:
    """Write the calendar back, conditional on the version read: concurrent bookings collide."""
    doc: Doc = {
        "_id": cal.asset_id,
        "bookings": [
            {
                "kind": b.kind,
                "id": b.id,
                "person_id": b.person_id,
                "starts_on": b.starts_on.isoformat(),
                "ends_on": b.ends_on.isoformat(),
            }
            for b in cal.bookings
        ],
    }
    if cal.version is None:
        uow.insert(CALENDARS, doc)
    else:
        uow.replace(CALENDARS, {**doc, "_v": cal.version})


def to_doc(r: Reservation) -> Doc:
    """The stored form."""
    doc: Doc = {
        "_id": r.id,
        "asset_id": r.asset_id,
        "tag": r.tag,
        "building_id": r.building_id,
        "person_id": r.person_id,
        "starts_on": r.starts_on.isoformat(),
        "ends_on": r.ends_on.isoformat(),
        "purpose": r.purpose,
        "made_at": iso(r.made_at),
        "made_by": r.made_by,
        "status": r.status.value,
        "loan_id": r.loan_id,
        "cancel_reason": r.cancel_reason,
    }
    if r.version is not None:
        doc["_v"] = r.version
    return doc


def from_doc(doc: Doc) -> Reservation:
    """Inverse of `to_doc`."""
    return Reservation(
        id=doc["_id"],
        asset_id=doc["asset_id"],
        tag=doc["tag"],
        building_id=doc["building_id"],
        person_id=doc["person_id"],
        starts_on=_day(doc["starts_on"]),
        ends_on=_day(doc["ends_on"]),
        purpose=doc.get("purpose"),
        made_at=parse_iso(doc["made_at"]),
        made_by=doc.get("made_by"),
        status=ReservationStatus(doc["status"]),
        loan_id=doc.get("loan_id"),
        cancel_reason=doc.get("cancel_reason"),
        version=doc.get("_v"),
    )


def stage(uow: UnitOfWork, r: Reservation) -> None:
    """Stage the reservation, its events and their lines in the asset's history."""
    if r.version is None:
        uow.insert(RESERVATIONS, to_doc(r))
    else:
        uow.replace(RESERVATIONS, to_doc(r))
    history.record(uow, r.asset_id, uow.collect(r, subject=r.id))


async def load(store: DocumentStore, reservation_id: str) -> Reservation:
    """The reservation with this id; NotFound when there is none."""
    doc = await store.get(RESERVATIONS, reservation_id)
    if doc is None:
        raise NotFound(f"no reservation {reservation_id}")
    return from_doc(doc)


async def listed(
    store: DocumentStore, filter: dict, *, limit: int, cursor: str | None
) -> tuple[list[Reservation], str | None]:
    """Reservations matching `filter` by first day, a page at a time."""
    page = await store.find(
        RESERVATIONS, Query(filter, [("starts_on", 1)], limit=limit, after=cursor)
    )
    return [from_doc(d) for d in page.items], page.next_cursor
