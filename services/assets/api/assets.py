"""Routes of the register: register, search, export, look up, value, move, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.assets.api.deps import AssetId, Ctx, Search, TagPath
from services.assets.api.record_schemas import (
    CategoryRead,
    HistoryLineRead,
    HistoryPage,
    ValuationRead,
)
from services.assets.api.schemas import AssetCreate, AssetRead, AssetsPage, MoveCreate
from services.assets.domain.categories import all_categories
from services.assets.handlers import assets as h
from services.assets.handlers import imports as exports
from shared.api import Caller, Cursor, Limit, Uow
from shared.types import Day

router = APIRouter(tags=["assets"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/categories",
    response_model=list[CategoryRead],
    summary="GB/T 14885 categories with default useful lives",
)
async def categories(who: Caller) -> list[CategoryRead]:
    """The gates and 大类 the register knows (reference data in code)."""
    return [CategoryRead.of(c) for c in all_categories()]


@router.post("/assets", response_model=AssetRead, status_code=201, summary="Register an asset")
async def register(body: AssetCreate, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """Publishes assets.asset.registered.v1; 409 when the tag exists."""
    asset = await h.register(uow, ctx, who, **body.model_dump())
    return AssetRead.of(asset, today=ctx.today())


@router.get("/assets", response_model=AssetsPage, summary="Search the register")
async def search(
    uow: Uow, ctx: Ctx, who: Caller, criteria: Search, limit: Limit = 50, cursor: Cursor = None
) -> AssetsPage:
    """By tag, or by name then tag with `name`; managers see their buildings."""
    page = await h.find(uow, ctx, who, criteria, limit=limit, cursor=cursor)
    return AssetsPage.of(page, today=ctx.today())


@router.get(
    "/assets/export",
    response_class=Response,
    responses={200: {"content": {XLSX: {}, "text/csv": {}}, "description": "the file"}},
    summary="Export a search as XLSX or CSV",
)
async def export(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    criteria: Search,
    format: Annotated[str, Query(pattern="^(xlsx|csv)$")] = "xlsx",
    encoding: Annotated[str, Query(pattern="^(utf-8|gbk)$")] = "utf-8",
) -> Response:
    """In the import's columns plus status and book value; CSV in UTF-8 (BOM) or GBK."""
    body = await exports.export(uow, ctx, who, criteria, format=format, encoding=encoding)
    media = XLSX if format == "xlsx" else f"text/csv; charset={encoding}"
    name = f"assets-{ctx.today().isoformat()}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


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


@router.post("/assets/{asset_id}/move", response_model=AssetRead, summary="Move an asset")
async def move(asset_id: AssetId, body: MoveCreate, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """Publishes assets.asset.moved.v1 (maintenance learns the new place from it)."""
    asset = await h.move(uow, ctx, who, asset_id, **body.model_dump())
    return AssetRead.of(asset, today=ctx.today())


@router.get(
    "/assets/{asset_id}/history", response_model=HistoryPage, summary="Everything that happened"
)
async def history(
    asset_id: AssetId, uow: Uow, ctx: Ctx, who: Caller, limit: Limit = 50, cursor: Cursor = None
) -> HistoryPage:
    """Registration, moves, custody, loans, reservations, damage, disposal; oldest first."""
    lines, nxt = await h.history_of(uow, ctx, who, asset_id, limit=limit, cursor=cursor)
    return HistoryPage(items=[HistoryLineRead.of(d) for d in lines], next_cursor=nxt)
