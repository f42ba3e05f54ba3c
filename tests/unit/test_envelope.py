"""The envelope is CloudEvents 1.0 that the official SDK reads as is; the registry is explicit."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cloudevents.core.bindings.amqp import AMQPMessage, from_amqp
from cloudevents.core.formats.json import JSONFormat
from pydantic import ValidationError

from shared.context import Causality, caused_by
from shared.envelope import Envelope, EventData, EventRegistry, make_envelope
from shared.outbox import amqp_message
from shared.uow import UnitOfWork
from tests.fakes.memory_store import MemoryStore

registry = EventRegistry()


@registry.register("test.thing.happened.v1")
class ThingHappened(EventData):
    thing_id: str
    weight_g: int


def test_structured_message_parses_with_the_official_cloudevents_sdk():
    env = make_envelope(
        ThingHappened(thing_id="t-1", weight_g=125),
        source="/campus-logistics/canteen",
        subject="t-1",
        correlation_id="corr-1",
        causation_id="cause-1",
        actor="u-1",
        now=datetime(2026, 11, 23, 8, 30, tzinfo=UTC),
    )
    message = amqp_message(env.to_json())
    assert message.message_id == env.id
    assert message.content_type == "application/cloudevents+json"
    assert message.delivery_mode == 2  # persistent
    sdk_event = from_amqp(
        AMQPMessage(
            properties={"content-type": message.content_type},
            application_properties={},
            application_data=message.body,
        ),
        JSONFormat(),
    )
    attrs = sdk_event.get_attributes()
    assert attrs["id"] == env.id
    assert attrs["type"] == "test.thing.happened.v1"
    assert attrs["source"] == "/campus-logistics/canteen"
    assert attrs["subject"] == "t-1"
    assert attrs["correlationid"] == "corr-1"
    assert attrs["causationid"] == "cause-1"
    assert attrs["actor"] == "u-1"
    assert attrs["time"] == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert sdk_event.get_data() == {"thing_id": "t-1", "weight_g": 125}


def test_envelope_round_trips_and_rejects_bad_input():
    env = make_envelope(
        ThingHappened(thing_id="t", weight_g=1),
        source="/s",
        subject=None,
        correlation_id=None,
        causation_id=None,
        actor=None,
    )
    assert env.correlationid == env.id  # a story starts with its first event
    assert Envelope.from_bytes(env.to_bytes()) == env
    body = env.to_json()
    for broken in (
        {**body, "specversion": "0.3"},
        {**body, "time": "2026-11-23T08:30:00"},  # no offset
        {**body, "type": "Not A Type"},
        {k: v for k, v in body.items() if k != "source"},
    ):
        with pytest.raises(ValidationError):
            Envelope.from_bytes(json.dumps(broken).encode())
    with pytest.raises(ValueError):
        Envelope.from_bytes(b"\xff\xfe not json")


def test_registry_types_are_explicit_and_unique():
    assert registry.model("test.thing.happened.v1") is ThingHappened
    assert "test.thing.happened.v1" in registry

    with pytest.raises(ValueError, match="registered twice"):

        @registry.register("test.thing.happened.v1")
        class Other(EventData):
            x: int

    class Unregistered(EventData):
        x: int

    with pytest.raises(ValueError, match="not a registered event type"):
        make_envelope(
            Unregistered(x=1),
            source="/s",
            subject=None,
            correlation_id=None,
            causation_id=None,
            actor=None,
        )


async def test_unit_of_work_writes_state_and_outbox_together_with_causality():
    store = MemoryStore()
    woken = []
    uow = UnitOfWork(store, source="/s", on_commit=lambda: woken.append(1), actor="u-7")
    with caused_by(Causality(correlation_id="corr-9", causation_id="req-3")):
        uow.insert("things", {"_id": "t-1", "w": 1})
        env = uow.emit(ThingHappened(thing_id="t-1", weight_g=1), subject="t-1")
    await uow.commit()
    outbox = await store.get("outbox", env.id)
    assert outbox["status"] == "pending" and outbox["routing_key"] == "test.thing.happened.v1"
    assert outbox["envelope"]["correlationid"] == "corr-9"
    assert outbox["envelope"]["causationid"] == "req-3"
    assert outbox["envelope"]["actor"] == "u-7"
    assert (await store.get("things", "t-1"))["w"] == 1
    assert woken == [1]
    with pytest.raises(RuntimeError):
        await uow.commit()


async def test_a_failed_commit_writes_neither_state_nor_events():
    store = MemoryStore()
    await store.insert("things", {"_id": "t-1"})
    uow = UnitOfWork(store, source="/s")
    uow.insert("things", {"_id": "t-2"})
    uow.emit(ThingHappened(thing_id="t-2", weight_g=1), subject="t-2")
    uow.insert("things", {"_id": "t-1"})  # duplicate: the whole write fails
    with pytest.raises(Exception, match="duplicate"):
        await uow.commit()
    assert await store.get("things", "t-2") is None
    assert await store.count("outbox") == 0
