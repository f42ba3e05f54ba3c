"""What a list of work orders shows of each: a row read straight from the stored document,
without the history a whole ticket is rebuilt from (a page of 50 parses no steps). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TicketRow:
    """One order in a list; times are the stored fixed-width ISO UTC strings."""

    id: str
    status: str
    campus_id: str
    building_id: str
    location_id: str
    category: str
    priority: str
    channel: str
    description: str
    created_at: str
    updated_at: str
    floor: int | None = None
    room_id: str | None = None
    asset_tag: str | None = None
    requester_id: str | None = None
    contact: dict[str, str] | None = None
    assignee_id: str | None = None
    assignee_kind: str | None = None
    team_id: str | None = None
    contractor_id: str | None = None
    rating: int | None = None
    resolved_at: str | None = None
    sla_due: dict[str, str | None] = field(default_factory=dict)
    sla_risk: dict[str, str | None] = field(default_factory=dict)
    breached: frozenset[str] = frozenset()
    photos: int = 0
    correlation_id: str | None = None
