"""Routes of the canteen catalogue."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas import CanteenRead, CanteenUpdate
from services.canteen.handlers import canteens as h
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["canteens"])


@router.put(
    "/canteens/{canteen_id}",
    response_model=CanteenRead,
    responses={201: {"model": CanteenRead, "description": "Registered"}},
    summary="Register or change a canteen",
)
async def put_canteen(
    canteen_id: PathId, body: CanteenUpdate, uow: Uow, ctx: Ctx, who: Caller, response: Response
) -> CanteenRead:
    """Logistics administrators only; 201 when new, 200 when changed or unchanged."""
    canteen = await h.save_canteen(uow, ctx, who, canteen_id, **body.model_dump())
    response.status_code = 201 if canteen.new else 200
    return CanteenRead.of(canteen)


@router.get("/canteens", response_model=list[CanteenRead], summary="Every canteen")
async def list_canteens(uow: Uow, ctx: Ctx, who: Caller) -> list[CanteenRead]:
    """Every registered canteen."""
    return [CanteenRead.of(c) for c in await h.list_canteens(uow, ctx, who)]
