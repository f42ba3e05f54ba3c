"""The working calendar and SLA clock arithmetic, without I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.maintenance.domain.calendar import WorkingCalendar, parse_hhmm
from services.maintenance.domain.sla import (
    DEFAULT_TARGETS,
    EscalationRule,
    SlaPolicy,
    Target,
    consumed,
    due_at,
)
from services.maintenance.domain.vocabulary import Category, Priority

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkingCalendar(tz=SH, windows=((time(8), time(12)), (time(14), time(18))))


def local(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SH).astimezone(UTC)


def test_business_seconds_skip_lunch_nights_and_weekends():
    # Friday 2026-01-09 16:00 → Monday 2026-01-12 09:00: 2 h Friday + 1 h Monday.
    assert CAL.business_seconds(local(2026, 1, 9, 16), local(2026, 1, 12, 9)) == 3 * 3600
    # Lunch break does not count.
    assert CAL.business_seconds(local(2026, 1, 12, 11), local(2026, 1, 12, 15)) == 2 * 3600
    assert CAL.business_seconds(local(2026, 1, 12, 15), local(2026, 1, 12, 11)) == 0


def test_add_business_crosses_weekend_and_holiday():
    holiday = WorkingCalendar(tz=SH, windows=CAL.windows, holidays=frozenset({date(2026, 1, 12)}))
    start = local(2026, 1, 9, 17)  # Friday, 1 h left in the day
    assert CAL.add_business(start, 3 * 3600) == local(2026, 1, 12, 10)
    assert holiday.add_business(start, 3 * 3600) == local(2026, 1, 13, 10)
    # Starting outside hours starts counting at the next window.
    assert CAL.add_business(local(2026, 1, 10, 12), 3600) == local(2026, 1, 12, 9)


def test_make_up_workday_is_worked():
    makeup = WorkingCalendar(
        tz=SH, windows=CAL.windows, extra_workdays=frozenset({date(2026, 1, 10)})
    )
    assert makeup.business_seconds(local(2026, 1, 10, 0), local(2026, 1, 11, 0)) == 8 * 3600


def test_calendar_rejects_bad_configuration():
    with pytest.raises(ValueError):
        WorkingCalendar(windows=((time(9), time(8)),))
    with pytest.raises(ValueError):
        WorkingCalendar(windows=((time(8), time(12)), (time(11), time(13))))
    with pytest.raises(ValueError):
        WorkingCalendar(workdays=frozenset())
    assert parse_hhmm("08:30") == time(8, 30)
    with pytest.raises(ValueError):
        parse_hhmm("8h")


def test_forty_eight_business_hours_is_six_working_days():
    target = DEFAULT_TARGETS[Priority.HIGH].response
    opened = local(2026, 1, 9, 9)  # Friday 09:00
    due = due_at([(opened, None)], target, CAL)
    # Friday 7 h, then 5 full days (40 h) to Friday 16 Jan 18:00, then 1 h on Monday 19th.
    assert due == local(2026, 1, 19, 9)


def test_pauses_push_the_due_moment():
    target = Target(4, "business_hours")
    a = local(2026, 1, 12, 8)
    segments = [(a, a + timedelta(hours=2)), (local(2026, 1, 14, 8), None)]
    assert due_at(segments, target, CAL) == local(2026, 1, 14, 10)
    # Paused with budget left: no due moment.
    assert due_at(segments[:1], target, CAL) is None
    # A clock that stopped after its budget ran out is overdue at the moment it ran out.
    late = [(a, a + timedelta(hours=7))]
    assert due_at(late, target, CAL) == local(2026, 1, 12, 12)
    assert consumed(segments, local(2026, 1, 14, 9), target, CAL) == 3 * 3600


def test_calendar_hours_ignore_the_calendar():
    opened = local(2026, 1, 10, 23)  # Saturday night
    assert due_at([(opened, None)], Target(1, "hours"), CAL) == opened + timedelta(hours=1)


def test_business_days_use_the_day_length():
    assert Target(15, "business_days").seconds(CAL) == 15 * 8 * 3600


def test_escalation_most_specific_rule_wins():
    policy = SlaPolicy(
        calendar=CAL,
        targets=DEFAULT_TARGETS,
        escalations=(
            EscalationRule("campus-duty", campus_id="main"),
            EscalationRule("heating-lead", campus_id="main", category=Category.HEATING),
            EscalationRule("plumbing-anywhere", category=Category.PLUMBING),
        ),
        default_escalation="duty-officer",
    )
    assert policy.escalation_target("main", Category.HEATING) == "heating-lead"
    assert policy.escalation_target("main", Category.CIVIL) == "campus-duty"
    assert policy.escalation_target("east", Category.PLUMBING) == "plumbing-anywhere"
    assert policy.escalation_target("east", Category.CIVIL) == "duty-officer"
