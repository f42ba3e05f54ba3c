"""Events the assets service publishes: its public contract."""

from __future__ import annotations

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register("assets.asset.registered.v1")
class AssetRegistered(EventData):
    """An asset was put on the books (校产登记)."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    name: str
    category_code: str
    purchase_value: str
    purchase_date: str


@registry.register("assets.asset.assigned.v1")
class AssetAssigned(EventData):
    """An asset was put in a person's custody (责任到人); they still have to acknowledge it."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    custodian_id: str
    previous_custodian_id: str | None


@registry.register("assets.asset.custody_acknowledged.v1")
class CustodyAcknowledged(EventData):
    """The custodian signed for the asset (责任到人: the signature at term end)."""

    asset_id: str
    tag: str
    building_id: str
    custodian_id: str


@registry.register("assets.asset.damaged.v1")
class AssetDamaged(EventData):
    """An asset was reported damaged; the compensation is its book value, doubled if deliberate."""

    damage_id: str
    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    description: str
    deliberate: bool
    responsible_person_id: str | None
    compensation: str


@registry.register("assets.asset.repaired.v1")
class AssetRepaired(EventData):
    """A damaged asset is back in use."""

    asset_id: str
    tag: str
    building_id: str
