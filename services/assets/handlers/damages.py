"""Damage and repair: compensation at book value, doubled when deliberate (损坏公物加倍赔偿)."""

from __future__ import annotations

from datetime import date

from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.domain.damages import Damage
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets, damages
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def report(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    description: str,
    deliberate: bool,
    responsible_person_id: str | None = None,
    occurred_on: date | None = None,
) -> Damage:
    """Record a damage with its compensation; the asset is damaged until repaired."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager(who, asset.building_id)
    today = ctx.today()
    damage = asset.report_damage(
        damage_id=ctx.new_id("dmg"),
        description=description,
        deliberate=deliberate,
        responsible_person_id=responsible_person_id,
        occurred_on=occurred_on or today,
        today=today,
        at=ctx.now(),
        by=who.user_id,
    )
    assets.stage(uow, asset)
    damages.stage(uow, damage)
    await uow.commit()
    log.info(
        "asset.damaged",
        asset_id=asset_id,
        damage_id=damage.id,
        compensation_fen=damage.owed.amount_fen,
        deliberate=deliberate,
    )
    return damage


async def of_asset(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str
) -> list[Damage]:
    """Damage reports of one asset, oldest first, for a reader of its building."""
    asset = await assets.load(uow.store, asset_id)
    access.require_reader(who, asset.building_id)
    return await damages.of_asset(uow.store, asset_id)


async def mark_repaired(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str
) -> Asset:
    """A damaged asset is back in use."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager(who, asset.building_id)
    asset.repair()
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.repaired", asset_id=asset_id)
    return asset
