"""Delivery guarantees on a real broker: duplicates change nothing, bad messages dead-letter."""

from __future__ import annotations

import json

import aio_pika
import pytest

from campusctl import deadletters
from shared.envelope import make_envelope
from shared.outbox import amqp_message
from shared.topology import Names
from tests.harness import eventually, peek, publish, serve
from tests.integration import sample_service
from tests.integration.test_flow import settings_for

pytestmark = pytest.mark.broker


def note_event(text: str, note_id: str = "n1"):
    return make_envelope(
        sample_service.NoteWritten(note_id=note_id, text=text),
        source="/tests",
        subject=note_id,
        correlation_id=None,
        causation_id=None,
        actor="tester",
    )


async def test_same_event_three_times_changes_state_once(vhost_url, namespace, tmp_path):
    app = sample_service.build(settings_for(vhost_url, namespace, tmp_path))
    envelope = note_event("灯不亮")
    async with serve(app):
        store = app.runtime.store
        message = amqp_message(envelope.to_json())
        await publish(vhost_url, f"{namespace}.events", envelope.type, [message] * 3)
        follow_up = amqp_message(note_event("second", "n2").to_json())
        await publish(vhost_url, f"{namespace}.events", envelope.type, [follow_up])
        counts = await eventually(
            lambda: store.get("counts", "all"), lambda d: d is not None and d["n"] >= 2
        )
    # The follow-up was processed after the three copies, so all three were settled by then.
    assert counts["n"] == 2
    assert counts["ids"].count(envelope.id) == 1


async def test_bad_messages_dead_letter_with_reason_while_others_flow(
    vhost_url, namespace, tmp_path
):
    app = sample_service.build(settings_for(vhost_url, namespace, tmp_path), fail_texts={"boom"})
    exchange, key = f"{namespace}.events", "sample.note.written.v1"
    malformed = aio_pika.Message(b"{not json at all", content_type="application/json")
    invalid = note_event("x").to_json()
    del invalid["data"]["text"]
    poison = note_event("boom", "n-poison")
    good = [note_event(f"ok {i}", f"n{i}") for i in range(5)]
    async with serve(app):
        store = app.runtime.store
        await publish(
            vhost_url,
            exchange,
            key,
            [
                malformed,
                amqp_message(invalid),
                amqp_message(poison.to_json()),
                *(amqp_message(e.to_json()) for e in good),
            ],
        )
        dlq = f"{namespace}.counter.dlq"
        dead = await eventually(lambda: peek(vhost_url, dlq), lambda m: len(m) == 3)
        counts = await store.get("counts", "all")
    assert counts is not None and counts["n"] == 5  # the good ones went through meanwhile
    reasons = {m.body: m.headers["x-dead-letter-reason"] for m in dead}
    assert reasons[b"{not json at all"].startswith("unparseable envelope")
    invalid_reason = next(
        r for b, r in reasons.items() if b"n-poison" not in b and b != b"{not json at all"
    )
    assert invalid_reason.startswith("invalid sample.note.written.v1") and "text" in invalid_reason
    poison_body = next(b for b in reasons if b"n-poison" in b)
    # delivery_limit=3: the third failed delivery dead-letters, with the handler's error.
    assert reasons[poison_body] == ("handler failed 3 times: RuntimeError: cannot count 'boom'")
    assert json.loads(poison_body)["id"] == poison.id
    for message in dead:
        assert message.headers["x-original-routing-key"] == key
        assert message.headers["x-consumer"] == "counter"

    # Ops: the dead letters can be listed with their reasons, and once the handler is fixed a
    # redrive delivers the poison message; the unparseable ones come back with their reason.
    names = Names(namespace)
    letters = await deadletters.inspect(vhost_url, names, "counter")
    assert sorted(letter.reason.split(":")[0] for letter in letters) == [
        "handler failed 3 times",
        "invalid sample.note.written.v1",
        "unparseable envelope",
    ]
    fixed = sample_service.build(settings_for(vhost_url, namespace, tmp_path))
    async with serve(fixed):
        assert await deadletters.redrive(vhost_url, names, "counter") == 3
        counts = await eventually(
            lambda: fixed.runtime.store.get("counts", "all"), lambda d: d["n"] == 6
        )
        assert poison.id in counts["ids"]
        again = await eventually(
            lambda: deadletters.inspect(vhost_url, names, "counter"), lambda got: len(got) == 2
        )
    assert all(letter.redriven == 1 for letter in again)
    assert {letter.reason.split(":")[0] for letter in again} == {
        "unparseable envelope",
        "invalid sample.note.written.v1",
    }
