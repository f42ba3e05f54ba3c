"""Use cases of patrols: routes, runs (failures become events), device incidents and flags."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from services.maintenance import events as ev
from services.maintenance.domain.patrols import (
    Checkpoint,
    CheckResult,
    Device,
    IncidentKind,
    Route,
    evaluate_run,
    record_incident,
)
from services.maintenance.domain.vocabulary import Category, Priority
from services.maintenance.handlers.context import Context, dispatches, require_dispatcher
from services.maintenance.handlers.tickets import resolve_place
from services.maintenance.repository import patrols as repo
from services.maintenance.repository.common import DEVICES, ROUTES, RUNS, stage_upsert
from shared.auth import Principal, Role
from shared.clock import iso
from shared.errors import Forbidden, Invalid, NotFound
from shared.store import Doc
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
    ctx: Context,
    principal: Principal,
    *,
    route_id: str,
    name: str,
    campus_id: str,
    checkpoints: Sequence[CheckpointSpec],
) -> Route:
    """Create or replace a patrol route; every checkpoint must be a place on that campus."""
    require_dispatcher(principal, campus_id)
    resolved: list[Checkpoint] = []
    for i, spec in enumerate(checkpoints):
        try:
            place = await resolve_place(uow.store, location_id=spec.location_id, asset_tag=None)
        except Invalid as exc:
            raise Invalid(exc.reason, field=f"checkpoints.{i}.location_id") from None
        if place.campus_id != campus_id:
            raise Invalid(
                f"{spec.location_id} is not on campus {campus_id}",
                field=f"checkpoints.{i}.location_id",
            )
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
    doc = repo.route_doc(route)
    stage_upsert(uow, ROUTES, doc, await uow.store.get(ROUTES, route_id))
    await uow.commit()
    return route


def _may_patrol(principal: Principal, campus_id: str) -> bool:
    return principal.has_role(Role.TECHNICIAN) or dispatches(principal, campus_id)


async def _incident(
    uow: UnitOfWork,
    ctx: Context,
    tag: str,
    building_id: str,
    kind: IncidentKind,
    known: dict[str, Device],
) -> None:
    device = known.get(tag) or await repo.load_device(uow.store, tag)
    if device is None:
        device = Device(tag=tag, building_id=building_id)
    known[tag] = device
    flag = record_incident(
        device,
        kind,
        at=ctx.now(),
        threshold=ctx.settings.device_flag_threshold,
        window_days=ctx.settings.device_flag_window_days,
    )
    if flag is not None:
        uow.emit(flag, subject=tag)


def _stage_devices(uow: UnitOfWork, devices: dict[str, Device]) -> None:
    for device in devices.values():
        doc = repo.device_doc(device)
        if device.version is None:
            uow.insert(DEVICES, doc)
        else:
            uow.replace(DEVICES, doc)


async def record_run(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    route_id: str,
    results: Sequence[CheckResult],
) -> Doc:
    """Record a patrol run; each failed checkpoint publishes `checkpoint_failed` (one order)."""
    route = await repo.load_route(uow.store, route_id)
    if route is None:
        raise NotFound(f"no patrol route {route_id}")
    if not _may_patrol(principal, route.campus_id):
        raise Forbidden("only technicians and the campus's dispatchers record patrols")
    failures = evaluate_run(route, results)
    run_id = uuid.uuid4().hex[:16]
    by_id = {c.id: c for c in route.checkpoints}
    for failure in failures:
        c = failure.checkpoint
        uow.emit(
            ev.CheckpointFailed(
                run_id=run_id,
                route_id=route.id,
                checkpoint_id=c.id,
                building_id=c.building_id,
                finding=failure.finding,
                campus_id=route.campus_id,
                location_id=c.location_id,
                category=c.category,
                priority=c.priority,
                device_tag=c.device_tag,
            ),
            subject=f"{run_id}/{c.id}",
        )
    devices: dict[str, Device] = {}
    for result in results:
        c = by_id[result.checkpoint_id]
        if c.device_tag is None:
            continue
        if result.false_alarm:
            await _incident(uow, ctx, c.device_tag, c.building_id, "false_alarm", devices)
        if not result.passed:
            await _incident(uow, ctx, c.device_tag, c.building_id, "failure", devices)
    _stage_devices(uow, devices)
    run = {
        "_id": run_id,
        "route_id": route.id,
        "campus_id": route.campus_id,
        "by": principal.user_id,
        "at": iso(ctx.now()),
        "results": [
            {
                "checkpoint_id": r.checkpoint_id,
                "passed": r.passed,
                "finding": r.finding,
                "failed_items": list(r.failed_items),
                "false_alarm": r.false_alarm,
            }
            for r in results
        ],
        "failed": [f.checkpoint.id for f in failures],
    }
    uow.insert(RUNS, run)
    await uow.commit()
    return run


async def report_incident(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    *,
    tag: str,
    location_id: str | None,
    kind: IncidentKind,
) -> Device:
    """A false alarm or failure reported outside a patrol (e.g. by the fire-control room)."""
    device = await repo.load_device(uow.store, tag)
    if device is None:
        if location_id is None:
            raise Invalid(f"device {tag} is new: give its location_id", field="location_id")
        place = await resolve_place(uow.store, location_id=location_id, asset_tag=None)
        campus, building = place.campus_id, place.building_id
    else:
        building = device.building_id
        loc = await resolve_place(uow.store, location_id=building, asset_tag=None)
        campus = loc.campus_id
    if not _may_patrol(principal, campus):
        raise Forbidden("only technicians and the campus's dispatchers report incidents")
    known: dict[str, Device] = {tag: device} if device else {}
    await _incident(uow, ctx, tag, building, kind, known)
    _stage_devices(uow, known)
    await uow.commit()
    return known[tag]
