"""The events maintenance publishes: its public contract. Types are explicit and versioned;
each has a realistic example for the catalogue (consumers test their models against it)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.envelope import EventData, EventRegistry
from shared.personal_data import PersonalDataRead

registry = EventRegistry()

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
    "maintenance.inspection.checkpoint_failed.v1",
    example={
        "run_id": "5c1e0a9b7d3f4a21",
        "route_id": "night-round",
        "checkpoint_id": "lamp-b01",
        "building_id": "B01",
        "finding": "failed: 灯亮",
        "campus_id": "main",
        "location_id": "B01",
        "category": "electrical",
        "priority": "routine",
        "device_tag": None,
    },
)
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


@registry.register(
    "maintenance.device.flagged.v1",
    example={
        "device_tag": "SMK-B01-301",
        "building_id": "B01",
        "reason": "3 false alarms in 30 days",
        "count": 3,
        "window_days": 30,
        "kind": "false_alarm",
    },
)
class DeviceFlagged(EventData):
    """A device failed or misfired repeatedly within the window (e.g. 3 false alarms in 30 days)."""

    device_tag: str
    building_id: str
    reason: str
    count: int
    window_days: int
    kind: str


@registry.register(
    "maintenance.patrol.run_recorded.v1",
    example={
        "run_id": "5c1e0a9b7d3f4a21",
        "route_id": "night-round",
        "campus_id": "main",
        "by": "u-tech-1",
        "checkpoints": 2,
        "failed": ["lamp-b01"],
    },
)
class PatrolRunRecorded(EventData):
    """A patrol of a route was recorded, passed or not (each failure also has its event)."""

    run_id: str
    route_id: str
    campus_id: str
    by: str
    checkpoints: int
    failed: list[str]


@registry.register(
    "maintenance.device.incident_recorded.v1",
    example={
        "device_tag": "SMK-B01-301",
        "building_id": "B01",
        "kind": "false_alarm",
        "in_window": 2,
        "window_days": 30,
    },
)
class DeviceIncidentRecorded(EventData):
    """A device misfired or failed once more; `in_window` counts its incidents of that kind
    in the window (the flag comes at the threshold)."""

    device_tag: str
    building_id: str
    kind: str
    in_window: int
    window_days: int


_TECHNICIAN: dict[str, Any] = {
    "technician_id": "u-tech-2",
    "campus_id": "main",
    "name": "张师傅 Zhang",
    "active": True,
}


class TechnicianEntry(EventData):
    """Fields both technician events carry: the whole register entry as it now is."""

    technician_id: str
    campus_id: str
    name: str
    active: bool


@registry.register("maintenance.technician.registered.v1", example=_TECHNICIAN)
class TechnicianRegistered(TechnicianEntry):
    """A dispatcher put a technician on the campus's register (the names orders go to)."""


@registry.register(
    "maintenance.technician.changed.v1",
    example={**_TECHNICIAN, "active": False, "changed": ["active"]},
)
class TechnicianChanged(TechnicianEntry):
    """A register entry changed (renamed, moved campus, away or back); `changed` names what."""

    changed: list[str]


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


class ReferenceSaved(EventData):
    """Configuration a dispatcher keeps (rules, teams, contractors, warranties, patrol routes,
    schedules, asset places): the entry as it is now stored, and which of its fields changed.

    `entry` is the stored form (so audit can answer what it became); `changed` lists every
    field of a new entry, and only the changed ones of a replaced entry.
    """

    id: str
    campus_id: str | None = None
    created: bool
    changed: list[str]
    entry: dict[str, Any]


def _saved(entry_id: str, entry: dict[str, Any], *changed: str) -> dict[str, Any]:
    """The example of a configuration event: new when `changed` is empty."""
    return {
        "id": entry_id,
        "campus_id": entry.get("campus_id"),
        "created": not changed,
        "changed": list(changed) or sorted(entry),
        "entry": entry,
    }


@registry.register(
    "maintenance.dispatch_rule.updated.v1",
    example=_saved(
        "main-plumbing",
        {
            "campus_id": "main",
            "category": "plumbing",
            "building_id": None,
            "technician_id": None,
            "team_id": "water",
        },
    ),
)
class DispatchRuleUpdated(ReferenceSaved):
    """A dispatch rule (trade + campus or building → technician or team) was set or changed."""


