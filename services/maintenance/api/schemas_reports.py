"""HTTP schema of the report figures (the same figures the Prometheus gauges show)."""

from __future__ import annotations

from dataclasses import asdict

from pydantic import BaseModel

from services.maintenance.domain.reports import Report
from shared.clock import iso


class RepeatFailureRead(BaseModel):
    """A location with repeated orders in the window."""

    location_id: str
    building_id: str
    orders: int


class ContractorFiguresRead(BaseModel):
    """A contractor's orders in the window and how many it answered late."""

    orders: int
    late: int


class ReportRead(BaseModel):
    """Open orders, response and resolution times, SLA compliance, ratings of one campus
    (`*`: all of them)."""

    campus_id: str
    generated_at: str
    window_days: int
    open_total: int
    open_by_status: dict[str, int]
    open_by_category: dict[str, int]
    open_by_building: dict[str, int]
    opened_in_window: int
    mean_response_seconds: float | None
    mean_resolution_seconds: float | None
    sla_evaluated: int
    sla_met: int
    sla_compliance: float | None
    ratings: int
    average_rating: float | None
    repeat_failures: list[RepeatFailureRead]
    contractors: dict[str, ContractorFiguresRead]

    @classmethod
    def of(cls, report: Report) -> ReportRead:
        """The view of a report."""
        return cls.model_validate({**asdict(report), "generated_at": iso(report.generated_at)})
