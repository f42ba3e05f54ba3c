"""Patrol routes, runs and devices in the store."""

from __future__ import annotations

from services.maintenance.domain.patrols import Checkpoint, Device, PatrolRun, Route
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.events import PatrolRouteUpdated
from services.maintenance.repository.common import DEVICES, ROUTES, RUNS, dt, stage_reference, ts
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


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


async def save_route(uow: UnitOfWork, route: Route) -> None:
    """Stage a route's insert or replace and its event (nothing if unchanged)."""
    current = await uow.store.get(ROUTES, route.id)
    stage_reference(uow, ROUTES, route_doc(route), current, PatrolRouteUpdated)


async def routes_of_campus(store: DocumentStore, campus_id: str) -> list[Route]:
    """Every route of a campus, by id."""
    docs = await find_all(store, ROUTES, {"campus_id": campus_id}, [("_id", 1)])
    return [route_from(d) for d in docs]


def stage_run(uow: UnitOfWork, run: PatrolRun) -> None:
    """Stage a run, its `run_recorded` event (subject: the run) and its `checkpoint_failed`
    events (subject: run/checkpoint)."""
    uow.insert(
        RUNS,
        {
            "_id": run.id,
            "route_id": run.route_id,
            "campus_id": run.campus_id,
            "by": run.by,
            "at": ts(run.at),
            "results": [
                {
                    "checkpoint_id": r.checkpoint_id,
                    "passed": r.passed,
                    "finding": r.finding,
                    "failed_items": list(r.failed_items),
                    "false_alarm": r.false_alarm,
                }
                for r in run.results
            ],
            "failed": list(run.failed),
        },
    )
    for event in run.pull_events():
        checkpoint = getattr(event, "checkpoint_id", None)
        uow.emit(event, subject=run.id if checkpoint is None else f"{run.id}/{checkpoint}")


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


def stage_device(uow: UnitOfWork, device: Device) -> None:
    """Stage a device's record and the flags it recorded."""
    doc = device_doc(device)
    if device.version is None:
        uow.insert(DEVICES, doc)
    else:
        uow.replace(DEVICES, doc)
    uow.collect(device, subject=device.tag)


async def devices_in_building(store: DocumentStore, building_id: str) -> list[Device]:
    """Devices with incidents in a building, by tag."""
    docs = await find_all(store, DEVICES, {"building_id": building_id}, [("_id", 1)])
    return [device_from(d) for d in docs]