@registry.register(
    "maintenance.team.updated.v1",
    example=_saved(
        "water",
        {"campus_id": "main", "name": "水暖班", "members": ["u-tech-2", "u-tech-3"]},
        "members",
    ),
)
class TeamUpdated(ReferenceSaved):
    """A team of technicians was formed or changed (its name, its members)."""


@registry.register(
    "maintenance.contractor.updated.v1",
    example=_saved(
        "jianan",
        {
            "name": "建安建设工程有限公司",
            "technician_id": "jianan-site-rep",
            "response": {"amount": 24, "unit": "business_hours"},
            "escalate_to": "warranty-manager",
        },
    ),
)
class ContractorUpdated(ReferenceSaved):
    """A contractor, its site representative and its answer clock were set or changed."""


@registry.register(
    "maintenance.warranty.updated.v1",
    example=_saved(
        "b03-new-library",
        {
            "contractor_id": "jianan",
            "campus_id": "main",
            "until": "2027-08-31",
            "building_id": "B03",
            "asset_tag": None,
            "categories": [],
        },
    ),
)
class WarrantyUpdated(ReferenceSaved):
    """A warranty on a building or an asset was recorded or changed (its contractor, its end)."""


@registry.register(
    "maintenance.patrol_route.updated.v1",
    example=_saved(
        "night-round",
        {
            "name": "夜间巡查",
            "campus_id": "main",
            "checkpoints": [
                {
                    "id": "c1",
                    "name": "北门路灯",
                    "location_id": "B01",
                    "building_id": "B01",
                    "category": "electrical",
                    "checklist": ["lamp", "pole"],
                    "device_tag": None,
                    "priority": "routine",
                }
            ],
        },
        "checkpoints",
    ),
)
class PatrolRouteUpdated(ReferenceSaved):
    """A patrol route and its checkpoints were laid out or changed."""


@registry.register(
    "maintenance.schedule.updated.v1",
    example=_saved(
        "extinguishers-b01",
        {
            "name": "灭火器月检",
            "campus_id": "main",
            "building_id": "B01",
            "location_id": "B01",
            "category": "other",
            "priority": "routine",
            "description": "检查一楼至五楼灭火器压力与有效期",
            "kind": "interval",
            "start": "2026-01-05",
            "interval_days": 30,
            "dates": [],
            "lead_days": 3,
            "asset_tag": None,
            "active": False,
            "created_on": "2026-01-05",
            "generated_through": "2026-02-04",
        },
        "active",
    ),
)
class ScheduleUpdated(ReferenceSaved):
    """A preventive schedule was set up or changed (its interval, its place, paused)."""


@registry.register(
    "maintenance.asset.updated.v1",
    example=_saved(
        "ZC-B01-0001",
        {
            "name": "教学楼电梯",
            "campus_id": "main",
            "building_id": "B01",
            "location_id": "B01-101",
            "floor": 1,
            "room_id": "B01-101",
            "updated_at": "2026-01-12T08:30:00.000000Z",
        },
        "location_id",
        "room_id",
    ),
)
class AssetPlaceUpdated(ReferenceSaved):
    """Where maintenance knows an asset tag to be was set or changed (QR codes and requests
    name the asset by it)."""


@registry.register(
    "maintenance.locations.imported.v1",
    example={
        "campus_ids": ["main"],
        "created": 2,
        "updated": 1,
        "unchanged": 3,
        "changed_ids": ["B01-101", "B01-301", "B02"],
    },
)
class LocationsImported(EventData):
    """A locations file created or renamed places; `changed_ids` names each one it wrote."""

    campus_ids: list[str]
    created: int
    updated: int
    unchanged: int
    changed_ids: list[str]


_QR = {
    "code_id": "5f0c2a9e1b7d4c33",
    "kind": "location",
    "target": "B02-201",
    "label": "2号楼201宿舍",
    "campus_id": "main",
    "building_id": "B02",
}


class QrCodeEntry(EventData):
    """Fields both QR code events carry: which code, and the place or asset it files for."""

    code_id: str
    kind: str
    target: str
    label: str | None = None
    campus_id: str
    building_id: str


@registry.register("maintenance.qr_code.issued.v1", example=_QR)
class QrCodeIssued(QrCodeEntry):
    """A dispatcher issued a QR code for a place or an asset (its sticker files requests)."""


@registry.register("maintenance.qr_code.revoked.v1", example=_QR)
class QrCodeRevoked(QrCodeEntry):
    """A QR code stopped accepting requests (its sticker was copied or moved)."""
