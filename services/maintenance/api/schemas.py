"""HTTP schemas of work orders: inputs (extra fields refused, bounded `shared.types` text) and
Read outputs built with `<Read>.of(...)`. Each other area has its own `schemas_<area>.py`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.domain.ticket_clocks import Breach
from services.maintenance.domain.ticket_parts import Photo, Step
from services.maintenance.domain.ticket_rows import TicketRow
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import (
    CATEGORY_LABELS,
    PRIORITY_LABELS,
    Category,
    Priority,
)
from shared.clock import iso
from shared.types import line, text

PHONE_PATTERN = r"^\+?[0-9][0-9 -]{4,19}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Description = text(2000, 3)
Note = text(1000, 0)
UserId = line(120)


class In(BaseModel):
    """Base of every input: unknown fields are an error, strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContactIn(In):
    """How to reach someone without an account (a caller, a QR requester)."""

    name: line(60)  # type: ignore[valid-type]
    phone: str = Field(pattern=PHONE_PATTERN)
    email: str | None = Field(default=None, max_length=120, pattern=EMAIL_PATTERN)


class TicketCreate(In):
    """A repair request from the web, or a phone call entered by a dispatcher."""

    location_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: Category
    description: Description  # type: ignore[valid-type]
    priority: Priority | None = None
    channel: Literal["web", "phone"] = "web"
    requester_id: UserId | None = None  # type: ignore[valid-type]
    contact: ContactIn | None = None

    @model_validator(mode="after")
    def _somewhere(self) -> TicketCreate:
        if self.location_id is None and self.asset_tag is None:
            raise ValueError("give a location_id or an asset_tag")
        return self


class TriageIn(In):
    """Confirm or correct category and priority."""

    priority: Priority | None = None
    category: Category | None = None
    note: text(500, 0) | None = None  # type: ignore[valid-type]


class AssignIn(In):
    """Name at most one of technician, team or contractor; none means automatic dispatch."""

    technician_id: UserId | None = None  # type: ignore[valid-type]
    team_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    contractor_id: str | None = Field(default=None, pattern=CODE_PATTERN)
    reason: text(500, 0) | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _one(self) -> AssignIn:
        named = [x for x in (self.technician_id, self.team_id, self.contractor_id) if x]
        if len(named) > 1:
            raise ValueError("name only one of technician_id, team_id, contractor_id")
        return self


class HoldIn(In):
    """Why work pauses."""

    reason: Literal["parts", "requester", "access", "contractor", "other"]
    note: text(500, 0) | None = None  # type: ignore[valid-type]


class NoteIn(In):
    """An optional note."""

    note: Note | None = None  # type: ignore[valid-type]


class CloseIn(In):
    """The requester's 1–5 rating and comment."""

    rating: int = Field(ge=1, le=5, strict=True)
    comment: Note | None = None  # type: ignore[valid-type]


class ReopenIn(In):
    """Why the fault is not fixed."""

    reason: text(500)  # type: ignore[valid-type]


def _iso(moment: object) -> str | None:
    return iso(moment) if moment is not None else None  # type: ignore[arg-type]


class ContactRead(BaseModel):
    """A contact (shown to staff only)."""

    name: str
    phone: str
    email: str | None = None


class ClockRead(BaseModel):
    """One SLA clock: when it is due (None while stopped), from when it is at risk (None unless
    it runs: the last `SLA_AT_RISK_SHARE` of its budget), and whether it ran out."""

    due_at: str | None
    at_risk_from: str | None = None
    breached: bool


class BreachRead(BaseModel):
    """A clock that ran out, and who was told."""

    due_at: str
    detected_at: str
    escalate_to: str

    @classmethod
    def of(cls, b: Breach) -> BreachRead:
        """The view of a breach."""
        return cls(due_at=iso(b.due_at), detected_at=iso(b.detected_at), escalate_to=b.escalate_to)


class PhotoRead(BaseModel):
    """An attached photo and where to fetch it."""

    id: str
    content_type: str
    size: int
    url: str

    @classmethod
    def of(cls, ticket_id: str, p: Photo) -> PhotoRead:
        """The view of a photo of a ticket."""
        url = f"/tickets/{ticket_id}/photos/{p.id}"
        return cls(id=p.id, content_type=p.content_type, size=p.size, url=url)


