"""Routes of the half-monthly full stock count (半月全查)."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_counts import CountCreate, CountRead, CountsPage
from services.canteen.handlers import counts as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["stock"])


@router.post(
    "/canteens/{canteen_id}/stock-counts",
    response_model=CountRead,
    status_code=201,
    summary="Record a full count of the store room (半月全查)",
)
async def take_count(
    canteen_id: PathId, body: CountCreate, uow: Uow, ctx: Ctx, who: Caller
) -> CountRead:
    """Every batch in stock is counted; each difference is a ledger line with its reason."""
    lines = [x.to_line() for x in body.lines]
    return CountRead.of(await h.take_count(uow, ctx, who, canteen_id, lines=lines))


@router.get(
    "/canteens/{canteen_id}/stock-counts", response_model=CountsPage, summary="Stock counts"
)
async def counts(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, limit: Limit = 20, cursor: Cursor = None
) -> CountsPage:
    """A canteen's counts, newest first."""
    return CountsPage.of(await h.list_counts(uow, ctx, who, canteen_id, limit=limit, cursor=cursor))


@router.get(
    "/canteens/{canteen_id}/stock-counts/{count_id}",
    response_model=CountRead,
    summary="One stock count",
)
async def count(canteen_id: PathId, count_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> CountRead:
    """A count and its discrepancies."""
    return CountRead.of(await h.get_count(uow, ctx, who, canteen_id, count_id))
