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
    CANTEEN_EQUIPMENT_FAULT,
    AssetDamaged,
    EquipmentFaultReported,
)
from services.maintenance.handlers import intake
from services.maintenance.handlers.context import MaintenanceContext
from shared.auth import system_principal
from shared.consumer import Subscription
from shared.envelope import Envelope
from shared.uow import UnitOfWork

SYSTEM = system_principal("maintenance")
CHECKPOINT_FAILED = ev.CheckpointFailed.event_type


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
    CANTEEN_EQUIPMENT_FAULT: Subscription(EquipmentFaultReported, on_equipment_fault_reported),
    CHECKPOINT_FAILED: Subscription(ev.CheckpointFailed, on_checkpoint_failed),
}
CONSUMED_TYPES = tuple(SUBSCRIPTIONS)
