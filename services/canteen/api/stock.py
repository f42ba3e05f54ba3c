"""Routes of the stock ledger: balances, issues, write-offs, the ledger, the expiry scan."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter

from services.canteen import repository as repo
from services.canteen.api.deps import (
    MANAGERS,
    READERS,
    STAFF,
    Caller,
    Cursor,
    Limit,
    PathId,
    RuntimeDep,
    allow,
    read,
    settings_of,
    today_of,
)
from services.canteen.api.schemas import (
    BatchRead,
    IssueCreate,
    IssueRead,
    LedgerEntry,
    LedgerPage,
    ScanResult,
    StockLine,
    WriteOffCreate,
)
from services.canteen.handlers import stock as handlers
from shared.errors import NotFound
from shared.store import Query as StoreQuery

router = APIRouter()


@router.get("/canteens/{canteen_id}/stock", response_model=list[StockLine], tags=["stock"])
async def get_stock(canteen_id: PathId, principal: Caller, runtime: RuntimeDep) -> list[StockLine]:
    """Balances per item (台帐), usable and expired, with the batches in stock."""
    allow(principal, canteen_id, READERS)
    docs = await repo.find_all(
        runtime.store,
        repo.BATCHES,
        {"canteen_id": canteen_id, "status": "in_stock"},
        [("item", 1), ("expires_on", 1)],
    )
    today = today_of(runtime)
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        grouped[(doc["item"], doc["unit"])].append(doc)
    out = []
    for (item, unit), batches in grouped.items():
        usable = sum(
            (
                Decimal(b["on_hand"])
                for b in batches
                if date.fromisoformat(b["expires_on"]) >= today
            ),
            Decimal(0),
        )
        total = sum((Decimal(b["on_hand"]) for b in batches), Decimal(0))
        out.append(
            StockLine(
                item=item,
                unit=unit,
                on_hand=str(total),
                usable=str(usable),
                expired=str(total - usable),
                batches=[read(BatchRead, b, "batch_id") for b in batches],
            )
        )
    return out


@router.post(
    "/canteens/{canteen_id}/issues",
    response_model=IssueRead,
    status_code=201,
    tags=["stock"],
    summary="Issue to the kitchen (领用), first expiring first out",
)
async def issue(
    canteen_id: PathId, body: IssueCreate, principal: Caller, runtime: RuntimeDep
) -> IssueRead:
    """409 when unexpired stock does not cover the quantity; nothing is taken then."""
    allow(principal, canteen_id, STAFF)
    doc = await handlers.issue_stock(
        runtime.uow(principal),
        canteen_id=canteen_id,
        issue_no=body.issue_no,
        item=body.item,
        unit=body.unit,
        quantity=body.quantity,
        purpose=body.purpose,
        today=today_of(runtime),
    )
    return IssueRead(**{k: doc[k] for k in IssueRead.model_fields})


@router.get("/canteens/{canteen_id}/issues/{issue_no}", response_model=IssueRead, tags=["stock"])
async def get_issue(
    canteen_id: PathId, issue_no: PathId, principal: Caller, runtime: RuntimeDep
) -> IssueRead:
    """One issued requisition."""
    allow(principal, canteen_id, READERS)
    doc = await runtime.store.get(repo.ISSUES, f"{canteen_id}|{issue_no}")
    if doc is None:
        raise NotFound(f"no requisition {issue_no} in canteen {canteen_id}")
    return IssueRead(**{k: doc[k] for k in IssueRead.model_fields})


@router.post(
    "/canteens/{canteen_id}/batches/{batch_id}/write-offs",
    response_model=BatchRead,
    tags=["stock"],
    summary="Write goods off the books (报损)",
)
async def write_off(
    canteen_id: PathId,
    batch_id: PathId,
    body: WriteOffCreate,
    principal: Caller,
    runtime: RuntimeDep,
) -> BatchRead:
    """Only a canteen manager writes off stock."""
    allow(principal, canteen_id, MANAGERS)
    doc = await handlers.write_off(
        runtime.uow(principal),
        canteen_id=canteen_id,
        batch_id=batch_id,
        quantity=body.quantity,
        reason=body.reason,
    )
    return read(BatchRead, doc, "batch_id")


@router.get("/canteens/{canteen_id}/ledger", response_model=LedgerPage, tags=["stock"])
async def ledger(
    canteen_id: PathId,
    principal: Caller,
    runtime: RuntimeDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> LedgerPage:
    """Every stock movement of one canteen, newest first."""
    allow(principal, canteen_id, READERS)
    query = StoreQuery({"canteen_id": canteen_id}, [("at", -1)], limit=limit, after=cursor)
    page = await runtime.store.find(repo.LEDGER, query)
    return LedgerPage(
        items=[read(LedgerEntry, d, "entry_id") for d in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "/canteens/{canteen_id}/expiry-scan",
    response_model=ScanResult,
    tags=["stock"],
    summary="Run the daily expiry scan for one canteen now",
)
async def expiry_scan(canteen_id: PathId, principal: Caller, runtime: RuntimeDep) -> ScanResult:
    """Warns once per batch; a second run the same day warns about nothing new."""
    allow(principal, canteen_id, MANAGERS)
    warned = await handlers.scan_expiry(
        lambda: runtime.uow(principal),
        today=today_of(runtime),
        warning_days=settings_of(runtime).expiry_warning_days,
        canteen_id=canteen_id,
    )
    return ScanResult(warned=[read(BatchRead, d, "batch_id") for d in warned])
