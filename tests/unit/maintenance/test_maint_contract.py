"""The service's public contract: its bindings match the platform topology, its types the guide."""

from __future__ import annotations

import importlib

import pytest

from services.maintenance.consumed import AssetDamaged, EquipmentFaultReported
from services.maintenance.events import registry
from services.maintenance.settings import MaintenanceSettings
from services.maintenance.subscribers import CONSUMED_TYPES
from services.maintenance.subscribers import SUBSCRIPTIONS as HANDLED
from shared.topology import SUBSCRIPTIONS

#: What the publishers send (their models' fields; a catalogue example replaces these once the
#: publisher registers one, see `test_consumed_models_accept_the_publishers_examples`).
PUBLISHED = {
    "assets.asset.damaged.v1": {
        "damage_id": "DMG-20260112-0007",
        "asset_id": "a-7c1f",
        "tag": "PROJ-0042",
        "name": "投影仪 Epson CB-X50",
        "building_id": "B01",
        "room_id": "B01-301",
        "description": "投影仪镜头碎裂 (projector lens cracked)",
        "deliberate": False,
        "responsible_person_id": None,
        "compensation": "0.00",
    },
    "canteen.equipment.fault_reported.v1": {
        "fault_id": "FLT-north-0003",
        "canteen_id": "north",
        "campus_id": "east",
        "building_id": "E01",
        "equipment_tag": "FRIDGE-1",
        "description": "冷藏柜温度 9 °C，超过 4 °C (chiller at 9 °C)",
    },
}
MODELS = {
    "assets.asset.damaged.v1": (AssetDamaged, "services.assets.events"),
    "canteen.equipment.fault_reported.v1": (EquipmentFaultReported, "services.canteen.events"),
}


def test_consumed_types_match_the_platform_topology():
    assert sorted(CONSUMED_TYPES) == sorted(SUBSCRIPTIONS["maintenance"])
    assert sorted(HANDLED) == sorted(CONSUMED_TYPES)


@pytest.mark.parametrize("event_type", sorted(MODELS))
def test_consumed_models_accept_the_publishers_examples(event_type):
    model, publisher = MODELS[event_type]
    examples = [PUBLISHED[event_type]]
    # The publisher's own example, once it registers one (its registry is not imported by the
    # service: only by this test, to hold the two sides together).
    registered = importlib.import_module(publisher).registry.example(event_type)
    if registered is not None:
        examples.append(registered)
    for example in examples:
        data = model.model_validate(example)
        assert data.building_id == example["building_id"]


def test_every_published_type_has_an_example_that_validates():
    for event_type, model in registry.types().items():
        example = registry.example(event_type)
        assert example is not None, f"{event_type} has no example"
        assert model.model_validate(example).model_dump(mode="json") == example


def test_published_types_are_the_documented_ones():
    transitions = (
        "triaged",
        "assigned",
        "started",
        "put_on_hold",
        "resumed",
        "resolved",
        "closed",
        "reopened",
    )
    expected = {
        "maintenance.ticket.opened.v1",
        *(f"maintenance.ticket.{t}.v1" for t in transitions),
        "maintenance.ticket.sla_breached.v1",
        "maintenance.ticket.photos_added.v1",
        "maintenance.inspection.checkpoint_failed.v1",
        "maintenance.device.flagged.v1",
        "maintenance.technician.registered.v1",
        "maintenance.technician.changed.v1",
        "maintenance.personal_data.read.v1",
        # Configuration and reference data (issue 14: every change is an event).
        *(
            f"maintenance.{kind}.updated.v1"
            for kind in (
                "dispatch_rule",
                "team",
                "contractor",
                "warranty",
                "patrol_route",
                "schedule",
                "asset",
            )
        ),
        "maintenance.locations.imported.v1",
        "maintenance.qr_code.issued.v1",
        "maintenance.qr_code.revoked.v1",
        "maintenance.patrol.run_recorded.v1",
        "maintenance.device.incident_recorded.v1",
    }
    assert set(registry.types()) == expected
    breached = registry.model("maintenance.ticket.sla_breached.v1").model_fields
    assert {"ticket_id", "building_id", "clock", "due_at", "escalate_to"} <= set(breached)
    opened = registry.model("maintenance.ticket.opened.v1").model_fields
    assert {
        "ticket_id",
        "campus_id",
        "building_id",
        "category",
        "priority",
        "channel",
        "description",
    } <= set(opened)


def test_settings_prefix_and_defaults(monkeypatch):
    monkeypatch.setenv("CAMPUS_MAINTENANCE_AUTO_CLOSE_DAYS", "3")
    monkeypatch.setenv("CAMPUS_MAINTENANCE_SLA__HIGH__RESPONSE__AMOUNT", "24")
    s = MaintenanceSettings()
    assert (s.service_name, s.http_port, s.auto_close_days) == ("maintenance", 8103, 3)
    policy = s.sla_policy()
    assert policy.targets["emergency"].response.amount == 1
    high = policy.targets["high"]
    assert (high.response.amount, high.response.unit) == (24, "business_hours")
    assert policy.targets["routine"].resolution.unit == "business_days"


def test_qr_stickers_open_the_console_form():
    assert MaintenanceSettings().qr_url("tok.sig") == "http://127.0.0.1:8106/qr/tok.sig"
    moved = MaintenanceSettings(public_base_url="https://repair.campus.example/")
    assert moved.qr_url("tok.sig") == "https://repair.campus.example/qr/tok.sig"
