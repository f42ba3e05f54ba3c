"""SLA acceptance: an injected clock, business hours, weekends, on-hold pause, one breach."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.maintenance.settings import EscalationSetting
from tests.integration.maintenance.maint_support import harness

SH = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


def just_before(moment: datetime) -> datetime:
    """The harness advances the clock by 1 s per request, so the request lands on `moment`."""
    return moment - timedelta(seconds=1)


@pytest.fixture
async def sla(tmp_path):
    escalations = [
        EscalationSetting(target="main-duty", campus_id="main"),
        EscalationSetting(target="water-lead", campus_id="main", category="plumbing"),
    ]
    async with harness(tmp_path, escalations=escalations) as h:
        await h.seed_locations()
        yield h


async def breaches(h) -> list[dict]:
    return [e for e in await h.events() if e["type"] == "maintenance.ticket.sla_breached.v1"]


async def test_high_priority_unassigned_breaches_once_after_48_business_hours(sla):
    sla.clock.now = just_before(local(9, 16))  # Friday 16:00
    tid = (await sla.file())["id"]
    assert (await sla.act(tid, "triage", priority="high")).status_code == 200
    ticket = (await sla.http.get(f"/tickets/{tid}", headers=_disp())).json()
    # Fri 16-18 (2 h) + Mon..Fri (40 h) + Mon 19th 08-12, 14-16 (6 h) = 48 business hours.
    assert ticket["sla"]["response"]["due_at"] == "2026-01-19T08:00:00.000000Z"
    # Over the weekend 60 calendar hours pass but only 2 business hours: no breach.
    assert await sla.jobs.check_sla(local(12, 8)) == []
    assert await sla.jobs.check_sla(local(19, 15, 59)) == []
    assert await breaches(sla) == []
    assert await sla.jobs.check_sla(local(19, 16)) == [(tid, "response")]
    # Not once per check: later checks (and racing checkers) record nothing more.
    assert await sla.jobs.check_sla(local(19, 16, 1)) == []
    results = await asyncio.gather(*(sla.jobs.check_sla(local(19, 17)) for _ in range(3)))
    assert all(r == [] for r in results)
    (event,) = await breaches(sla)
    assert event["data"]["clock"] == "response"
    assert event["data"]["escalate_to"] == "water-lead"  # campus + category rule
    assert event["data"]["due_at"] == "2026-01-19T08:00:00.000000Z"
    assert event["subject"] == tid and event["actor"] == "system:maintenance"
    assert await sla.count("sla_breaches", {"ticket_id": tid}) == 1
    ticket = (await sla.http.get(f"/tickets/{tid}", headers=_disp())).json()
    assert ticket["sla"]["response"]["breached"] is True
    assert ticket["breaches"]["response"]["escalate_to"] == "water-lead"


async def test_on_hold_pauses_resolution_until_resumed(sla):
    sla.clock.now = just_before(local(12, 9))  # Monday
    tid = (await sla.file(category="civil"))["id"]  # filed 09:00
    await sla.act(tid, "triage", priority="high")
    await sla.act(tid, "assign", technician_id="tech-1")
    await sla.act(tid, "start", "technician", "tech-1")
    sla.clock.now = just_before(local(12, 11))
    r = await sla.act(tid, "hold", "technician", "tech-1", reason="parts")  # on hold at 11:00
    assert r.status_code == 200
    # Three weeks on hold: far past 10 business days, yet nothing breaches.
    assert await sla.jobs.check_sla(local(30, 12)) == []
    sla.clock.now = just_before(local(2, 9, month=2))
    assert (await sla.act(tid, "resume", "technician", "tech-1")).status_code == 200
    ticket = (await sla.http.get(f"/tickets/{tid}", headers=_disp())).json()
    # 2 h used before the hold; 78 h remain from Mon 2 Feb 09:00: 7 h that Monday, 64 h over
    # the next eight workdays, 7 h on Friday 13 Feb (08-12, 14-17).
    due = datetime(2026, 2, 13, 17, tzinfo=SH)
    assert ticket["sla"]["resolution"]["due_at"] == due.astimezone(ZoneInfo("UTC")).strftime(
        "%Y-%m-%dT%H:%M:%S.000000Z"
    )
    assert await sla.jobs.check_sla(due - timedelta(seconds=1)) == []
    assert await sla.jobs.check_sla(due) == [(tid, "resolution")]
    (event,) = await breaches(sla)
    assert event["data"]["escalate_to"] == "main-duty"
    assert event["data"]["assignee_id"] == "tech-1"


async def test_auto_close_after_configured_days_without_answer(sla):
    tid = (await sla.file())["id"]
    await sla.act(tid, "triage")
    await sla.act(tid, "assign", technician_id="tech-1")
    await sla.act(tid, "start", "technician", "tech-1")
    await sla.act(tid, "resolve", "technician", "tech-1")
    resolved_at = sla.clock.now
    assert await sla.jobs.auto_close(resolved_at + timedelta(days=6)) == []
    assert await sla.jobs.auto_close(resolved_at + timedelta(days=7)) == [tid]
    assert await sla.jobs.auto_close(resolved_at + timedelta(days=8)) == []
    closed = [e for e in await sla.events() if e["type"] == "maintenance.ticket.closed.v1"]
    assert len(closed) == 1 and closed[0]["data"]["auto"] is True
    r = await sla.act(tid, "close", "requester", "stu-1", rating=5)
    assert r.status_code == 409


def _disp() -> dict:
    from tests.integration.maintenance.maint_support import auth

    return auth("dispatcher")
