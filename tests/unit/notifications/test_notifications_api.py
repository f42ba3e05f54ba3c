"""The HTTP API on a memory store: directory upkeep, inbox, permissions, validation."""

from __future__ import annotations

import fnmatch
from datetime import UTC, datetime

from services.notifications.demo import people, seed
from services.notifications.domain.alerts import ALERTS
from services.notifications.handlers.notify import notify
from shared.envelope import Envelope, new_event_id
from tests.unit.notifications.support import token

ADMIN = token("u-admin-1", "logistics_admin", campus=["main"])
AUDITOR = token("u-auditor-1", "auditor")
DISPATCHER = token("u-dispatcher-1", "dispatcher", building=["B01", "B02", "B03"])


async def deliver(client, *, building: str = "B03", correlation_id: str = "corr-x") -> str:
    """Run the consumed-event use case directly, as the consumer would."""
    from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM

    data = {
        "ticket_id": f"T-{new_event_id()[:8]}",
        "campus_id": "main",
        "building_id": building,
        "category": "electrical",
        "priority": "normal",
        "description": "插座冒烟",
    }
    env = Envelope(
        id=new_event_id(),
        source="/campus-logistics/maintenance",
        type="maintenance.ticket.opened.v1",
        time=datetime(2025, 3, 3, tzinfo=UTC),
        correlationid=correlation_id,
        data=data,
    )
    uow = client.runtime.uow()
    model = SUBSCRIPTIONS[env.type].model.model_validate(data)
    await notify(uow, client.runtime.context, SYSTEM, env, model)
    await uow.commit()
    return env.id


async def test_put_person_creates_then_reports_unchanged(client):
    body = {"name": "王调度", "roles": ["dispatcher"], "scopes": {"building": ["B03"]}}
    first = await client.put("/people/u-d-1", json=body, headers=ADMIN)
    assert first.status_code == 201, first.text
    assert first.json()["channels"] == ["in_app"] and first.json()["scopes"] == {
        "building": ["B03"]
    }
    again = await client.put("/people/u-d-1", json=body, headers=ADMIN)
    assert again.status_code == 200 and again.json() == first.json()
    listed = await client.get("/people", params={"role": "dispatcher"}, headers=AUDITOR)
    assert [p["user_id"] for p in listed.json()["items"]] == ["u-d-1"]


async def test_directory_refuses_unbuilt_channels_and_bad_fields(client):
    body = {"name": "x", "roles": ["dispatcher"], "channels": ["in_app", "email"]}
    r = await client.put("/people/u-x", json=body, headers=ADMIN)
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert err["field"] == "channels" and "email" in err["reason"]
    r = await client.put("/people/u-x", json={"name": "x", "roles": ["wizard"]}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("roles")
    r = await client.put("/people/bad id", json={"name": "x", "roles": ["ops"]}, headers=ADMIN)
    assert r.status_code == 422
    assert (await client.get("/people", headers=ADMIN)).json()["items"] == []


async def test_only_logistics_admin_maintains_the_directory(client):
    body = {"name": "x", "roles": ["dispatcher"]}
    assert (await client.put("/people/u-x", json=body, headers=DISPATCHER)).status_code == 403
    assert (await client.put("/people/u-x", json=body)).status_code == 401
    assert (await client.get("/people", headers=DISPATCHER)).status_code == 403


async def test_inbox_pages_filters_unread_and_marks_read(client):
    await seed(client, lambda role: ADMIN["Authorization"].removeprefix("Bearer "))
    for _ in range(3):
        await deliver(client)
    page = await client.get("/notifications/me", params={"limit": 2}, headers=DISPATCHER)
    body = page.json()
    assert page.status_code == 200 and len(body["items"]) == 2 and body["next_cursor"]
    rest = await client.get(
        "/notifications/me", params={"limit": 2, "cursor": body["next_cursor"]}, headers=DISPATCHER
    )
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None
    first = body["items"][0]
    assert (
        first["title"]["zh-CN"].startswith("新报修") and first["recipient_id"] == "u-dispatcher-1"
    )
    read = await client.post(f"/notifications/{first['notification_id']}/read", headers=DISPATCHER)
    assert read.status_code == 200 and read.json()["status"] == "read" and read.json()["read_at"]
    again = await client.post(f"/notifications/{first['notification_id']}/read", headers=DISPATCHER)
    assert again.json() == read.json()
    unread = await client.get("/notifications/me", params={"unread": True}, headers=DISPATCHER)
    assert len(unread.json()["items"]) == 2
    count = await client.get("/notifications/me/unread-count", headers=DISPATCHER)
    assert count.json() == {"unread": 2}


async def test_someone_elses_notification_is_not_found(client):
    await seed(client, lambda role: ADMIN["Authorization"].removeprefix("Bearer "))
    await deliver(client)
    [note] = (await client.get("/notifications/me", headers=DISPATCHER)).json()["items"]
    other = token("u-tech-1", "technician")
    r = await client.post(f"/notifications/{note['notification_id']}/read", headers=other)
    assert r.status_code == 404
    r = await client.get(f"/notifications/{note['notification_id']}/deliveries", headers=other)
    assert r.status_code == 404
    mine = await client.get(
        f"/notifications/{note['notification_id']}/deliveries", headers=DISPATCHER
    )
    # The demo dispatcher also takes e-mail: pending until the sender loop tries it.
    assert sorted((d["channel"], d["status"]) for d in mine.json()) == [
        ("email", "pending"),
        ("in_app", "delivered"),
    ]


async def test_search_by_correlation_id_for_admin_and_auditor_only(client):
    await seed(client, lambda role: ADMIN["Authorization"].removeprefix("Bearer "))
    await deliver(client, correlation_id="corr-wanted")
    await deliver(client, correlation_id="corr-other")
    r = await client.get(
        "/notifications", params={"correlation_id": "corr-wanted"}, headers=AUDITOR
    )
    assert [n["correlation_id"] for n in r.json()["items"]] == ["corr-wanted"]
    r = await client.get("/notifications", params={"correlation_id": "x"}, headers=DISPATCHER)
    assert r.status_code == 403
    r = await client.get("/notifications/me", params={"cursor": "garbage"}, headers=DISPATCHER)
    assert r.status_code == 400


async def test_demo_seed_is_idempotent(client):
    def token_for(role: str) -> str:
        return ADMIN["Authorization"].removeprefix("Bearer ")

    await seed(client, token_for)
    versions = {p: (await client.runtime.store.get("people", p))["_v"] for p in people()}
    await seed(client, token_for)
    assert {p: (await client.runtime.store.get("people", p))["_v"] for p in people()} == versions
    rules = await client.get("/routing-rules", headers=DISPATCHER)
    # Every consumed type is routed by at least one default rule (anyone signed in may read).
    patterns = [p for r in rules.json() for p in r["rule"]["events"]]
    unrouted = [t for t in ALERTS if not any(fnmatch.fnmatchcase(t, p) for p in patterns)]
    assert unrouted == [] and {r["origin"] for r in rules.json()} == {"file"}
