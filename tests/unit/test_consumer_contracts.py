"""Consumer contracts: every consumed model accepts the example its publisher puts in the catalogue.

The examples are those of the committed AsyncAPI document (`docs/events/asyncapi.json`), which
`test_catalogue` keeps equal to the publishers' registries: a publisher that renames or drops a
field a consumer needs fails here, before any event is lost to a dead-letter queue.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from campusctl.catalogue import examples
from shared.topology import SUBSCRIPTIONS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = json.loads((ROOT / "docs" / "events" / "asyncapi.json").read_text())
EXAMPLES = examples(CATALOGUE)
PUBLISHED = {m["name"] for m in CATALOGUE["components"]["messages"].values()}
CONSUMED = [
    (consumer, event_type)
    for consumer, keys in sorted(SUBSCRIPTIONS.items())
    for event_type in keys
    if "*" not in event_type and "#" not in event_type
]


def test_every_published_type_has_an_example() -> None:
    assert sorted(PUBLISHED - set(EXAMPLES)) == []


@pytest.mark.parametrize(("consumer", "event_type"), CONSUMED)
def test_the_consumer_accepts_the_publishers_example(consumer: str, event_type: str) -> None:
    assert event_type in PUBLISHED, f"{consumer} binds {event_type}, which nobody publishes"
    subscribers = importlib.import_module(f"services.{consumer}.subscribers")
    subscription = subscribers.SUBSCRIPTIONS[event_type]
    data = subscription.model.model_validate(EXAMPLES[event_type])
    assert data is not None


def test_the_audit_catch_all_accepts_every_example() -> None:
    subscribers = importlib.import_module("services.audit.subscribers")
    for event_type, example in sorted(EXAMPLES.items()):
        assert subscribers.BATCH.model.model_validate(example) is not None, event_type
