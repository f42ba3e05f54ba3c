"""The service's public contract: its bindings match the platform topology, its types the guide."""

from __future__ import annotations

from services.maintenance.events import registry
from services.maintenance.settings import MaintenanceSettings
from services.maintenance.subscribers import CONSUMED_TYPES, subscriptions
from shared.clock import utcnow
from shared.topology import SUBSCRIPTIONS


def test_consumed_types_match_the_platform_topology():
    assert sorted(CONSUMED_TYPES) == sorted(SUBSCRIPTIONS["maintenance"])
    from services.maintenance.handlers.context import Context

    subs = subscriptions(Context.from_settings(MaintenanceSettings(), utcnow))
    assert sorted(subs) == sorted(CONSUMED_TYPES)


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
        "maintenance.inspection.checkpoint_failed.v1",
        "maintenance.device.flagged.v1",
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
