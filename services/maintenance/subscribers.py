"""faststream glue: one thin `on_<event>` function per consumed type, and the subscription map.

Each passes `system_principal("maintenance")` as the acting principal (the event's own actor
still reaches the events it causes, through the causality context); the intake handlers only
stage, and the consumer commits their writes with its processed marker. The keys of
`SUBSCRIPTIONS` are `CONSUMED_TYPES`, which must equal maintenance's entry in
`shared.topology.SUBSCRIPTIONS`.
"""

from __future__ import annotations

from services.maintenance import events as ev
from services.maintenance.consumed import (
    ASSET_DAMAGED,
    ASSET_MOVED,
    ASSET_REGISTERED,
    CANTEEN_EQUIPMENT_FAULT,
    CANTEEN_INSPECTION_FAILED,
    AssetDamaged,
    AssetMoved,
    AssetRegistered,
    EquipmentFaultReported,
    InspectionFailed,
)
from services.maintenance.handlers import intake, places
from services.maintenance.handlers.context import MaintenanceContext
from shared.auth import system_principal
from shared.consumer import Subscription
from shared.envelope import Envelope
from shared.uow import UnitOfWork

SYSTEM = system_principal("maintenance")
CHECKPOINT_FAILED = ev.CheckpointFailed.event_type


async def on_asset_registered(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: AssetRegistered
) -> None:
    """A registered asset → maintenance knows where its tag is (QR codes, requests)."""
    await places.learn_asset_place(
        uow,
        ctx,
        SYSTEM,
        tag=data.tag,
        building_id=data.building_id,
        room_id=data.room_id,
        name=data.name,
        located_at=envelope.time,
    )


async def on_asset_moved(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: AssetMoved
) -> None:
    """A moved asset → its tag's place follows it."""
    await places.learn_asset_place(
        uow,
        ctx,
        SYSTEM,
        tag=data.tag,
        building_id=data.building_id,
        room_id=data.room_id,
        name=data.name,
        located_at=envelope.time,
    )


async def on_asset_damaged(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: AssetDamaged
) -> None:
    """A damaged asset → one work order for it."""
    await intake.from_asset_damage(
        uow,
        ctx,
        SYSTEM,
        source_event_id=envelope.id,
        damage_id=data.damage_id,
        tag=data.tag,
        name=data.name,
        building_id=data.building_id,
        room_id=data.room_id,
        description=data.description,
        deliberate=data.deliberate,
    )


async def on_equipment_fault_reported(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: EquipmentFaultReported
) -> None:
    """A canteen equipment fault → one work order."""
    await intake.from_canteen_fault(
        uow,
        ctx,
        SYSTEM,
        source_event_id=envelope.id,
        fault_id=data.fault_id,
        canteen_id=data.canteen_id,
        campus_id=data.campus_id,
        building_id=data.building_id,
        equipment_tag=data.equipment_tag,
        description=data.description,
    )


async def on_inspection_failed(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: InspectionFailed
) -> None:
    """A failed equipment item of a canteen hygiene inspection → one work order."""
    await intake.from_canteen_inspection(
        uow,
        ctx,
        SYSTEM,
        source_event_id=envelope.id,
        action_id=data.action_id,
        canteen_id=data.canteen_id,
        campus_id=data.campus_id,
        building_id=data.building_id,
        item=data.item,
        finding=data.finding,
        equipment=data.equipment,
        equipment_tag=data.equipment_tag,
        place=data.place,
    )


async def on_checkpoint_failed(
    uow: UnitOfWork, ctx: MaintenanceContext, envelope: Envelope, data: ev.CheckpointFailed
) -> None:
    """A failed patrol checkpoint → one linked work order."""
    await intake.from_checkpoint_failure(
        uow,
        ctx,
        SYSTEM,
        source_event_id=envelope.id,
        run_id=data.run_id,
        checkpoint_id=data.checkpoint_id,
        building_id=data.building_id,
        location_id=data.location_id,
        finding=data.finding,
        category=data.category,
        priority=data.priority,
        device_tag=data.device_tag,
    )


SUBSCRIPTIONS: dict[str, Subscription] = {
    ASSET_DAMAGED: Subscription(AssetDamaged, on_asset_damaged),
    ASSET_REGISTERED: Subscription(AssetRegistered, on_asset_registered),
    ASSET_MOVED: Subscription(AssetMoved, on_asset_moved),
    CANTEEN_EQUIPMENT_FAULT: Subscription(EquipmentFaultReported, on_equipment_fault_reported),
    CANTEEN_INSPECTION_FAILED: Subscription(InspectionFailed, on_inspection_failed),
    CHECKPOINT_FAILED: Subscription(ev.CheckpointFailed, on_checkpoint_failed),
}
CONSUMED_TYPES = tuple(SUBSCRIPTIONS)
