"""Routes of the stock ledger (台帐): balances, issues, write-offs, the ledger, the expiry scan."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_stock import (
    BatchRead,
    IssueCreate,
    IssueRead,
    LedgerPage,
    ScanResult,
    StockLine,
    WriteOffCreate,
)
from services.canteen.handlers import issues
from services.canteen.handlers import stock as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["stock"])


@router.get(
    "/canteens/{canteen_id}/stock", response_model=list[StockLine], summary="Stock balances"
)
async def get_stock(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[StockLine]:
    """Balances per item (台帐), usable and expired, with the batches in stock."""
    return [StockLine.of(b) for b in await h.stock_of(uow, ctx, who, canteen_id)]


@router.post(
    "/canteens/{canteen_id}/issues",
    response_model=IssueRead,
    status_code=201,
    summary="Issue to the kitchen (领用), first expiring first out",
)
async def issue(
    canteen_id: PathId, body: IssueCreate, uow: Uow, ctx: Ctx, who: Caller
) -> IssueRead:
    """409 when unexpired stock does not cover the quantity; nothing is taken then."""
    issued = await issues.issue_stock(uow, ctx, who, canteen_id, **body.model_dump())
    return IssueRead.of(issued)


@router.get(
    "/canteens/{canteen_id}/issues/{issue_no}", response_model=IssueRead, summary="One issue"
)
async def get_issue(
    canteen_id: PathId, issue_no: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> IssueRead:
    """One issued requisition."""
    return IssueRead.of(await issues.get_issue(uow, ctx, who, canteen_id, issue_no))


@router.post(
    "/canteens/{canteen_id}/batches/{batch_id}/write-offs",
    response_model=BatchRead,
    summary="Write goods off the books (报损)",
)
async def write_off(
    canteen_id: PathId, batch_id: PathId, body: WriteOffCreate, uow: Uow, ctx: Ctx, who: Caller
) -> BatchRead:
    """Only a canteen manager writes off stock."""
    batch = await h.write_off(
        uow, ctx, who, canteen_id, batch_id, quantity=body.quantity, reason=body.reason
    )
    return BatchRead.of(batch)


@router.get("/canteens/{canteen_id}/ledger", response_model=LedgerPage, summary="The ledger")
async def ledger(
    canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller, limit: Limit = 50, cursor: Cursor = None
) -> LedgerPage:
    """Every stock movement of one canteen, newest first."""
    return LedgerPage.of(await h.ledger(uow, ctx, who, canteen_id, limit=limit, cursor=cursor))


@router.post(
    "/canteens/{canteen_id}/expiry-scan",
    response_model=ScanResult,
    summary="Run the daily expiry scan for one canteen now",
)
async def expiry_scan(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> ScanResult:
    """Warns once per batch; a second run the same day warns about nothing new."""
    return ScanResult.of(await h.scan_expiry(uow, ctx, who, canteen_id))
