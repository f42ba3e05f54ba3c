"""The technicians' register and the configuration a dispatcher keeps: dispatch rules, teams,
contractors, warranties, patrol routes, preventive schedules, asset places."""

from __future__ import annotations

from typing import Any

from services.maintenance.events.base import registry
from shared.envelope import EventData

_TECHNICIAN: dict[str, Any] = {
    "technician_id": "u-tech-2",
    "campus_id": "main",
    "name": "张师傅 Zhang",
    "active": True,
}


class TechnicianEntry(EventData):
    """Fields both technician events carry: the whole register entry as it now is."""

    technician_id: str
    campus_id: str
    name: str
    active: bool


@registry.register("maintenance.technician.registered.v1", example=_TECHNICIAN)
class TechnicianRegistered(TechnicianEntry):
    """A dispatcher put a technician on the campus's register (the names orders go to)."""


@registry.register(
    "maintenance.technician.changed.v1",
    example={**_TECHNICIAN, "active": False, "changed": ["active"]},
)
class TechnicianChanged(TechnicianEntry):
    """A register entry changed (renamed, moved campus, away or back); `changed` names what."""

    changed: list[str]


class ReferenceSaved(EventData):
    """Configuration a dispatcher keeps (rules, teams, contractors, warranties, patrol routes,
    schedules, asset places): the entry as it is now stored, and which of its fields changed.

    `entry` is the stored form (so audit can answer what it became); `changed` lists every
    field of a new entry, and only the changed ones of a replaced entry.
    """

    id: str
    campus_id: str | None = None
    created: bool
    changed: list[str]
    entry: dict[str, Any]


def _saved(entry_id: str, entry: dict[str, Any], *changed: str) -> dict[str, Any]:
    """The example of a configuration event: new when `changed` is empty."""
    return {
        "id": entry_id,
        "campus_id": entry.get("campus_id"),
        "created": not changed,
        "changed": list(changed) or sorted(entry),
        "entry": entry,
    }


@registry.register(
    "maintenance.dispatch_rule.updated.v1",
    example=_saved(
        "main-plumbing",
        {
            "campus_id": "main",
            "category": "plumbing",
            "building_id": None,
            "technician_id": None,
            "team_id": "water",
        },
    ),
)
class DispatchRuleUpdated(ReferenceSaved):
    """A dispatch rule (trade + campus or building → technician or team) was set or changed."""


@registry.register(
    "maintenance.team.updated.v1",
    example=_saved(
        "water",
        {"campus_id": "main", "name": "水暖班", "members": ["u-tech-2", "u-tech-3"]},
        "members",
    ),
)
class TeamUpdated(ReferenceSaved):
    """A team of technicians was formed or changed (its name, its members)."""


@registry.register(
    "maintenance.contractor.updated.v1",
    example=_saved(
        "jianan",
        {
            "name": "建安建设工程有限公司",
            "technician_id": "jianan-site-rep",
            "response": {"amount": 24, "unit": "business_hours"},
            "escalate_to": "warranty-manager",
        },
    ),
)
class ContractorUpdated(ReferenceSaved):
    """A contractor, its site representative and its answer clock were set or changed."""


@registry.register(
    "maintenance.warranty.updated.v1",
    example=_saved(
        "b03-new-library",
        {
            "contractor_id": "jianan",
            "campus_id": "main",
            "until": "2027-08-31",
            "building_id": "B03",
            "asset_tag": None,
            "categories": [],
        },
    ),
)
class WarrantyUpdated(ReferenceSaved):
    """A warranty on a building or an asset was recorded or changed (its contractor, its end)."""


@registry.register(
    "maintenance.patrol_route.updated.v1",
    example=_saved(
        "night-round",
        {
            "name": "夜间巡查",
            "campus_id": "main",
            "checkpoints": [
                {
                    "id": "c1",
                    "name": "北门路灯",
                    "location_id": "B01",
                    "building_id": "B01",
                    "category": "electrical",
                    "checklist": ["lamp", "pole"],
                    "device_tag": None,
                    "priority": "routine",
                }
            ],
        },
        "checkpoints",
    ),
)
class PatrolRouteUpdated(ReferenceSaved):
    """A patrol route and its checkpoints were laid out or changed."""


@registry.register(
    "maintenance.schedule.updated.v1",
    example=_saved(
        "extinguishers-b01",
        {
            "name": "灭火器月检",
            "campus_id": "main",
            "building_id": "B01",
            "location_id": "B01",
            "category": "other",
            "priority": "routine",
            "description": "检查一楼至五楼灭火器压力与有效期",
            "kind": "interval",
            "start": "2026-01-05",
            "interval_days": 30,
            "dates": [],
            "lead_days": 3,
            "asset_tag": None,
            "active": False,
            "created_on": "2026-01-05",
            "generated_through": "2026-02-04",
        },
        "active",
    ),
)
class ScheduleUpdated(ReferenceSaved):
    """A preventive schedule was set up or changed (its interval, its place, paused)."""


@registry.register(
    "maintenance.asset.updated.v1",
    example=_saved(
        "ZC-B01-0001",
        {
            "name": "教学楼电梯",
            "campus_id": "main",
            "building_id": "B01",
            "location_id": "B01-101",
            "floor": 1,
            "room_id": "B01-101",
            "updated_at": "2026-01-12T08:30:00.000000Z",
        },
        "location_id",
        "room_id",
    ),
)
class AssetPlaceUpdated(ReferenceSaved):
    """Where maintenance knows an asset tag to be was set or changed (QR codes and requests
    name the asset by it)."""
