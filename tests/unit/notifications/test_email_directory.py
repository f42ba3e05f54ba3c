"""E-mail in the directory, in the consumer's write and in the delivery log (no SMTP here)."""

from __future__ import annotations

from services.notifications.repository import DELIVERIES, NOTIFICATIONS, PEOPLE
from shared.store import Query
from tests.unit.notifications.support import token
from tests.unit.notifications.test_notifications_api import deliver

ADMIN = token("u-admin-1", "logistics_admin", campus=["main"])
OPS = token("u-ops-1", "ops")
AUDITOR = token("u-auditor-1", "auditor")
DISPATCHER = token("u-d-1", "dispatcher", building=["B03"])
WANG = {
    "name": "王调度",
    "roles": ["dispatcher"],
    "scopes": {"building": ["B03"]},
    "email": "wang.dispatch@example.edu.cn",
    "channels": ["in_app", "email"],
}


async def test_directory_takes_email_per_person_and_refuses_what_cannot_be_sent(client):
    r = await client.put("/people/u-d-1", json=WANG, headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["channels"] == ["in_app", "email"]
    assert r.json()["email"] == "wang.dispatch@example.edu.cn"
    refused = [
        ({**WANG, "email": None}, "channels", "needs an email address"),
        ({**WANG, "channels": ["email"]}, "channels", "in_app is always on"),
        ({**WANG, "channels": ["in_app", "sms"]}, "body", "needs a phone number"),
        ({**WANG, "channels": ["in_app", "fax"]}, "channels", "'fax' is not available"),
        ({**WANG, "email": "Wang <wang@example.edu.cn>"}, "email", "pattern"),
        ({**WANG, "email": "wang@example.edu.cn\r\nBcc: x@y.cn"}, "email", "pattern"),
        ({**WANG, "email": "王@example.edu.cn"}, "email", "pattern"),
    ]
    for body, field, reason in refused:
        r = await client.put("/people/u-d-2", json=body, headers=ADMIN)
        assert r.status_code == 422, body
        [err] = r.json()["errors"]
        assert err["field"] == field and reason in err["reason"], err
    assert await client.runtime.store.get(PEOPLE, "u-d-2") is None


async def test_consumed_event_stages_a_pending_email_in_the_same_write(client):
    await client.put("/people/u-d-1", json=WANG, headers=ADMIN)
    event_id = await deliver(client)
    store = client.runtime.store
    query = Query({"source_event_id": event_id})
    [note] = (await store.find(NOTIFICATIONS, query)).items
    email = await store.get(DELIVERIES, f"{note['_id']}|email")
    assert email["status"] == "pending" and email["attempts"] == 0
    assert email["address"] == "wang.dispatch@example.edu.cn"
    assert email["next_attempt_at"] == note["created_at"]
    # Only the in-app delivery is announced now; e-mail is announced when it is sent or fails.
    outbox = (await store.find("outbox", Query({"routing_key": {"$ne": "x"}}))).items
    assert [
        (e["routing_key"], e["envelope"]["data"]["channel"])
        for e in outbox
        if e["routing_key"].startswith("notifications.notification.")
    ] == [("notifications.notification.delivered.v1", "in_app")]
    log = await client.get(f"/notifications/{note['_id']}/deliveries", headers=DISPATCHER)
    email_line = next(d for d in log.json() if d["channel"] == "email")
    assert email_line["status"] == "pending" and email_line["history"] == []
    assert email_line["next_attempt_at"] == note["created_at"]


async def test_person_with_email_channel_but_no_address_on_file_gets_a_failed_line(client):
    # An entry stored before the address rule existed: written straight to the store.
    await client.put("/people/u-d-1", json=WANG, headers=ADMIN)
    store = client.runtime.store
    doc = await store.get(PEOPLE, "u-d-1")
    await store.replace(PEOPLE, {**doc, "email": None}, doc["_v"])
    await deliver(client)
    [failed] = (await store.find("outbox", Query({"routing_key": _FAILED}))).items
    assert failed["envelope"]["data"]["reason"] == "no email address for the recipient"
    assert failed["envelope"]["data"]["attempts"] == 0


async def test_failed_deliveries_list_is_for_logistics_admin_and_ops(client):
    await client.put("/people/u-d-1", json=WANG, headers=ADMIN)
    await deliver(client)
    for headers in (ADMIN, OPS):
        r = await client.get("/deliveries", params={"status": "pending"}, headers=headers)
        assert r.status_code == 200
        assert [(d["channel"], d["recipient_id"]) for d in r.json()["items"]] == [
            ("email", "u-d-1")
        ]
    r = await client.get("/deliveries", params={"status": "failed"}, headers=OPS)
    assert r.json() == {"items": [], "next_cursor": None}
    all_lines = await client.get("/deliveries", params={"channel": "in_app"}, headers=OPS)
    assert [d["status"] for d in all_lines.json()["items"]] == ["delivered"]
    for headers in (AUDITOR, DISPATCHER):
        assert (await client.get("/deliveries", headers=headers)).status_code == 403
    assert (await client.get("/deliveries")).status_code == 401
    r = await client.get("/deliveries", params={"status": "lost"}, headers=OPS)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"


_FAILED = "notifications.notification.failed.v1"
