"""HTTP schemas of the technician register and the roster dispatchers assign from."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import In
from services.maintenance.domain.technicians import RosterEntry, Technician
from shared.types import line


class TechnicianPut(In):
    """A register entry: the technician's campus, the name dispatchers know them by, and
    whether they take work now (false: on leave, off sick, left)."""

    campus_id: str = Field(pattern=CODE_PATTERN)
    name: line(60)  # type: ignore[valid-type]
    active: bool = True


class TechnicianRead(BaseModel):
    """A register entry."""

    id: str
    campus_id: str
    name: str
    active: bool

    @classmethod
    def of(cls, t: Technician) -> TechnicianRead:
        """The view of an entry."""
        return cls(id=t.id, campus_id=t.campus_id, name=t.name, active=t.active)


class TeamRef(BaseModel):
    """A team a technician belongs to."""

    id: str
    name: str


class RosterRead(BaseModel):
    """A technician as the dispatcher's picker shows them."""

    id: str
    campus_id: str
    name: str | None = Field(description="null: a team member not on the register yet")
    active: bool
    registered: bool
    teams: list[TeamRef]
    open_orders: int = Field(description="assigned, in progress, on hold or reopened")

    @classmethod
    def of(cls, e: RosterEntry) -> RosterRead:
        """The view of a roster entry."""
        return cls(
            id=e.id,
            campus_id=e.campus_id,
            name=e.name,
            active=e.active,
            registered=e.registered,
            teams=[TeamRef(id=t.id, name=t.name) for t in e.teams],
            open_orders=e.open_orders,
        )


class RosterList(BaseModel):
    """The technicians of a campus, by name."""

    items: list[RosterRead]
