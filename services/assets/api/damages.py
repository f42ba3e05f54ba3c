"""Routes of damage and repair: compensation at book value, double if deliberate."""

from __future__ import annotations

from fastapi import APIRouter

from services.assets.api.deps import AssetId, Ctx
from services.assets.api.record_schemas import DamageCreate, DamageRead
from services.assets.api.schemas import AssetRead
from services.assets.handlers import damages as h
from shared.api import Caller, Uow

router = APIRouter(tags=["damages"])


@router.post(
    "/assets/{asset_id}/damages",
    response_model=DamageRead,
    status_code=201,
    summary="Report damage; compensation is book value, double if deliberate",
)
async def report_damage(
    asset_id: AssetId, body: DamageCreate, uow: Uow, ctx: Ctx, who: Caller
) -> DamageRead:
    """Publishes assets.asset.damaged.v1 (maintenance and notifications react)."""
    damage = await h.report(uow, ctx, who, asset_id, **body.model_dump())
    return DamageRead.of(damage)


@router.get(
    "/assets/{asset_id}/damages", response_model=list[DamageRead], summary="Damages of an asset"
)
async def list_damages(asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller) -> list[DamageRead]:
    """Damage reports of one asset, oldest first."""
    return [DamageRead.of(d) for d in await h.of_asset(uow, ctx, who, asset_id)]


@router.post("/assets/{asset_id}/repaired", response_model=AssetRead, summary="Back in use")
async def repaired(asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """A damaged asset is back in use; 409 when it is not damaged."""
    asset = await h.mark_repaired(uow, ctx, who, asset_id)
    return AssetRead.of(asset, today=ctx.today())
