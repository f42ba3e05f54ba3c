"""Patrol routes, runs and devices in the store."""

from __future__ import annotations

from services.maintenance.domain.patrols import Checkpoint, Device, Route
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.repository.common import DEVICES, ROUTES, dt, ts
from shared.store import Doc, DocumentStore


def route_doc(route: Route) -> Doc:
    """The stored form of a route with its checkpoints."""
    return {
        "_id": route.id,
        "name": route.name,
        "campus_id": route.campus_id,
        "checkpoints": [
            {
                "id": c.id,
                "name": c.name,
                "location_id": c.location_id,
                "building_id": c.building_id,
                "category": c.category.value,
                "checklist": list(c.checklist),
                "device_tag": c.device_tag,
                "priority": c.priority.value,
            }
            for c in route.checkpoints
        ],
    }


def route_from(doc: Doc) -> Route:
    """Inverse of `route_doc`."""
    return Route(
        id=doc["_id"],
        name=doc["name"],
        campus_id=doc["campus_id"],
        checkpoints=tuple(
            Checkpoint(
                id=c["id"],
                name=c["name"],
                location_id=c["location_id"],
                building_id=c["building_id"],
                category=Category(c["category"]),
                checklist=tuple(c["checklist"]),
                device_tag=c.get("device_tag"),
                priority=Priority(c["priority"]),
            )
            for c in doc["checkpoints"]
        ),
    )


async def load_route(store: DocumentStore, route_id: str) -> Route | None:
    """A route, or None."""
    doc = await store.get(ROUTES, route_id)
    return route_from(doc) if doc else None


def device_doc(device: Device) -> Doc:
    """The stored form of a device's incident record."""
    doc: Doc = {
        "_id": device.tag,
        "building_id": device.building_id,
        "incidents": [{"at": ts(at), "kind": kind} for at, kind in device.incidents],
        "last_flagged": {kind: ts(at) for kind, at in device.last_flagged.items()},
    }
    if device.version is not None:
        doc["_v"] = device.version
    return doc


def device_from(doc: Doc) -> Device:
    """Inverse of `device_doc`."""
    return Device(
        tag=doc["_id"],
        building_id=doc["building_id"],
        incidents=[(dt(i["at"]), i["kind"]) for i in doc["incidents"]],  # type: ignore[misc]
        last_flagged={k: dt(v) for k, v in doc["last_flagged"].items()},  # type: ignore[misc]
        version=doc.get("_v"),
    )


async def load_device(store: DocumentStore, tag: str) -> Device | None:
    """A device's record, or None."""
    doc = await store.get(DEVICES, tag)
    return device_from(doc) if doc else None
