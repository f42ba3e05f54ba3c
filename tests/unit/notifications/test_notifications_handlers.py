"""Use cases on the memory store: directory upkeep and one notification per recipient."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.notifications.domain.directory import Person
from services.notifications.handlers import directory
from services.notifications.handlers.notify import notify as handle
from services.notifications.repository import NOTIFICATIONS, deliveries
from services.notifications.repository import directory as directory_repo
from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM
from shared.auth import Principal
from shared.envelope import Envelope, new_event_id
from shared.errors import Forbidden
from shared.store import DuplicateKeyError, Query

ADMIN = Principal("u-admin-1", None, frozenset({"logistics_admin"}), {})


def person(user_id: str, *roles: str, active: bool = True, **scopes: list[str]) -> Person:
    return Person(
        user_id=user_id,
        name=user_id,
        roles=frozenset(roles),
        scopes={k: frozenset(v) for k, v in scopes.items()},
        active=active,
    )


def envelope(event_type: str, data: dict, *, correlation_id: str = "corr-1"):
    """An incoming envelope as another service would publish it, and its consumed data."""
    env = Envelope(
        id=new_event_id(),
        source="/campus-logistics/maintenance",
        type=event_type,
        time=datetime(2025, 3, 3, 8, 0, tzinfo=UTC),
        subject=data.get("ticket_id"),
        correlationid=correlation_id,
        actor="u-student-1",
        data=data,
    )
    return env, SUBSCRIPTIONS[event_type].model.model_validate(data)


OPENED = {
    "ticket_id": "T-1",
    "campus_id": "main",
    "building_id": "B03",
    "category": "electrical",
    "priority": "normal",
    "channel": "web",
    "description": "走廊灯不亮",
}


@pytest.fixture(autouse=True)
async def _default_rules(rules):
    """Every test here routes by the default rules file."""


async def seed(new_uow, ctx, *people: Person) -> None:
    for p in people:
        await directory.save_person(new_uow("u-admin-1"), ctx, ADMIN, p)


async def notify(new_uow, ctx, event_type: str, data: dict, **kw):
    env, model = envelope(event_type, data, **kw)
    uow = new_uow()
    await handle(uow, ctx, SYSTEM, env, model)
    await uow.commit()
    return env, uow


async def stored(store) -> list[dict]:
    return (await store.find(NOTIFICATIONS, Query({}, [("recipient_id", 1)]))).items


async def test_ticket_opened_reaches_only_the_buildings_dispatchers(store, new_uow, ctx):
    await seed(
        new_uow,
        ctx,
        person("u-d-b03", "dispatcher", campus=["main"], building=["B03"]),
        person("u-d-b01", "dispatcher", campus=["main"], building=["B01"]),
        person("u-d-campus", "dispatcher", campus=["main"]),
        person("u-d-other", "dispatcher", campus=["east"]),
        person("u-tech-1", "technician", building=["B03"]),
    )
    env, uow = await notify(new_uow, ctx, "maintenance.ticket.opened.v1", OPENED)
    notes = await stored(store)
    assert [n["recipient_id"] for n in notes] == ["u-d-b03", "u-d-campus"]
    first = notes[0]
    assert first["correlation_id"] == "corr-1" and first["source_event_id"] == env.id
    assert first["status"] == "unread" and first["title"]["zh-CN"].startswith("新报修")
    assert first["title"]["en"].startswith("New repair request")
    delivered = [e for e in uow.events if e.type == "notifications.notification.delivered.v1"]
    assert sorted(e.data["recipient_id"] for e in delivered) == ["u-d-b03", "u-d-campus"]
    log = await deliveries.log_of(store, first["_id"])
    assert [(d.channel, d.status) for d in log] == [("in_app", "delivered")]


async def test_the_same_event_twice_cannot_store_a_second_notification(store, new_uow, ctx):
    await seed(new_uow, ctx, person("u-d", "dispatcher", building=["B03"]))
    env, model = envelope("maintenance.ticket.opened.v1", OPENED)
    for attempt in range(2):
        uow = new_uow()
        await handle(uow, ctx, SYSTEM, env, model)
        if attempt == 0:
            await uow.commit()
        else:
            with pytest.raises(DuplicateKeyError):
                await uow.commit()
    assert len(await stored(store)) == 1


async def test_nobody_in_scope_falls_back_to_logistics_admins(store, new_uow, ctx):
    await seed(new_uow, ctx, person("u-admin-1", "logistics_admin", campus=["main"]))
    await notify(new_uow, ctx, "maintenance.ticket.opened.v1", {**OPENED, "building_id": "B99"})
    assert [n["recipient_id"] for n in await stored(store)] == ["u-admin-1"]


async def test_sla_breach_reaches_the_duty_roster_and_dispatchers_once_each(store, new_uow, ctx):
    await seed(
        new_uow,
        ctx,
        person("u-d", "dispatcher", building=["B02"]),
        Person(
            "u-admin-1",
            "周主任",
            frozenset({"logistics_admin"}),
            duties=frozenset({"logistics-duty-officer"}),
        ),
    )
    data = {
        "ticket_id": "T-9",
        "building_id": "B02",
        "clock": "resolution",
        "due_at": "2025-03-03T10:00:00Z",
        "escalate_to": ["logistics-duty-officer", "u-d"],
    }
    await notify(new_uow, ctx, "maintenance.ticket.sla_breached.v1", data)
    assert [n["recipient_id"] for n in await stored(store)] == ["u-admin-1", "u-d"]


async def test_escalation_to_a_role_name_or_to_nobody(store, new_uow, ctx):
    await seed(
        new_uow,
        ctx,
        person("u-d", "dispatcher", building=["B01"]),
        person("u-admin-1", "logistics_admin"),
    )
    base = {"building_id": "B02", "clock": "response", "due_at": "2025-03-03T10:00:00Z"}
    await notify(
        new_uow,
        ctx,
        "maintenance.ticket.sla_breached.v1",
        {**base, "ticket_id": "T-1", "escalate_to": "dispatcher"},
    )
    # The B02 dispatchers are none; the role named by escalate_to includes the B01 one.
    assert [n["recipient_id"] for n in await stored(store)] == ["u-d"]
    await notify(
        new_uow,
        ctx,
        "maintenance.ticket.sla_breached.v1",
        {**base, "ticket_id": "T-2", "escalate_to": "night-porter"},
    )
    notes = await stored(store)
    assert sorted(n["recipient_id"] for n in notes if n["links"]["ticket_id"] == "T-2") == [
        "u-admin-1"
    ]


async def test_resolved_without_requester_creates_nothing(store, new_uow, ctx):
    data = {"ticket_id": "T-1", "building_id": "B03", "status": "resolved"}
    _, uow = await notify(new_uow, ctx, "maintenance.ticket.resolved.v1", data)
    assert await stored(store) == [] and uow.events == []


async def test_inactive_directory_entry_hears_nothing(store, new_uow, ctx):
    await seed(new_uow, ctx, person("u-tech-9", "technician", active=False))
    data = {
        "ticket_id": "T-1",
        "building_id": "B03",
        "status": "assigned",
        "assignee_id": "u-tech-9",
    }
    await notify(new_uow, ctx, "maintenance.ticket.assigned.v1", data)
    assert await stored(store) == []


async def test_scope_change_moves_the_audience(store, new_uow, ctx):
    await seed(new_uow, ctx, person("u-cm", "canteen_manager", canteen=["north"]))
    await seed(new_uow, ctx, person("u-cm", "canteen_manager", canteen=["south"]))
    rejected = {"delivery_id": "D1", "canteen_id": "north", "line_no": 1, "reason": "spoiled"}
    await notify(new_uow, ctx, "canteen.delivery.rejected.v1", rejected)
    # Nobody manages north any more: the event goes to administrators, of whom there are none.
    assert await stored(store) == []
    await notify(new_uow, ctx, "canteen.delivery.rejected.v1", {**rejected, "canteen_id": "south"})
    assert [n["recipient_id"] for n in await stored(store)] == ["u-cm"]
    keys = await directory_repo.memberships_of(store, "u-cm")
    assert {(k["kind"], k["value"]) for k in keys} == {("all", "*"), ("canteen", "south")}


async def test_saving_the_same_person_twice_writes_nothing(store, new_uow, ctx):
    p = person("u-d", "dispatcher", building=["B01"])
    first = await directory.save_person(new_uow(), ctx, ADMIN, p)
    again = await directory.save_person(new_uow(), ctx, ADMIN, p)
    assert first.changed and not again.changed and again.person.version == 1


async def test_authorisation_is_decided_in_the_handlers(store, new_uow, ctx):
    dispatcher = Principal("u-d", None, frozenset({"dispatcher"}), {"building": frozenset({"B01"})})
    with pytest.raises(Forbidden):
        await directory.save_person(new_uow(), ctx, dispatcher, person("u-x", "dispatcher"))
    env, model = envelope("maintenance.ticket.opened.v1", OPENED)
    with pytest.raises(Forbidden):
        await handle(new_uow(), ctx, ADMIN, env, model)
    assert await stored(store) == []
