"""Routes of loans (借还): lend, acknowledge, return, cancel, list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.assets.api.deps import Ctx
from services.assets.api.loan_schemas import (
    CancelCreate,
    LoanCreate,
    LoanRead,
    LoansPage,
    ReturnCreate,
    ReturnRead,
)
from services.assets.domain.loans import LoanStatus
from services.assets.handlers import loans as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["loans"])


@router.post("/loans", response_model=LoanRead, status_code=201, summary="Lend an asset")
async def lend(body: LoanCreate, uow: Uow, ctx: Ctx, who: Caller) -> LoanRead:
    """Publishes assets.loan.offered.v1; 409 naming a booking that overlaps the days."""
    loan = await h.lend(
        uow,
        ctx,
        who,
        body.asset_id,
        borrower_id=body.borrower_id,
        due_on=body.due_on,
        purpose=body.purpose,
    )
    return LoanRead.of(loan, today=ctx.today())


@router.get("/loans", response_model=LoansPage, summary="Loans, newest first")
async def listed(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    mine: bool = False,
    building_id: Annotated[str | None, Query(max_length=64)] = None,
    asset_id: Annotated[str | None, Query(max_length=64)] = None,
    status: LoanStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> LoansPage:
    """`mine=true`: what the caller borrowed; else the loans of buildings they read."""
    items, nxt = await h.listed(
        uow,
        ctx,
        who,
        mine=mine,
        building_id=building_id,
        asset_id=asset_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    today = ctx.today()
    return LoansPage(items=[LoanRead.of(x, today=today) for x in items], next_cursor=nxt)


@router.get("/loans/{loan_id}", response_model=LoanRead, summary="One loan")
async def get_loan(loan_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> LoanRead:
    """For its borrower or a reader of its building."""
    return LoanRead.of(await h.get(uow, ctx, who, loan_id), today=ctx.today())


@router.post("/loans/{loan_id}/acknowledge", response_model=LoanRead, summary="The borrower signs")
async def acknowledge(loan_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> LoanRead:
    """Only the borrower: publishes assets.loan.started.v1, the asset is on loan."""
    return LoanRead.of(await h.acknowledge(uow, ctx, who, loan_id), today=ctx.today())


@router.post("/loans/{loan_id}/cancel", response_model=LoanRead, summary="Withdraw a loan")
async def cancel(loan_id: PathId, body: CancelCreate, uow: Uow, ctx: Ctx, who: Caller) -> LoanRead:
    """Only before the borrower acknowledged it."""
    loan = await h.cancel(uow, ctx, who, loan_id, reason=body.reason)
    return LoanRead.of(loan, today=ctx.today())


@router.post("/loans/{loan_id}/return", response_model=ReturnRead, summary="Take an asset back")
async def give_back(
    loan_id: PathId, body: ReturnCreate, uow: Uow, ctx: Ctx, who: Caller
) -> ReturnRead:
    """Publishes assets.loan.returned.v1; a damaged return also reports the damage
    (assets.asset.damaged.v1: the borrower pays book value, double when deliberate)."""
    loan, damage = await h.give_back(
        uow,
        ctx,
        who,
        loan_id,
        condition=body.condition,
        note=body.note,
        deliberate=body.deliberate,
    )
    return ReturnRead.of(loan, damage, today=ctx.today())
