"""Service-level targets and clocks: pure arithmetic over a ticket's running intervals.

A clock is a list of segments (start, end or None while running). Time spent outside the
segments (on hold, resolved-then-reopened) does not count. A clock is breached when its budget
is used up: `due_at(...) <= now`. The same rule catches a late answer found after the fact
(the clock stopped, but past its due moment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from services.maintenance.domain.calendar import WorkingCalendar
from services.maintenance.domain.vocabulary import Category, Priority

Unit = Literal["hours", "business_hours", "business_days"]
ClockName = Literal["response", "resolution", "contractor"]
CLOCKS: tuple[ClockName, ...] = ("response", "resolution", "contractor")
Segment = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class Target:
    """A time budget: calendar hours, or business hours / days on the working calendar."""

    amount: float
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("an SLA target must be positive")

    @property
    def business(self) -> bool:
        """True when the budget runs on the working calendar only."""
        return self.unit != "hours"

    def seconds(self, calendar: WorkingCalendar) -> float:
        """The budget in (working or calendar) seconds."""
        if self.unit == "business_days":
            return self.amount * calendar.seconds_per_day
        return self.amount * 3600.0

    def to_doc(self) -> dict[str, Any]:
        """JSON form for storage."""
        return {"amount": self.amount, "unit": self.unit}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Target:
        """Inverse of `to_doc`."""
        return cls(float(doc["amount"]), doc["unit"])


@dataclass(frozen=True)
class PriorityTargets:
    """The response and resolution budgets of one priority."""

    response: Target
    resolution: Target


#: What campuses publish: emergencies answered within 1 hour, urgent within 24 hours, high
#: within 48 (business) hours, routine work completed within 15 business days.
DEFAULT_TARGETS: dict[Priority, PriorityTargets] = {
    Priority.EMERGENCY: PriorityTargets(Target(1, "hours"), Target(24, "hours")),
    Priority.URGENT: PriorityTargets(Target(24, "hours"), Target(72, "hours")),
    Priority.HIGH: PriorityTargets(Target(48, "business_hours"), Target(10, "business_days")),
    Priority.ROUTINE: PriorityTargets(Target(3, "business_days"), Target(15, "business_days")),
}


@dataclass(frozen=True)
class EscalationRule:
    """Who hears of a breach: the most specific rule (campus and category) wins."""

    target: str
    campus_id: str | None = None
    category: Category | None = None

    def specificity(self) -> int:
        """2 for campus + category, 1 for one of them, 0 for a catch-all."""
        return int(self.campus_id is not None) + int(self.category is not None)


#: A running clock is "at risk" in the last quarter of its budget. A share rather than a fixed
#: number of hours, so that it means the same for a 1-hour emergency answer (the last 15
#: minutes) and a 15-business-day routine repair (the last 3.75 working days).
DEFAULT_AT_RISK_SHARE = 0.25


@dataclass(frozen=True)
class SlaPolicy:
    """Everything SLA arithmetic needs: the calendar, the targets, the escalation routes, and
    the share of a budget whose last part counts as at risk."""

    calendar: WorkingCalendar
    targets: Mapping[Priority, PriorityTargets]
    contractor_default: Target = Target(24, "business_hours")
    escalations: Sequence[EscalationRule] = ()
    default_escalation: str = "logistics-duty-officer"
    at_risk_share: float = DEFAULT_AT_RISK_SHARE

    def __post_init__(self) -> None:
        if not 0 < self.at_risk_share < 1:
            raise ValueError("the at-risk share of a budget is between 0 and 1 (exclusive)")

    def warning(self, target: Target) -> Target:
        """The part of a budget used when the clock becomes at risk."""
        return Target(target.amount * (1 - self.at_risk_share), target.unit)

    def target(self, priority: Priority, clock: ClockName, contractor: Target | None) -> Target:
        """The budget of one clock of an order of this priority."""
        if clock == "contractor":
            return contractor or self.contractor_default
        targets = self.targets[priority]
        return targets.response if clock == "response" else targets.resolution

    def escalation_target(self, campus_id: str, category: Category) -> str:
        """The person or role a breach escalates to."""
        matching = [
            rule
            for rule in self.escalations
            if rule.campus_id in (None, campus_id) and rule.category in (None, category)
        ]
        if not matching:
            return self.default_escalation
        return max(matching, key=EscalationRule.specificity).target


def _span(start: datetime, end: datetime, business: bool, calendar: WorkingCalendar) -> float:
    if business:
        return calendar.business_seconds(start, end)
    return max(0.0, (end - start).total_seconds())


def _advance(
    start: datetime, seconds: float, business: bool, calendar: WorkingCalendar
) -> datetime:
    if business:
        return calendar.add_business(start, seconds)
    return start + timedelta(seconds=seconds)


def consumed(
    segments: Sequence[Segment], now: datetime, target: Target, calendar: WorkingCalendar
) -> float:
    """Seconds of the budget used up to `now`."""
    total = 0.0
    for start, end in segments:
        stop = now if end is None else min(end, now)
        total += _span(start, stop, target.business, calendar)
    return total


def due_at(
    segments: Sequence[Segment], target: Target, calendar: WorkingCalendar
) -> datetime | None:
    """When the budget runs out; None while paused or stopped with budget left."""
    remaining = target.seconds(calendar)
    for start, end in segments:
        if end is None:
            return _advance(start, remaining, target.business, calendar)
        used = _span(start, end, target.business, calendar)
        if used >= remaining:
            return _advance(start, remaining, target.business, calendar)
        remaining -= used
    return None
