"""The day's roster of food handlers (排班), and the shifts that start with people unchecked.

A canteen plans each day's shifts: when each starts (campus time) and who works it. Nobody is
rostered who may not handle food that day — an expired or missing health certificate
(食品安全法 第45条, `staff.clearance`) or a failed morning check that day (晨检: a failed check
keeps the person off food handling for the day). Once a shift's start time has passed, the
people on it not yet checked are told once (`canteen.morning_check.missing.v1`); the told mark
lives on the shift in the store, so a restart or a second replica tells nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.canteen.domain.staff import StaffMember, clearance
from services.canteen.events import MorningCheckMissing, PersonData, RosterUpdated, ShiftData
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: A roster may be planned this many days ahead.
AHEAD_DAYS = 31


@dataclass(frozen=True)
class Shift:
    """One shift: its start (campus time), the people on it, and whether missing was told."""

    shift_id: str
    name: str
    starts_at: time
    staff_ids: tuple[str, ...]
    missing_told: bool = False

    def starts(self, day: date, zone: ZoneInfo) -> datetime:
        """The moment the shift starts."""
        return datetime.combine(day, self.starts_at, tzinfo=zone)


def refusals(
    shifts: tuple[Shift, ...],
    members: dict[str, StaffMember],
    *,
    canteen_id: str,
    day: date,
    failed: set[str],
) -> list[dict[str, str]]:
    """Each rostered person who may not work that day, with the reason."""
    refused: list[dict[str, str]] = []
    for staff_id in sorted({s for shift in shifts for s in shift.staff_ids}):
        member = members.get(staff_id)
        if member is None or member.canteen_id != canteen_id:
            refused.append({"staff_id": staff_id, "reason": f"not a food handler of {canteen_id}"})
            continue
        reasons = clearance(member, day)
        if staff_id in failed:
            reasons.append("failed the morning check that day")
        if reasons:
            refused.append({"staff_id": staff_id, "reason": "; ".join(reasons)})
    return refused


@dataclass
class Roster(Aggregate):
    """The shifts of one canteen on one day."""

    canteen_id: str
    day: date
    shifts: tuple[Shift, ...]
    updated_at: datetime
    updated_by: str
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store."""
        return self.version is None

    @classmethod
    def plan(
        cls,
        canteen_id: str,
        day: date,
        shifts: tuple[Shift, ...],
        *,
        members: dict[str, StaffMember],
        failed: set[str],
        today: date,
        at: datetime,
        by: str,
    ) -> Roster:
        """A new day's roster; refuses anyone who may not handle food that day."""
        roster = cls(canteen_id, day, (), at, by)
        roster._set(shifts, members=members, failed=failed, today=today)
        roster._told(created=True)
        return roster

    def revise(
        self,
        shifts: tuple[Shift, ...],
        *,
        members: dict[str, StaffMember],
        failed: set[str],
        today: date,
        at: datetime,
        by: str,
    ) -> bool:
        """Replace the shifts (a shift keeps its told mark); False when nothing changed."""
        told = {s.shift_id for s in self.shifts if s.missing_told}
        shifts = tuple(replace(s, missing_told=s.shift_id in told) for s in shifts)
        if shifts == self.shifts:
            return False
        self._set(shifts, members=members, failed=failed, today=today)
        self.updated_at, self.updated_by = at, by
        self._told(created=False)
        return True

    def _set(
        self,
        shifts: tuple[Shift, ...],
        *,
        members: dict[str, StaffMember],
        failed: set[str],
        today: date,
    ) -> None:
        if self.day < today or (self.day - today).days > AHEAD_DAYS:
            raise Invalid(f"a roster is for today or up to {AHEAD_DAYS} days ahead", field="day")
        if len({s.shift_id for s in shifts}) != len(shifts):
            raise Invalid("each shift_id appears once", field="shifts")
        refused = refusals(shifts, members, canteen_id=self.canteen_id, day=self.day, failed=failed)
        if refused:
            names = ", ".join(f"{r['staff_id']} ({r['reason']})" for r in refused)
            raise Invalid(
                f"may not handle food on {self.day}: {names}", field="shifts", refused=refused
            )
        self.shifts = tuple(sorted(shifts, key=lambda s: (s.starts_at, s.shift_id)))

    def shifts_of(self, staff_id: str) -> tuple[Shift, ...]:
        """The shifts a person works that day."""
        return tuple(s for s in self.shifts if staff_id in s.staff_ids)

    @property
    def rostered(self) -> set[str]:
        """Everyone on a shift that day."""
        return {s for shift in self.shifts for s in shift.staff_ids}

    def tell_missing(
        self, *, now: datetime, zone: ZoneInfo, checked: set[str], names: dict[str, str]
    ) -> list[Shift]:
        """Shifts that started with people unchecked, not yet told: tell each once."""
        told: list[Shift] = []
        shifts = list(self.shifts)
        for i, shift in enumerate(shifts):
            if shift.missing_told or now < shift.starts(self.day, zone):
                continue
            unchecked = [s for s in shift.staff_ids if s not in checked]
            if not unchecked:
                continue
            shifts[i] = replace(shift, missing_told=True)
            told.append(shifts[i])
            self.record(
                MorningCheckMissing(
                    canteen_id=self.canteen_id,
                    day=self.day.isoformat(),
                    shift_id=shift.shift_id,
                    shift_name=shift.name,
                    starts_at=shift.starts_at.strftime("%H:%M"),
                    unchecked=tuple(
                        PersonData(staff_id=s, name=names.get(s, s)) for s in unchecked
                    ),
                )
            )
        self.shifts = tuple(shifts)
        return told

    def _told(self, *, created: bool) -> None:
        self.record(
            RosterUpdated(
                canteen_id=self.canteen_id,
                day=self.day.isoformat(),
                shifts=tuple(
                    ShiftData(
                        shift_id=s.shift_id,
                        name=s.name,
                        starts_at=s.starts_at.strftime("%H:%M"),
                        staff_ids=s.staff_ids,
                    )
                    for s in self.shifts
                ),
                created=created,
            )
        )
