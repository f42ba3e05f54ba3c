"""Routes of diner feedback: ratings and complaints (public, rate-limited, or signed in), the
manager's answers, and the satisfaction trend."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.menus import PUBLIC
from services.canteen.api.schemas_feedback import (
    AnswerWrite,
    ComplaintRead,
    ComplaintWrite,
    RatingRead,
    RatingWrite,
    SatisfactionRead,
)
from services.canteen.handlers import feedback as h
from services.canteen.handlers import satisfaction as hs
from shared.addresses import client_ip
from shared.api import Caller, Limit, PathId, RuntimeDep, Uow

router = APIRouter(tags=["feedback"])
CREATED = {201: {"description": "received"}, 200: {"description": "a repeat of this id"}}


@router.post(
    "/public/canteens/{canteen_id}/ratings",
    response_model=RatingRead,
    status_code=201,
    responses=CREATED,
    summary="Rate a meal or dish without an account (rate-limited)",
)
async def public_rate(
    canteen_id: PathId,
    body: RatingWrite,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    ctx: Ctx,
) -> RatingRead:
    """429 past the limit per device or canteen; a repeated `rating_id` → 200, counted once."""
    rating, created = await h.rate(
        runtime.uow(PUBLIC),
        ctx,
        None,
        canteen_id,
        **body.model_dump(),
        client=client_ip(request, trusted=ctx.settings.trust_forwarded_for),
    )
    response.status_code = 201 if created else 200
    return RatingRead.of(rating)


@router.post(
    "/canteens/{canteen_id}/ratings",
    response_model=RatingRead,
    status_code=201,
    responses=CREATED,
    summary="Rate a meal or dish, signed in",
)
async def rate(
    canteen_id: PathId, body: RatingWrite, response: Response, uow: Uow, ctx: Ctx, who: Caller
) -> RatingRead:
    """A repeated `rating_id` → 200, counted once."""
    rating, created = await h.rate(uow, ctx, who, canteen_id, **body.model_dump())
    response.status_code = 201 if created else 200
    return RatingRead.of(rating)


@router.post(
    "/public/canteens/{canteen_id}/complaints",
    response_model=ComplaintRead,
    status_code=201,
    responses=CREATED,
    summary="Complain without an account (rate-limited)",
)
async def public_complain(
    canteen_id: PathId,
    body: ComplaintWrite,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    ctx: Ctx,
) -> ComplaintRead:
    """429 past the limit; a repeated `complaint_id` → 200."""
    complaint, created = await h.complain(
        runtime.uow(PUBLIC),
        ctx,
        None,
        canteen_id,
        **body.model_dump(),
        client=client_ip(request, trusted=ctx.settings.trust_forwarded_for),
    )
    response.status_code = 201 if created else 200
    return ComplaintRead.of(complaint, contact=False)


@router.post(
    "/canteens/{canteen_id}/complaints",
    response_model=ComplaintRead,
    status_code=201,
    responses=CREATED,
    summary="Complain, signed in",
)
async def complain(
    canteen_id: PathId,
    body: ComplaintWrite,
    response: Response,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
) -> ComplaintRead:
    """A repeated `complaint_id` → 200."""
    complaint, created = await h.complain(uow, ctx, who, canteen_id, **body.model_dump())
    response.status_code = 201 if created else 200
    return ComplaintRead.of(complaint, contact=False)


@router.get(
    "/canteens/{canteen_id}/complaints",
    response_model=list[ComplaintRead],
    summary="Complaints to answer",
)
async def complaints(
    canteen_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    status: Annotated[Literal["open", "answered"] | None, Query()] = None,
    limit: Limit = 100,
) -> list[ComplaintRead]:
    """Newest first: the canteen's managers, logistics admins and auditors (without the diners'
    contacts)."""
    found, contacts = await h.complaints(uow, ctx, who, canteen_id, status=status, limit=limit)
    return [ComplaintRead.of(c, contact=contacts) for c in found]


@router.post(
    "/canteens/{canteen_id}/complaints/{complaint_id}/answer",
    response_model=ComplaintRead,
    summary="Answer a complaint",
)
async def answer(
    canteen_id: PathId, complaint_id: PathId, body: AnswerWrite, uow: Uow, ctx: Ctx, who: Caller
) -> ComplaintRead:
    """Once: answering again → 409."""
    return ComplaintRead.of(
        await h.answer(uow, ctx, who, canteen_id, complaint_id, text=body.answer)
    )


@router.get(
    "/canteens/{canteen_id}/satisfaction",
    response_model=list[SatisfactionRead],
    summary="The weekly satisfaction index, oldest first",
)
async def satisfaction(
    canteen_id: PathId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    weeks: Annotated[int, Query(ge=1, le=104)] = 12,
) -> list[SatisfactionRead]:
    """Finished weeks as computed (`final`), the current one as it stands."""
    return [SatisfactionRead.of(w) for w in await hs.trend(uow, ctx, who, canteen_id, weeks)]
