"""E-mail through a real SMTP server (aiosmtpd on loopback), the sender driven step by step.

The consumer's use case runs as the consumer runs it (handler, then one commit); the sender's
`step` is the body of the background loop, under a frozen clock moved by hand, so backoff is
tested without waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.jobs import families
from services.notifications.handlers.notify import notify
from services.notifications.handlers.rules import load_rules_file
from services.notifications.handlers.sender import OutboundSender
from services.notifications.handlers.transports import EmailTransport
from services.notifications.main import build
from services.notifications.repository import DELIVERIES, deliveries
from services.notifications.settings import NotificationsSettings
from services.notifications.subscribers import SUBSCRIPTIONS, SYSTEM
from shared.clock import FrozenClock
from shared.envelope import Envelope, new_event_id
from shared.store import DocumentStore, Query, store_from_url
from tests.harness import free_port, routes_client
from tests.integration.notifications.smtp_support import Mailbox, silent_server, smtp_server
from tests.unit.notifications.support import token

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ADDRESS = "wang.dispatch@example.edu.cn"
ADMIN = token("u-admin-1", "logistics_admin", campus=["main"])
OPS = token("u-ops-1", "ops")
DISPATCHER = token("u-dispatcher-1", "dispatcher", building=["B03"])
DELIVERED = "notifications.notification.delivered.v1"
FAILED = "notifications.notification.failed.v1"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def client(clock: FrozenClock, tmp_path) -> AsyncIterator[httpx.AsyncClient]:
    """The app's routes on a SQLite file, with a dispatcher who takes e-mail."""
    settings = NotificationsSettings(store_url=f"sqlite:///{tmp_path / 'notifications.db'}")
    app = build(settings, clock=clock)
    async with routes_client(app, base_url="http://notifications") as http:
        await load_rules_file(app.runtime.uow(SYSTEM), app.runtime.context, SYSTEM)
        person = {
            "name": "王调度 Wang (dispatcher)",
            "roles": ["dispatcher"],
            "scopes": {"campus": ["main"], "building": ["B03"]},
            "email": ADDRESS,
            "channels": ["in_app", "email"],
        }
        assert (await http.put("/people/u-dispatcher-1", json=person, headers=ADMIN)).is_success
        yield http


def sender_for(store: DocumentStore, clock: FrozenClock, port: int, **settings) -> OutboundSender:
    """An e-mail sender on `store` talking to 127.0.0.1:`port`, configured like the service."""
    base = {"smtp_port": port, "smtp_timeout_seconds": 5.0, "smtp_claim_seconds": 120.0}
    ctx = NotificationsContext.from_settings(NotificationsSettings(**{**base, **settings}), clock)
    return OutboundSender(ctx, families(ctx)["email"], EmailTransport(ctx), store=store)


async def consume_ticket_opened(http: httpx.AsyncClient, ticket_id: str = "T-0001") -> Envelope:
    """Handle a maintenance.ticket.opened.v1 as the consumer does: the handler, then one commit."""
    data = {
        "ticket_id": ticket_id,
        "campus_id": "main",
        "building_id": "B03",
        "room_id": "B03-101",
        "category": "electrical",
        "priority": "high",
        "description": "101教室插座冒烟，已断电",
    }
    env = Envelope(
        id=new_event_id(),
        source="/campus-logistics/maintenance",
        type="maintenance.ticket.opened.v1",
        time=START,
        subject=ticket_id,
        correlationid=f"corr-{ticket_id}",
        data=data,
    )
    uow = http.runtime.uow()
    data_model = SUBSCRIPTIONS[env.type].model.model_validate(data)
    await notify(uow, http.runtime.context, SYSTEM, env, data_model)
    await uow.commit()
    return env


async def email_line(store: DocumentStore) -> dict:
    [line] = (await store.find(DELIVERIES, Query({"channel": "email"}))).items
    return line


async def outbox(store: DocumentStore, routing_key: str) -> list[dict]:
    found = await store.find("outbox", Query({"routing_key": routing_key}, [("order", 1)]))
    return [e["envelope"] for e in found.items]


