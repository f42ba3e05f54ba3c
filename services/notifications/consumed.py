"""The fields notifications reads from other services' events (anything else is ignored).

Each field has the type its publisher's `events.py` declares, and is never stricter: a field the
publisher always sends may have a default here (an older publisher, a hand-made test event),
but nothing the publisher may send is refused. The types these models belong to are listed
once, in `domain/alerts.py`; a test checks each model against the publisher's schema and
example in the event catalogue.
"""

from __future__ import annotations

from pydantic import field_validator

from shared.envelope import EventData


class TicketOpened(EventData):
    """maintenance: a repair request became a work order."""

    ticket_id: str
    campus_id: str
    building_id: str
    category: str
    priority: str
    description: str
    room_id: str | None = None


class TicketAssigned(EventData):
    """maintenance: a work order went to someone; a team assignment may name no assignee."""

    ticket_id: str
    building_id: str
    assignee_id: str | None = None


class TicketResolved(EventData):
    """maintenance: the assignee reports the fault fixed; without a requester nobody is told."""

    ticket_id: str
    building_id: str
    requester_id: str | None = None


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