class StepRead(BaseModel):
    """One step of a ticket's history."""

    action: str
    status: str
    at: str
    by: str | None
    note: str | None

    @classmethod
    def of(cls, s: Step) -> StepRead:
        """The view of a step."""
        return cls(action=s.action, status=s.status.value, at=iso(s.at), by=s.by, note=s.note)


class TicketFields(BaseModel):
    """What a list row and the detail view both show (`contact`: as the handler left it)."""

    id: str
    status: str
    campus_id: str
    building_id: str
    location_id: str
    floor: int | None
    room_id: str | None
    asset_tag: str | None
    category: str
    category_label: str
    priority: str
    priority_label: str
    channel: str
    description: str
    requester_id: str | None
    contact: ContactRead | None = Field(description="staff only (null for everyone else)")
    assignee_id: str | None
    assignee_kind: str | None
    team_id: str | None
    contractor_id: str | None
    rating: int | None
    created_at: str
    updated_at: str
    resolved_at: str | None
    sla: dict[str, ClockRead]
    correlation_id: str | None = Field(
        description="the order's story (its opening's correlation id): send it as "
        "X-Correlation-Id with each later step so that audit tells the order's life as one"
    )


class TicketSummary(TicketFields):
    """A list row (`GET /tickets/{id}` adds the history)."""

    photos: int

    @classmethod
    def of(cls, r: TicketRow) -> TicketSummary:
        """The view of a list row (its times are already the stored ISO strings)."""
        sla = {
            c: {"due_at": due, "at_risk_from": r.sla_risk.get(c), "breached": c in r.breached}
            for c, due in r.sla_due.items()
        }
        return cls.model_validate(
            {
                **vars(r),
                "category_label": CATEGORY_LABELS[r.category],  # type: ignore[index]
                "priority_label": PRIORITY_LABELS[r.priority],  # type: ignore[index]
                "sla": sla,
            }
        )


class TicketPage(BaseModel):
    """A page of work orders and the cursor of the next page."""

    items: list[TicketSummary]
    next_cursor: str | None = None


class TicketRead(TicketFields):
    """A work order with its SLA clocks, breaches, photos and history."""

    comment: str | None
    responded_at: str | None
    closed_at: str | None
    breaches: dict[str, BreachRead]
    photos: list[PhotoRead]
    history: list[StepRead]
    source_key: str | None
    location_verified: bool

    @classmethod
    def of(cls, t: Ticket) -> TicketRead:
        """The detail view of a ticket."""
        a = t.assignment
        return cls.model_validate(
            {
                "id": t.id,
                "status": t.status.value,
                "campus_id": t.campus_id,
                "building_id": t.building_id,
                "location_id": t.location_id,
                "floor": t.floor,
                "room_id": t.room_id,
                "asset_tag": t.asset_tag,
                "category": t.category.value,
                "category_label": CATEGORY_LABELS[t.category],
                "priority": t.priority.value,
                "priority_label": PRIORITY_LABELS[t.priority],
                "channel": t.channel.value,
                "description": t.description,
                "requester_id": t.requester_id,
                "contact": t.contact,
                "assignee_id": a.assignee_id if a else None,
                "assignee_kind": a.kind.value if a else None,
                "team_id": a.team_id if a else None,
                "contractor_id": a.contractor_id if a else None,
                "rating": t.rating,
                "created_at": iso(t.created_at),
                "updated_at": iso(t.updated_at),
                "resolved_at": _iso(t.resolved_at),
                "sla": {
                    clock: {
                        "due_at": _iso(due),
                        "at_risk_from": _iso(t.sla_risk.get(clock)),
                        "breached": clock in t.breaches,
                    }
                    for clock, due in t.sla_due.items()
                },
                "correlation_id": t.correlation_id,
                "comment": t.comment,
                "responded_at": _iso(t.responded_at),
                "closed_at": _iso(t.closed_at),
                "breaches": {c: BreachRead.of(b) for c, b in t.breaches.items()},
                "photos": [PhotoRead.of(t.id, p) for p in t.photos],
                "history": [StepRead.of(s) for s in t.steps],
                "source_key": t.source_key,
                "location_verified": t.location_verified,
            }
        )


class FiledTicketRead(TicketRead):
    """A new order; a phone caller without an account rates it with `follow_up_key`."""

    follow_up_key: str | None = None

    @classmethod
    def of(cls, t: Ticket, key: str | None = None) -> FiledTicketRead:
        """The new order with its follow-up key (if any)."""
        return cls.model_validate({**TicketRead.of(t).model_dump(), "follow_up_key": key})
