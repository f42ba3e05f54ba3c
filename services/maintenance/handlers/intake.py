"""Work orders opened by events: patrol failures, damaged assets, canteen equipment faults and
failed equipment items of canteen hygiene inspections.

Each handler only stages: the consumer commits the order with its processed marker. Each
source names a key (`patrol:<run>:<checkpoint>`, `asset-damage:<id>`, …) held under a
unique index, and the event id under another: a redelivered or re-sent event opens nothing new.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import TypeVar

from services.maintenance.domain.locations import AssetRef, Place, place_of
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import Category, Channel, Priority
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.filing import stage_new_ticket
from services.maintenance.repository import places as places_repo
from services.maintenance.repository import tickets as repo
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)
E = TypeVar("E", bound=StrEnum)


def _or_default(kind: type[E], value: str, default: E) -> E:
    try:
        return kind(value)
    except ValueError:
        return default


async def _known_place(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    *,
    location_id: str | None,
    building_id: str,
    room_id: str | None = None,
    campus_id: str | None = None,
) -> tuple[Place, bool]:
    """The most precise known place; an unknown building still gets an order (flagged)."""
    for candidate in (location_id, room_id, building_id):
        if candidate is None:
            continue
        loc = await places_repo.load_location(uow.store, candidate)
        place = place_of(loc) if loc is not None else None
        if place is not None and place.building_id == building_id:
            return place, True
    # Better an order on the default campus that a dispatcher fixes than a lost report.
    log.warning("intake.unknown_building", building_id=building_id)
    campus = campus_id or ctx.settings.default_campus_id
    return Place(campus, building_id, building_id, room_id=room_id), False


async def _open_from_source(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    *,
    source_key: str,
    source_event_id: str,
    place: Place,
    verified: bool,
    category: Category,
    priority: Priority,
    channel: Channel,
    description: str,
) -> Ticket | None:
    """Stage one order for a source; None if that source already has one."""
    existing = await repo.by_source_key(uow.store, source_key)
    if existing is not None:
        log.info("intake.duplicate", source_key=source_key, ticket_id=existing)
        return None
    return stage_new_ticket(
        uow,
        ctx,
        place=place,
        category=category,
        priority=priority,
        channel=channel,
        description=description[:2000],
        source_event_id=source_event_id,
        source_key=source_key,
        location_verified=verified,
    )


async def from_checkpoint_failure(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    source_event_id: str,
    run_id: str,
    checkpoint_id: str,
    building_id: str,
    location_id: str,
    finding: str,
    category: str,
    priority: str,
    device_tag: str | None,
) -> Ticket | None:
    """A failed patrol checkpoint opens one linked order."""
    place, verified = await _known_place(uow, ctx, location_id=location_id, building_id=building_id)
    if device_tag:
        place = replace(place, asset_tag=device_tag)
    return await _open_from_source(
        uow,
        ctx,
        source_key=f"patrol:{run_id}:{checkpoint_id}",
        source_event_id=source_event_id,
        place=place,
        verified=verified,
        category=_or_default(Category, category, Category.OTHER),
        priority=_or_default(Priority, priority, Priority.ROUTINE),
        channel=Channel.PATROL,
        description=f"巡查发现 patrol finding at checkpoint {checkpoint_id}: {finding}",
    )


async def from_asset_damage(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    source_event_id: str,
    damage_id: str,
    tag: str,
    name: str | None = None,
    building_id: str,
    room_id: str | None,
    description: str,
    deliberate: bool,
) -> Ticket | None:
    """A damaged asset opens one order for that asset; its place is remembered."""
    known = await places_repo.load_asset(uow.store, tag)
    if known is not None and known.place.building_id == building_id:
        place, verified = known.place, True
    else:
        place, verified = await _known_place(
            uow, ctx, location_id=None, building_id=building_id, room_id=room_id
        )
        place = replace(place, asset_tag=tag)
        if verified:
            moved = AssetRef(tag, place, known.name if known else name, ctx.now())
            places_repo.stage_asset(uow, moved, known)
    note = " (deliberate damage 故意损坏)" if deliberate else ""
    return await _open_from_source(
        uow,
        ctx,
        source_key=f"asset-damage:{damage_id}",
        source_event_id=source_event_id,
        place=place,
        verified=verified,
        category=Category.OTHER,
        priority=Priority.ROUTINE,
        channel=Channel.ASSET,
        description=f"资产损坏 asset {tag} damaged{note}: {description}",
    )


async def from_canteen_fault(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    source_event_id: str,
    fault_id: str,
    canteen_id: str,
    campus_id: str | None,
    building_id: str,
    equipment_tag: str,
    description: str,
) -> Ticket | None:
    """A canteen equipment fault found in an inspection opens one order."""
    place, verified = await _known_place(
        uow, ctx, location_id=None, building_id=building_id, campus_id=campus_id
    )
    return await _open_from_source(
        uow,
        ctx,
        source_key=f"canteen-fault:{fault_id}",
        source_event_id=source_event_id,
        place=replace(place, asset_tag=equipment_tag),
        verified=verified,
        category=Category.OTHER,
        priority=ctx.settings.canteen_fault_priority,
        channel=Channel.CANTEEN,
        description=f"食堂设备故障 canteen {canteen_id} equipment {equipment_tag}: {description}",
    )


async def from_canteen_inspection(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    source_event_id: str,
    action_id: str,
    canteen_id: str,
    campus_id: str | None,
    building_id: str,
    item: str,
    finding: str,
    equipment: bool,
    equipment_tag: str | None,
    place: str | None,
) -> Ticket | None:
    """A failed equipment item of a canteen inspection opens one order (keyed on its action).

    Items that are not equipment (a wet floor) are the canteen's to correct: no order.
    """
    if not equipment:
        log.info("intake.inspection_item_not_equipment", action_id=action_id, by=who.user_id)
        return None
    where, verified = await _known_place(
        uow, ctx, location_id=None, building_id=building_id, campus_id=campus_id
    )
    if equipment_tag:
        where = replace(where, asset_tag=equipment_tag)
    at = f" ({place})" if place else ""
    return await _open_from_source(
        uow,
        ctx,
        source_key=f"canteen-inspection:{action_id}",
        source_event_id=source_event_id,
        place=where,
        verified=verified,
        category=Category.OTHER,
        priority=ctx.settings.canteen_fault_priority,
        channel=Channel.CANTEEN,
        description=f"食堂卫生检查 canteen {canteen_id} inspection{at}: {item}: {finding}",
    )
