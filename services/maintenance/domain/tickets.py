"""The work order and its state machine. Pure: methods change state and record events.

opened → triaged → assigned → in_progress ⇄ on_hold → resolved → closed (rated) | reopened,
reopened → assigned | in_progress; assigned / in_progress / on_hold → assigned (reassignment).
Anything else is a `Conflict` naming the status and the statuses the action is allowed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.maintenance import events as ev
from services.maintenance.domain.sla import ClockName
from services.maintenance.domain.ticket_clocks import Breach, SlaClocks
from services.maintenance.domain.ticket_parts import (
    HOLD_REASONS,
    TRANSITIONS,
    Assignment,
    Photo,
    Step,
)
from services.maintenance.domain.vocabulary import (
    Category,
    Channel,
    Priority,
    Status,
)
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


@dataclass
class Ticket(SlaClocks, Aggregate):
    """A work order (工单)."""

    id: str
    campus_id: str
    building_id: str
    location_id: str
    category: Category
    priority: Priority
    channel: Channel
    description: str
    created_at: datetime
    floor: int | None = None
    room_id: str | None = None
    asset_tag: str | None = None
    requester_id: str | None = None
    contact: dict[str, str] | None = None
    status: Status = Status.OPENED
    assignment: Assignment | None = None
    rating: int | None = None
    comment: str | None = None
    steps: list[Step] = field(default_factory=list)
    breaches: dict[ClockName, Breach] = field(default_factory=dict)
    photos: list[Photo] = field(default_factory=list)
    source_event_id: str | None = None
    source_key: str | None = None
    location_verified: bool = True
    #: The correlation id of the opening: every later step of the order joins that story.
    correlation_id: str | None = None
    sla_due: dict[ClockName, datetime | None] = field(default_factory=dict)
    sla_risk: dict[ClockName, datetime | None] = field(default_factory=dict)
    sla_next_check: datetime | None = None
    version: int | None = None

    @classmethod
    def open(cls, *, by: str | None = None, **fields: Any) -> Ticket:
        """A new order in status opened, filed `by` someone (default: the requester)."""
        ticket = cls(**fields)
        filer = by if by is not None else ticket.requester_id
        ticket.steps.append(Step("opened", Status.OPENED, ticket.created_at, filer))
        ticket.record(
            ev.TicketOpened(
                ticket_id=ticket.id,
                campus_id=ticket.campus_id,
                building_id=ticket.building_id,
                category=ticket.category,
                priority=ticket.priority,
                channel=ticket.channel,
                description=ticket.description,
                floor=ticket.floor,
                room_id=ticket.room_id,
                location_id=ticket.location_id,
                asset_tag=ticket.asset_tag,
                requester_id=ticket.requester_id,
                # Only a requester without an account hears of the order through its contact;
                # it travels in this event only, never in the later ones.
                contact=ticket.contact if ticket.requester_id is None else None,
                source_event_id=ticket.source_event_id,
            )
        )
        return ticket

    # -- derived times -------------------------------------------------------------------

    def first(self, action: str) -> Step | None:
        """The earliest step of this action."""
        return next((s for s in self.steps if s.action == action), None)

    def last(self, action: str) -> Step | None:
        """The latest step of this action."""
        return next((s for s in reversed(self.steps) if s.action == action), None)

    @property
    def responded_at(self) -> datetime | None:
        """When the order was first assigned (the response clock stops there)."""
        step = self.first("assigned")
        return step.at if step else None

    @property
    def resolved_at(self) -> datetime | None:
        """When the order was last resolved, while it stays resolved or closed."""
        if self.status not in (Status.RESOLVED, Status.CLOSED):
            return None
        step = self.last("resolved")
        return step.at if step else None

    @property
    def closed_at(self) -> datetime | None:
        """When the order was closed."""
        step = self.last("closed") if self.status is Status.CLOSED else None
        return step.at if step else None

    @property
    def updated_at(self) -> datetime:
        """The time of the latest step."""
        return self.steps[-1].at if self.steps else self.created_at

    @property
    def assignee_id(self) -> str | None:
        """Who carries the order now."""
        return self.assignment.assignee_id if self.assignment else None

    # -- transitions ---------------------------------------------------------------------

    def _move(self, action: str, at: datetime, by: str | None, **step: Any) -> Status:
        allowed, target, _ = TRANSITIONS[action]
        if self.status not in allowed:
            raise Conflict(
                f"cannot {action} ticket {self.id}: it is {self.status}; "
                f"{action} is allowed from {', '.join(sorted(allowed))}",
                ticket_id=self.id,
                ticket_status=str(self.status),
                action=action,
            )
        if at < self.updated_at:
            raise Conflict(f"cannot {action} ticket {self.id} at a time before its last change")
        previous = self.status
        assert target is not None
        self.status = target
        self.steps.append(Step(action=TRANSITIONS[action][2], status=target, at=at, by=by, **step))
        return previous

    def _common(self, previous: Status) -> dict[str, Any]:
        return {
            "ticket_id": self.id,
            "building_id": self.building_id,
            "status": self.status,
            "previous_status": previous,
            "campus_id": self.campus_id,
            "category": self.category,
            "priority": self.priority,
            "requester_id": self.requester_id,
            "assignee_id": self.assignee_id,
        }

    def add_photos(self, photos: list[Photo]) -> None:
        """Attach stored photos to an order that is not closed; records `photos_added`."""
        if self.status is Status.CLOSED:
            raise Conflict(f"ticket {self.id} is closed")
        self.photos.extend(photos)
        self.record(
            ev.TicketPhotosAdded(
                ticket_id=self.id,
                building_id=self.building_id,
                campus_id=self.campus_id,
                status=self.status,
                photos=[
                    {
                        "photo_id": p.id,
                        "sha256": p.sha256,
                        "content_type": p.content_type,
                        "size": p.size,
                    }
                    for p in photos
                ],
            )
        )

    def triage(
        self,
        *,
        at: datetime,
        by: str | None,
        priority: Priority | None = None,
        category: Category | None = None,
        note: str | None = None,
    ) -> None:
        """Confirm (or correct) category and priority."""
        previous = self._move("triage", at, by, note=note)
        self.priority = priority or self.priority
        self.category = category or self.category
        self.record(ev.TicketTriaged(**self._common(previous), note=note))

    def assign(
        self, assignment: Assignment, *, at: datetime, by: str | None, reason: str | None = None
    ) -> None:
        """Give the order to someone (first assignment, or reassignment)."""
        before = self.assignment
        if (
            before is not None
            and self.status is not Status.REOPENED
            and before.assignee_id == assignment.assignee_id
            and before.kind == assignment.kind
        ):
            raise Conflict(f"ticket {self.id} is already assigned to {assignment.assignee_id}")
        previous = self._move("assign", at, by, assignee_kind=assignment.kind, note=reason)
        self.assignment = assignment
        self.record(
            ev.TicketAssigned(
                **self._common(previous),
                assignee_kind=assignment.kind,
                team_id=assignment.team_id,
                contractor_id=assignment.contractor_id,
                previous_assignee_id=before.assignee_id if before else None,
                reason=reason,
            )
        )

    def start(self, *, at: datetime, by: str | None) -> None:
        """The assignee begins the work."""
        if self.assignment is None:
            raise Conflict(f"cannot start ticket {self.id}: nobody is assigned")
        previous = self._move("start", at, by)
        self.record(ev.TicketStarted(**self._common(previous)))

    def hold(self, *, at: datetime, by: str | None, reason: str, note: str | None = None) -> None:
        """Pause the work (waiting for parts or the requester)."""
        if reason not in HOLD_REASONS:
            raise Invalid(f"hold reason must be one of {', '.join(HOLD_REASONS)}", field="reason")
        previous = self._move("hold", at, by, note=f"{reason}: {note}" if note else reason)
        self.record(ev.TicketPutOnHold(**self._common(previous), reason=reason, note=note))

    def resume(self, *, at: datetime, by: str | None) -> None:
        """Continue after a hold."""
        previous = self._move("resume", at, by)
        self.record(ev.TicketResumed(**self._common(previous)))

    def resolve(self, *, at: datetime, by: str | None, note: str | None = None) -> None:
        """Report the fault fixed."""
        previous = self._move("resolve", at, by, note=note)
        self.record(ev.TicketResolved(**self._common(previous), note=note))

    def close(
        self, *, at: datetime, by: str | None, rating: int, comment: str | None = None
    ) -> None:
        """The requester accepts the repair with a 1–5 rating."""
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise Invalid("rating must be an integer from 1 to 5", field="rating")
        previous = self._move("close", at, by, note=comment)
        self.rating, self.comment = rating, comment
        self.record(
            ev.TicketClosed(**self._common(previous), rating=rating, comment=comment, auto=False)
        )

    def auto_close(self, *, at: datetime, after: timedelta) -> bool:
        """Close a resolved order nobody answered within `after`; False if not due yet."""
        resolved = self.resolved_at
        if self.status is not Status.RESOLVED or resolved is None or at - resolved < after:
            return False
        previous = self._move("close", at, None, note="auto-closed: no answer from the requester")
        self.record(ev.TicketClosed(**self._common(previous), auto=True))
        return True

    def reopen(self, *, at: datetime, by: str | None, reason: str) -> None:
        """The requester says the fault is not fixed."""
        previous = self._move("reopen", at, by, note=reason)
        self.record(ev.TicketReopened(**self._common(previous), reason=reason))
