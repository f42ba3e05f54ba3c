"""The technician register: the names dispatchers give orders to, and who is away. Pure.

A technician is the user id of their token (the `sub` the services see) with the name the
maintenance centre's roster (维修班组花名册) gives them and whether they take work now. Teams
(`domain/dispatch.py`) say which trade they work in; the register says who they are. Every
change records an event, so audit can say who renamed whom or sent whom on leave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from services.maintenance import events as ev
from services.maintenance.domain.dispatch import Team
from shared.aggregate import Aggregate


@dataclass
class Technician(Aggregate):
    """One entry of the register."""

    id: str
    campus_id: str
    name: str
    active: bool = True
    version: int | None = field(default=None, compare=False)

    @classmethod
    def register(cls, *, id: str, campus_id: str, name: str, active: bool = True) -> Technician:
        """A new entry, recording `technician.registered`."""
        entry = cls(id, campus_id, name, active)
        entry.record(ev.TechnicianRegistered(**entry._fields()))
        return entry

    def change(self, *, campus_id: str, name: str, active: bool) -> bool:
        """Take the values given; records `technician.changed` naming what changed (False and
        nothing recorded when every value is the same)."""
        wanted = {"campus_id": campus_id, "name": name, "active": active}
        changed = sorted(k for k, v in wanted.items() if getattr(self, k) != v)
        if not changed:
            return False
        self.campus_id, self.name, self.active = campus_id, name, active
        self.record(ev.TechnicianChanged(**self._fields(), changed=changed))
        return True

    def _fields(self) -> dict[str, object]:
        return {
            "technician_id": self.id,
            "campus_id": self.campus_id,
            "name": self.name,
            "active": self.active,
        }


@dataclass(frozen=True)
class RosterEntry:
    """A technician as the dispatcher's picker shows them: name, teams and open orders.

    A team member nobody has put on the register yet is shown too (`registered` False, no
    name), so that the dispatcher sees whom to name rather than losing them from the list.
    """

    id: str
    campus_id: str
    name: str | None
    active: bool
    registered: bool
    teams: tuple[Team, ...]
    open_orders: int


def roster(
    campus_id: str,
    register: Iterable[Technician],
    teams: Sequence[Team],
    workload: Mapping[str, int],
) -> list[RosterEntry]:
    """Every technician of a campus's register or teams, by name (the unnamed last), then id."""
    known = {t.id: t for t in register}
    ids = set(known) | {m for team in teams for m in team.members}
    entries = []
    for tech_id in ids:
        entry = known.get(tech_id)
        entries.append(
            RosterEntry(
                id=tech_id,
                campus_id=entry.campus_id if entry else campus_id,
                name=entry.name if entry else None,
                active=entry.active if entry else True,
                registered=entry is not None,
                teams=tuple(team for team in teams if tech_id in team.members),
                open_orders=int(workload.get(tech_id, 0)),
            )
        )
    return sorted(entries, key=lambda e: (e.name is None, e.name or "", e.id))
