"""What notifications reads from other services matches what they publish (the catalogue).

The publishers' side is the committed event catalogue, never their code: each consumed model
may only read fields the publisher declares, may only require what the publisher always sends,
and must accept any event the publisher's schema allows, its example included.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from campusctl.catalogue import CATALOGUE, examples
from services.notifications.consumed import AWAITED
from services.notifications.domain.alerts import ALERTS
from services.notifications.events import registry
from shared.topology import SUBSCRIPTIONS

DOC = json.loads(CATALOGUE.read_text())
EXAMPLES = examples(DOC)


def published_schema(event_type: str) -> dict[str, Any]:
    """The publisher's schema of the event's `data`; a type nobody publishes is a defect."""
    key = event_type.replace(".", "_")
    assert key in DOC["components"]["messages"], (
        f"notifications reads {event_type}, which no service publishes (not in the catalogue; "
        "`make catalogue` after adding the publisher's event)"
    )
    message = DOC["components"]["messages"][key]
    [_, body] = message["payload"]["allOf"]
    return body["properties"]["data"]


def resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` names: in the data schema's own `$defs`, or the document's."""
    base, _, path = ref.partition("#/")
    assert not base, f"an outside reference {ref}"
    node = root if path.startswith("$defs/") and "$defs" in root else DOC
    for part in path.split("/"):
        node = node[part]
    return node


def sample(schema: dict[str, Any], *, full: bool, root: dict[str, Any] | None = None) -> Any:
    """A value the schema allows: the least (required properties only, empty strings, -1), or
    the most (every property, long strings); a bound the publisher does not set fails here."""
    root = schema if root is None else root
    if "$ref" in schema:
        return sample(resolve(schema["$ref"], root), full=full, root=root)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return sample(options[0], full=full, root=root) if full and options else None
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        names = props if full else schema.get("required", [])
        return {name: sample(props[name], full=full, root=root) for name in names}
    if kind == "array":
        if not ("items" in schema and full):
            return []
        return [sample(schema["items"], full=full, root=root)]
    if full:
        return {"string": "长" * 20_000, "integer": 10**12, "number": 1e12, "boolean": True}[kind]
    return {"string": "", "integer": -1, "number": -1.0, "boolean": False}[kind]


def test_the_sample_follows_references_to_nested_models():
    # The morning check's `unchecked` is a list of a nested model: the largest sample holds one.
    schema = published_schema("canteen.morning_check.missing.v1")
    [person] = sample(schema, full=True)["unchecked"]
    assert set(person) == {"staff_id", "name"}
    assert sample(schema, full=False)["unchecked"] == []


def test_the_consumed_types_are_the_platform_bindings():
    assert tuple(ALERTS) == SUBSCRIPTIONS["notifications"]


@pytest.mark.parametrize("event_type", list(ALERTS))
def test_each_field_read_is_one_the_publisher_declares_and_requires_no_more(event_type):
    schema = published_schema(event_type)
    model = ALERTS[event_type].model
    unknown = set(model.model_fields) - set(schema["properties"]) - AWAITED.get(event_type, set())
    assert not unknown, f"{event_type}: the publisher sends no {sorted(unknown)}"
    ours = {name for name, f in model.model_fields.items() if f.is_required()}
    stricter = ours - set(schema.get("required", ()))
    assert not stricter, f"{event_type}: {sorted(stricter)} required here, optional there"


@pytest.mark.parametrize("event_type", list(ALERTS))
def test_what_the_publisher_may_send_is_accepted(event_type):
    schema = published_schema(event_type)
    model = ALERTS[event_type].model
    model.model_validate(sample(schema, full=False))
    model.model_validate(sample(schema, full=True))
    if event_type in EXAMPLES:
        model.model_validate(EXAMPLES[event_type])


def test_awaited_fields_are_exactly_those_the_publisher_lacks():
    # Each field asked of a publisher is read here and not published yet: when maintenance adds
    # `contact`, this fails so that the allowance is removed.
    for event_type, fields in AWAITED.items():
        assert fields <= set(ALERTS[event_type].model.model_fields)
        assert not fields & set(published_schema(event_type)["properties"]), event_type


def test_every_published_type_has_an_example_its_model_takes():
    for event_type, model in registry.types().items():
        example = registry.example(event_type)
        assert example is not None, f"{event_type} has no example"
        model.model_validate(example)
