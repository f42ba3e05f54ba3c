"""Preventive occurrences and report figures, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.maintenance.domain.preventive import Schedule, due_occurrences, occurrences
from services.maintenance.domain.reports import ReportRow, summarize, summarize_by_campus
from services.maintenance.domain.vocabulary import Category, Priority


def schedule(**kw) -> Schedule:
    base = dict(
        id="ext",
        name="灭火器年检",
        campus_id="main",
        building_id="B01",
        location_id="B01",
        category=Category.OTHER,
        priority=Priority.ROUTINE,
        description="",
        kind="yearly",
        start=date(2026, 1, 1),
        dates=((5, 1),),
        lead_days=14,
    )
    return Schedule(**{**base, **kw})


def test_yearly_dates_every_may_and_before_winter():
    s = schedule(dates=((5, 1), (10, 15)))
    assert occurrences(s, date(2026, 1, 1), date(2027, 12, 31)) == [
        date(2026, 5, 1),
        date(2026, 10, 15),
        date(2027, 5, 1),
        date(2027, 10, 15),
    ]
    leap = schedule(dates=((2, 29),))
    assert occurrences(leap, date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_interval_occurrences_from_start():
    s = schedule(kind="interval", interval_days=30, dates=(), start=date(2026, 1, 1))
    assert occurrences(s, date(2026, 1, 15), date(2026, 3, 5)) == [
        date(2026, 1, 31),
        date(2026, 3, 2),
    ]


def test_due_occurrences_respect_lead_and_cursor():
    s = schedule()
    assert due_occurrences(s, date(2026, 4, 16), None) == []
    assert due_occurrences(s, date(2026, 4, 17), None) == [date(2026, 5, 1)]
    assert due_occurrences(s, date(2026, 4, 20), date(2026, 5, 1)) == []
    assert due_occurrences(schedule(active=False), date(2026, 4, 20), None) == []


def test_no_occurrence_before_the_schedule_was_created():
    s = schedule(created_on=date(2026, 6, 1))  # 1 May 2026 had passed when it was created
    assert due_occurrences(s, date(2026, 6, 1), None) == []
    assert due_occurrences(s, date(2027, 4, 17), None) == [date(2027, 5, 1)]
    # Every 7 days from 1 January, created on the 12th: not the 1st or the 8th.
    weekly = schedule(kind="interval", interval_days=7, dates=(), created_on=date(2026, 1, 12))
    assert due_occurrences(weekly, date(2026, 1, 12), None) == [
        date(2026, 1, 15),
        date(2026, 1, 22),
    ]


def test_bad_schedules_refused():
    with pytest.raises(ValueError):
        schedule(dates=((2, 30),))
    with pytest.raises(ValueError):
        schedule(kind="interval", interval_days=0)
    with pytest.raises(ValueError):
        schedule(dates=())


NOW = datetime(2026, 3, 1, tzinfo=UTC)


def row(**kw) -> ReportRow:
    base = dict(
        campus_id="main",
        status="closed",
        category="plumbing",
        building_id="B01",
        location_id="B01-101",
        channel="web",
        created_at=NOW - timedelta(days=5),
        responded_at=None,
        resolved_at=None,
        rating=None,
        breaches=(),
        contractor_id=None,
    )
    return ReportRow(**{**base, **kw})


def test_report_figures():
    t = NOW - timedelta(days=5)
    rows = [
        row(status="opened", category="heating", building_id="B02", location_id="B02"),
        row(status="in_progress", responded_at=t + timedelta(hours=2)),
        row(responded_at=t + timedelta(hours=4), resolved_at=t + timedelta(hours=10), rating=5),
        row(
            responded_at=t + timedelta(hours=6),
            resolved_at=t + timedelta(hours=20),
            rating=2,
            breaches=("resolution", "contractor"),
            contractor_id="acme",
        ),
        row(status="resolved", channel="preventive", resolved_at=t + timedelta(hours=1)),
        row(created_at=NOW - timedelta(days=200), status="opened"),  # old but open
    ]
    r = summarize(rows, campus_id="main", now=NOW, window_days=90, repeat_threshold=3)
    assert r.open_by_status == {"in_progress": 1, "opened": 2, "resolved": 1}
    assert r.open_by_category == {"heating": 1, "plumbing": 3}
    assert r.open_total == 4 and r.opened_in_window == 5
    assert r.mean_response_seconds == 4 * 3600
    assert r.mean_resolution_seconds == (10 + 20 + 1) / 3 * 3600
    assert (r.sla_evaluated, r.sla_met) == (3, 2)
    assert r.average_rating == 3.5 and r.ratings == 2
    assert r.repeat_failures == [{"location_id": "B01-101", "building_id": "B01", "orders": 3}]
    assert r.contractors == {"acme": {"orders": 1, "late": 1}}
    by_campus = summarize_by_campus(
        [*rows, row(campus_id="east")], now=NOW, window_days=90, repeat_threshold=3
    )
    assert set(by_campus) == {"main", "east", "*"}
    assert by_campus["*"].opened_in_window == 6
