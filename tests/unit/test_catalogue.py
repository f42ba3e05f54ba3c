"""The committed event catalogue is current, and breaking changes are caught."""

from __future__ import annotations

import json

from pydantic import Field

from campusctl.catalogue import (
    CATALOGUE,
    INDEX,
    breaking_changes,
    build_document,
    collect,
    render_index,
)
from shared.envelope import EventData, EventRegistry
from shared.topology import SUBSCRIPTIONS


def _doc(**fields_by_version):
    registry = EventRegistry()
    model = type("TicketOpened", (EventData,), fields_by_version)
    registry.register("maintenance.ticket.opened.v1")(model)
    return build_document({"maintenance": registry})


def test_committed_catalogue_matches_the_code():
    committed = json.loads(CATALOGUE.read_text())
    assert committed == json.loads(json.dumps(build_document(collect()))), (
        "docs/events/asyncapi.json is out of date: run `make catalogue`"
    )
    assert INDEX.read_text() == render_index(committed)


def test_every_bound_routing_key_is_a_published_type():
    published = {t for r in collect().values() for t in r.types()}
    for consumer, keys in SUBSCRIPTIONS.items():
        for key in keys:
            if "#" not in key and "*" not in key:
                assert key in published, f"{consumer} binds {key}, which nobody publishes"


def test_breaking_changes_are_named():
    base = _doc(__annotations__={"ticket_id": str, "floor": int | None}, floor=None)
    same = _doc(__annotations__={"ticket_id": str, "floor": int | None}, floor=None)
    added_optional = _doc(
        __annotations__={"ticket_id": str, "floor": int | None, "room": str | None},
        floor=None,
        room=None,
    )
    removed = _doc(__annotations__={"ticket_id": str})
    retyped = _doc(__annotations__={"ticket_id": int, "floor": int | None}, floor=None)
    required = _doc(__annotations__={"ticket_id": str, "floor": int}, floor=Field())
    assert breaking_changes(base, same) == []
    assert breaking_changes(base, added_optional) == []
    assert breaking_changes(base, removed) == [
        "maintenance.ticket.opened.v1: field 'floor' removed"
    ]
    assert breaking_changes(base, retyped) == [
        "maintenance.ticket.opened.v1: field 'ticket_id' changed type"
    ]
    assert "maintenance.ticket.opened.v1: field 'floor' is now required" in breaking_changes(
        base, required
    )
    assert breaking_changes(base, build_document({})) == [
        "maintenance.ticket.opened.v1: type no longer published"
    ]
