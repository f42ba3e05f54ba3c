"""Events the assets service publishes: its public contract."""

from __future__ import annotations

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()


@registry.register(
    "assets.asset.registered.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "name": "投影仪 爱普生 projector",
        "category_code": "2020000",
        "purchase_value": "3980.00",
        "purchase_date": "2021-03-15",
    },
)
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


@registry.register(
    "assets.asset.assigned.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "custodian_id": "u-teacher-1",
        "previous_custodian_id": None,
    },
)
class AssetAssigned(EventData):
    """An asset was put in a person's custody (责任到人); they still have to acknowledge it."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    custodian_id: str
    previous_custodian_id: str | None


@registry.register(
    "assets.asset.custody_acknowledged.v1",
    example={
        "asset_id": "ast-8d21e6c04f17",
        "tag": "ZC-B02-0101",
        "building_id": "B02",
        "custodian_id": "u-student-1",
    },
)
class CustodyAcknowledged(EventData):
    """The custodian signed for the asset (责任到人: the signature at term end)."""

    asset_id: str
    tag: str
    building_id: str
    custodian_id: str


@registry.register(
    "assets.asset.damaged.v1",
    example={
        "damage_id": "dmg-5a7e09b3c812",
        "asset_id": "ast-c4b7d2e91a06",
        "tag": "ZC-B02-0102",
        "building_id": "B02",
        "room_id": "B02-312",
        "description": "椅腿被故意踢断 chair leg deliberately kicked off",
        "deliberate": True,
        "responsible_person_id": "u-student-1",
        "compensation": "250.00",
    },
)
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


@registry.register(
    "assets.asset.repaired.v1",
    example={"asset_id": "ast-c4b7d2e91a06", "tag": "ZC-B02-0102", "building_id": "B02"},
)
class AssetRepaired(EventData):
    """A damaged asset is back in use."""

    asset_id: str
    tag: str
    building_id: str
