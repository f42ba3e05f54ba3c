"""Temperature logs: cold rooms, fridges, freezers, hot holding and core probes, and their readings.

Defaults (GB 31654-2021; 餐饮服务食品安全操作规范 2018 — figures unverified against the appendix):
cold rooms and fridges 0–8 ℃, freezers at most −12 ℃, hot holding at least 60 ℃, cooked food
at least 70 ℃ at the core; each device may set its own range. A device read at an interval
(a fridge by a sensor every few minutes, by a person every few hours) that stays silent longer
is told once per silence (`canteen.temperature.missing.v1`). A reading outside the range is told
once per excursion — the first out-of-range reading after an in-range one — so a sensor reporting
a warm fridge every minute raises one alert, not sixty an hour; a core probe's readings are
separate dishes, so each out-of-range one is told. Readings older than the device's last are
kept and judged but move no state (a gateway's late retry cannot reopen an excursion).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from services.canteen.events import (
    DeviceUpdated,
    ReadingData,
    TemperatureMissing,
    TemperatureOutOfRange,
    TemperatureRecorded,
)
from shared.aggregate import Aggregate
from shared.clock import iso
from shared.errors import Invalid

#: The fields a PUT sets; a change to any of them is told in `canteen.device.updated.v1`.
EDITABLE = ("name", "kind", "location", "min_c", "max_c", "interval_minutes", "active")


class DeviceKind(StrEnum):
    """What a device holds."""

    COLD_ROOM = "cold_room"  # 冷库
    FRIDGE = "fridge"  # 冷藏柜 (the sample fridge 留样冰箱 too)
    FREEZER = "freezer"  # 冷冻柜
    HOT_HOLDING = "hot_holding"  # 保温台
    CORE_PROBE = "core_probe"  # 中心温度计


#: (min, max) in ℃ by kind; None is open-ended.
DEFAULT_RANGES: dict[DeviceKind, tuple[Decimal | None, Decimal | None]] = {
    DeviceKind.COLD_ROOM: (Decimal(0), Decimal(8)),
    DeviceKind.FRIDGE: (Decimal(0), Decimal(8)),
    DeviceKind.FREEZER: (None, Decimal(-12)),
    DeviceKind.HOT_HOLDING: (Decimal(60), None),
    DeviceKind.CORE_PROBE: (Decimal(70), None),
}
#: Minutes between expected readings by kind; a probe is read per dish, not on a clock.
DEFAULT_INTERVALS: dict[DeviceKind, int | None] = {
    DeviceKind.COLD_ROOM: 240,
    DeviceKind.FRIDGE: 240,
    DeviceKind.FREEZER: 240,
    DeviceKind.HOT_HOLDING: 120,
    DeviceKind.CORE_PROBE: None,
}


class Source(StrEnum):
    """Who sent a reading."""

    MANUAL = "manual"  # a person with a thermometer
    SENSOR = "sensor"  # a sensor gateway


@dataclass(frozen=True)
class Reading:
    """One temperature reading and its verdict."""

    device_id: str
    canteen_id: str
    celsius: Decimal
    at: datetime
    source: Source
    recorded_by: str
    in_range: bool
    item: str | None = None


@dataclass
class Device(Aggregate):
    """A temperature-logged device and where its readings stand."""

    device_id: str
    canteen_id: str
    name: str
    kind: DeviceKind
    location: str | None
    min_c: Decimal | None
    max_c: Decimal | None
    interval_minutes: int | None
    active: bool
    registered_at: datetime
    last_reading_at: datetime | None = None
    last_celsius: Decimal | None = None
    out_of_range_since: datetime | None = None
    #: The moment the current silence started when it was told (so it is told once).
    missing_told_for: datetime | None = None
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store."""
        return self.version is None

    def in_range(self, celsius: Decimal) -> bool:
        """Within [min, max], either end open."""
        low_ok = self.min_c is None or celsius >= self.min_c
        high_ok = self.max_c is None or celsius <= self.max_c
        return low_ok and high_ok

    @classmethod
    def register(cls, device_id: str, canteen_id: str, *, at: datetime, **values) -> Device:
        """A new device (the kind's defaults where no range or interval is given)."""
        _check_range(values["min_c"], values["max_c"])
        device = cls(device_id, canteen_id, registered_at=at, **values)
        device._told(EDITABLE, created=True)
        return device

    def revise(self, *, at: datetime, **values) -> bool:
        """Replace the settings; records what changed, nothing (and False) if nothing did."""
        _check_range(values["min_c"], values["max_c"])
        changed = tuple(k for k in EDITABLE if getattr(self, k) != values[k])
        if not changed:
            return False
        if "active" in changed and values["active"]:
            # Re-activated: the silence is counted from now, not from before it was switched off.
            self.registered_at, self.missing_told_for = at, None
        for key in changed:
            setattr(self, key, values[key])
        self._told(changed, created=False)
        return True

    def read(
        self,
        celsius: Decimal,
        *,
        at: datetime,
        source: Source,
        by: str,
        item: str | None = None,
    ) -> Reading:
        """Judge one reading; the first out of range after an in-range one is told."""
        reading = Reading(
            self.device_id, self.canteen_id, celsius, at, source, by, self.in_range(celsius), item
        )
        if self.last_reading_at is not None and at <= self.last_reading_at:
            return reading  # late or repeated: kept and judged, moves nothing
        per_reading = self.interval_minutes is None
        starts = not reading.in_range and (per_reading or self.out_of_range_since is None)
        self.last_reading_at, self.last_celsius = at, celsius
        self.out_of_range_since = None if reading.in_range else (self.out_of_range_since or at)
        if starts:
            self.record(
                TemperatureOutOfRange(
                    canteen_id=self.canteen_id,
                    device_id=self.device_id,
                    device_name=self.name,
                    kind=self.kind.value,
                    location=self.location,
                    celsius=str(celsius),
                    min_c=_text(self.min_c),
                    max_c=_text(self.max_c),
                    at=iso(at),
                    source=source.value,
                    recorded_by=by,
                    item=item,
                )
            )
        return reading

    def silent_since(self) -> datetime:
        """When the current silence began: the last reading, or when it was set up."""
        return self.last_reading_at or self.registered_at

    def tell_if_silent(self, now: datetime) -> bool:
        """Past its interval without a reading: told once per silence. True if told now."""
        if not self.active or self.interval_minutes is None:
            return False
        since = self.silent_since()
        if now - since <= timedelta(minutes=self.interval_minutes):
            return False
        if self.missing_told_for == since:
            return False
        self.missing_told_for = since
        self.record(
            TemperatureMissing(
                canteen_id=self.canteen_id,
                device_id=self.device_id,
                device_name=self.name,
                kind=self.kind.value,
                location=self.location,
                interval_minutes=self.interval_minutes,
                last_reading_at=iso(self.last_reading_at) if self.last_reading_at else None,
                silent_since=iso(since),
            )
        )
        return True

    def state(self, now: datetime) -> str:
        """ok, out_of_range, missing (silent past its interval), no_reading or inactive."""
        if not self.active:
            return "inactive"
        if self.out_of_range_since is not None:
            return "out_of_range"
        silent = self.interval_minutes is not None and now - self.silent_since() > timedelta(
            minutes=self.interval_minutes
        )
        if silent:
            return "missing"
        return "ok" if self.last_reading_at is not None else "no_reading"

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        self.record(
            DeviceUpdated(
                device_id=self.device_id,
                canteen_id=self.canteen_id,
                name=self.name,
                kind=self.kind.value,
                location=self.location,
                min_c=_text(self.min_c),
                max_c=_text(self.max_c),
                interval_minutes=self.interval_minutes,
                active=self.active,
                created=created,
                changed=changed,
            )
        )


