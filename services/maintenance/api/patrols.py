"""Routes of patrols and devices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.maintenance.api.deps import CODE_PATTERN, Code, Ctx
from services.maintenance.api.schemas_patrols import (
    DeviceList,
    DeviceRead,
    IncidentIn,
    RouteList,
    RoutePut,
    RouteRead,
    RunIn,
    RunRead,
)
from services.maintenance.handlers import patrols as h
from shared.api import Caller, Uow

router = APIRouter(tags=["patrols"])


@router.put(
    "/patrol-routes/{route_id}",
    response_model=RouteRead,
    summary="A patrol route with checkpoints and checklists",
)
async def put_route(route_id: Code, body: RoutePut, uow: Uow, ctx: Ctx, who: Caller) -> RouteRead:
    """Street lights, drainage ditches, pipes, fire alarms and doors (主动巡查)."""
    specs = [
        h.CheckpointSpec(
            c.id, c.name, c.location_id, c.category, tuple(c.checklist), c.device_tag, c.priority
        )
        for c in body.checkpoints
    ]
    route = await h.put_route(
        uow,
        ctx,
        who,
        route_id=route_id,
        name=body.name,
        campus_id=body.campus_id,
        checkpoints=specs,
    )
    return RouteRead.of(route)


@router.get("/patrol-routes", response_model=RouteList, summary="Routes of a campus")
async def list_routes(
    campus_id: Annotated[str, Query(pattern=CODE_PATTERN)], uow: Uow, ctx: Ctx, who: Caller
) -> RouteList:
    """Every route of the campus."""
    routes = await h.list_routes(uow, ctx, who, campus_id)
    return RouteList(items=[RouteRead.of(r) for r in routes])


@router.post(
    "/patrol-routes/{route_id}/runs",
    status_code=201,
    response_model=RunRead,
    summary="Record a patrol run",
)
async def record_run(route_id: Code, body: RunIn, uow: Uow, ctx: Ctx, who: Caller) -> RunRead:
    """Each failed checkpoint opens one linked work order (through its event)."""
    results = [r.to_result() for r in body.results]
    return RunRead.of(await h.record_run(uow, ctx, who, route_id, results))


@router.post(
    "/devices/{tag}/incidents",
    status_code=201,
    response_model=DeviceRead,
    summary="Report a false alarm or failure",
)
async def report_incident(
    tag: Code, body: IncidentIn, uow: Uow, ctx: Ctx, who: Caller
) -> DeviceRead:
    """Flags the device once per window when it reaches the threshold (误报)."""
    device = await h.report_incident(
        uow, ctx, who, tag=tag, location_id=body.location_id, kind=body.kind
    )
    return DeviceRead.of(device)


@router.get("/devices/{tag}", response_model=DeviceRead, summary="A device's recent incidents")
async def get_device(tag: Code, uow: Uow, ctx: Ctx, who: Caller) -> DeviceRead:
    """Incidents inside the window and when it was last flagged."""
    return DeviceRead.of(await h.get_device(uow, ctx, who, tag))


@router.get("/devices", response_model=DeviceList, summary="Devices of a building")
async def list_devices(
    building_id: Annotated[str, Query(pattern=CODE_PATTERN)], uow: Uow, ctx: Ctx, who: Caller
) -> DeviceList:
    """Devices with incidents in a building."""
    devices = await h.list_devices(uow, ctx, who, building_id)
    return DeviceList(items=[DeviceRead.of(d) for d in devices])
