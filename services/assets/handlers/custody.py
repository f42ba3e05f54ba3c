"""Custody to a person (责任到人): hand an asset over, the custodian signs, what I answer for."""

from __future__ import annotations

from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def assign(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str, *, custodian_id: str
) -> Asset:
    """Put an asset in a person's custody; the previous custody goes to the history."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager(who, asset.building_id)
    asset.assign(custodian_id, at=ctx.now(), by=who.user_id)
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.assigned", asset_id=asset_id, custodian_id=custodian_id)
    return asset


async def acknowledge(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str
) -> Asset:
    """The caller signs for an asset in their custody; signing twice writes nothing."""
    asset = await assets.load(uow.store, asset_id)
    access.require_custodian(who, asset)
    asset.acknowledge(at=ctx.now())
    if not asset.recorded:
        return asset
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.custody_acknowledged", asset_id=asset_id)
    return asset


async def in_my_custody(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /) -> list[Asset]:
    """What the caller answers for, signed for or still to sign (anyone may ask for their own)."""
    return await assets.in_custody_of(uow.store, who.user_id)
