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
#: (the contract test allows exactly these, and says so).
AWAITED: dict[str, set[str]] = {"maintenance.ticket.opened.v1": {"contact"}}


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
    #: A QR or phone request's contact; told of the ticket's status changes (asked of maintenance).
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


# Issue 10 (canteen food safety) and issue 12 (assets) events, built by other engineers at the
# same time: only the fields a notification needs, lenient (extras ignored, optional where the
# issue does not fix them). The publishers' contract tests check these once they are merged.


class CanteenEvent(EventData):
    """Any canteen food-safety event: whose canteen it is (a supplier's may name several)."""

    canteen_id: str | None = None
    canteen_ids: tuple[str, ...] = ()
    description: str | None = None


class SampleViolation(CanteenEvent):
    """canteen: a dish unsampled, a sample under 125 g, or one discarded before 48 h."""

    kind: str
    meal_id: str | None = None
    meal: str | None = None
    dish: str | None = None
    grams: float | None = None


class MorningCheckFailed(CanteenEvent):
    """canteen: a food handler failed the morning check (晨检) and is off food handling today."""

    staff_id: str | None = None
    staff_name: str | None = None
    findings: tuple[str, ...] = ()
    on_shift: bool = True


class MorningCheckMissing(CanteenEvent):
    """canteen: a shift started with people unchecked."""

    shift: str | None = None
    unchecked: tuple[str, ...] = ()


class LicenceEvent(CanteenEvent):
    """canteen: a supplier licence or staff health certificate expiring (lead days) or expired."""

    holder_kind: str | None = None
    holder_id: str | None = None
    holder_name: str | None = None
    licence_kind: str | None = None
    expires_on: str | None = None


class InspectionFailed(CanteenEvent):
    """canteen: a failed item of a hygiene inspection (卫生检查), with a corrective action."""

    inspection_id: str | None = None
    place: str | None = None
    item: str | None = None
    finding: str | None = None
    equipment: bool = False
    due_on: str | None = None


class TemperatureEvent(CanteenEvent):
    """canteen: a reading outside its device's range, or no reading within its interval."""

    device_id: str | None = None
    device_name: str | None = None
    reading: float | None = None
    min_c: float | None = None
    max_c: float | None = None
    last_reading_at: str | None = None


class StockCountOverdue(CanteenEvent):
    """canteen: a store room not counted for 15 days (半月全查)."""

    last_counted_on: str | None = None
    days: int | None = None


class AssetsEvent(EventData):
    """Any assets event: the building it is in, and a description."""

    building_id: str | None = None
    asset_id: str | None = None
    tag: str | None = None
    description: str | None = None


class LoanOverdue(AssetsEvent):
    """assets: a loan past its due date (once per overdue period)."""

    loan_id: str
    borrower_id: str | None = None
    due_on: str | None = None


class DiscrepancyFound(AssetsEvent):
    """assets: a stock-take finding: missing, misplaced or unregistered."""

    stocktake_id: str
    kind: str | None = None
    room_id: str | None = None


class DisposalProposed(AssetsEvent):
    """assets: an asset manager proposed a disposal (报废) for an administrator to approve."""

    disposal_id: str | None = None
    reason: str | None = None
    proposed_by: str | None = None
