"""Routes of patrols and devices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from services.maintenance.api.common import Ctx, Rt, Who
from services.maintenance.api.schemas import CODE_PATTERN, IncidentIn, RoutePut, RunIn
from services.maintenance.domain.patrols import CheckResult
from services.maintenance.handlers import patrols as h
from services.maintenance.repository.common import DEVICES, ROUTES
from services.maintenance.repository.patrols import device_doc, load_device
from shared.api import require_roles
from shared.auth import Principal
from shared.errors import NotFound
from shared.store import Query as StoreQuery

router = APIRouter(tags=["patrols"])
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
Patroller = Annotated[
    Principal, Depends(require_roles("technician", "dispatcher", "logistics_admin"))
]
Id = Annotated[str, Path(pattern=CODE_PATTERN)]


@router.put("/patrol-routes/{route_id}", summary="A patrol route with checkpoints and checklists")
async def put_route(route_id: Id, body: RoutePut, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """Street lights, drainage ditches, pipes, fire alarms and doors (主动巡查)."""
    specs = [
        h.CheckpointSpec(
            c.id, c.name, c.location_id, c.category, tuple(c.checklist), c.device_tag, c.priority
        )
        for c in body.checkpoints
    ]
    await h.put_route(
        rt.uow(who),
        ctx,
        who,
        route_id=route_id,
        name=body.name,
        campus_id=body.campus_id,
        checkpoints=specs,
    )
    doc = await rt.store.get(ROUTES, route_id)
    assert doc is not None
    return {("id" if k == "_id" else k): v for k, v in doc.items() if k != "_v"}


@router.get("/patrol-routes", summary="Routes of a campus")
async def list_routes(
    who: Patroller, rt: Rt, campus_id: Annotated[str, Query(pattern=CODE_PATTERN)]
) -> dict:
    """Every route of the campus."""
    page = await rt.store.find(ROUTES, StoreQuery({"campus_id": campus_id}, sort=[("_id", 1)]))
    return {
        "items": [
            {("id" if k == "_id" else k): v for k, v in d.items() if k != "_v"} for d in page.items
        ]
    }


@router.post("/patrol-routes/{route_id}/runs", status_code=201, summary="Record a patrol run")
async def record_run(route_id: Id, body: RunIn, who: Patroller, rt: Rt, ctx: Ctx) -> dict:
    """Each failed checkpoint opens one linked work order (through its event)."""
    results = [
        CheckResult(r.checkpoint_id, r.passed, r.finding, tuple(r.failed_items), r.false_alarm)
        for r in body.results
    ]
    run = await h.record_run(rt.uow(who), ctx, who, route_id, results)
    return {("id" if k == "_id" else k): v for k, v in run.items() if k != "_v"}


@router.post("/devices/{tag}/incidents", status_code=201, summary="Report a false alarm or failure")
async def report_incident(tag: Id, body: IncidentIn, who: Patroller, rt: Rt, ctx: Ctx) -> dict:
    """Flags the device once per window when it reaches the threshold (误报)."""
    device = await h.report_incident(
        rt.uow(who), ctx, who, tag=tag, location_id=body.location_id, kind=body.kind
    )
    return _device_view(device_doc(device))


@router.get("/devices/{tag}", summary="A device's recent incidents")
async def get_device(tag: Id, who: Who, rt: Rt) -> dict:
    """Incidents inside the window and when it was last flagged."""
    device = await load_device(rt.store, tag)
    if device is None:
        raise NotFound(f"no device {tag}")
    return _device_view(device_doc(device))


@router.get("/devices", summary="Devices of a building")
async def list_devices(
    who: Patroller, rt: Rt, building_id: Annotated[str, Query(pattern=CODE_PATTERN)]
) -> dict:
    """Devices with incidents in a building."""
    page = await rt.store.find(
        DEVICES, StoreQuery({"building_id": building_id}, sort=[("_id", 1)], limit=500)
    )
    return {"items": [_device_view(d) for d in page.items]}


def _device_view(doc: dict) -> dict:
    return {
        "tag": doc["_id"],
        "building_id": doc["building_id"],
        "incidents": doc["incidents"],
        "last_flagged": doc["last_flagged"],
    }
