"""The fields notifications reads from other services' events (anything else is ignored).

Each field has the type its publisher's `events.py` declares, and is never stricter: a field the
publisher always sends may have a default here (an older publisher, a hand-made test event),
but nothing the publisher may send is refused. The types these models belong to are listed
once, in `domain/alerts.py`; a test checks each model against the publisher's schema and
example in the event catalogue.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from shared.envelope import EventData

#: Fields read here that a publisher does not send yet: what notifications asked them to add
#: (the contract test allows exactly these, and says so). None now: maintenance publishes the
#: contact of `maintenance.ticket.opened.v1`.
AWAITED: dict[str, set[str]] = {}


class Contact(BaseModel):
    """How to reach someone without an account (a QR requester): name, phone, maybe e-mail."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str | None = None
    phone: str | None = None
    email: str | None = None


class TicketOpened(EventData):
    """maintenance: a repair request became a work order."""

    ticket_id: str
    campus_id: str
    building_id: str
    category: str
    priority: str
    description: str
    room_id: str | None = None
    requester_id: str | None = None
    channel: str | None = None
    #: A QR or phone request's contact (only without an account); told of the status changes,
    #: and forgotten once the order is closed (no later event repeats it).
    contact: Contact | None = None


class TicketStatusChanged(EventData):
    """maintenance: any transition of a ticket (triaged, started, on hold, closed, reopened…)."""

    ticket_id: str
    building_id: str
    status: str
    campus_id: str | None = None
    requester_id: str | None = None
    assignee_id: str | None = None


class TicketAssigned(TicketStatusChanged):
    """maintenance: a work order went to someone; a team assignment may name no assignee."""

    status: str = "assigned"


class TicketResolved(TicketStatusChanged):
    """maintenance: the assignee reports the fault fixed; the requester (or contact) is told."""

    status: str = "resolved"
    note: str | None = None


class TicketOnHold(TicketStatusChanged):
    """maintenance: work paused, waiting for parts or the requester."""

    reason: str | None = None
    note: str | None = None


class TicketClosed(TicketStatusChanged):
    """maintenance: closed with the requester's rating, or by itself after the answer period."""

    rating: int | None = None
    auto: bool = False


class TicketReopened(TicketStatusChanged):
    """maintenance: the requester says the fault is not fixed."""

    reason: str | None = None


class SlaBreached(EventData):
    """maintenance: a ticket's clock ran out; `escalate_to` names a person, a duty or a role.

    The publisher sends one target; a list is taken too (each is resolved in turn).
    """

    ticket_id: str
    building_id: str
    campus_id: str | None = None
    clock: str
    due_at: str
    escalate_to: tuple[str, ...] = ()

    @field_validator("escalate_to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return value


class DeviceFlagged(EventData):
    """maintenance: a device that keeps failing or misfiring (误报) within a window."""

    device_tag: str
    building_id: str
    reason: str
    count: int
    window_days: int


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


class AssetDamaged(EventData):
    """assets: an asset was reported damaged, deliberately or not."""

    damage_id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None = None
    description: str
    deliberate: bool


class EquipmentFaultReported(EventData):
    """canteen: kitchen equipment reported faulty (maintenance opens the work order)."""

    fault_id: str
    canteen_id: str
    building_id: str
    equipment_tag: str
    description: str


class AssetAssigned(EventData):
    """assets: an asset's custody went to a person, who must acknowledge it (责任到人)."""

    asset_id: str
    tag: str
    building_id: str
    custodian_id: str
    room_id: str | None = None


# Issue 10 (canteen food safety) and issue 12 (assets): the publishers' fields, as declared in
# services/canteen/events.py and services/assets/events.py. Decimal values (grams, ℃, money)
# travel as strings and are read as strings: a float would round them, and a template prints
# them as sent.


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


class RecalledBatch(BaseModel):
    """canteen: a batch a recall stopped."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    batch_id: str
    item: str
    on_hand: str
    unit: str


class RecalledMeal(BaseModel):
    """canteen: a meal served with a recalled batch."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    meal_id: str
    day: str
    meal: str
    dish_ids: tuple[str, ...] = ()


class BatchRecalled(EventData):
    """canteen: batches recalled (召回); no more issues of them, the meals served with them."""

    recall_id: str
    canteen_id: str
    canteen_name: str
    reason: str
    supplier_id: str | None = None
    item: str | None = None
    batches: tuple[RecalledBatch, ...] = ()
    meals: tuple[RecalledMeal, ...] = ()


class FeedbackReceived(EventData):
    """canteen: a diner's rating or complaint (only complaints are told)."""

    canteen_id: str
    feedback_id: str
    kind: str
    meal_id: str | None = None
    dish_id: str | None = None
    stars: int | None = None
    category: str | None = None
    text: str | None = None


class LoanOverdue(EventData):
    """assets: a loan past its due day (once per overdue period, counted from 1)."""

    loan_id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: str
    days_overdue: int
    period: int


class DiscrepancyFound(EventData):
    """assets: a stock-take finding: missing, misplaced or unregistered (booked vs found)."""

    stocktake_id: str
    kind: str
    tag: str
    asset_id: str | None = None
    name: str | None = None
    booked_building_id: str | None = None
    booked_room_id: str | None = None
    found_building_id: str | None = None
    found_room_id: str | None = None
    moved: bool = False


class DisposalProposed(EventData):
    """assets: an asset manager proposed a disposal (报废) for an administrator to decide."""

    asset_id: str
    tag: str
    building_id: str
    reason: str
    proposed_by: str | None = None
    book_value: str
