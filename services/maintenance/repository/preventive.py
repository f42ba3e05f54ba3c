"""Preventive schedules in the store."""

from __future__ import annotations

from services.maintenance.domain.preventive import Schedule
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.repository.common import day
from shared.store import Doc


def schedule_doc(s: Schedule, generated_through: str | None = None) -> Doc:
    """The stored form of a schedule, with how far it has been generated."""
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
        "generated_through": generated_through,
    }


def schedule_from(doc: Doc) -> Schedule:
    """Inverse of `schedule_doc` (without the generation cursor)."""
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
    )
