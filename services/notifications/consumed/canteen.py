"""What notifications reads from the canteen's events: receiving, stock, food safety, equipment.

Decimal values (grams, ℃) travel as strings and are read as strings: a float would round them,
and a template prints them as sent.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.envelope import EventData


class DeliveryRejected(EventData):
    """canteen: one line of a delivery refused at receiving."""

    delivery_id: str
    canteen_id: str
    line_no: int
    reason: str
    item: str | None = None
    reason_codes: tuple[str, ...] = ()


class StockExpiring(EventData):
    """canteen: a batch is near its expiry date."""

    canteen_id: str
    item: str
    batch_id: str
    expires_on: str


class EquipmentFaultReported(EventData):
    """canteen: kitchen equipment reported faulty (maintenance opens the work order)."""

    fault_id: str
    canteen_id: str
    building_id: str
    equipment_tag: str
    description: str


class SampleViolation(EventData):
    """canteen: a dish unsampled, a sample under its minimum, or one discarded too early."""

    violation_id: str
    canteen_id: str
    meal_id: str
    served_on: str
    meal_kind: str
    meal_name: str | None = None
    dish_id: str
    dish_name: str
    kind: str
    grams: str | None = None
    min_grams: str
    hours_kept: str | None = None
    min_hours: int
    detail: str


class MorningCheckFailed(EventData):
    """canteen: a food handler failed the morning check (晨检) and is off food handling today."""

    canteen_id: str
    day: str
    staff_id: str
    staff_name: str
    temperature_c: str
    fever_threshold_c: str
    symptoms: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    on_shift: bool
    shifts: tuple[str, ...] = ()


class StaffMember(BaseModel):
    """A food handler an event names."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    staff_id: str
    name: str


class MorningCheckMissing(EventData):
    """canteen: a shift started with people on it not yet checked."""

    canteen_id: str
    day: str
    shift_id: str
    shift_name: str
    starts_at: str
    unchecked: tuple[StaffMember, ...] = ()


class LicenceExpired(EventData):
    """canteen: a supplier licence or a staff health certificate expired."""

    notice_id: str
    canteen_id: str
    holder_kind: str
    holder_id: str
    holder_name: str
    document_kind: str
    number: str
    expires_on: str


class LicenceExpiring(LicenceExpired):
    """canteen: the same, expiring within its lead days."""

    days_left: int


class InspectionFailed(EventData):
    """canteen: a failed item of a hygiene inspection (卫生检查), with a corrective action due."""

    inspection_id: str
    action_id: str
    canteen_id: str
    campus_id: str
    building_id: str
    template_name: str
    place: str | None = None
    item: str
    finding: str
    equipment: bool
    equipment_tag: str | None = None
    due_on: str


class TemperatureOutOfRange(EventData):
    """canteen: a reading outside its device's range (once per excursion)."""

    canteen_id: str
    device_id: str
    device_name: str
    location: str | None = None
    celsius: str
    min_c: str | None = None
    max_c: str | None = None
    at: str
    item: str | None = None


class TemperatureMissing(EventData):
    """canteen: a device went longer than its interval without a reading (once per silence)."""

    canteen_id: str
    device_id: str
    device_name: str
    location: str | None = None
    interval_minutes: int
    last_reading_at: str | None = None
    silent_since: str


class StockCountOverdue(EventData):
    """canteen: a store room not fully counted within its interval (半月全查)."""

    canteen_id: str
    canteen_name: str
    last_counted_on: str | None = None
    due_on: str
    interval_days: int
