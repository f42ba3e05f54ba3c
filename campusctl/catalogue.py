"""The event catalogue: an AsyncAPI 3.0 document generated from every service's registry.

`python -m campusctl.catalogue write` regenerates `docs/events/asyncapi.json`; it refuses a breaking
change to a published type (a field removed or retyped, a new required field, a type dropped)
unless announced with `--announce "why"`, which records it in `docs/events/CHANGES.md`.
`python -m campusctl.catalogue check` fails when the committed catalogue is out of date.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared.envelope import Envelope, EventRegistry
from shared.topology import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "docs" / "events" / "asyncapi.json"
CHANGES = ROOT / "docs" / "events" / "CHANGES.md"
INDEX = ROOT / "docs" / "events" / "README.md"


def collect() -> dict[str, EventRegistry]:
    """Each service's registry of published event types (from `services.<name>.events`)."""
    found: dict[str, EventRegistry] = {}
    for name in SERVICE_NAMES:
        module = importlib.import_module(f"services.{name}.events")
        registries = [v for v in vars(module).values() if isinstance(v, EventRegistry)]
        if len(registries) != 1:
            raise RuntimeError(f"services.{name}.events must define exactly one EventRegistry")
        found[name] = registries[0]
    return found


def build_document(registries: dict[str, EventRegistry]) -> dict[str, Any]:
    """The AsyncAPI 3.0 document: one channel and one send operation per event type."""
    envelope_schema = Envelope.model_json_schema()
    envelope_schema["properties"].pop("data", None)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {"CloudEventEnvelope": envelope_schema}
    for service, registry in sorted(registries.items()):
        for event_type, model in registry.types().items():
            key = event_type.replace(".", "_")
            model_schema = model.model_json_schema(mode="validation")
            data_schema = hoist_definitions(model_schema, schemas, key)
            messages[key] = {
                "name": event_type,
                "title": model.__name__,
                "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
                "contentType": "application/cloudevents+json",
                "x-publisher": service,
                "payload": {
                    "allOf": [
                        {"$ref": "#/components/schemas/CloudEventEnvelope"},
                        {
                            "type": "object",
                            "required": ["data"],
                            "properties": {
                                "type": {"const": event_type},
                                "data": data_schema,
                            },
                        },
                    ]
                },
            }
            example = registry.example(event_type)
            if example is not None:
                messages[key]["examples"] = [
                    {
                        "name": f"{key}_example",
                        "payload": example_envelope(service, event_type, example),
                    }
                ]
            channels[key] = {
                "address": event_type,
                "messages": {key: {"$ref": f"#/components/messages/{key}"}},
                "bindings": {
                    "amqp": {
                        "is": "routingKey",
                        "exchange": {"name": "campus.events", "type": "topic", "durable": True},
                    }
                },
            }
            operations[f"publish_{key}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{key}"},
                "x-publisher": service,
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Campus Logistics events",
            "version": "1.0.0",
            "description": (
                "Every domain event of the platform, as CloudEvents 1.0 in structured mode on the "
                "`campus.events` topic exchange; the routing key is the versioned type."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


def hoist_definitions(schema: dict[str, Any], schemas: dict[str, Any], key: str) -> dict[str, Any]:
    """Move a model schema's `$defs` into the document's components, and point its refs there.

    Pydantic writes nested models as `$defs` with `#/$defs/Name` refs, which resolve against the
    root of the document the schema sits in: inside an AsyncAPI message they point to nothing.
    A name already taken by a different schema is prefixed with the message's key.
    """
    local = schema.pop("$defs", {})
    renamed = {}
    for name, definition in local.items():
        target = name if schemas.get(name, definition) == definition else f"{key}_{name}"
        renamed[name] = target
    for name, definition in local.items():
        schemas[renamed[name]] = _rewrite_refs(definition, renamed)
    return _rewrite_refs(schema, renamed)


def _rewrite_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _rewrite_refs(v, renamed) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out["$ref"] = f"#/components/schemas/{renamed[ref.removeprefix('#/$defs/')]}"
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, renamed) for v in node]
    return node


