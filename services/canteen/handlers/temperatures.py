"""Use cases of temperature logs: devices, readings from a person or a gateway, silent devices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from services.canteen.domain import access
from services.canteen.domain.temperatures import (
    Device,
    DeviceKind,
    Reading,
    ReadingBatch,
    Source,
    settings_of,
)
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import temperatures as repo
from shared.auth import Principal, Role
from shared.clock import iso
from shared.errors import Conflict, Invalid, NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)
#: A reading may be this far ahead of the server's clock (a device's clock) ...
AHEAD = timedelta(minutes=5)
#: ... and this old (a gateway that buffered through an outage).
BEHIND = timedelta(days=7)


@dataclass(frozen=True)
class ReadingIn:
    """One reading as posted."""

    device_id: str
    celsius: Decimal
    at: datetime | None = None
    item: str | None = None


async def save_device(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    device_id: str,
    *,
    name: str,
    kind: DeviceKind,
    location: str | None,
    min_c: Decimal | None,
    max_c: Decimal | None,
    interval_minutes: int | None,
    active: bool,
) -> Device:
    """Register or change a device; an unset range or interval is its kind's default."""
    access.require_manager(who, canteen_id)
    await canteen_or_404(uow.store, canteen_id)
    low, high, interval = settings_of(
        kind, min_c=min_c, max_c=max_c, interval_minutes=interval_minutes
    )
    fields = {
        "name": name,
        "kind": kind,
        "location": location,
        "min_c": low,
        "max_c": high,
        "interval_minutes": interval,
        "active": active,
    }
    device = await repo.load_device(uow.store, device_id)
    if device is None:
        device = Device.register(device_id, canteen_id, at=ctx.now(), **fields)
    else:
        access.require_manager(who, device.canteen_id)
        if device.canteen_id != canteen_id:
            raise Conflict(f"device {device_id} belongs to canteen {device.canteen_id}")
        if not device.revise(at=ctx.now(), **fields):
            return device
    repo.stage_device(uow, device)
    await uow.commit()
    log.info("device.saved", device_id=device_id, created=device.new)
    return device


async def list_devices(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Device]:
    """A canteen's devices, by name."""
    access.require_reader(who, canteen_id)
    return await repo.devices_of(uow.store, canteen_id)


async def record_readings(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    readings: list[ReadingIn],
) -> list[Reading]:
    """Store and judge readings (one write, one event); a reading sent again is skipped."""
    access.require_reading_source(who, canteen_id)
    source = Source.SENSOR if who.has_role(Role.SERVICE) else Source.MANUAL
    now = ctx.now()
    devices: dict[str, Device] = {}
    for r in readings:
        if r.device_id not in devices:
            device = await repo.load_device(uow.store, r.device_id)
            if device is None or device.canteen_id != canteen_id:
                raise Invalid(f"no device {r.device_id} in canteen {canteen_id}", field="readings")
            if not device.active:
                raise Invalid(f"device {r.device_id} is not in use", field="readings")
            devices[r.device_id] = device
        at = r.at or now
        if at > now + AHEAD or at < now - BEHIND:
            raise Invalid(f"reading time {iso(at)} is too far from now", field="readings")
    stored: list[Reading] = []
    seen: set[tuple[str, datetime]] = set()
    for r in sorted(readings, key=lambda r: r.at or now):
        at = r.at or now
        if (r.device_id, at) in seen or await repo.known_reading(uow.store, r.device_id, at):
            continue  # a gateway's retry
        seen.add((r.device_id, at))
        reading = devices[r.device_id].read(
            r.celsius, at=at, source=source, by=who.user_id, item=r.item
        )
        stored.append(reading)
    if not stored:
        return []
    for device in devices.values():
        repo.stage_device(uow, device)
    repo.stage_batch(uow, ReadingBatch.of(canteen_id, stored, source=source, by=who.user_id))
    await uow.commit()
    log.info("temperature.recorded", canteen_id=canteen_id, readings=len(stored))
    return stored


async def readings_of(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    device_id: str,
    *,
    limit: int,
    cursor: str | None,
) -> Paged[Reading]:
    """A device's readings, newest first."""
    access.require_reader(who, canteen_id)
    device = await repo.load_device(uow.store, device_id)
    if device is None or device.canteen_id != canteen_id:
        raise NotFound(f"no device {device_id} in canteen {canteen_id}")
    return await repo.readings_page(uow.store, device_id, limit=limit, cursor=cursor)


async def report_silent_devices(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> int:
    """Devices past their interval without a reading: each silence told once."""
    access.require_watcher(who, canteen_id)
    now = ctx.now()
    told = 0
    for device in await repo.devices_of(uow.store, canteen_id):
        if device.tell_if_silent(now):
            repo.stage_device(uow, device)
            told += 1
    if told:
        await uow.commit()
        log.info("temperature.missing", canteen_id=canteen_id, devices=told)
    return told
