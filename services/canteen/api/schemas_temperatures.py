"""Create / Read schemas of temperature-logged devices and their readings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id
from services.canteen.domain.temperatures import Device, DeviceKind, Reading
from services.canteen.handlers.temperatures import ReadingIn
from shared.api import Input
from shared.clock import iso
from shared.store import Paged
from shared.types import Moment, line

#: What a kitchen thermometer can read; beyond it is a typo or a broken sensor.
Celsius = Annotated[Decimal, Field(ge=-60, le=300, max_digits=5, decimal_places=1)]


class DeviceUpdate(Input):
    """A device as PUT by a manager; an omitted range or interval is its kind's default."""

    name: line(100)
    kind: DeviceKind
    location: line(100) | None = None
    min_c: Celsius | None = Field(default=None, description="default by kind (fridge 0)")
    max_c: Celsius | None = Field(default=None, description="default by kind (fridge 8)")
    interval_minutes: int | None = Field(
        default=None, ge=1, le=7 * 24 * 60, description="a reading is expected this often"
    )
    active: bool = True


class DeviceRead(BaseModel):
    """A device and where its readings stand now."""

    device_id: str
    canteen_id: str
    name: str
    kind: str
    location: str | None
    min_c: str | None
    max_c: str | None
    interval_minutes: int | None
    active: bool
    state: str = Field(description="ok, out_of_range, missing, no_reading or inactive")
    last_celsius: str | None
    last_reading_at: str | None
    out_of_range_since: str | None

    @classmethod
    def of(cls, d: Device, now: datetime) -> DeviceRead:
        """The device as the API shows it."""
        return cls(
            device_id=d.device_id,
            canteen_id=d.canteen_id,
            name=d.name,
            kind=d.kind.value,
            location=d.location,
            min_c=str(d.min_c) if d.min_c is not None else None,
            max_c=str(d.max_c) if d.max_c is not None else None,
            interval_minutes=d.interval_minutes,
            active=d.active,
            state=d.state(now),
            last_celsius=str(d.last_celsius) if d.last_celsius is not None else None,
            last_reading_at=iso(d.last_reading_at) if d.last_reading_at else None,
            out_of_range_since=iso(d.out_of_range_since) if d.out_of_range_since else None,
        )


class ReadingCreate(Input):
    """One reading of one device, by a person."""

    celsius: Celsius
    at: Moment | None = Field(default=None, description="default: now")
    item: line(100) | None = Field(default=None, description="the dish, for a core probe")


class GatewayReading(ReadingCreate):
    """One reading in a gateway's batch."""

    device_id: Id


class ReadingsCreate(Input):
    """A batch of readings from a sensor gateway (or a person's round)."""

    readings: list[GatewayReading] = Field(min_length=1, max_length=500)

    def to_readings(self) -> list[ReadingIn]:
        """The readings as the handler takes them."""
        return [ReadingIn(r.device_id, r.celsius, r.at, r.item) for r in self.readings]


class ReadingRead(BaseModel):
    """A stored reading and its verdict."""

    device_id: str
    celsius: str
    at: str
    source: str
    recorded_by: str
    in_range: bool
    item: str | None

    @classmethod
    def of(cls, r: Reading) -> ReadingRead:
        """The reading as the API shows it."""
        return cls(
            device_id=r.device_id,
            celsius=str(r.celsius),
            at=iso(r.at),
            source=r.source.value,
            recorded_by=r.recorded_by,
            in_range=r.in_range,
            item=r.item,
        )


class ReadingsPage(BaseModel):
    """Readings, newest first."""

    items: list[ReadingRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Reading]) -> ReadingsPage:
        """One page of readings."""
        return cls(items=[ReadingRead.of(r) for r in page.items], next_cursor=page.next_cursor)
