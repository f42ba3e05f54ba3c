"""Disposal (报废) in two steps: the asset manager proposes, a logistics administrator decides."""

from __future__ import annotations

from services.assets.domain import access, disposals
from services.assets.domain.assets import Asset
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def propose(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str, *, reason: str
) -> Asset:
    """Step one (assets.asset.disposal_proposed.v1): the asset waits for the decision."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager(who, asset.building_id)
    disposals.propose(asset, reason=reason, today=ctx.today(), at=ctx.now(), by=who.user_id)
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.disposal_proposed", asset_id=asset_id)
    return asset


async def decide(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    approve: bool,
    note: str | None = None,
) -> Asset:
    """Step two: approved (assets.asset.disposed.v1) or rejected, by another administrator."""
    asset = await assets.load(uow.store, asset_id)
    access.require_admin(who)
    if approve:
        disposals.approve(asset, note=note, today=ctx.today(), at=ctx.now(), by=who.user_id)
    else:
        disposals.reject(asset, note=note, at=ctx.now(), by=who.user_id)
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.disposal_decided", asset_id=asset_id, approved=approve)
    return asset
