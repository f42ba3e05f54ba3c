"""Food handlers, the day's rosters and the morning checks in the store."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from services.canteen.domain.morning_checks import MorningCheck, Symptom, check_id_of
from services.canteen.domain.roster import Roster, Shift
from services.canteen.domain.staff import HealthCertificate, Position, StaffMember
from services.canteen.repository import CHECKS, ROSTERS, STAFF
from services.canteen.repository.common import put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(m: StaffMember) -> Doc:
    """The stored form of a food handler."""
    cert = m.certificate
    return {
        "_id": m.staff_id,
        "canteen_id": m.canteen_id,
        "name": m.name,
        "position": m.position.value,
        "active": m.active,
        "certificate": {
            "number": cert.number,
            "issued_on": cert.issued_on.isoformat(),
            "expires_on": cert.expires_on.isoformat(),
        }
        if cert
        else None,
        "updated_at": iso(m.updated_at),
    }


def from_doc(doc: Doc) -> StaffMember:
    """Inverse of `to_doc`."""
    c = doc["certificate"]
    return StaffMember(
        staff_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        name=doc["name"],
        position=Position(doc["position"]),
        active=doc["active"],
        certificate=HealthCertificate(
            c["number"], date.fromisoformat(c["issued_on"]), date.fromisoformat(c["expires_on"])
        )
        if c
        else None,
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, member: StaffMember) -> None:
    """Stage the food handler's record and its events."""
    put(uow, STAFF, to_doc(member), member.version)
    uow.collect(member, subject=member.staff_id)


async def load(store: DocumentStore, staff_id: str) -> StaffMember | None:
    """The food handler, or None."""
    doc = await store.get(STAFF, staff_id)
    return from_doc(doc) if doc is not None else None


async def of_canteen(store: DocumentStore, canteen_id: str) -> list[StaffMember]:
    """A canteen's food handlers, by name."""
    docs = await find_all(store, STAFF, {"canteen_id": canteen_id}, [("name", 1)])
    return [from_doc(d) for d in docs]


def roster_id(canteen_id: str, day: date) -> str:
    """One roster per canteen and day."""
    return f"{canteen_id}|{day.isoformat()}"


def roster_doc(r: Roster) -> Doc:
    """The stored form of a day's roster (with each shift's missing-told mark)."""
    return {
        "_id": roster_id(r.canteen_id, r.day),
        "canteen_id": r.canteen_id,
        "day": r.day.isoformat(),
        "shifts": [
            {
                "shift_id": s.shift_id,
                "name": s.name,
                "starts_at": s.starts_at.strftime("%H:%M"),
                "staff_ids": list(s.staff_ids),
                "missing_told": s.missing_told,
            }
            for s in r.shifts
        ],
        "updated_at": iso(r.updated_at),
        "updated_by": r.updated_by,
    }


def roster_from_doc(doc: Doc) -> Roster:
    """Inverse of `roster_doc`."""
    return Roster(
        canteen_id=doc["canteen_id"],
        day=date.fromisoformat(doc["day"]),
        shifts=tuple(
            Shift(
                s["shift_id"],
                s["name"],
                time.fromisoformat(s["starts_at"]),
                tuple(s["staff_ids"]),
                s["missing_told"],
            )
            for s in doc["shifts"]
        ),
        updated_at=parse_iso(doc["updated_at"]),
        updated_by=doc["updated_by"],
        version=doc["_v"],
    )


def stage_roster(uow: UnitOfWork, roster: Roster) -> None:
    """Stage the roster and its events."""
    put(uow, ROSTERS, roster_doc(roster), roster.version)
    uow.collect(roster, subject=roster_id(roster.canteen_id, roster.day))


async def load_roster(store: DocumentStore, canteen_id: str, day: date) -> Roster | None:
    """The canteen's roster of that day, or None."""
    doc = await store.get(ROSTERS, roster_id(canteen_id, day))
    return roster_from_doc(doc) if doc is not None else None


def check_doc(c: MorningCheck) -> Doc:
    """The stored form of a morning check (one per person per day: its id says so)."""
    return {
        "_id": check_id_of(c.staff_id, c.day),
        "canteen_id": c.canteen_id,
        "staff_id": c.staff_id,
        "staff_name": c.staff_name,
        "day": c.day.isoformat(),
        "temperature_c": str(c.temperature_c),
        "symptoms": [s.value for s in c.symptoms],
        "reasons": list(c.reasons),
        "passed": c.passed,
        "note": c.note,
        "checked_by": c.checked_by,
        "checked_at": iso(c.checked_at),
    }


def check_from_doc(doc: Doc) -> MorningCheck:
    """Inverse of `check_doc`."""
    return MorningCheck(
        canteen_id=doc["canteen_id"],
        staff_id=doc["staff_id"],
        staff_name=doc["staff_name"],
        day=date.fromisoformat(doc["day"]),
        temperature_c=Decimal(doc["temperature_c"]),
        symptoms=tuple(Symptom(s) for s in doc["symptoms"]),
        reasons=tuple(doc["reasons"]),
        note=doc["note"],
        checked_by=doc["checked_by"],
        checked_at=parse_iso(doc["checked_at"]),
        version=doc["_v"],
    )


def stage_check(uow: UnitOfWork, check: MorningCheck) -> None:
    """Stage a new check (a second one that day is a duplicate key) and its event."""
    uow.insert(CHECKS, check_doc(check))
    uow.collect(check, subject=check.staff_id)


async def load_check(store: DocumentStore, staff_id: str, day: date) -> MorningCheck | None:
    """The person's check of that day, or None."""
    doc = await store.get(CHECKS, check_id_of(staff_id, day))
    return check_from_doc(doc) if doc is not None else None


async def checks_on(store: DocumentStore, canteen_id: str, day: date) -> list[MorningCheck]:
    """A canteen's checks of one day, in the order they were made."""
    filter = {"canteen_id": canteen_id, "day": day.isoformat()}
    docs = await find_all(store, CHECKS, filter, [("day", 1)])
    return sorted((check_from_doc(d) for d in docs), key=lambda c: c.checked_at)
