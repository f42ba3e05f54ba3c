"""Routes of tracing (batch → meals, meal → batches) and recalls (召回)."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas_recalls import (
    BatchTraceRead,
    MealTraceRead,
    RecallRead,
    RecallWrite,
)
from services.canteen.handlers import recalls as h
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["tracing and recalls"])


@router.get(
    "/canteens/{canteen_id}/batches/{batch_id}/trace",
    response_model=BatchTraceRead,
    summary="The meals and dishes a batch went into",
)
async def trace_batch(
    canteen_id: PathId, batch_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> BatchTraceRead:
    """From the issues linked to meals."""
    return BatchTraceRead.of(await h.trace_batch(uow, ctx, who, canteen_id, batch_id))


@router.get(
    "/canteens/{canteen_id}/meals/{meal_id}/trace",
    response_model=MealTraceRead,
    summary="The batches that went into a meal",
)
async def trace_meal(
    canteen_id: PathId, meal_id: PathId, uow: Uow, ctx: Ctx, who: Caller
) -> MealTraceRead:
    """Every batch part issued for the meal."""
    return MealTraceRead.of(meal_id, await h.trace_meal(uow, ctx, who, canteen_id, meal_id))


@router.post(
    "/canteens/{canteen_id}/recalls",
    response_model=RecallRead,
    status_code=201,
    summary="Recall a batch or a supplier's product",
)
async def recall(
    canteen_id: PathId, body: RecallWrite, uow: Uow, ctx: Ctx, who: Caller
) -> RecallRead:
    """Stops further issues of it (409 `batch_recalled`) and lists the meals served with it."""
    made = await h.recall(uow, ctx, who, canteen_id, **body.model_dump())
    return RecallRead.of(made)


@router.get("/canteens/{canteen_id}/recalls", response_model=list[RecallRead], summary="Recalls")
async def list_recalls(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[RecallRead]:
    """A canteen's recalls, newest first."""
    return [RecallRead.of(r) for r in await h.list_recalls(uow, ctx, who, canteen_id)]
