"""Scenarios 6 and 7: duplicated deliveries, and poison messages among good traffic.

6. A duplicating publisher sends every event 2-5 times, the copies shuffled so that they reach
   the consumers at different moments: every effect once (audit's record, maintenance's work
   order, notifications' incidents of the damage and of the order opened from it).
7. Poison messages: malformed JSON and schema-invalid events go to the platform's consumers,
   and an event whose handler always raises goes to a consumer of the sample service (no real
   handler always fails). Each is dead-lettered within the delivery limit with its reason, the
   good events published among them are each handled once, and the dead-letter metric rises.
"""

from __future__ import annotations

import json
import random
import time

import aio_pika
import pytest

from shared.deadletters import REASON_HEADER
from shared.envelope import Envelope
from shared.outbox import amqp_message
from shared.topology import Names
from tests.chaos.checker import Ledger, Verdict
from tests.chaos.platform import DAMAGED, OPENED, Platform
from tests.harness import drain, eventually, peek, publish, serve
from tests.integration import sample_service
from tests.integration.distributed.stream import source_event
from tests.integration.test_delivery import note_event
from tests.integration.test_flow import settings_for

pytestmark = [pytest.mark.broker, pytest.mark.slow]
DELIVERY_LIMIT = 4  # the platform's queues (conftest): a poison message is tried 4 times
DEAD_LETTERED = "campus_events_dead_lettered_total"


def damage(n: int, tag: str) -> Envelope:
    """The n-th asset damaged, as assets would publish it, its own id as correlation id."""
    _key, env = source_event(2 * n)  # even numbers are asset damages
    data = {**env.data, "damage_id": f"D-{tag}-{n}", "asset_id": f"A-{tag}-{n}"}
    return env.model_copy(update={"data": data, "correlationid": env.id})


async def duplicated(platform: Platform, events: int, seed: int) -> Verdict:
    """Publish `events` damages, each 2-5 times, shuffled; check every effect once."""
    rng = random.Random(seed)
    ledger = Ledger()
    started = time.monotonic()
    tag = f"dup{seed}"
    copies = []
    for n in range(events):
        env = damage(n, tag)
        ledger.published(env.id, [DAMAGED, OPENED], confirmed=True)
        copies += [env] * rng.randint(2, 5)
    rng.shuffle(copies)
    exchange = Names(platform.namespace).events
    for start in range(0, len(copies), 50):
        batch = copies[start : start + 50]
        await publish(platform.amqp_url, exchange, DAMAGED.type, [_message(e) for e in batch])
    verdict = await platform.verdict(
        f"6 every event delivered 2-5 times ({len(copies)} deliveries)", ledger, started
    )
    print(f"duplicate deliveries absorbed since start: {await platform.duplicates():.0f}")
    return verdict


def _message(env: Envelope) -> aio_pika.Message:
    return amqp_message(env.to_json())


async def poisoned(platform: Platform, good: int, tmp_path) -> Verdict:
    """Poison among `good` events; returns the good traffic's verdict after the checks."""
    names = Names(platform.namespace)
    consumers = [platform.processes[s] for s in ("audit", "maintenance", "notifications")]
    before = [await p.metric(DEAD_LETTERED) for p in consumers]
    ledger = Ledger()
    started = time.monotonic()
    malformed = aio_pika.Message(b"{not json", content_type="application/json")
    invalid_env = damage(0, "bad").to_json()
    del invalid_env["data"]["damage_id"]  # both consumers of the type need it
    invalid = amqp_message(invalid_env)
    sample = sample_service.build(
        settings_for(platform.amqp_url, platform.namespace, tmp_path).model_copy(
            update={"delivery_limit": platform.delivery_limit}
        ),
        fail_texts={"always raises"},
    )
    raising = note_event("always raises", "poison-1")
    async with serve(sample):
        fine = note_event("fine", "fine-1")
        for n in range(good):
            env = damage(n, "good")
            ledger.published(env.id, [DAMAGED, OPENED], confirmed=True)
            await publish(platform.amqp_url, names.events, DAMAGED.type, [_message(env)])
            if n == good // 3:
                await publish(platform.amqp_url, names.events, DAMAGED.type, [malformed, invalid])
                kinds = [_message(raising), _message(fine)]
                await publish(platform.amqp_url, names.events, raising.type, kinds)
        verdict = await platform.verdict(f"7 poison messages among {good} good", ledger, started)
        counter = await eventually(
            lambda: peek(platform.amqp_url, names.queue("counter") + ".dlq"), lambda m: len(m) >= 1
        )
        counts = await sample.runtime.store.get("counts", "all")
    assert counts is not None and fine.id in counts["ids"]  # its good message went through
    [dead] = counter
    assert json.loads(dead.body)["id"] == raising.id
    limit = platform.delivery_limit
    assert dead.headers[REASON_HEADER] == (
        f"handler failed {limit} times: RuntimeError: cannot count 'always raises'"
    )
    for service in ("audit", "maintenance", "notifications"):
        wanted = 1 if service == "audit" else 2
        letters = await eventually(
            lambda s=service: peek(platform.amqp_url, names.queue(s) + ".dlq"),
            lambda m, n=wanted: len(m) >= n,
        )
        reasons = sorted(m.headers[REASON_HEADER].split(" ")[0] for m in letters)
        # Audit keeps any well-formed event (its schema is the envelope's); the others check
        # the data of the types they consume.
        assert reasons == (["unparseable"] if service == "audit" else ["invalid", "unparseable"])
    after = [await p.metric(DEAD_LETTERED) for p in consumers]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 2, 2]
    for service in ("audit", "maintenance", "notifications", "counter"):
        await drain(platform.amqp_url, names.queue(service) + ".dlq")  # the next run's are its own
    return verdict


async def test_every_event_delivered_2_to_5_times_every_effect_once(platform):
    verdict = await duplicated(platform, events=20, seed=6)
    assert verdict.ok, verdict.line()


async def test_poison_messages_dead_letter_while_good_traffic_flows(platform, tmp_path):
    verdict = await poisoned(platform, good=15, tmp_path=tmp_path)
    assert verdict.ok, verdict.line()


@pytest.mark.chaos
@pytest.mark.timeout(900)
async def test_every_event_delivered_2_to_5_times_1000_events(platform):
    verdict = await duplicated(platform, events=1000, seed=66)
    assert verdict.ok, verdict.line()


@pytest.mark.chaos
@pytest.mark.timeout(900)
async def test_poison_messages_among_500_good_events(platform, tmp_path):
    verdict = await poisoned(platform, good=500, tmp_path=tmp_path)
    assert verdict.ok, verdict.line()
