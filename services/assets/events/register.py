"""The register's events: registration, moves, custody, damage and repair, disposal."""

from __future__ import annotations

from services.assets.events.base import registry
from shared.envelope import EventData


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
        "department_id": "D-PHYS",
        "useful_life_years": 6,
        "low_value": False,
        "import_id": None,
    },
)
class AssetRegistered(EventData):
    """An asset was put on the books (校产登记); maintenance learns where it is from this."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    name: str
    category_code: str
    purchase_value: str
    purchase_date: str
    department_id: str | None = None
    #: None: carried at cost (land, relics, books).
    useful_life_years: int | None = None
    #: Under the capitalisation threshold (低值易耗品): not depreciated.
    low_value: bool = False
    #: The Excel/CSV import it came from, if any.
    import_id: str | None = None


@registry.register(
    "assets.asset.moved.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "name": "投影仪 爱普生 projector",
        "from_building_id": "B01",
        "from_room_id": "B01-203",
        "building_id": "B01",
        "room_id": "B01-305",
        "reason": "教室调整 classroom swap",
        "stocktake_id": None,
    },
)
class AssetMoved(EventData):
    """An asset is in another building or room now (by command, or agreed at a stock-take)."""

    asset_id: str
    tag: str
    name: str
    from_building_id: str
    from_room_id: str | None
    building_id: str
    room_id: str | None
    reason: str | None = None
    stocktake_id: str | None = None


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
        "name": "学生椅 student chair",
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
    name: str | None = None


@registry.register(
    "assets.asset.repaired.v1",
    example={"asset_id": "ast-c4b7d2e91a06", "tag": "ZC-B02-0102", "building_id": "B02"},
)
class AssetRepaired(EventData):
    """A damaged asset is back in use."""

    asset_id: str
    tag: str
    building_id: str


@registry.register(
    "assets.asset.disposal_proposed.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "reason": "灯泡老化，维修费用超过残值 lamp worn out, repair costs more than it is worth",
        "proposed_by": "u-asset-manager-1",
        "book_value": "0.00",
    },
)
class DisposalProposed(EventData):
    """An asset manager proposed writing an asset off (报废, step one); an administrator decides."""

    asset_id: str
    tag: str
    building_id: str
    reason: str
    proposed_by: str | None
    book_value: str


@registry.register(
    "assets.asset.disposal_rejected.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "note": "先报修 repair it first",
        "decided_by": "u-admin-1",
        "status": "in_use",
    },
)
class DisposalRejected(EventData):
    """The administrator refused a proposed write-off; the asset is back in its status."""

    asset_id: str
    tag: str
    building_id: str
    note: str | None
    decided_by: str | None
    status: str


@registry.register(
    "assets.asset.disposed.v1",
    example={
        "asset_id": "ast-3f9c1a7b2e40",
        "tag": "ZC-B01-0002",
        "building_id": "B01",
        "room_id": "B01-203",
        "reason": "灯泡老化 lamp worn out",
        "proposed_by": "u-asset-manager-1",
        "approved_by": "u-admin-1",
        "purchase_value": "3980.00",
        "book_value": "0.00",
    },
)
class AssetDisposed(EventData):
    """An asset was written off (报废, step two: approved); finance removes it from the books."""

    asset_id: str
    tag: str
    building_id: str
    room_id: str | None
    reason: str
    proposed_by: str | None
    approved_by: str | None
    purchase_value: str
    book_value: str