def example_envelope(service: str, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """A whole CloudEvent around an example's data, with fixed ids so the file is stable."""
    return {
        "specversion": "1.0",
        "id": "7d0c5f3e-9a4b-4c1e-8f2a-5b6d7e8f9a01",
        "source": f"/campus-logistics/{service}",
        "type": event_type,
        "time": "2026-09-01T08:30:00.000000Z",
        "subject": "example",
        "datacontenttype": "application/json",
        "correlationid": "7d0c5f3e-9a4b-4c1e-8f2a-5b6d7e8f9a01",
        "actor": "u-example-1",
        "data": data,
    }


def examples(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Event type -> the example `data` the catalogue holds for it."""
    found = {}
    for message in doc["components"]["messages"].values():
        for example in message.get("examples", ()):
            found[message["name"]] = example["payload"]["data"]
    return found


def _data_schema(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return doc["components"]["messages"][key]["payload"]["allOf"][1]["properties"]["data"]


def _prop_type(schema: dict[str, Any]) -> Any:
    kind = schema.get("type") or schema.get("anyOf") or schema.get("$ref") or schema.get("enum")
    # A ref names its schema; where the schema lives (`$defs` or components) is no change.
    return json.loads(json.dumps(kind).replace("#/$defs/", "#/components/schemas/"))


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a subscriber of the old catalogue would trip over in the new one."""
    problems: list[str] = []
    old_msgs, new_msgs = old["components"]["messages"], new["components"]["messages"]
    for key, message in old_msgs.items():
        name = message["name"]
        if key not in new_msgs:
            problems.append(f"{name}: type no longer published")
            continue
        before, after = _data_schema(old, key), _data_schema(new, key)
        old_props, new_props = before.get("properties", {}), after.get("properties", {})
        for field, schema in old_props.items():
            if field not in new_props:
                problems.append(f"{name}: field {field!r} removed")
            elif _prop_type(schema) != _prop_type(new_props[field]):
                problems.append(f"{name}: field {field!r} changed type")
        newly_required = set(after.get("required", [])) - set(before.get("required", []))
        for field in sorted(newly_required):
            problems.append(f"{name}: field {field!r} is now required")
    return problems


def render_index(doc: dict[str, Any]) -> str:
    """A Markdown table of every event type: publisher, required and optional data fields."""
    lines = [
        "# Event catalogue",
        "",
        "Generated by `make catalogue` from the services' registries; the machine-readable",
        "contract is [asyncapi.json](asyncapi.json) (AsyncAPI 3.0). Every event is CloudEvents 1.0",
        "in structured mode on the `campus.events` topic exchange, routed by its type.",
        "",
        "| type | publisher | required data | optional data |",
        "| --- | --- | --- | --- |",
    ]
    for key, message in sorted(doc["components"]["messages"].items()):
        data = _data_schema(doc, key)
        required = data.get("required", [])
        optional = [f for f in data.get("properties", {}) if f not in required]
        lines.append(
            f"| `{message['name']}` | {message['x-publisher']} | "
            f"{', '.join(required) or '—'} | {', '.join(optional) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`write [--announce TEXT]` or `check`."""
    parser = argparse.ArgumentParser(prog="python -m campusctl.catalogue")
    parser.add_argument("command", choices=["write", "check"])
    parser.add_argument("--announce", help="why a breaking change is acceptable (recorded)")
    args = parser.parse_args(argv)
    new = json.loads(_dump(build_document(collect())))  # the order the committed file has
    old = json.loads(CATALOGUE.read_text()) if CATALOGUE.exists() else None
    if args.command == "check":
        index_current = INDEX.exists() and INDEX.read_text() == render_index(new)
        if old is None or _dump(old) != _dump(new) or not index_current:
            print("docs/events/asyncapi.json is out of date: run `make catalogue`", file=sys.stderr)
            return 1
        return 0
    problems = breaking_changes(old, new) if old else []
    if problems and not args.announce:
        print("breaking changes to published event types (publish a new .vN instead, or")
        print('announce them with --announce "…"):')
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    CATALOGUE.write_text(_dump(new))
    INDEX.write_text(render_index(new))
    if problems:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        with CHANGES.open("a", encoding="utf-8") as changes:
            changes.write(f"\n## {stamp}: {args.announce}\n\n")
            changes.writelines(f"- {p}\n" for p in problems)
    print(f"wrote {CATALOGUE.relative_to(ROOT)} ({len(new['channels'])} event types)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
