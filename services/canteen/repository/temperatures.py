"""Temperature-logged devices and their readings in the store."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from services.canteen.domain.temperatures import Device, DeviceKind, Reading, ReadingBatch, Source
from services.canteen.repository import DEVICES, READINGS
from services.canteen.repository.common import decimal, iso_moment, moment, put, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all
from shared.uow import UnitOfWork


def device_doc(d: Device) -> Doc:
    """The stored form of a device, with where its readings stand."""
    return {
        "_id": d.device_id,
        "canteen_id": d.canteen_id,
        "name": d.name,
        "kind": d.kind.value,
        "location": d.location,
        "min_c": text_of(d.min_c),
        "max_c": text_of(d.max_c),
        "interval_minutes": d.interval_minutes,
        "active": d.active,
        "registered_at": iso(d.registered_at),
        "last_reading_at": iso_moment(d.last_reading_at),
        "last_celsius": text_of(d.last_celsius),
        "out_of_range_since": iso_moment(d.out_of_range_since),
        "missing_told_for": iso_moment(d.missing_told_for),
    }


def device_from_doc(doc: Doc) -> Device:
    """Inverse of `device_doc`."""
    return Device(
        device_id=doc["_id"],
        canteen_id=doc["canteen_id"],
        name=doc["name"],
        kind=DeviceKind(doc["kind"]),
        location=doc["location"],
        min_c=decimal(doc["min_c"]),
        max_c=decimal(doc["max_c"]),
        interval_minutes=doc["interval_minutes"],
        active=doc["active"],
        registered_at=parse_iso(doc["registered_at"]),
        last_reading_at=moment(doc["last_reading_at"]),
        last_celsius=decimal(doc["last_celsius"]),
        out_of_range_since=moment(doc["out_of_range_since"]),
        missing_told_for=moment(doc["missing_told_for"]),
        version=doc["_v"],
    )


def stage_device(uow: UnitOfWork, device: Device) -> None:
    """Stage the device and its events."""
    put(uow, DEVICES, device_doc(device), device.version)
    uow.collect(device, subject=device.device_id)


async def load_device(store: DocumentStore, device_id: str) -> Device | None:
    """The device, or None."""
    doc = await store.get(DEVICES, device_id)
    return device_from_doc(doc) if doc is not None else None


async def devices_of(store: DocumentStore, canteen_id: str) -> list[Device]:
    """A canteen's devices, by name."""
    docs = await find_all(store, DEVICES, {"canteen_id": canteen_id}, [("name", 1)])
    return [device_from_doc(d) for d in docs]


def reading_id(device_id: str, at: datetime) -> str:
    """One reading per device and moment: a gateway's retry is the same reading."""
    return f"{device_id}|{iso(at)}"


def reading_doc(r: Reading) -> Doc:
    """The stored form of a reading."""
    return {
        "_id": reading_id(r.device_id, r.at),
        "device_id": r.device_id,
        "canteen_id": r.canteen_id,
        "celsius": str(r.celsius),
        "at": iso(r.at),
        "source": r.source.value,
        "recorded_by": r.recorded_by,
        "verdict": "ok" if r.in_range else "out_of_range",
        "item": r.item,
    }


def reading_from_doc(doc: Doc) -> Reading:
    """Inverse of `reading_doc`."""
    return Reading(
        device_id=doc["device_id"],
        canteen_id=doc["canteen_id"],
        celsius=Decimal(doc["celsius"]),
        at=parse_iso(doc["at"]),
        source=Source(doc["source"]),
        recorded_by=doc["recorded_by"],
        in_range=doc["verdict"] == "ok",
        item=doc["item"],
    )


def stage_batch(uow: UnitOfWork, batch: ReadingBatch) -> None:
    """Stage the batch's new readings and its event."""
    for reading in batch.readings:
        uow.insert(READINGS, reading_doc(reading))
    uow.collect(batch, subject=batch.canteen_id)


async def known_reading(store: DocumentStore, device_id: str, at: datetime) -> bool:
    """Whether this reading was already stored."""
    return await store.get(READINGS, reading_id(device_id, at)) is not None


async def readings_page(
    store: DocumentStore, device_id: str, *, limit: int, cursor: str | None
) -> Paged[Reading]:
    """A device's readings, newest first."""
    query = Query({"device_id": device_id}, [("at", -1)], limit=limit, after=cursor)
    return Paged.of(await store.find(READINGS, query), reading_from_doc)


async def count_between(
    store: DocumentStore, canteen_id: str, start: datetime, end: datetime, *, out_of_range: bool
) -> int:
    """How many readings (or out-of-range ones) a canteen had in [start, end)."""
    filter: Doc = {"canteen_id": canteen_id, "at": {"$gte": iso(start), "$lt": iso(end)}}
    if out_of_range:
        filter["verdict"] = "out_of_range"
    return await store.count(READINGS, filter)