async def test_a_notification_arrives_as_a_real_mail_with_to_subject_body_and_message_id(
    client, clock
):
    store = client.runtime.store
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        event = await consume_ticket_opened(client)
        # The consumer's write recorded the e-mail and sent nothing.
        assert mailbox.received == [] and (await email_line(store))["status"] == "pending"
        sender = sender_for(store, clock, port)
        assert await sender.step() == 1
        assert await sender.step() == 0

    [got] = mailbox.received
    line = await email_line(store)
    nid = line["notification_id"]
    assert got.mail_from == "logistics-noreply@example.edu.cn" and got.rcpt_tos == (ADDRESS,)
    mail = got.message
    [to] = mail["To"].addresses
    assert (to.addr_spec, to.display_name) == (ADDRESS, "王调度 Wang (dispatcher)")
    # One message in the recipient's language (zh-CN by default), text and HTML.
    assert mail["Subject"] == "新报修：B03 B03-101（电）"
    assert mail["Message-ID"] == f"<notification.{nid}@example.edu.cn>"
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(("plain",))
    assert plain.get_content_charset() == "utf-8"
    body = plain.get_content()
    assert "101教室插座冒烟，已断电" in body and "报修单 T-0001，优先级 high" in body
    assert "English" not in body
    assert "101教室插座冒烟" in mail.get_body(("html",)).get_content()

    log = await client.get(f"/notifications/{nid}/deliveries", headers=DISPATCHER)
    shown = {d["channel"]: d for d in log.json()}
    assert shown["in_app"]["status"] == "delivered"
    email = shown["email"]
    assert (email["status"], email["attempts"], email["address"]) == ("sent", 1, ADDRESS)
    assert [(a["outcome"], a["code"]) for a in email["history"]] == [("sent", 250)]
    [announced] = [e for e in await outbox(store, DELIVERED) if e["data"]["channel"] == "email"]
    assert announced["data"]["notification_id"] == nid
    assert announced["correlationid"] == "corr-T-0001" and announced["causationid"] == event.id


async def test_a_451_is_retried_with_backoff_until_the_server_accepts(client, clock):
    store = client.runtime.store
    mailbox = Mailbox(fail_data=2)
    with smtp_server(mailbox) as port:
        await consume_ticket_opened(client)
        sender = sender_for(store, clock, port)
        assert await sender.step() == 1
        line = await email_line(store)
        assert (line["status"], line["attempts"]) == ("pending", 1)
        assert "451" in line["detail"] and "will retry" in line["detail"]
        assert await sender.step() == 0  # not due before its backoff has passed
        clock.advance(seconds=30)
        assert await sender.step() == 1
        assert (await email_line(store))["attempts"] == 2
        clock.advance(seconds=59)
        assert await sender.step() == 0  # the second wait is twice as long
        clock.advance(seconds=1)
        assert await sender.step() == 1
    line = await email_line(store)
    assert (line["status"], line["attempts"]) == ("sent", 3)
    assert [(a["outcome"], a["code"]) for a in line["history"]] == [
        ("temporary", 451),
        ("temporary", 451),
        ("sent", 250),
    ]
    assert mailbox.data_commands == 3 and len(mailbox.received) == 1
    assert [e["data"]["channel"] for e in await outbox(store, DELIVERED)] == ["in_app", "email"]
    assert await outbox(store, FAILED) == []


async def test_a_550_fails_at_once_with_the_reason_and_is_never_tried_again(client, clock):
    store = client.runtime.store
    mailbox = Mailbox(rcpt_reply="550 5.1.1 <wang.dispatch@example.edu.cn>: no such user")
    with smtp_server(mailbox) as port:
        await consume_ticket_opened(client)
        sender = sender_for(store, clock, port)
        assert await sender.step() == 1
        clock.advance(days=1)
        assert await sender.step() == 0
    assert mailbox.rcpt_commands == 1 and mailbox.received == []
    line = await email_line(store)
    assert (line["status"], line["attempts"], line["next_attempt_at"]) == ("failed", 1, None)
    [failed] = await outbox(store, FAILED)
    assert failed["data"]["channel"] == "email" and failed["data"]["attempts"] == 1
    assert "550" in failed["data"]["reason"] and "no such user" in failed["data"]["reason"]
    assert failed["causationid"] == failed["data"]["source_event_id"]
    listed = await client.get("/deliveries", params={"status": "failed"}, headers=OPS)
    [shown] = listed.json()["items"]
    assert shown["notification_id"] == line["notification_id"]
    assert shown["detail"] == failed["data"]["reason"]


