"""Routing rules and audiences: who hears about which event (pure domain)."""

from __future__ import annotations

from services.notifications import consumed
from services.notifications.domain import directory
from services.notifications.domain.alerts import ALERTS
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
