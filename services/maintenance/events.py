"""The events maintenance publishes: its public contract. Types are explicit and versioned."""

from __future__ import annotations

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register("maintenance.ticket.opened.v1")
class TicketOpened(EventData):
    """A repair request became a work order."""

    ticket_id: str
    campus_id: str
    building_id: str
    category: str
    priority: str
    channel: str
    description: str
    floor: int | None = None
    room_id: str | None = None
    location_id: str | None = None
    asset_tag: str | None = None
    requester_id: str | None = None
    source_event_id: str | None = None
    status: str = "opened"


class TicketTransition(EventData):
    """Fields every transition event carries."""

    ticket_id: str
    building_id: str
    status: str
    previous_status: str
    campus_id: str
    category: str
    priority: str
    requester_id: str | None = None
    assignee_id: str | None = None


@registry.register("maintenance.ticket.triaged.v1")
class TicketTriaged(TicketTransition):
    """A dispatcher confirmed the category and priority."""

    note: str | None = None


@registry.register("maintenance.ticket.assigned.v1")
class TicketAssigned(TicketTransition):
    """The order went to a technician, a team member or a contractor (also on reassignment)."""

    assignee_kind: str
    team_id: str | None = None
    contractor_id: str | None = None
    previous_assignee_id: str | None = None
    reason: str | None = None


@registry.register("maintenance.ticket.started.v1")
class TicketStarted(TicketTransition):
    """The assignee began the work."""


@registry.register("maintenance.ticket.put_on_hold.v1")
class TicketPutOnHold(TicketTransition):
    """Work paused, waiting for parts or the requester (SLA resolution clock paused)."""

    reason: str
    note: str | None = None


@registry.register("maintenance.ticket.resumed.v1")
class TicketResumed(TicketTransition):
    """Work continues after a hold."""


@registry.register("maintenance.ticket.resolved.v1")
class TicketResolved(TicketTransition):
    """The assignee reports the fault fixed; the requester may now rate or reopen."""

    note: str | None = None


@registry.register("maintenance.ticket.closed.v1")
class TicketClosed(TicketTransition):
    """Closed with the requester's rating, or automatically after the answer period."""

    rating: int | None = None
    comment: str | None = None
    auto: bool = False


@registry.register("maintenance.ticket.reopened.v1")
class TicketReopened(TicketTransition):
    """The requester says the fault is not fixed."""

    reason: str


@registry.register("maintenance.ticket.sla_breached.v1")
class TicketSlaBreached(EventData):
    """A response, resolution or contractor clock ran out; `escalate_to` is who must act."""

    ticket_id: str
    building_id: str
    clock: str
    due_at: str
    escalate_to: str
    campus_id: str
    category: str
    priority: str
    status: str
    assignee_id: str | None = None
    contractor_id: str | None = None


@registry.register("maintenance.inspection.checkpoint_failed.v1")
class CheckpointFailed(EventData):
    """A patrol found a fault at a checkpoint; maintenance opens one linked work order."""

    run_id: str
    route_id: str
    checkpoint_id: str
    building_id: str
    finding: str
    campus_id: str
    location_id: str
    category: str
    priority: str = "routine"
    device_tag: str | None = None


@registry.register("maintenance.device.flagged.v1")
class DeviceFlagged(EventData):
    """A device failed or misfired repeatedly within the window (e.g. 3 false alarms in 30 days)."""

    device_tag: str
    building_id: str
    reason: str
    count: int
    window_days: int
    kind: str
