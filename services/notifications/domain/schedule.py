"""When a push delivery is first due: now, after the recipient's quiet hours, or at their digest.

Severities: `critical` (food-safety violations, SLA breaches: at once, whatever the hour, and
acknowledged), `warning` (at once, but held through quiet hours), `info` (held through quiet
hours, and gathered into the daily digest for those who asked for one). Times are computed in
the campus time zone, so "22:00–07:00" means the campus's night whatever the server's zone. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from services.notifications.domain.directory import Person, QuietHours

Severity = Literal["info", "warning", "critical"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "critical")


@dataclass(frozen=True)
class Due:
    """The first `next_attempt_at` of a push line, and why it is not now (None: it is now)."""

    at: datetime
    reason: str | None = None
    hold: str | None = None


def in_quiet(hours: QuietHours, local: time) -> bool:
    """Whether a local time of day falls inside the window (start included, end excluded)."""
    if hours.start == hours.end:
        return False
    if hours.start < hours.end:
        return hours.start <= local < hours.end
    return local >= hours.start or local < hours.end


def quiet_end(hours: QuietHours, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The end of the quiet window `now` is in, or None when it is not in one."""
    local = now.astimezone(zone)
    if not in_quiet(hours, local.time()):
        return None
    end = datetime.combine(local.date(), hours.end, tzinfo=zone)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(now.tzinfo)


def next_digest(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next digest time after `now` (today's if it has not passed, else tomorrow's)."""
    local = now.astimezone(zone)
    when = datetime.combine(local.date(), at, tzinfo=zone)
    if when <= local:
        when = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=zone)
    return when.astimezone(now.tzinfo)


def first_due(
    person: Person | None,
    severity: Severity,
    *,
    now: datetime,
    zone: ZoneInfo,
    digest_at: time,
) -> Due:
    """When a push line to `person` of this severity is first due, and the reason it waits."""
    if person is None or severity == "critical":
        return Due(now)
    if severity == "info" and person.digest:
        when = next_digest(now, digest_at, zone)
        return Due(when, f"in the daily digest at {digest_at:%H:%M}", hold="digest")
    if person.quiet_hours is not None:
        end = quiet_end(person.quiet_hours, now, zone)
        if end is not None:
            window = f"{person.quiet_hours.start:%H:%M}–{person.quiet_hours.end:%H:%M}"
            return Due(end, f"held for quiet hours {window}")
    return Due(now)
