"""Routing rules and audiences: who hears about which event (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notifications import consumed
from services.notifications.domain import directory, notices, routing
from services.notifications.domain.alerts import ALERTS, render, route
from services.notifications.domain.directory import Audience, Person
from services.notifications.subscribers import SUBSCRIPTIONS
from shared.topology import SUBSCRIPTIONS as TOPOLOGY

OPENED = consumed.TicketOpened(
    ticket_id="T-1",
    campus_id="main",
    building_id="B03",
    category="plumbing",
    priority="high",
    description="三楼水管漏水",
    room_id="B03-301",
)


def person(user_id: str, *roles: str, active: bool = True, **scopes: list[str]) -> Person:
    return Person(
        user_id=user_id,
        name=user_id,
        roles=frozenset(roles),
        scopes={k: frozenset(v) for k, v in scopes.items()},
        active=active,
    )


def test_subscriptions_match_the_platform_topology():
    assert set(SUBSCRIPTIONS) == set(TOPOLOGY["notifications"])
    assert set(ALERTS) == set(TOPOLOGY["notifications"])
    for event_type, sub in SUBSCRIPTIONS.items():
        assert sub.model is ALERTS[event_type].model


def test_the_one_list_of_consumed_types_is_the_platform_topology_in_order():
    assert tuple(ALERTS) == TOPOLOGY["notifications"]
    assert tuple(SUBSCRIPTIONS) == TOPOLOGY["notifications"]


def test_building_scope_narrows_a_dispatcher_campus_scope_only_without_buildings():
    scoped = person("d1", "dispatcher", campus=["main"], building=["B01", "B03"])
    campus_wide = person("d2", "dispatcher", campus=["main"])
    assert Audience("dispatcher", "building", "B03") in directory.audience_keys(scoped)
    assert Audience("dispatcher", "campus", "main") not in directory.audience_keys(scoped)
    assert Audience("dispatcher", "campus", "main") in directory.audience_keys(campus_wide)
    assert Audience("dispatcher", "all", "*") in directory.audience_keys(campus_wide)


def test_inactive_person_belongs_to_no_audience():
    assert (
        directory.audience_keys(person("d1", "dispatcher", active=False, building=["B01"])) == set()
    )


def test_ticket_opened_goes_to_building_and_campus_dispatchers():
    r = route("maintenance.ticket.opened.v1", OPENED)
    assert r.direct == ()
    assert set(r.audiences) == {
        Audience("dispatcher", "building", "B03"),
        Audience("dispatcher", "campus", "main"),
    }
    assert r.fallback


def test_direct_rules_name_the_assignee_and_the_requester():
    assigned = consumed.TicketAssigned(ticket_id="T-1", building_id="B03", assignee_id="u-tech-1")
    assert route("maintenance.ticket.assigned.v1", assigned).direct == ("u-tech-1",)
    to_team = consumed.TicketAssigned(ticket_id="T-1", building_id="B03", assignee_id=None)
    assert route("maintenance.ticket.assigned.v1", to_team).direct == ()
    resolved = consumed.TicketResolved(ticket_id="T-1", building_id="B03", requester_id="u-s")
    assert route("maintenance.ticket.resolved.v1", resolved).direct == ("u-s",)
    anonymous = consumed.TicketResolved(ticket_id="T-1", building_id="B03")
    r = route("maintenance.ticket.resolved.v1", anonymous)
    assert r.direct == () and r.audiences == () and not r.fallback


def test_sla_breach_escalates_to_named_users_and_building_dispatchers():
    one = consumed.SlaBreached.model_validate(
        {
            "ticket_id": "T",
            "building_id": "B02",
            "clock": "response",
            "due_at": "x",
            "escalate_to": "u-admin-1",
        }
    )
    assert one.escalate_to == ("u-admin-1",)
    many = consumed.SlaBreached.model_validate(
        {
            "ticket_id": "T",
            "building_id": "B02",
            "clock": "response",
            "due_at": "x",
            "escalate_to": ["a", "b"],
        }
    )
    r = route("maintenance.ticket.sla_breached.v1", many)
    assert r.targets == ("a", "b") and r.direct == ()
    assert r.audiences == (Audience("dispatcher", "building", "B02"),)
    with_campus = consumed.SlaBreached.model_validate({**many.model_dump(), "campus_id": "main"})
    assert (
        Audience("dispatcher", "campus", "main")
        in route("maintenance.ticket.sla_breached.v1", with_campus).audiences
    )


def test_escalation_targets_name_a_duty_roster_or_a_role():
    assert directory.target_audiences("logistics-duty-officer") == (
        Audience("duty:logistics-duty-officer", "all", "*"),
    )
    assert directory.target_audiences("logistics-admin") == (
        Audience("duty:logistics-admin", "all", "*"),
        Audience("logistics_admin", "all", "*"),
    )
    on_duty = Person("u-a", "a", frozenset({"logistics_admin"}), duties=frozenset({"night-duty"}))
    assert Audience("duty:night-duty", "all", "*") in directory.audience_keys(on_duty)


def test_managers_in_scope_for_canteen_and_asset_events():
    rejected = consumed.DeliveryRejected(
        delivery_id="D", canteen_id="north", line_no=2, reason="spoiled"
    )
    assert route("canteen.delivery.rejected.v1", rejected).audiences == (
        Audience("canteen_manager", "canteen", "north"),
    )
    damaged = consumed.AssetDamaged(
        damage_id="x", asset_id="a", tag="ZC-1", building_id="B01", description="d", deliberate=True
    )
    assert route("assets.asset.damaged.v1", damaged).audiences == (
        Audience("asset_manager", "building", "B01"),
    )


def test_recipients_once_each_unknown_users_get_the_inbox_inactive_are_left_out():
    known = {"a": person("a", "dispatcher"), "z": person("z", "dispatcher", active=False)}
    assert routing.recipients(["a", "s", "a", "z"], known) == [
        ("a", ("in_app",)),
        ("s", ("in_app",)),
    ]


def test_notification_id_is_stable_per_event_and_recipient():
    assert notices.notification_id("e1", "u1") == notices.notification_id("e1", "u1")
    assert notices.notification_id("e1", "u1") != notices.notification_id("e1", "u2")


def test_plan_renders_both_languages():
    now = datetime(2025, 3, 3, tzinfo=UTC)
    [n] = notices.plan(
        event_type="maintenance.ticket.opened.v1",
        event_id="e1",
        correlation_id="c1",
        subject="T-1",
        message=render("maintenance.ticket.opened.v1", OPENED),
        to=[("u-dispatcher-1", ("in_app",))],
        now=now,
    )
    assert n.message.title_zh == "新报修：B03 B03-301（水）"
    assert "B03 B03-301" in n.message.title_en and "三楼水管漏水" in n.message.body_en
    assert n.correlation_id == "c1" and n.source_event_id == "e1"


def test_rejected_line_reason_codes_are_translated():
    data = consumed.DeliveryRejected(
        delivery_id="D",
        canteen_id="north",
        line_no=3,
        item="西红柿",
        reason="pesticide residue inhibition 62.0 % >= 50 %",
        reason_codes=("pesticide_positive",),
    )
    message = render("canteen.delivery.rejected.v1", data)
    assert "农残速测阳性" in message.body_zh
    assert "62.0 %" in message.body_en
