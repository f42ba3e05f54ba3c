"""The work-order state machine, its events and its SLA clocks, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.maintenance import events as ev
from services.maintenance.domain.calendar import WorkingCalendar
from services.maintenance.domain.sla import DEFAULT_TARGETS, SlaPolicy, Target
from services.maintenance.domain.ticket_parts import TRANSITIONS, Assignment
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import (
    AssigneeKind,
    Category,
    Channel,
    Priority,
    Status,
)
from shared.errors import Conflict, Invalid

SH = ZoneInfo("Asia/Shanghai")
POLICY = SlaPolicy(
    calendar=WorkingCalendar(tz=SH, windows=((time(8), time(12)), (time(14), time(18)))),
    targets=DEFAULT_TARGETS,
)
T0 = datetime(2026, 1, 12, 9, tzinfo=SH).astimezone(UTC)  # Monday 09:00
TECH = Assignment(AssigneeKind.TECHNICIAN, "tech-1")


def new(priority: Priority = Priority.HIGH) -> Ticket:
    return Ticket.open(
        id="WO-20260112-00000001",
        campus_id="main",
        building_id="B01",
        location_id="B01-101",
        category=Category.PLUMBING,
        priority=priority,
        channel=Channel.WEB,
        description="水管漏水",
        created_at=T0,
        requester_id="stu-1",
    )


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_whole_life_records_each_transition_event_in_order():
    t = new()
    t.triage(at=at(1), by="disp", priority=Priority.URGENT)
    t.assign(TECH, at=at(2), by="disp")
    t.start(at=at(3), by="tech-1")
    t.hold(at=at(4), by="tech-1", reason="parts", note="valve")
    t.resume(at=at(5), by="tech-1")
    t.resolve(at=at(6), by="tech-1", note="replaced valve")
    t.reopen(at=at(7), by="stu-1", reason="still dripping")
    t.start(at=at(8), by="tech-1")
    t.resolve(at=at(9), by="tech-1")
    t.close(at=at(10), by="stu-1", rating=5, comment="谢谢")
    types = [type(e) for e in t.pull_events()]
    assert types == [
        ev.TicketOpened,
        ev.TicketTriaged,
        ev.TicketAssigned,
        ev.TicketStarted,
        ev.TicketPutOnHold,
        ev.TicketResumed,
        ev.TicketResolved,
        ev.TicketReopened,
        ev.TicketStarted,
        ev.TicketResolved,
        ev.TicketClosed,
    ]
    assert t.status is Status.CLOSED and t.rating == 5 and t.priority is Priority.URGENT
    assert t.pull_events() == []


def test_every_illegal_transition_is_a_conflict_naming_the_status():
    t = new()
    with pytest.raises(Conflict) as info:
        t.resolve(at=at(1), by="x")
    assert "it is opened" in info.value.reason and "in_progress" in info.value.reason
    with pytest.raises(Conflict):
        t.assign(TECH, at=at(1), by="disp")  # must be triaged first
    t.triage(at=at(1), by="disp")
    with pytest.raises(Conflict):
        t.close(at=at(2), by="stu-1", rating=4)
    # Every action from a closed ticket is refused.
    t.assign(TECH, at=at(2), by="d")
    t.start(at=at(3), by="t")
    t.resolve(at=at(4), by="t")
    t.close(at=at(5), by="stu-1", rating=3)
    for action in TRANSITIONS:
        with pytest.raises(Conflict):
            t._move(action, at(6), "x")


def test_reassignment_and_same_assignee_refused():
    t = new()
    t.triage(at=at(1), by="d")
    t.assign(TECH, at=at(2), by="d")
    with pytest.raises(Conflict):
        t.assign(TECH, at=at(3), by="d")
    t.start(at=at(3), by="tech-1")
    t.assign(Assignment(AssigneeKind.TECHNICIAN, "tech-2"), at=at(4), by="d", reason="sick")
    events = t.pull_events()
    assert events[-1].previous_assignee_id == "tech-1"
    assert t.status is Status.ASSIGNED and t.assignment.assignee_id == "tech-2"


def test_rating_out_of_range_is_invalid_and_changes_nothing():
    t = new()
    for step in ("triage", "assign", "start", "resolve"):
        kwargs = {"assignment": TECH} if step == "assign" else {}
        getattr(t, step)(at=at(1), by="x", **kwargs)
    for bad in (0, 6, True):
        with pytest.raises(Invalid):
            t.close(at=at(2), by="stu-1", rating=bad)
    assert t.status is Status.RESOLVED


def test_auto_close_only_after_the_answer_period():
    t = new()
    for step in ("triage", "assign", "start", "resolve"):
        kwargs = {"assignment": TECH} if step == "assign" else {}
        getattr(t, step)(at=at(1), by="x", **kwargs)
    t.pull_events()
    assert not t.auto_close(at=at(1) + timedelta(days=6), after=timedelta(days=7))
    assert t.auto_close(at=at(1) + timedelta(days=7), after=timedelta(days=7))
    (closed,) = t.pull_events()
    assert closed.auto is True and closed.rating is None and t.status is Status.CLOSED


def test_response_breach_once_and_not_after_assignment():
    t = new(Priority.HIGH)
    t.refresh_sla(POLICY)
    due = t.sla_due["response"]
    assert t.overdue_clocks(due - timedelta(seconds=1)) == []
    assert t.overdue_clocks(due) == [("response", due)]
    t.record_breach("response", due=due, at=due, escalate_to="duty")
    later = [clock for clock, _ in t.overdue_clocks(due + timedelta(days=30))]
    assert later == ["resolution"]  # its own budget ran out; response is not repeated
    with pytest.raises(Conflict):
        t.record_breach("response", due=due, at=due, escalate_to="duty")
    # Assigned in time: the response clock stops with budget left.
    t2 = new(Priority.HIGH)
    t2.triage(at=at(1), by="d")
    t2.assign(TECH, at=at(2), by="d")
    t2.refresh_sla(POLICY)
    assert t2.sla_due["response"] is None


def test_on_hold_pauses_the_resolution_clock():
    t = new(Priority.EMERGENCY)  # 24 calendar hours to resolve
    t.triage(at=at(0.1), by="d")
    t.assign(TECH, at=at(0.2), by="d")
    t.start(at=at(0.3), by="tech-1")
    t.hold(at=at(10), by="tech-1", reason="parts")
    t.refresh_sla(POLICY)
    assert t.sla_due["resolution"] is None and t.overdue_clocks(at(100)) == []
    t.resume(at=at(100), by="tech-1")
    t.refresh_sla(POLICY)
    assert t.sla_due["resolution"] == at(114)  # 10 h used, 14 h left from the resume


def test_contractor_clock_runs_from_assignment_to_start():
    t = new(Priority.ROUTINE)
    t.triage(at=at(0), by="d")
    contractor = Assignment(
        AssigneeKind.CONTRACTOR,
        "acme-rep",
        contractor_id="acme",
        contractor_target=Target(2, "hours"),
    )
    t.assign(contractor, at=at(1), by="d")
    t.refresh_sla(POLICY)
    assert t.sla_due["contractor"] == at(3)
    assert t.sla_next_check == at(3)
    t.start(at=at(2), by="acme-rep")
    t.refresh_sla(POLICY)
    assert t.sla_due["contractor"] is None


def test_a_running_clock_is_at_risk_in_the_last_quarter_of_its_business_budget():
    t = new(Priority.HIGH)  # 48 business hours to answer, filed Monday 09:00
    t.refresh_sla(POLICY)
    # At risk once 36 of the 48 working hours (75 %) are used, on the working calendar.
    risk, due = t.sla_risk["response"], t.sla_due["response"]
    assert POLICY.calendar.business_seconds(T0, risk) == 36 * 3600
    assert POLICY.calendar.business_seconds(T0, due) == 48 * 3600
    assert t.sla_attention_from == risk and t.sla_breach_from == due
    # Answered: the response clock stops, so it is no longer at risk; resolution takes over.
    t.triage(at=at(1), by="d")
    t.assign(TECH, at=at(2), by="d")
    t.refresh_sla(POLICY)
    assert t.sla_risk["response"] is None and t.sla_due["response"] is None
    assert t.sla_attention_from == t.sla_risk["resolution"] < t.sla_breach_from


def test_a_breach_stays_until_the_order_closes_and_a_paused_clock_is_never_at_risk():
    t = new(Priority.EMERGENCY)
    t.refresh_sla(POLICY)
    due = t.sla_due["response"]
    t.record_breach("response", due=due, at=due, escalate_to="duty")
    assert t.sla_breach_from == due == t.sla_attention_from
    t.triage(at=at(2), by="d")
    t.assign(TECH, at=at(2), by="d")
    t.start(at=at(3), by="tech-1")
    t.hold(at=at(4), by="tech-1", reason="parts")
    t.refresh_sla(POLICY)
    assert t.sla_risk["resolution"] is None  # on hold: the clock stands still
    assert t.sla_breach_from == due  # the late answer is still a breach of this open order
    t.resume(at=at(5), by="tech-1")
    t.resolve(at=at(6), by="tech-1")
    t.close(at=at(7), by="stu-1", rating=3)
    t.refresh_sla(POLICY)
    assert t.sla_breach_from is None and t.sla_attention_from is None
    assert "response" in t.breaches  # the record of it stays


def test_the_at_risk_share_is_a_fraction_of_the_budget():
    with pytest.raises(ValueError):
        SlaPolicy(calendar=POLICY.calendar, targets=DEFAULT_TARGETS, at_risk_share=1)
    half = SlaPolicy(calendar=POLICY.calendar, targets=DEFAULT_TARGETS, at_risk_share=0.5)
    t = new(Priority.EMERGENCY)  # 1 calendar hour to answer
    t.refresh_sla(half)
    assert t.sla_risk["response"] == at(0.5) and t.sla_due["response"] == at(1)


def test_only_a_requester_without_an_account_travels_with_the_opened_event():
    contact = {"name": "刘老师", "phone": "13800000001"}
    web = Ticket.open(**{**_fields(), "requester_id": "stu-1", "contact": contact})
    phone = Ticket.open(**{**_fields(), "channel": Channel.PHONE, "contact": contact}, by="d")
    (web_opened,) = web.pull_events()
    (phone_opened,) = phone.pull_events()
    assert web_opened.contact is None  # has an account: reached through it, not a number
    assert phone_opened.contact.model_dump() == {**contact, "email": None}
    phone.triage(at=at(1), by="d")
    (triaged,) = phone.pull_events()
    assert "contact" not in triaged.model_dump()


def _fields() -> dict:
    return {
        "id": "WO-20260112-00000002",
        "campus_id": "main",
        "building_id": "B01",
        "location_id": "B01-101",
        "category": Category.HEATING,
        "priority": Priority.URGENT,
        "channel": Channel.WEB,
        "description": "暖气不热",
        "created_at": T0,
    }
