"""Temperature logs: devices and their readings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from services.canteen.events.base import registry
from shared.envelope import EventData


@registry.register(
    "canteen.device.updated.v1",
    example={
        "device_id": "north-fridge-2",
        "canteen_id": "north",
        "name": "2号冷藏柜 fridge 2",
        "kind": "fridge",
        "location": "后厨 kitchen",
        "min_c": "0",
        "max_c": "8",
        "interval_minutes": 240,
        "active": True,
        "created": True,
        "changed": ["name", "kind", "location", "min_c", "max_c", "interval_minutes", "active"],
    },
)
class DeviceUpdated(EventData):
    """A temperature-logged device (fridge, freezer, hot holding, probe) was set up or changed."""

    device_id: str
    canteen_id: str
    name: str
    kind: str
    location: str | None = None
    min_c: str | None = None
    max_c: str | None = None
    interval_minutes: int | None = None
    active: bool
    created: bool
    changed: tuple[str, ...]


class ReadingData(BaseModel):
    """One temperature reading."""

    model_config = ConfigDict(frozen=True)
    device_id: str
    celsius: str
    at: str
    in_range: bool
    item: str | None = None


@registry.register(
    "canteen.temperature.recorded.v1",
    example={
        "canteen_id": "north",
        "source": "sensor",
        "recorded_by": "gw-north-sensors",
        "readings": [
            {
                "device_id": "north-fridge-2",
                "celsius": "4.5",
                "at": "2025-03-03T01:00:00.000000Z",
                "in_range": True,
            }
        ],
    },
)
class TemperatureRecorded(EventData):
    """Temperature readings arrived (from a person, or a sensor gateway), one event per request."""

    canteen_id: str
    source: str
    recorded_by: str
    readings: tuple[ReadingData, ...]


@registry.register(
    "canteen.temperature.out_of_range.v1",
    example={
        "canteen_id": "north",
        "device_id": "north-fridge-2",
        "device_name": "2号冷藏柜 fridge 2",
        "kind": "fridge",
        "location": "后厨 kitchen",
        "celsius": "11.0",
        "min_c": "0",
        "max_c": "8",
        "at": "2025-03-03T06:00:00.000000Z",
        "source": "manual",
        "recorded_by": "u-canteen-staff-1",
        "item": None,
    },
)
class TemperatureOutOfRange(EventData):
    """A reading left its device's range (once per excursion; every reading of a probe)."""

    canteen_id: str
    device_id: str
    device_name: str
    kind: str
    location: str | None = None
    celsius: str
    min_c: str | None = None
    max_c: str | None = None
    at: str
    source: str
    recorded_by: str
    item: str | None = None


@registry.register(
    "canteen.temperature.missing.v1",
    example={
        "canteen_id": "north",
        "device_id": "north-freezer-1",
        "device_name": "1号冷冻柜 freezer 1",
        "kind": "freezer",
        "location": "库房 store room",
        "interval_minutes": 240,
        "last_reading_at": "2025-03-03T00:00:00.000000Z",
        "silent_since": "2025-03-03T00:00:00.000000Z",
    },
)
class TemperatureMissing(EventData):
    """A device went longer than its interval without a reading; once per silence."""

    canteen_id: str
    device_id: str
    device_name: str
    kind: str
    location: str | None = None
    interval_minutes: int
    last_reading_at: str | None = None
    silent_since: str
