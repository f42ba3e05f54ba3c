"""Routes of disposal (报废): propose, then an administrator decides."""

from __future__ import annotations

from fastapi import APIRouter

from services.assets.api.deps import AssetId, Ctx
from services.assets.api.schemas import AssetRead, DecisionCreate, DisposalCreate
from services.assets.handlers import disposals as h
from shared.api import Caller, Uow

router = APIRouter(tags=["disposal"])


@router.post(
    "/assets/{asset_id}/disposal", response_model=AssetRead, summary="Propose disposal (报废)"
)
async def propose(
    asset_id: AssetId, body: DisposalCreate, uow: Uow, ctx: Ctx, who: Caller
) -> AssetRead:
    """Step one, by the asset manager: publishes assets.asset.disposal_proposed.v1."""
    asset = await h.propose(uow, ctx, who, asset_id, reason=body.reason)
    return AssetRead.of(asset, today=ctx.today())


@router.post(
    "/assets/{asset_id}/disposal/decision",
    response_model=AssetRead,
    summary="Approve or reject a proposed disposal",
)
async def decide(
    asset_id: AssetId, body: DecisionCreate, uow: Uow, ctx: Ctx, who: Caller
) -> AssetRead:
    """Step two, by a logistics administrator other than the proposer: approved publishes
    assets.asset.disposed.v1; rejected puts the asset back in its status."""
    asset = await h.decide(uow, ctx, who, asset_id, approve=body.approve, note=body.note)
    return AssetRead.of(asset, today=ctx.today())