@dataclass
class ReadingBatch(Aggregate):
    """The readings of one request (a person's, or a gateway's batch), told as one event."""

    canteen_id: str
    readings: tuple[Reading, ...]

    @classmethod
    def of(cls, canteen_id: str, readings: list[Reading], *, source: Source, by: str):
        """The batch, recording `canteen.temperature.recorded.v1`."""
        batch = cls(canteen_id, tuple(readings))
        batch.record(
            TemperatureRecorded(
                canteen_id=canteen_id,
                source=source.value,
                recorded_by=by,
                readings=tuple(
                    ReadingData(
                        device_id=r.device_id,
                        celsius=str(r.celsius),
                        at=iso(r.at),
                        in_range=r.in_range,
                        item=r.item,
                    )
                    for r in readings
                ),
            )
        )
        return batch


def settings_of(
    kind: DeviceKind,
    *,
    min_c: Decimal | None,
    max_c: Decimal | None,
    interval_minutes: int | None,
) -> tuple[Decimal | None, Decimal | None, int | None]:
    """The range and interval a device gets: what is given, else its kind's defaults.

    A range is given whole: naming one end keeps the other open (a freezer with only a maximum).
    """
    low, high = DEFAULT_RANGES[kind]
    if min_c is not None or max_c is not None:
        low, high = min_c, max_c
    interval = interval_minutes if interval_minutes is not None else DEFAULT_INTERVALS[kind]
    return low, high, interval


def _check_range(low: Decimal | None, high: Decimal | None) -> None:
    if low is None and high is None:
        raise Invalid("a device needs a minimum, a maximum or both", field="min_c")
    if low is not None and high is not None and low > high:
        raise Invalid("min_c is above max_c", field="min_c")


def _text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None
