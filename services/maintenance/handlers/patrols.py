"""Use cases of patrols: routes, runs (failures become events), device incidents and flags."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from services.maintenance.domain import access
from services.maintenance.domain.locations import place_of
from services.maintenance.domain.patrols import (
    Checkpoint,
    CheckResult,
    Device,
    IncidentKind,
    PatrolRun,
    Route,
    incidents_of,
    record_incident,
)
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.places import resolve_place
from services.maintenance.repository import patrols as repo
from services.maintenance.repository import places as places_repo
from shared.auth import Principal
from shared.errors import Invalid, NotFound
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class CheckpointSpec:
    """A checkpoint as a dispatcher describes it (the building comes from the location)."""

    id: str
    name: str
    location_id: str
    category: Category
    checklist: tuple[str, ...] = ()
    device_tag: str | None = None
    priority: Priority = Priority.ROUTINE


async def put_route(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    route_id: str,
    name: str,
    campus_id: str,
    checkpoints: Sequence[CheckpointSpec],
) -> Route:
    """Create or replace a patrol route; every checkpoint must be a place on that campus."""
    access.require_dispatch_role(who)
    access.require_dispatcher(who, campus_id)
    known = await places_repo.locations_by_id(uow.store, {c.location_id for c in checkpoints})
    resolved: list[Checkpoint] = []
    for i, spec in enumerate(checkpoints):
        where = f"checkpoints.{i}.location_id"
        loc = known.get(spec.location_id)
        if loc is None:
            raise Invalid(f"unknown location {spec.location_id}", field=where)
        place = place_of(loc)
        if place is None:
            raise Invalid("name a building, floor or room, not a whole campus", field=where)
        if place.campus_id != campus_id:
            raise Invalid(f"{spec.location_id} is not on campus {campus_id}", field=where)
        resolved.append(
            Checkpoint(
                spec.id,
                spec.name,
                place.location_id,
                place.building_id,
                spec.category,
                spec.checklist,
                spec.device_tag,
                spec.priority,
            )
        )
    route = Route(route_id, name, campus_id, tuple(resolved))
    await repo.save_route(uow, route)
    await uow.commit()
    return route


async def list_routes(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, campus_id: str
) -> list[Route]:
    """Every route of a campus (technicians and dispatchers)."""
    access.require_work_role(who)
    return await repo.routes_of_campus(uow.store, campus_id)


async def _incident(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    tag: str,
    building_id: str,
    kind: IncidentKind,
    known: dict[str, Device],
) -> None:
    device = known.get(tag) or await repo.load_device(uow.store, tag)
    if device is None:
        device = Device(tag=tag, building_id=building_id)
    known[tag] = device
    record_incident(
        device,
        kind,
        at=ctx.now(),
        threshold=ctx.settings.device_flag_threshold,
        window_days=ctx.settings.device_flag_window_days,
    )


async def record_run(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    route_id: str,
    results: Sequence[CheckResult],
) -> PatrolRun:
    """Record a patrol run; each failed checkpoint publishes `checkpoint_failed` (one order)."""
    access.require_work_role(who)
    route = await repo.load_route(uow.store, route_id)
    if route is None:
        raise NotFound(f"no patrol route {route_id}")
    access.require_patroller(who, route.campus_id)
    run = PatrolRun.of(route, results, id=uuid.uuid4().hex[:16], by=who.user_id, at=ctx.now())
    repo.stage_run(uow, run)
    devices: dict[str, Device] = {}
    for tag, building, kind in incidents_of(route, results):
        await _incident(uow, ctx, tag, building, kind, devices)
    for device in devices.values():
        repo.stage_device(uow, device)
    await uow.commit()
    return run


async def report_incident(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    tag: str,
    location_id: str | None,
    kind: IncidentKind,
) -> Device:
    """A false alarm or failure reported outside a patrol (e.g. by the fire-control room)."""
    access.require_work_role(who)
    device = await repo.load_device(uow.store, tag)
    if device is None:
        if location_id is None:
            raise Invalid(f"device {tag} is new: give its location_id", field="location_id")
        place = await resolve_place(uow.store, location_id=location_id, asset_tag=None)
    else:
        place = await resolve_place(uow.store, location_id=device.building_id, asset_tag=None)
    access.require_patroller(who, place.campus_id)
    known: dict[str, Device] = {tag: device} if device else {}
    await _incident(uow, ctx, tag, place.building_id, kind, known)
    repo.stage_device(uow, known[tag])
    await uow.commit()
    return known[tag]


async def get_device(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, tag: str
) -> Device:
    """A device's recent incidents, or 404 (any signed-in user)."""
    device = await repo.load_device(uow.store, tag)
    if device is None:
        raise NotFound(f"no device {tag}")
    return device


async def list_devices(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, building_id: str
) -> list[Device]:
    """Devices with incidents in a building (technicians and dispatchers)."""
    access.require_work_role(who)
    return await repo.devices_in_building(uow.store, building_id)
