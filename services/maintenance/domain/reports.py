"""Report figures over work orders: open counts, response and resolution times, SLA compliance,
ratings, repeat failures per location, contractor lateness. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.maintenance.domain.vocabulary import Channel, Status

ALL_CAMPUSES = "*"


@dataclass(frozen=True)
class ReportRow:
    """The fields of one order that reports read."""

    campus_id: str
    status: str
    category: str
    building_id: str
    location_id: str
    channel: str
    created_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    rating: int | None
    breaches: tuple[str, ...]
    contractor_id: str | None


@dataclass
class Report:
    """The figures of one campus (or of all, `campus_id == "*"`)."""

    campus_id: str
    generated_at: datetime
    window_days: int
    open_total: int = 0
    open_by_status: dict[str, int] = field(default_factory=dict)
    open_by_category: dict[str, int] = field(default_factory=dict)
    open_by_building: dict[str, int] = field(default_factory=dict)
    opened_in_window: int = 0
    mean_response_seconds: float | None = None
    mean_resolution_seconds: float | None = None
    sla_evaluated: int = 0
    sla_met: int = 0
    sla_compliance: float | None = None
    ratings: int = 0
    average_rating: float | None = None
    repeat_failures: list[dict[str, Any]] = field(default_factory=list)
    contractors: dict[str, dict[str, int]] = field(default_factory=dict)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(
    rows: Iterable[ReportRow],
    *,
    campus_id: str,
    now: datetime,
    window_days: int,
    repeat_threshold: int,
) -> Report:
    """Figures over open orders (any age) and orders opened within the window."""
    report = Report(campus_id=campus_id, generated_at=now, window_days=window_days)
    since = now - timedelta(days=window_days)
    by_status: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_building: Counter[str] = Counter()
    responses: list[float] = []
    resolutions: list[float] = []
    ratings: list[int] = []
    per_location: Counter[tuple[str, str]] = Counter()
    contractors: dict[str, dict[str, int]] = defaultdict(lambda: {"orders": 0, "late": 0})
    for row in rows:
        if row.status != Status.CLOSED:
            by_status[row.status] += 1
            by_category[row.category] += 1
            by_building[row.building_id] += 1
        if row.created_at < since:
            continue
        report.opened_in_window += 1
        if row.responded_at is not None:
            responses.append((row.responded_at - row.created_at).total_seconds())
        if row.resolved_at is not None:
            resolutions.append((row.resolved_at - row.created_at).total_seconds())
        finished = row.status in (Status.RESOLVED, Status.CLOSED)
        if finished or row.breaches:
            report.sla_evaluated += 1
            report.sla_met += 0 if row.breaches else 1
        if row.rating is not None:
            ratings.append(row.rating)
        if row.channel != Channel.PREVENTIVE:
            per_location[(row.location_id, row.building_id)] += 1
        if row.contractor_id is not None:
            contractors[row.contractor_id]["orders"] += 1
            contractors[row.contractor_id]["late"] += int("contractor" in row.breaches)
    report.open_by_status = dict(sorted(by_status.items()))
    report.open_by_category = dict(sorted(by_category.items()))
    report.open_by_building = dict(sorted(by_building.items()))
    report.open_total = sum(by_status.values())
    report.mean_response_seconds = _mean(responses)
    report.mean_resolution_seconds = _mean(resolutions)
    if report.sla_evaluated:
        report.sla_compliance = report.sla_met / report.sla_evaluated
    report.ratings = len(ratings)
    report.average_rating = _mean([float(r) for r in ratings])
    report.repeat_failures = [
        {"location_id": loc, "building_id": building, "orders": n}
        for (loc, building), n in sorted(per_location.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= repeat_threshold
    ]
    report.contractors = dict(sorted(contractors.items()))
    return report


def summarize_by_campus(
    rows: Iterable[ReportRow], *, now: datetime, window_days: int, repeat_threshold: int
) -> dict[str, Report]:
    """One report per campus, plus the whole platform under `"*"`."""
    grouped: dict[str, list[ReportRow]] = defaultdict(list)
    everything: list[ReportRow] = []
    for row in rows:
        grouped[row.campus_id].append(row)
        everything.append(row)
    options = {"now": now, "window_days": window_days, "repeat_threshold": repeat_threshold}
    reports = {c: summarize(r, campus_id=c, **options) for c, r in sorted(grouped.items())}
    reports[ALL_CAMPUSES] = summarize(everything, campus_id=ALL_CAMPUSES, **options)
    return reports
