"""Routes of custody (责任到人): hand over, sign for, what I answer for."""

from __future__ import annotations

from fastapi import APIRouter

from services.assets.api.deps import AssetId, Ctx
from services.assets.api.schemas import AssetRead, CustodyCreate
from services.assets.handlers import custody as h
from shared.api import Caller, Uow

router = APIRouter(tags=["custody"])


@router.get(
    "/assets/custody/me", response_model=list[AssetRead], summary="Assets in the caller's custody"
)
async def my_custody(uow: Uow, ctx: Ctx, who: Caller) -> list[AssetRead]:
    """What the caller answers for, signed for or still to sign."""
    return AssetRead.all(await h.in_my_custody(uow, ctx, who), today=ctx.today())


@router.post(
    "/assets/{asset_id}/custody",
    response_model=AssetRead,
    summary="Hand an asset to a person (责任到人)",
)
async def assign(
    asset_id: AssetId, body: CustodyCreate, uow: Uow, ctx: Ctx, who: Caller
) -> AssetRead:
    """Publishes assets.asset.assigned.v1; the custodian then acknowledges."""
    asset = await h.assign(uow, ctx, who, asset_id, custodian_id=body.custodian_id)
    return AssetRead.of(asset, today=ctx.today())


@router.post(
    "/assets/{asset_id}/custody/acknowledge",
    response_model=AssetRead,
    summary="The custodian signs for the asset",
)
async def acknowledge(asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """Only the custodian may sign; signing twice changes nothing."""
    asset = await h.acknowledge(uow, ctx, who, asset_id)
    return AssetRead.of(asset, today=ctx.today())
