"""The parts of a work order: the transition table of its state machine, a step of its history,
its assignment and its photos (`domain.tickets` holds the order itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.maintenance.domain.sla import Target
from services.maintenance.domain.vocabulary import AssigneeKind, Status

#: action -> (statuses it is allowed from, status it leads to, event type suffix)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None, str]] = {
    "triage": (frozenset({Status.OPENED}), Status.TRIAGED, "triaged"),
    "assign": (
        frozenset(
            {Status.TRIAGED, Status.REOPENED, Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD}
        ),
        Status.ASSIGNED,
        "assigned",
    ),
    "start": (frozenset({Status.ASSIGNED, Status.REOPENED}), Status.IN_PROGRESS, "started"),
    "hold": (frozenset({Status.IN_PROGRESS}), Status.ON_HOLD, "put_on_hold"),
    "resume": (frozenset({Status.ON_HOLD}), Status.IN_PROGRESS, "resumed"),
    "resolve": (frozenset({Status.IN_PROGRESS}), Status.RESOLVED, "resolved"),
    "close": (frozenset({Status.RESOLVED}), Status.CLOSED, "closed"),
    "reopen": (frozenset({Status.RESOLVED}), Status.REOPENED, "reopened"),
}
HOLD_REASONS = ("parts", "requester", "access", "contractor", "other")


@dataclass
class Step:
    """One transition in a ticket's history."""

    action: str
    status: Status
    at: datetime
    by: str | None
    assignee_kind: AssigneeKind | None = None
    note: str | None = None


@dataclass
class Assignment:
    """Who carries the order now."""

    kind: AssigneeKind
    assignee_id: str
    team_id: str | None = None
    contractor_id: str | None = None
    contractor_target: Target | None = None


@dataclass
class Photo:
    """A stored photo of the fault (content-addressed file under the service's data dir)."""

    id: str
    sha256: str
    content_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str | None
