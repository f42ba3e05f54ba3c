"""HTTP schemas of preventive schedules."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import In
from services.maintenance.domain.preventive import Schedule
from services.maintenance.domain.vocabulary import Category, Priority
from shared.types import Day, line, text


class SchedulePut(In):
    """A preventive schedule: every N days, or on fixed dates each year (MM-DD)."""

    name: line(120)  # type: ignore[valid-type]
    location_id: str = Field(pattern=CODE_PATTERN)
    asset_tag: str | None = Field(default=None, pattern=CODE_PATTERN)
    category: Category
    priority: Priority = Priority.ROUTINE
    description: text(2000, 0) = ""  # type: ignore[valid-type]
    kind: Literal["interval", "yearly"]
    interval_days: int | None = Field(default=None, ge=1, le=3660)
    dates: list[str] = Field(default=[], max_length=24)
    start: Day
    lead_days: int = Field(default=14, ge=0, le=365)
    active: bool = True

    @field_validator("dates")
    @classmethod
    def _month_days(cls, value: list[str]) -> list[str]:
        for day in value:
            if len(day) != 5 or day[2] != "-" or not (day[:2] + day[3:]).isdigit():
                raise ValueError(f"dates are MM-DD, got {day!r}")
        return value

    def month_days(self) -> tuple[tuple[int, int], ...]:
        """The yearly dates as (month, day) pairs."""
        return tuple((int(d[:2]), int(d[3:])) for d in self.dates)


class ScheduleRead(BaseModel):
    """A schedule, with when it was created and how far its orders were generated."""

    id: str
    name: str
    campus_id: str
    building_id: str
    location_id: str
    asset_tag: str | None
    category: str
    priority: str
    description: str
    kind: str
    interval_days: int | None
    dates: list[str]
    start: str
    lead_days: int
    active: bool
    created_on: str | None
    generated_through: str | None

    @classmethod
    def of(cls, s: Schedule) -> ScheduleRead:
        """The view of a schedule."""
        return cls(
            id=s.id,
            name=s.name,
            campus_id=s.campus_id,
            building_id=s.building_id,
            location_id=s.location_id,
            asset_tag=s.asset_tag,
            category=s.category.value,
            priority=s.priority.value,
            description=s.description,
            kind=s.kind,
            interval_days=s.interval_days,
            dates=[f"{m:02d}-{d:02d}" for m, d in s.dates],
            start=s.start.isoformat(),
            lead_days=s.lead_days,
            active=s.active,
            created_on=s.created_on.isoformat() if s.created_on else None,
            generated_through=s.generated_through.isoformat() if s.generated_through else None,
        )


class ScheduleList(BaseModel):
    """Every schedule."""

    items: list[ScheduleRead]
