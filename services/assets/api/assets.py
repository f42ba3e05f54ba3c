"""Routes of the register: register, list, look up by id or tag, value on a day."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.assets.api.deps import AssetId, Ctx, TagPath
from services.assets.api.schemas import AssetCreate, AssetRead, AssetsPage, ValuationRead
from services.assets.handlers import assets as h
from shared.api import Caller, Cursor, Limit, Uow
from shared.types import Day

router = APIRouter(tags=["assets"])


@router.post("/assets", response_model=AssetRead, status_code=201, summary="Register an asset")
async def register(body: AssetCreate, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """Publishes assets.asset.registered.v1; 409 when the tag exists."""
    asset = await h.register(uow, ctx, who, **body.model_dump())
    return AssetRead.of(asset, today=ctx.today())


@router.get("/assets", response_model=AssetsPage, summary="The register, by tag")
async def list_assets(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    building_id: Annotated[str | None, Query(max_length=64)] = None,
    room_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(in_use|damaged)$")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssetsPage:
    """Asset managers see their buildings; administrators and auditors see all."""
    page = await h.list_assets(
        uow,
        ctx,
        who,
        building_id=building_id,
        room_id=room_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    return AssetsPage.of(page, today=ctx.today())


@router.get("/assets/by-tag/{tag}", response_model=AssetRead, summary="Look an asset up by tag")
async def by_tag(tag: TagPath, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """As scanned from the label."""
    asset = await h.by_tag(uow, ctx, who, tag)
    return AssetRead.of(asset, today=ctx.today())


@router.get("/assets/{asset_id}", response_model=AssetRead, summary="One asset")
async def get_asset(asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """One asset with today's book value."""
    asset = await h.get(uow, ctx, who, asset_id)
    return AssetRead.of(asset, today=ctx.today())


@router.get(
    "/assets/{asset_id}/book-value",
    response_model=ValuationRead,
    summary="Book value on a day (straight line, no residual value)",
)
async def get_book_value(
    asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller, on: Annotated[Day | None, Query()] = None
) -> ValuationRead:
    """Defaults to today."""
    return ValuationRead.of(await h.book_value(uow, ctx, who, asset_id, on=on))
