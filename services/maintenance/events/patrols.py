"""Patrols (巡检) and device incidents: failed checkpoints, recorded runs, misfiring devices."""

from __future__ import annotations

from services.maintenance.events.base import registry
from shared.envelope import EventData


@registry.register(
    "maintenance.inspection.checkpoint_failed.v1",
    example={
        "run_id": "5c1e0a9b7d3f4a21",
        "route_id": "night-round",
        "checkpoint_id": "lamp-b01",
        "building_id": "B01",
        "finding": "failed: 灯亮",
        "campus_id": "main",
        "location_id": "B01",
        "category": "electrical",
        "priority": "routine",
        "device_tag": None,
    },
)
class CheckpointFailed(EventData):
    """A patrol found a fault at a checkpoint; maintenance opens one linked work order."""

    run_id: str
    route_id: str
    checkpoint_id: str
    building_id: str
    finding: str
    campus_id: str
    location_id: str
    category: str
    priority: str = "routine"
    device_tag: str | None = None


@registry.register(
    "maintenance.device.flagged.v1",
    example={
        "device_tag": "SMK-B01-301",
        "building_id": "B01",
        "reason": "3 false alarms in 30 days",
        "count": 3,
        "window_days": 30,
        "kind": "false_alarm",
    },
)
class DeviceFlagged(EventData):
    """A device failed or misfired repeatedly within the window (e.g. 3 false alarms in 30 days)."""

    device_tag: str
    building_id: str
    reason: str
    count: int
    window_days: int
    kind: str


@registry.register(
    "maintenance.patrol.run_recorded.v1",
    example={
        "run_id": "5c1e0a9b7d3f4a21",
        "route_id": "night-round",
        "campus_id": "main",
        "by": "u-tech-1",
        "checkpoints": 2,
        "failed": ["lamp-b01"],
    },
)
class PatrolRunRecorded(EventData):
    """A patrol of a route was recorded, passed or not (each failure also has its event)."""

    run_id: str
    route_id: str
    campus_id: str
    by: str
    checkpoints: int
    failed: list[str]


@registry.register(
    "maintenance.device.incident_recorded.v1",
    example={
        "device_tag": "SMK-B01-301",
        "building_id": "B01",
        "kind": "false_alarm",
        "in_window": 2,
        "window_days": 30,
    },
)
class DeviceIncidentRecorded(EventData):
    """A device misfired or failed once more; `in_window` counts its incidents of that kind
    in the window (the flag comes at the threshold)."""

    device_tag: str
    building_id: str
    kind: str
    in_window: int
    window_days: int
