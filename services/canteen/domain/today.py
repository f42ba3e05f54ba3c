"""Today's food-safety status of one canteen: samples, checks, inspections, temperatures, stock.

One pure summary of what the rest of the domain decided, for the manager's today page and the
ops dashboard's gauges. The status is `critical` when something the issue calls most severe
stands today — a missing sample, a failed morning check of someone on shift, a person on shift
unchecked after it started or barred by an expired certificate, a device out of range — and
`attention` for anything else open (underweight or early-discarded samples, silent devices,
overdue corrective actions, an overdue stock count, expiring stock or licences).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.canteen.domain.counts import CountStatus
from services.canteen.domain.inspections import CorrectiveAction, Inspection
from services.canteen.domain.licences import Licence, Stage, due
from services.canteen.domain.meals import Meal
from services.canteen.domain.morning_checks import MorningCheck
from services.canteen.domain.roster import Roster
from services.canteen.domain.samples import SamplePolicy, Violation, ViolationKind
from services.canteen.domain.staff import StaffMember, barriers
from services.canteen.domain.stock import Batch
from services.canteen.domain.temperatures import Device

OK, ATTENTION, CRITICAL = "ok", "attention", "critical"
LEVELS = {OK: 0, ATTENTION: 1, CRITICAL: 2}


@dataclass(frozen=True)
class Person:
    """Someone the morning-check section names, and why."""

    staff_id: str
    name: str
    detail: str
    on_shift: bool = True
    #: Symptoms of a failed check, or the codes of what bars the person (`staff.barriers`).
    codes: tuple[str, ...] = ()
    #: The shift of an unchecked person, and when it starts (campus time, HH:MM).
    shift: str | None = None
    starts_at: str | None = None


@dataclass(frozen=True)
class Checks:
    """The morning checks against the day's roster."""

    rostered: int
    checked: int
    passed: int
    failed: tuple[Person, ...]
    unchecked: tuple[Person, ...]
    barred: tuple[Person, ...]


def morning_checks(
    roster: Roster | None,
    checks: list[MorningCheck],
    staff: dict[str, StaffMember],
    *,
    day: date,
    now: datetime,
    zone: ZoneInfo,
) -> Checks:
    """Who was checked, who failed, who is still unchecked (and whether their shift started)."""
    by_staff = {c.staff_id: c for c in checks}
    rostered = roster.rostered if roster is not None else set()
    failed = tuple(
        Person(
            c.staff_id,
            c.staff_name,
            "; ".join(c.reasons),
            c.staff_id in rostered,
            codes=tuple(s.value for s in c.symptoms),
        )
        for c in checks
        if not c.passed
    )
    unchecked, barred = [], []
    for shift in roster.shifts if roster is not None else ():
        started = now >= shift.starts(day, zone)
        for staff_id in shift.staff_ids:
            member = staff.get(staff_id)
            name = member.name if member else staff_id
            found = barriers(member, day) if member else [("unknown", "no longer registered")]
            if found:
                detail = "; ".join(reason for _, reason in found)
                codes = tuple(code for code, _ in found)
                barred.append(Person(staff_id, name, detail, codes=codes))
            elif staff_id not in by_staff:
                when = "started" if started else "starts"
                start = f"{shift.starts_at:%H:%M}"
                detail = f"{shift.name} {when} at {start}"
                unchecked.append(
                    Person(staff_id, name, detail, started, shift=shift.name, starts_at=start)
                )
    return Checks(
        rostered=len(rostered),
        checked=sum(1 for c in checks if c.staff_id in rostered),
        passed=sum(1 for c in checks if c.passed),
        failed=failed,
        unchecked=tuple(unchecked),
        barred=tuple(barred),
    )


@dataclass(frozen=True)
class Today:
    """Everything the today page shows, and the level it adds up to."""

    canteen_id: str
    day: date
    computed_at: datetime
    meals: tuple[Meal, ...]
    violations: tuple[Violation, ...]
    in_fridge: int
    may_discard: int
    checks: Checks
    inspections: tuple[Inspection, ...]
    open_actions: tuple[CorrectiveAction, ...]
    devices: tuple[Device, ...]
    readings_today: int
    out_of_range_today: int
    expiring: tuple[Batch, ...]
    licences: tuple[tuple[Licence, Stage], ...]
    count: CountStatus | None
    count_interval_days: int

    @property
    def overdue_actions(self) -> tuple[CorrectiveAction, ...]:
        """Open actions past their due day."""
        return tuple(a for a in self.open_actions if a.overdue(self.day))

    def device_states(self) -> dict[str, str]:
        """Each device's state now."""
        return {d.device_id: d.state(self.computed_at) for d in self.devices}

    def count_overdue(self) -> bool:
        """Whether the store room's full count is overdue."""
        return self.count is not None and self.count.overdue(self.day, self.count_interval_days)

    def reasons(self) -> dict[str, str]:
        """What stands today, by code, with its level."""
        found: dict[str, str] = {}
        kinds = {v.kind for v in self.violations}
        if ViolationKind.MISSING in kinds:
            found["sample_missing"] = CRITICAL
        if kinds - {ViolationKind.MISSING}:
            found["sample_violation"] = ATTENTION
        if any(p.on_shift for p in self.checks.failed):
            found["morning_check_failed_on_shift"] = CRITICAL
        elif self.checks.failed:
            found["morning_check_failed"] = ATTENTION
        if any(p.on_shift for p in self.checks.unchecked):
            found["morning_check_missing"] = CRITICAL
        if self.checks.barred:
            found["rostered_without_clearance"] = CRITICAL
        states = set(self.device_states().values())
        if "out_of_range" in states:
            found["temperature_out_of_range"] = CRITICAL
        if "missing" in states:
            found["temperature_missing"] = ATTENTION
        if self.overdue_actions:
            found["corrective_action_overdue"] = ATTENTION
        if self.count_overdue():
            found["stock_count_overdue"] = ATTENTION
        if self.expiring:
            found["stock_expiring"] = ATTENTION
        if any(stage is Stage.EXPIRED for _, stage in self.licences):
            found["licence_expired"] = ATTENTION
        if any(stage is Stage.EXPIRING for _, stage in self.licences):
            found["licence_expiring"] = ATTENTION
        return found

    @property
    def status(self) -> str:
        """ok, attention or critical: the worst of the reasons."""
        levels = self.reasons().values()
        return max(levels, key=LEVELS.__getitem__, default=OK)


def fridge_figures(meals: list[Meal], *, now: datetime, policy: SamplePolicy) -> tuple[int, int]:
    """Samples still in the fridge, and how many of them have been kept long enough to go."""
    kept = [s for m in meals for s in m.samples.values() if s.discarded_at is None]
    ready = sum(1 for s in kept if now >= s.keep_until(policy.min_hours))
    return len(kept), ready


def licence_lines(licences: list[Licence], *, today: date, lead_days: int):
    """The licences the today page lists: expiring or expired."""
    return tuple(due(licences, today=today, lead_days=lead_days))
