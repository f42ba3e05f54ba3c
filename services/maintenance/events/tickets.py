"""Work orders (工单): opened, their transitions, photos, SLA breaches, and the record of who
read a requester's contact details."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from services.maintenance.events.base import registry
from shared.envelope import EventData
from shared.personal_data import PersonalDataRead

_TICKET: dict[str, Any] = {
    "ticket_id": "WO-20260112-3F9A1C2E",
    "building_id": "B02",
    "campus_id": "main",
    "category": "plumbing",
    "priority": "high",
    "requester_id": "stu-2024011",
}


def _moved(previous: str, status: str, **extra: Any) -> dict[str, Any]:
    """The example of a transition from `previous` to `status`."""
    return {
        **_TICKET,
        "previous_status": previous,
        "status": status,
        "assignee_id": "u-tech-2",
        **extra,
    }


class Contact(BaseModel):
    """How to reach a requester without an account (a phone caller, a QR filer)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    phone: str
    email: str | None = None


@registry.register(
    "maintenance.ticket.opened.v1",
    example={
        **_TICKET,
        "channel": "qr",
        "description": "宿舍卫生间水龙头一直滴水 (the bathroom tap keeps dripping)",
        "floor": 2,
        "room_id": "B02-201",
        "location_id": "B02-201",
        "priority": "routine",
        "requester_id": None,
        "contact": {"name": "周同学", "phone": "13900000002", "email": "zhou@example.edu.cn"},
    },
)
class TicketOpened(EventData):
    """A repair request became a work order. `contact` is set only for a requester without an
    account (phone and QR requests that gave one): the one event that carries it, so that whoever
    tells that person of later changes keeps it per order; no later event repeats it."""

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
    contact: Contact | None = None
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


@registry.register(
    "maintenance.ticket.photos_added.v1",
    example={
        "ticket_id": "WO-20260112-3F9A1C2E",
        "building_id": "B02",
        "campus_id": "main",
        "status": "in_progress",
        "photos": [
            {
                "photo_id": "9b1f0c2d3e4a",
                "sha256": "5e0f3c8a" * 8,
                "content_type": "image/jpeg",
                "size": 184233,
            }
        ],
    },
)
class TicketPhotosAdded(EventData):
    """Photos were attached to an open order (by its requester, its assignee or a dispatcher);
    the bytes stay in maintenance, the event names each by its content hash."""

    ticket_id: str
    building_id: str
    campus_id: str
    status: str
    photos: list[dict[str, Any]]


@registry.register(
    "maintenance.ticket.triaged.v1",
    example={**_moved("opened", "triaged"), "assignee_id": None, "note": "漏水影响楼下"},
)
class TicketTriaged(TicketTransition):
    """A dispatcher confirmed the category and priority."""

    note: str | None = None


@registry.register(
    "maintenance.ticket.assigned.v1",
    example=_moved(
        "triaged",
        "assigned",
        assignee_kind="team",
        team_id="water",
        previous_assignee_id=None,
        reason=None,
    ),
)
class TicketAssigned(TicketTransition):
    """The order went to a technician, a team member or a contractor (also on reassignment)."""

    assignee_kind: str
    team_id: str | None = None
    contractor_id: str | None = None
    previous_assignee_id: str | None = None
    reason: str | None = None


@registry.register("maintenance.ticket.started.v1", example=_moved("assigned", "in_progress"))
class TicketStarted(TicketTransition):
    """The assignee began the work."""


@registry.register(
    "maintenance.ticket.put_on_hold.v1",
    example=_moved("in_progress", "on_hold", reason="parts", note="等角阀到货 waiting for a valve"),
)
class TicketPutOnHold(TicketTransition):
    """Work paused, waiting for parts or the requester (SLA resolution clock paused)."""

    reason: str
    note: str | None = None


@registry.register("maintenance.ticket.resumed.v1", example=_moved("on_hold", "in_progress"))
class TicketResumed(TicketTransition):
    """Work continues after a hold."""


@registry.register(
    "maintenance.ticket.resolved.v1",
    example=_moved("in_progress", "resolved", note="换了角阀 replaced the angle valve"),
)
class TicketResolved(TicketTransition):
    """The assignee reports the fault fixed; the requester may now rate or reopen."""

    note: str | None = None


@registry.register(
    "maintenance.ticket.closed.v1",
    example=_moved("resolved", "closed", rating=5, comment="修得很快", auto=False),
)
class TicketClosed(TicketTransition):
    """Closed with the requester's rating, or automatically after the answer period."""

    rating: int | None = None
    comment: str | None = None
    auto: bool = False


@registry.register(
    "maintenance.ticket.reopened.v1",
    example=_moved("resolved", "reopened", reason="还在滴水 still dripping"),
)
class TicketReopened(TicketTransition):
    """The requester says the fault is not fixed."""

    reason: str


@registry.register(
    "maintenance.ticket.sla_breached.v1",
    example={
        "ticket_id": "WO-20260109-7B2D4E10",
        "building_id": "B03",
        "clock": "contractor",
        "due_at": "2026-01-12T06:00:00.000000Z",
        "escalate_to": "warranty-manager",
        "campus_id": "main",
        "category": "electrical",
        "priority": "high",
        "status": "assigned",
        "assignee_id": "jianan-site-rep",
        "contractor_id": "jianan",
    },
)
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


@registry.register(
    "maintenance.personal_data.read.v1",
    example={
        "subject_kind": "requester",
        "subject_ids": ["stu-1"],
        "fields": ["contact"],
        "route": "GET /tickets/{ticket_id}",
    },
)
class RequesterContactRead(PersonalDataRead):
    """A requester's contact details on a work order were read by staff."""
