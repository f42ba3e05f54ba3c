"""The fields maintenance needs from other services' events (anything else is ignored).

Checked against the publishers' catalogue examples (tests/unit/maintenance/test_maint_contract).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.envelope import EventData

ASSET_DAMAGED = "assets.asset.damaged.v1"
ASSET_REGISTERED = "assets.asset.registered.v1"
ASSET_MOVED = "assets.asset.moved.v1"
CANTEEN_EQUIPMENT_FAULT = "canteen.equipment.fault_reported.v1"
CANTEEN_INSPECTION_FAILED = "canteen.inspection.failed.v1"


class AssetDamaged(EventData):
    """assets.asset.damaged.v1: an asset was reported damaged."""

    event_type: ClassVar[str] = ASSET_DAMAGED

    damage_id: str = Field(min_length=1, max_length=200)
    asset_id: str = Field(min_length=1, max_length=200)
    tag: str = Field(min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=500)
    building_id: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    deliberate: bool = False
    room_id: str | None = Field(default=None, max_length=200)


class EquipmentFaultReported(EventData):
    """canteen.equipment.fault_reported.v1: a canteen inspection found faulty equipment."""

    event_type: ClassVar[str] = CANTEEN_EQUIPMENT_FAULT

    fault_id: str = Field(min_length=1, max_length=200)
    canteen_id: str = Field(min_length=1, max_length=200)
    #: The campus of the canteen: the order's campus when maintenance does not know the building.
    campus_id: str | None = Field(default=None, min_length=1, max_length=200)
    building_id: str = Field(min_length=1, max_length=200)
    equipment_tag: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)


class InspectionFailed(EventData):
    """canteen.inspection.failed.v1: an item of a canteen hygiene inspection failed."""

    event_type: ClassVar[str] = CANTEEN_INSPECTION_FAILED

    inspection_id: str = Field(min_length=1, max_length=200)
    action_id: str = Field(min_length=1, max_length=200)
    canteen_id: str = Field(min_length=1, max_length=200)
    campus_id: str | None = Field(default=None, max_length=200)
    building_id: str = Field(min_length=1, max_length=200)
    item_id: str = Field(min_length=1, max_length=200)
    item: str = Field(default="", max_length=10_000)
    finding: str = Field(default="", max_length=10_000)
    equipment: bool = False
    equipment_tag: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=200)


class AssetRegistered(EventData):
    """assets.asset.registered.v1: an asset was put on the books, in a building and room."""

    event_type: ClassVar[str] = ASSET_REGISTERED

    asset_id: str = Field(min_length=1, max_length=200)
    tag: str = Field(min_length=1, max_length=200)
    building_id: str = Field(min_length=1, max_length=200)
    room_id: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=1000)


class AssetMoved(EventData):
    """assets.asset.moved.v1: an asset is in another building or room now."""

    event_type: ClassVar[str] = ASSET_MOVED

    asset_id: str = Field(min_length=1, max_length=200)
    tag: str = Field(min_length=1, max_length=200)
    building_id: str = Field(min_length=1, max_length=200)
    room_id: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=1000)
