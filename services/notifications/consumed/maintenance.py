"""What notifications reads from maintenance's events: work orders, SLA breaches, devices."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from shared.envelope import EventData


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
