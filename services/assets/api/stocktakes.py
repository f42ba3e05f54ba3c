"""Routes of stock-takes (清查 / 盘点): start, scan, report, submit, decide."""

from __future__ import annotations

from fastapi import APIRouter

from services.assets.api.deps import Ctx
from services.assets.api.schemas import DecisionCreate
from services.assets.api.stocktake_schemas import (
    ReportRead,
    ScanCreate,
    StocktakeCreate,
    StocktakeRead,
    StocktakesPage,
    SubmitCreate,
)
from services.assets.domain.stocktakes import StocktakeStatus
from services.assets.handlers import stocktakes as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["stock-takes"])


@router.post(
    "/stocktakes", response_model=StocktakeRead, status_code=201, summary="Start a stock-take"
)
async def start(body: StocktakeCreate, uow: Uow, ctx: Ctx, who: Caller) -> StocktakeRead:
    """A building (its manager) or a department (an administrator)."""
    st = await h.start(uow, ctx, who, scope=body.scope, scope_id=body.scope_id, name=body.name)
    return StocktakeRead.of(st)


@router.get("/stocktakes", response_model=StocktakesPage, summary="Stock-takes, newest first")
async def listed(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    status: StocktakeStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> StocktakesPage:
    """Of the buildings the caller reads."""
    items, nxt = await h.listed(uow, ctx, who, status=status, limit=limit, cursor=cursor)
    return StocktakesPage(items=[StocktakeRead.of(s) for s in items], next_cursor=nxt)


@router.get("/stocktakes/{stocktake_id}", response_model=StocktakeRead, summary="A stock-take")
async def get_stocktake(stocktake_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> StocktakeRead:
    """Its status and the rooms counted so far."""
    return StocktakeRead.of(await h.get(uow, ctx, who, stocktake_id))


@router.post(
    "/stocktakes/{stocktake_id}/scans", response_model=StocktakeRead, summary="Tags seen in a room"
)
async def scan(
    stocktake_id: PathId, body: ScanCreate, uow: Uow, ctx: Ctx, who: Caller
) -> StocktakeRead:
    """Tags typed, or asset ids from the labels' QR codes read by the phone's camera; a tag
    scanned again counts where it was seen last."""
    st = await h.scan(
        uow,
        ctx,
        who,
        stocktake_id,
        room_id=body.room_id,
        tags=body.tags,
        asset_ids=body.asset_ids,
        building_id=body.building_id,
    )
    return StocktakeRead.of(st)


@router.get(
    "/stocktakes/{stocktake_id}/report", response_model=ReportRead, summary="The reconciliation"
)
async def report(stocktake_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> ReportRead:
    """In place, misplaced, missing, not on the books, on loan: live, or as closed."""
    st, rep = await h.report(uow, ctx, who, stocktake_id)
    return ReportRead.of(st, rep)


@router.post(
    "/stocktakes/{stocktake_id}/submit",
    response_model=StocktakeRead,
    summary="Submit the report and the agreed moves",
)
async def submit(
    stocktake_id: PathId, body: SubmitCreate, uow: Uow, ctx: Ctx, who: Caller
) -> StocktakeRead:
    """Counting stops; a logistics administrator decides."""
    st = await h.submit(uow, ctx, who, stocktake_id, agreed_moves=body.agreed_moves)
    return StocktakeRead.of(st)


@router.post(
    "/stocktakes/{stocktake_id}/decision",
    response_model=StocktakeRead,
    summary="Approve (close) or send back",
)
async def decide(
    stocktake_id: PathId, body: DecisionCreate, uow: Uow, ctx: Ctx, who: Caller
) -> StocktakeRead:
    """Approval applies the agreed moves and publishes one assets.stocktake.discrepancy_found.v1
    per finding and assets.stocktake.closed.v1."""
    st = await h.decide(uow, ctx, who, stocktake_id, approve=body.approve, note=body.note)
    return StocktakeRead.of(st)
