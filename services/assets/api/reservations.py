"""Routes of reservations (预约): reserve, cancel, collect as a loan, list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.assets.api.deps import Ctx
from services.assets.api.loan_schemas import (
    CancelCreate,
    CollectedRead,
    LoanRead,
    ReservationCreate,
    ReservationRead,
    ReservationsPage,
)
from services.assets.domain.reservations import ReservationStatus
from services.assets.handlers import reservations as h
from shared.api import Caller, Cursor, Limit, PathId, Uow

router = APIRouter(tags=["reservations"])


@router.post(
    "/reservations", response_model=ReservationRead, status_code=201, summary="Reserve an asset"
)
async def reserve(body: ReservationCreate, uow: Uow, ctx: Ctx, who: Caller) -> ReservationRead:
    """Publishes assets.reservation.made.v1; 409 naming the reservation or loan it overlaps."""
    r = await h.reserve(
        uow,
        ctx,
        who,
        body.asset_id,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        person_id=body.person_id,
        purpose=body.purpose,
    )
    return ReservationRead.of(r)


@router.get("/reservations", response_model=ReservationsPage, summary="Reservations by day")
async def listed(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    mine: bool = False,
    asset_id: Annotated[str | None, Query(max_length=64)] = None,
    building_id: Annotated[str | None, Query(max_length=64)] = None,
    status: ReservationStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ReservationsPage:
    """`mine=true`: the caller's own; else of an asset or the buildings they read."""
    items, nxt = await h.listed(
        uow,
        ctx,
        who,
        mine=mine,
        asset_id=asset_id,
        building_id=building_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )
    return ReservationsPage(items=[ReservationRead.of(r) for r in items], next_cursor=nxt)


@router.get(
    "/reservations/{reservation_id}", response_model=ReservationRead, summary="One reservation"
)
async def get_reservation(
    reservation_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> ReservationRead:
    """For its person or a manager of the building."""
    return ReservationRead.of(await h.get(uow, ctx, who, reservation_id))


@router.post(
    "/reservations/{reservation_id}/cancel",
    response_model=ReservationRead,
    summary="Cancel a reservation",
)
async def cancel(
    reservation_id: PathId, body: CancelCreate, uow: Uow, ctx: Ctx, who: Caller
) -> ReservationRead:
    """Publishes assets.reservation.cancelled.v1; the days are free again."""
    return ReservationRead.of(await h.cancel(uow, ctx, who, reservation_id, reason=body.reason))


@router.post(
    "/reservations/{reservation_id}/collect",
    response_model=CollectedRead,
    summary="Collected: the reservation becomes a loan",
)
async def collect(reservation_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> CollectedRead:
    """A manager hands the asset over; the loan is due on the reservation's last day and
    starts when the borrower acknowledges it."""
    r, loan = await h.collect(uow, ctx, who, reservation_id)
    return CollectedRead(
        reservation=ReservationRead.of(r), loan=LoanRead.of(loan, today=ctx.today())
    )
