"""The fields the notifications service needs from other services' events (extras ignored)."""

from __future__ import annotations

from pydantic import Field, field_validator

from shared.envelope import EventData

Id = Field(min_length=1, max_length=200)


class TicketOpened(EventData):
    """`maintenance.ticket.opened.v1`."""

    ticket_id: str = Id
    campus_id: str = Id
    building_id: str = Id
    category: str = Field(min_length=1, max_length=100)
    priority: str = Field(min_length=1, max_length=50)
    description: str = Field(min_length=1, max_length=5000)
    room_id: str | None = None
    requester_id: str | None = None


class TicketAssigned(EventData):
    """`maintenance.ticket.assigned.v1`; a team assignment may name no single assignee."""

    ticket_id: str = Id
    building_id: str = Id
    assignee_id: str | None = Field(default=None, min_length=1, max_length=200)


class TicketResolved(EventData):
    """`maintenance.ticket.resolved.v1`; without `requester_id` nobody is told."""

    ticket_id: str = Id
    building_id: str = Id
    requester_id: str | None = None


class SlaBreached(EventData):
    """`maintenance.ticket.sla_breached.v1`; `escalate_to` names user ids, duties or roles."""

    ticket_id: str = Id
    building_id: str = Id
    campus_id: str | None = Field(default=None, min_length=1, max_length=200)
    clock: str = Field(min_length=1, max_length=50)
    due_at: str = Field(min_length=1, max_length=64)
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
    """`maintenance.device.flagged.v1` (a device that keeps misfiring, 误报)."""

    device_tag: str = Id
    building_id: str = Id
    reason: str = Field(min_length=1, max_length=1000)
    count: int = Field(ge=0)
    window_days: int = Field(ge=0)


class DeliveryRejected(EventData):
    """`canteen.delivery.rejected.v1`: one rejected line of a delivery."""

    delivery_id: str = Id
    canteen_id: str = Id
    line_no: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=2000)
    item: str | None = None
    reason_codes: tuple[str, ...] = ()


class StockExpiring(EventData):
    """`canteen.stock.expiring.v1`."""

    canteen_id: str = Id
    item: str = Field(min_length=1, max_length=200)
    batch_id: str = Id
    expires_on: str = Field(min_length=1, max_length=32)


class AssetDamaged(EventData):
    """`assets.asset.damaged.v1`."""

    damage_id: str = Id
    asset_id: str = Id
    tag: str = Id
    building_id: str = Id
    description: str = Field(min_length=1, max_length=5000)
    deliberate: bool
    room_id: str | None = None