async def test_a_stopped_server_means_retries_with_backoff_and_nothing_lost(client, clock):
    store = client.runtime.store
    port = free_port()  # nothing listens here until the server starts below
    await consume_ticket_opened(client)
    sender = sender_for(store, clock, port)
    assert await sender.step() == 1
    line = await email_line(store)
    assert line["status"] == "pending" and "refused" in line["detail"]
    clock.advance(seconds=30)
    assert await sender.step() == 1
    assert (await email_line(store))["attempts"] == 2
    mailbox = Mailbox()
    with smtp_server(mailbox, port):
        assert await sender.step() == 0  # back again, but the backoff still holds
        clock.advance(seconds=60)
        assert await sender.step() == 1
    line = await email_line(store)
    assert (line["status"], line["attempts"]) == ("sent", 3)
    assert [a["outcome"] for a in line["history"]] == ["temporary", "temporary", "sent"]
    assert len(mailbox.received) == 1


async def test_without_any_server_it_ends_failed_after_the_last_attempt(client, clock):
    store = client.runtime.store
    port = free_port()
    await consume_ticket_opened(client)
    sender = sender_for(store, clock, port, email_max_attempts=3)
    for wait in (0, 30, 60):
        clock.advance(seconds=wait)
        assert await sender.step() == 1
    line = await email_line(store)
    assert line["status"] == "failed" and line["attempts"] == 3
    assert line["detail"].startswith("gave up after 3 attempts; last: connection to 127.0.0.1:")
    [failed] = await outbox(store, FAILED)
    assert failed["data"]["reason"] == line["detail"]
    clock.advance(days=7)
    assert await sender.step() == 0


async def test_a_server_that_never_answers_times_out_as_a_temporary_failure(client, clock):
    store = client.runtime.store
    await consume_ticket_opened(client)
    with silent_server() as port:
        sender = sender_for(store, clock, port, smtp_timeout_seconds=0.2, smtp_claim_seconds=60)
        assert await sender.step() == 1
    line = await email_line(store)
    assert line["status"] == "pending" and "timed out" in line["detail"]


async def test_two_senders_racing_on_the_same_deliveries_send_each_mail_once(
    client, clock, tmp_path
):
    # A second connection to the same file: two sender processes on one store.
    other = store_from_url(f"sqlite:///{tmp_path / 'notifications.db'}")
    await other.open()
    mailbox = Mailbox()
    try:
        with smtp_server(mailbox) as port:
            for i in range(6):
                await consume_ticket_opened(client, f"T-{i:04d}")
            a = sender_for(client.runtime.store, clock, port, email_concurrency=4)
            b = sender_for(other, clock, port, email_concurrency=4)
            while sum(await asyncio.gather(a.step(), b.step())) > 0:
                pass
    finally:
        await other.close()
    ids = [m.message["Message-ID"] for m in mailbox.received]
    assert len(ids) == 6 and len(set(ids)) == 6
    lines = await client.runtime.store.find(DELIVERIES, Query({"channel": "email"}))
    assert {(d["status"], d["attempts"]) for d in lines.items} == {("sent", 1)}
    announced = await outbox(client.runtime.store, DELIVERED)
    assert sum(e["data"]["channel"] == "email" for e in announced) == 6


async def test_one_claim_wins_and_a_dead_senders_claim_is_retried_after_it_expires(client, clock):
    store = client.runtime.store
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        await consume_ticket_opened(client)
        a = sender_for(store, clock, port, smtp_claim_seconds=120)
        b = sender_for(store, clock, port, smtp_claim_seconds=120)
        [due] = await deliveries.due(store, "9999", limit=10)
        # Both read the same version; the conditional replace lets exactly one claim it.
        won, lost = await a.take(due), await b.take(due)
        assert won is not None and won.claimed_by == a.holder and lost is None
        # `a` dies here without sending. Until its claim expires nobody else sends.
        clock.advance(seconds=119)
        assert await b.step() == 0 and mailbox.received == []
        clock.advance(seconds=1)
        assert await b.step() == 1
    assert len(mailbox.received) == 1
    line = await email_line(store)
    assert (line["status"], line["attempts"]) == ("sent", 2)
    assert [a["outcome"] for a in line["history"]] == ["unknown", "sent"]
