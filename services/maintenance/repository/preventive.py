"""Preventive schedules in the store."""

from __future__ import annotations

from collections.abc import AsyncIterator

from services.maintenance.domain.preventive import Schedule
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.events import ScheduleUpdated
from services.maintenance.repository.common import SCHEDULES, day, stage_reference
from shared.store import Doc, DocumentStore, find_all, scan
from shared.uow import UnitOfWork


def schedule_doc(s: Schedule) -> Doc:
    """The stored form of a schedule, with when it was created and how far it was generated."""
    return {
        "_id": s.id,
        "name": s.name,
        "campus_id": s.campus_id,
        "building_id": s.building_id,
        "location_id": s.location_id,
        "category": s.category.value,
        "priority": s.priority.value,
        "description": s.description,
        "kind": s.kind,
        "start": s.start.isoformat(),
        "interval_days": s.interval_days,
        "dates": [f"{m:02d}-{d:02d}" for m, d in s.dates],
        "lead_days": s.lead_days,
        "asset_tag": s.asset_tag,
        "active": s.active,
        "created_on": s.created_on.isoformat() if s.created_on else None,
        "generated_through": s.generated_through.isoformat() if s.generated_through else None,
    }


def schedule_from(doc: Doc) -> Schedule:
    """Inverse of `schedule_doc` (a schedule stored before `created_on` existed has none)."""
    start = day(doc["start"])
    assert start is not None
    return Schedule(
        id=doc["_id"],
        name=doc["name"],
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        location_id=doc["location_id"],
        category=Category(doc["category"]),
        priority=Priority(doc["priority"]),
        description=doc["description"],
        kind=doc["kind"],
        start=start,
        interval_days=doc.get("interval_days"),
        dates=tuple((int(x[:2]), int(x[3:])) for x in doc.get("dates", [])),
        lead_days=doc["lead_days"],
        asset_tag=doc.get("asset_tag"),
        active=doc["active"],
        created_on=day(doc.get("created_on")),
        generated_through=day(doc.get("generated_through")),
        version=doc.get("_v"),
    )


async def load_schedule(store: DocumentStore, schedule_id: str) -> Schedule | None:
    """A schedule, or None."""
    doc = await store.get(SCHEDULES, schedule_id)
    return schedule_from(doc) if doc else None


def stage_schedule(uow: UnitOfWork, schedule: Schedule, stored: Schedule | None) -> bool:
    """Stage a schedule's insert or replace; False when it is stored as it is."""
    current = None
    if stored is not None:
        current = {**schedule_doc(stored), "_v": stored.version}
    return stage_reference(uow, SCHEDULES, schedule_doc(schedule), current, ScheduleUpdated)


async def all_schedules(store: DocumentStore) -> list[Schedule]:
    """Every schedule, by id."""
    return [schedule_from(d) for d in await find_all(store, SCHEDULES, {}, [("_id", 1)])]


async def active_schedules(store: DocumentStore) -> AsyncIterator[Schedule]:
    """The active schedules, by id, a page at a time."""
    async for doc in scan(store, SCHEDULES, {"active": True}, [("_id", 1)], page=200):
        yield schedule_from(doc)
