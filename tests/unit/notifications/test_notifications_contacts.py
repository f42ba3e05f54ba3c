"""A requester without an account (a QR request's contact): remembered from the opened event,
told of every status change of the order, and forgotten once the order is closed."""

from __future__ import annotations

import pytest

from services.notifications.repository import CONTACTS, INCIDENTS
from tests.unit.notifications.test_notifications_followups import EXAMPLES, consume, lines

pytestmark = pytest.mark.usefixtures("rules")
OPENED = EXAMPLES["maintenance.ticket.opened.v1"]  # a QR request with 周同学's contact
TICKET = OPENED["ticket_id"]
CONTACT = f"contact:ticket:{TICKET}"


def moved(event_type: str, **extra) -> dict:
    """The publisher's example of a transition, for the opened order, with no account."""
    return {**EXAMPLES[event_type], "ticket_id": TICKET, "requester_id": None, **extra}


async def told(store) -> list[tuple[str, str, str]]:
    """(event type, channel, address) of every line to the contact."""
    return sorted(
        (d["source_event_type"], d["channel"], d["address"])
        for d in await lines(store, recipient_id=CONTACT)
    )


async def test_the_contact_hears_each_step_and_is_forgotten_when_the_order_closes(
    store, new_uow, ctx
):
    assert OPENED["contact"]["phone"] and OPENED["requester_id"] is None
    _, opened, _ = await consume(new_uow, ctx, "maintenance.ticket.opened.v1", OPENED)
    for step in ("started", "resolved", "closed"):
        await consume(
            new_uow, ctx, f"maintenance.ticket.{step}.v1", moved(f"maintenance.ticket.{step}.v1")
        )
    reached = await told(store)
    for step in ("opened", "started", "resolved", "closed"):
        assert (f"maintenance.ticket.{step}.v1", "email", "zhou@example.edu.cn") in reached
        assert (f"maintenance.ticket.{step}.v1", "sms", "13900000002") in reached
    assert len(reached) == 8
    closed_mail = next(
        d
        for d in await lines(store, recipient_id=CONTACT, channel="email")
        if d["source_event_type"] == "maintenance.ticket.closed.v1"
    )
    assert closed_mail["text"]["title"] == f"报修已关闭：{TICKET}"
    # Forgotten: a marker without the person's name, phone or e-mail is all that is left.
    marker = await store.get(CONTACTS, f"ticket:{TICKET}")
    assert set(marker) == {"_id", "_v", "forgotten_at"}
    # Nor did the opened event's incident keep the contact (only the contacts entry did).
    stored = await store.get(INCIDENTS, opened.event_id)
    assert "contact" not in stored["data"] and stored["data"]["ticket_id"] == TICKET


async def test_after_the_close_nothing_reaches_the_forgotten_contact(store, new_uow, ctx):
    await consume(new_uow, ctx, "maintenance.ticket.opened.v1", OPENED)
    await consume(
        new_uow, ctx, "maintenance.ticket.closed.v1", moved("maintenance.ticket.closed.v1")
    )
    before = await told(store)
    # A late copy of an earlier step, and the opened event replayed (a dead letter sent again):
    # neither finds the person again, nor brings them back.
    await consume(
        new_uow, ctx, "maintenance.ticket.resolved.v1", moved("maintenance.ticket.resolved.v1")
    )
    await consume(new_uow, ctx, "maintenance.ticket.opened.v1", OPENED)
    await consume(
        new_uow, ctx, "maintenance.ticket.resumed.v1", moved("maintenance.ticket.resumed.v1")
    )
    assert await told(store) == before
    assert "name" not in await store.get(CONTACTS, f"ticket:{TICKET}")


async def test_a_requester_with_an_account_leaves_no_contact_to_forget(store, new_uow, ctx):
    with_account = {**OPENED, "requester_id": "stu-2024011", "contact": None}
    await consume(new_uow, ctx, "maintenance.ticket.opened.v1", with_account)
    closed = {**EXAMPLES["maintenance.ticket.closed.v1"], "ticket_id": TICKET}
    _, incident, _ = await consume(new_uow, ctx, "maintenance.ticket.closed.v1", closed)
    assert incident.state == "routed"
    assert await store.get(CONTACTS, f"ticket:{TICKET}") is None
    assert await told(store) == []
