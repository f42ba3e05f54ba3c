"""Preventive maintenance schedules: occurrences by interval or fixed yearly dates. Pure.

Extinguisher inspection every May (灭火器年检), heating checks before winter (暖气管道排查):
a schedule yields dated occurrences, and each occurrence becomes one work order `lead_days`
ahead of its date. "Never twice" is the store's job (a unique key per schedule and date);
this module only says which occurrences are due.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from services.maintenance.domain.vocabulary import Category, Priority

#: One call never yields more than this many occurrences (a schedule started long ago).
MAX_PER_CALL = 100


@dataclass(frozen=True)
class Schedule:
    """A recurring job at one place."""

    id: str
    name: str
    campus_id: str
    building_id: str
    location_id: str
    category: Category
    priority: Priority
    description: str
    kind: Literal["interval", "yearly"]
    start: date
    interval_days: int | None = None
    #: (month, day) pairs for yearly schedules; 29 February falls on the 28th in common years.
    dates: tuple[tuple[int, int], ...] = ()
    lead_days: int = 14
    asset_tag: str | None = None
    active: bool = True
    #: The day the schedule was first saved: occurrences before it get no order.
    created_on: date | None = None
    #: The last occurrence whose order exists (the generation cursor).
    generated_through: date | None = None
    version: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind == "interval" and (self.interval_days is None or self.interval_days < 1):
            raise ValueError("an interval schedule needs interval_days >= 1")
        if self.kind == "yearly":
            if not self.dates:
                raise ValueError("a yearly schedule needs at least one date")
            for month, day in self.dates:
                if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
                    raise ValueError(f"not a calendar date: {month:02d}-{day:02d}")
        if self.lead_days < 0:
            raise ValueError("lead_days must not be negative")


def generated(schedule: Schedule, through: date) -> Schedule:
    """The schedule with its orders generated through `through`."""
    return replace(schedule, generated_through=through)


def _yearly(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrences(schedule: Schedule, since: date, until: date) -> list[date]:
    """Occurrence dates in [since, until], never before the schedule's start, in order."""
    since = max(since, schedule.start)
    if until < since:
        return []
    found: list[date] = []
    if schedule.kind == "interval":
        assert schedule.interval_days is not None
        step = schedule.interval_days
        k = max(0, -(-(since - schedule.start).days // step))  # ceil division
        current = schedule.start + timedelta(days=k * step)
        while current <= until and len(found) < MAX_PER_CALL:
            found.append(current)
            current += timedelta(days=step)
        return found
    for year in range(since.year, until.year + 1):
        for month, day in sorted(schedule.dates):
            when = _yearly(year, month, day)
            if since <= when <= until:
                found.append(when)
    return sorted(set(found))[:MAX_PER_CALL]


def due_occurrences(schedule: Schedule, today: date, generated_through: date | None) -> list[date]:
    """Occurrences whose order should exist by `today` and was not generated yet (none from
    before the schedule was created: a schedule saved today does not reach into the past)."""
    if not schedule.active:
        return []
    since = max(schedule.start, schedule.created_on or schedule.start)
    if generated_through is not None:
        since = max(since, generated_through + timedelta(days=1))
    return occurrences(schedule, since, today + timedelta(days=schedule.lead_days))
