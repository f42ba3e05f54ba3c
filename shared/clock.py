"""Time as the services see it: always UTC, injectable for tests, one string format for stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A fixed-width ISO-8601 UTC string (microseconds, 'Z'), so strings sort as times do."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every time in the platform is timezone-aware")
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except OverflowError:
        raise ValueError(f"time out of range: {moment!r}") from None


def local_day(moment: datetime, zone: ZoneInfo | str) -> date:
    """The calendar day of a moment in a time zone (the campus's "today")."""
    return moment.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone).date()


def parse_iso(text: str) -> datetime:
    """Inverse of `iso` (accepts any ISO-8601 string with an offset)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text}")
    return moment.astimezone(UTC)


class FrozenClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        """Move forward by a timedelta's keyword arguments (hours=2, days=1, ...)."""
        self.now = self.now + timedelta(**kwargs)
