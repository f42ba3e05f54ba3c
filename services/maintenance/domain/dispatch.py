"""Who gets an order: contractor warranty first, then rules by category and building. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date

from services.maintenance.domain.sla import Target
from services.maintenance.domain.ticket_parts import Assignment
from services.maintenance.domain.vocabulary import AssigneeKind, Category
from shared.errors import Conflict


@dataclass(frozen=True)
class Rule:
    """Orders of `category` in `building_id` (None: any building of the campus) go to a
    technician or a team."""

    id: str
    campus_id: str
    category: Category
    building_id: str | None = None
    technician_id: str | None = None
    team_id: str | None = None

    def __post_init__(self) -> None:
        if (self.technician_id is None) == (self.team_id is None):
            raise ValueError("a rule names either a technician or a team")


@dataclass(frozen=True)
class Team:
    """Technicians sharing a trade; an order for the team goes to its least-loaded member."""

    id: str
    campus_id: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Contractor:
    """An outside firm (承包方) that fixes defects under warranty, with its own answer clock."""

    id: str
    name: str
    technician_id: str
    response: Target
    escalate_to: str | None = None


@dataclass(frozen=True)
class Warranty:
    """A building or asset under a contractor's warranty (保修阶段) until a date."""

    id: str
    contractor_id: str
    campus_id: str
    until: date
    building_id: str | None = None
    asset_tag: str | None = None
    categories: tuple[Category, ...] = ()

    def __post_init__(self) -> None:
        if (self.building_id is None) == (self.asset_tag is None):
            raise ValueError("a warranty covers either a building or an asset")

    def covers(self, building_id: str, asset_tag: str | None, category: Category, on: date) -> bool:
        """True when an order of this category, there, on that day, is the contractor's."""
        if on > self.until:
            return False
        if self.categories and category not in self.categories:
            return False
        if self.asset_tag is not None:
            return self.asset_tag == asset_tag
        return self.building_id == building_id


def active_warranty(
    warranties: Sequence[Warranty],
    *,
    building_id: str,
    asset_tag: str | None,
    category: Category,
    on: date,
) -> Warranty | None:
    """The warranty that covers an order; an asset's own warranty beats its building's."""
    covering = [w for w in warranties if w.covers(building_id, asset_tag, category, on)]
    covering.sort(key=lambda w: (w.asset_tag is None, w.id))
    return covering[0] if covering else None


def matching_rule(
    rules: Sequence[Rule], *, campus_id: str, building_id: str, category: Category
) -> Rule | None:
    """The rule for an order: a building-specific rule beats a campus-wide one."""
    candidates = [
        r
        for r in rules
        if r.campus_id == campus_id
        and r.category == category
        and r.building_id in (None, building_id)
    ]
    candidates.sort(key=lambda r: (r.building_id is None, r.id))
    return candidates[0] if candidates else None


def least_loaded(team: Team, workload: Mapping[str, int], away: Set[str] = frozenset()) -> str:
    """The team member carrying the fewest open orders (ties: by id, for determinism), leaving
    out those the register marks as not taking work."""
    if not team.members:
        raise Conflict(f"team {team.id} has no members to assign to")
    present = [m for m in team.members if m not in away]
    if not present:
        raise Conflict(f"every member of team {team.id} is away; name someone else")
    return min(present, key=lambda m: (workload.get(m, 0), m))


def contractor_assignment(contractor: Contractor) -> Assignment:
    """An assignment to a contractor, carrying its answer clock."""
    return Assignment(
        kind=AssigneeKind.CONTRACTOR,
        assignee_id=contractor.technician_id,
        contractor_id=contractor.id,
        contractor_target=contractor.response,
    )


def team_assignment(
    team: Team, workload: Mapping[str, int], away: Set[str] = frozenset()
) -> Assignment:
    """An assignment to the least-loaded member of a team who takes work now."""
    return Assignment(
        kind=AssigneeKind.TEAM, assignee_id=least_loaded(team, workload, away), team_id=team.id
    )


def technician_assignment(technician_id: str) -> Assignment:
    """An assignment to one named technician."""
    return Assignment(kind=AssigneeKind.TECHNICIAN, assignee_id=technician_id)
