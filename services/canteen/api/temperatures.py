"""Routes of temperature logs: devices, and readings from a person or a sensor gateway."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_temperatures import (
    DeviceRead,
    DeviceUpdate,
    ReadingCreate,
    ReadingRead,
    ReadingsCreate,
    ReadingsPage,
)
from services.canteen.handlers import temperatures as h
from services.canteen.handlers.temperatures import ReadingIn
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["temperatures"])


@router.put(
    "/canteens/{canteen_id}/devices/{device_id}",
    response_model=DeviceRead,
    responses={201: {"model": DeviceRead, "description": "Registered"}},
    summary="Register or change a temperature-logged device",
)
async def put_device(
    canteen_id: PathId,
    device_id: PathId,
    body: DeviceUpdate,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    response: Response,
) -> DeviceRead:
    """Managers of the canteen; 201 when new."""
    device = await h.save_device(uow, ctx, who, canteen_id, device_id, **body.model_dump())
    response.status_code = 201 if device.new else 200
    return DeviceRead.of(device, ctx.now())


@router.get("/canteens/{canteen_id}/devices", response_model=list[DeviceRead], summary="Devices")
async def list_devices(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[DeviceRead]:
    """A canteen's devices and their state now."""
    now = ctx.now()
    return [DeviceRead.of(d, now) for d in await h.list_devices(uow, ctx, who, canteen_id)]


@router.post(
    "/canteens/{canteen_id}/devices/{device_id}/readings",
    response_model=list[ReadingRead],
    status_code=201,
    summary="Record a reading of one device",
)
async def record_reading(
    canteen_id: PathId, device_id: PathId, body: ReadingCreate, uow: Uow, ctx: Ctx, who: Caller
) -> list[ReadingRead]:
    """Outside the device's range: told once per excursion (every reading of a probe)."""
    reading = ReadingIn(device_id, body.celsius, body.at, body.item)
    return [
        ReadingRead.of(r) for r in await h.record_readings(uow, ctx, who, canteen_id, [reading])
    ]


@router.post(
    "/canteens/{canteen_id}/readings",
    response_model=list[ReadingRead],
    status_code=201,
    summary="Record a batch of readings (a sensor gateway)",
)
async def record_readings(
    canteen_id: PathId, body: ReadingsCreate, uow: Uow, ctx: Ctx, who: Caller
) -> list[ReadingRead]:
    """A reading sent again (same device and time) is skipped: the answer lists the new ones."""
    stored = await h.record_readings(uow, ctx, who, canteen_id, body.to_readings())
    return [ReadingRead.of(r) for r in stored]


@router.get(
    "/canteens/{canteen_id}/devices/{device_id}/readings",
    response_model=ReadingsPage,
    summary="A device's readings",
)
async def readings(
    canteen_id: PathId,
    device_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ReadingsPage:
    """Newest first."""
    page = await h.readings_of(uow, ctx, who, canteen_id, device_id, limit=limit, cursor=cursor)
    return ReadingsPage.of(page)
