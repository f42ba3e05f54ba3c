"""A working calendar: business hours, weekends, holidays and make-up workdays (调休). Pure.

SLA clocks of routine work run in business time: a request filed on Friday evening does not
start eating its budget until Monday morning. Emergencies run in calendar time instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: A calendar with no working day in this many days is a configuration error, not a long wait.
_MAX_DAYS_SEARCHED = 3700


@dataclass(frozen=True)
class WorkingCalendar:
    """When work happens: daily windows in local time on workdays, minus holidays."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    windows: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(14), time(18)))
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: frozenset[date] = frozenset()
    #: Weekend days worked to make up for a long holiday (调休), as Chinese calendars do.
    extra_workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.windows:
            raise ValueError("a working calendar needs at least one daily window")
        previous_end: time | None = None
        for start, end in self.windows:
            if start >= end:
                raise ValueError(f"window {start}-{end} ends before it starts")
            if previous_end is not None and start < previous_end:
                raise ValueError("windows must be sorted and must not overlap")
            previous_end = end
        if not self.workdays and not self.extra_workdays:
            raise ValueError("a working calendar needs at least one workday")

    @property
    def seconds_per_day(self) -> float:
        """Working seconds in one full workday."""
        return sum(_seconds(start, end) for start, end in self.windows)

    def is_workday(self, day: date) -> bool:
        """True when `day` (local) is worked."""
        if day in self.extra_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() in self.workdays

    def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working intervals of one local day, as aware UTC datetimes."""
        if not self.is_workday(day):
            return []
        return [
            (
                datetime.combine(day, start, self.tz).astimezone(UTC),
                datetime.combine(day, end, self.tz).astimezone(UTC),
            )
            for start, end in self.windows
        ]

    def business_seconds(self, start: datetime, end: datetime) -> float:
        """Working seconds between two instants (0 when end is not after start)."""
        if end <= start:
            return 0.0
        total = 0.0
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            for lo, hi in self.intervals(day):
                overlap = (min(hi, end) - max(lo, start)).total_seconds()
                if overlap > 0:
                    total += overlap
            day += timedelta(days=1)
        return total

    def add_business(self, start: datetime, seconds: float) -> datetime:
        """The instant `seconds` of working time after `start`."""
        if seconds < 0:
            raise ValueError("cannot add negative working time")
        remaining = seconds
        day = start.astimezone(self.tz).date()
        for _ in range(_MAX_DAYS_SEARCHED):
            for lo, hi in self.intervals(day):
                begin = max(lo, start)
                if hi <= begin:
                    continue
                available = (hi - begin).total_seconds()
                if remaining <= available:
                    return begin + timedelta(seconds=remaining)
                remaining -= available
            day += timedelta(days=1)
        raise ValueError("no working time found within ten years: check the calendar")

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself if inside working hours, else the start of the next window."""
        return self.add_business(moment, 0.0)


def _seconds(start: time, end: time) -> float:
    return (datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds()


def parse_hhmm(text: str) -> time:
    """`"08:30"` -> time(8, 30); ValueError on anything else."""
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"expected HH:MM, got {text!r}")
    h, m = int(hours), int(minutes)
    if h == 24 and m == 0:
        return time.max
    return time(h, m)
