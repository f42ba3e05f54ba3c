"""Issue 14: every request model of every service (read from the apps' routes) and every
consumed-event model (read from the consumers' registrations) takes any JSON value and either
validates or raises a pydantic ValidationError (a 422, or a dead letter with its reason) —
never another exception (OverflowError, ValueError from a date, TypeError...).

New routes and new subscriptions are included without an entry here. Examples per model:
`EXAMPLES`; the count each run made is printed (`pytest -s`).
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from typing import Any

import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared.envelope import Envelope
from tests.unit.changes.table import build_app
from tests.unit.inputs.strategies import from_schema

SERVICES = ("canteen", "assets", "maintenance", "notifications", "audit")
EXAMPLES = 40
RUN: Counter[str] = Counter()


def _routes(routes: Any) -> Any:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def request_models() -> dict[str, Any]:
    """`service:Model` -> the body type of every route that takes a JSON body."""
    found: dict[str, Any] = {}
    for service in SERVICES:
        for route in _routes(build_app(service).fastapi.routes):
            for param in route.dependant.body_params:
                kind = param.field_info.annotation
                name = getattr(kind, "__name__", str(kind))
                found[f"{service}:{name}"] = kind
    return found


def consumed_models() -> dict[str, Any]:
    """`service:event type` -> the model its consumer validates the event's data with; audit
    consumes every event whole in batches: the envelope, and its batch's data model."""
    found: dict[str, Any] = {}
    for service in SERVICES:
        subscribers = importlib.import_module(f"services.{service}.subscribers")
        for event_type, subscription in getattr(subscribers, "SUBSCRIPTIONS", {}).items():
            found[f"{service}:{event_type}"] = subscription.model
    audit = importlib.import_module("services.audit.subscribers")
    found["audit:*"] = Envelope
    found["audit:* data"] = audit.BATCH.model
    return found


REQUESTS = request_models()
CONSUMED = consumed_models()


def _strategy(kind: Any) -> st.SearchStrategy[Any]:
    schema = TypeAdapter(kind).json_schema(ref_template="#/$defs/{model}")
    return from_schema(schema, schema.get("$defs", {}))


def _check(kind: Any, value: Any) -> None:
    wire = json.loads(json.dumps(value))  # what a request or a message body can carry
    try:
        parsed = TypeAdapter(kind).validate_python(wire)
    except ValidationError:
        return
    if isinstance(parsed, BaseModel):
        parsed.model_dump(mode="json")


def _property(key: str, kind: Any) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(value=_strategy(kind))
    def holds(value: Any) -> None:
        RUN[key] += 1
        _check(kind, value)

    holds()


def test_the_models_are_found():
    # Every service that takes JSON bodies, and both consumers, are represented.
    assert {k.split(":")[0] for k in REQUESTS} == set(SERVICES)
    assert {k.split(":")[0] for k in CONSUMED} == {"maintenance", "notifications", "audit"}
    print(f"\nrequest models: {len(REQUESTS)}, consumed-event models: {len(CONSUMED)}")


@pytest.mark.parametrize("key", sorted(REQUESTS))
def test_a_request_model_validates_or_refuses_any_json(key: str) -> None:
    _property(key, REQUESTS[key])
    assert RUN[key] >= EXAMPLES // 2, f"{key}: only {RUN[key]} examples ran"


@pytest.mark.parametrize("key", sorted(CONSUMED))
def test_a_consumed_event_model_validates_or_refuses_any_json(key: str) -> None:
    _property(key, CONSUMED[key])
    assert RUN[key] >= EXAMPLES // 2, f"{key}: only {RUN[key]} examples ran"


def test_zz_examples_run(request: pytest.FixtureRequest) -> None:
    """The count of examples (last in the module: it reports the others)."""
    ran = {k: n for k, n in RUN.items()}
    if not ran:
        pytest.skip(reason="run with the property tests to count their examples")
    print(f"\nexamples: {sum(ran.values())} over {len(ran)} models, min {min(ran.values())}")
