"""The console's own rules: SLA badges, the actions a card offers, who opens which page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.console.domain.access import PAGES, may_open, pages_for, safe_next
from services.console.domain.forms import FormErrors
from services.console.domain.views import (
    BoardFilter,
    dispatch_actions,
    link_for,
    sla_badges,
    sla_state,
    work_actions,
)
from shared.auth import Principal

NOW = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)


def person(*roles: str, user_id: str = "u-1") -> Principal:
    return Principal(user_id=user_id, name=None, roles=frozenset(roles), scopes={})


def order(status: str, **clocks: tuple[str, bool] | tuple[str, bool, str]) -> dict:
    sla = {
        name: {"due_at": c[0], "breached": c[1], "at_risk_from": c[2] if len(c) > 2 else None}
        for name, c in clocks.items()
    }
    return {"status": status, "sla": sla, "assignee_id": "u-tech-1"}


@pytest.mark.parametrize(
    ("clock", "state"),
    [
        (("2026-05-01T06:00:00Z", False, "2026-05-01T05:00:00Z"), "ok"),
        # At risk from the moment maintenance names (the last share of the budget), however
        # far the due moment still is.
        (("2026-05-01T06:00:00Z", False, "2026-05-01T01:30:00Z"), "at_risk"),
        (("2026-05-01T01:59:00Z", False, "2026-05-01T01:45:00Z"), "breached"),  # before the pass
        (("2026-05-01T06:00:00Z", True), "breached"),
        (("2026-05-01T02:10:00Z", False), "ok"),  # no at-risk moment named: not at risk
    ],
)
def test_a_running_clock_is_ok_at_risk_or_breached(clock, state):
    badges = sla_badges(order("triaged", response=clock), NOW)
    assert [(b.clock, b.state) for b in badges] == [("response", state)]
    assert sla_state(badges) == state


def test_a_clock_that_has_stopped_shows_nothing_unless_it_was_breached():
    met = order("in_progress", response=("2026-05-01T01:00:00Z", False, "2026-05-01T00:45:00Z"))
    assert sla_badges(met, NOW) == []
    late = order("closed", resolution=("2026-05-01T01:00:00Z", True))
    assert sla_state(sla_badges(late, NOW)) == "breached"


def test_the_sla_filter_is_maintenance_s_query_not_the_console_s():
    assert BoardFilter(sla="at_risk").api_params()["sla"] == ["at_risk", "breached"]
    assert BoardFilter(sla="breached").api_params()["sla"] == ["breached"]
    assert "sla" not in BoardFilter().api_params()
    params = BoardFilter(building="B01", status="opened").api_params()
    assert params["status"] == ["opened"] and params["building_id"] == "B01"
    assert "closed" not in BoardFilter().api_params()["status"]


def test_cards_offer_the_next_step_only_to_whom_it_belongs():
    assert dispatch_actions({"status": "opened"}) == ("triage",)
    assert dispatch_actions({"status": "on_hold"}) == ("reassign",)
    assert dispatch_actions({"status": "closed"}) == ()
    tech = person("technician", user_id="u-tech-1")
    assert work_actions(order("in_progress"), tech) == ("hold", "resolve")
    assert work_actions(order("in_progress"), person("technician", user_id="u-tech-2")) == ()


def test_pages_follow_roles():
    assert [p.name for p in pages_for(person("requester"))] == [
        "requests",
        "loans",
        "inbox",
        "settings",
    ]
    assert may_open(person("asset_manager"), "imports")
    assert not may_open(person("auditor"), "imports")
    assert may_open(person("canteen_manager"), "canteen_setup")
    assert not may_open(person("canteen_staff"), "canteen_setup")
    assert may_open(person("logistics_admin"), "board") and may_open(person("ops"), "ops")
    assert not may_open(person("requester"), "board")
    assert may_open(person("logistics_admin"), "rules") and not may_open(person("ops"), "rules")
    assert may_open(person("ops"), "incidents") and not may_open(person("dispatcher"), "incidents")
    assert all(may_open(person("canteen_staff"), "inbox") for _ in PAGES)


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/board?status=opened", "/board?status=opened"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        (None, "/"),
    ],
)
def test_sign_in_returns_only_inside_the_console(target, safe):
    assert safe_next(target) == safe


def test_form_errors_name_the_fields_a_problem_names():
    problem = {
        "status": 422,
        "detail": "the request has invalid fields",
        "errors": [{"field": "contact.phone", "location": "body", "reason": "bad"}],
    }
    errors = FormErrors.of(problem, {"contact.phone": "contact_phone"})
    assert errors.fields == {"contact_phone": "bad"} and errors.detail is None
    assert FormErrors.of({"detail": "no photos", "field": "photos"}).fields == {
        "photos": "no photos"
    }
    assert FormErrors.of({"detail": "cannot start: it is closed"}).detail.startswith("cannot")


def test_a_notification_leads_each_role_to_its_own_page_of_the_order():
    links = {"ticket_id": "WO-1", "building_id": "B01"}
    assert link_for(links, person("dispatcher")) == "/board/WO-1"
    assert link_for(links, person("technician")) == "/work/WO-1"
    assert link_for(links, person("requester")) == "/requests/WO-1"
    assert link_for(links, person("auditor")) is None
    assert link_for({"delivery_id": "D-1"}, person("canteen_staff")) is None
