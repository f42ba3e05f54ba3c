"""Route of report figures (the same figures the Prometheus gauges show)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.maintenance.api.deps import CODE_PATTERN, Ctx
from services.maintenance.api.schemas_reports import ReportRead
from services.maintenance.handlers import reports as h
from shared.api import Caller, Uow

router = APIRouter(tags=["reports"])


@router.get(
    "/reports/summary",
    response_model=ReportRead,
    summary="Open orders, response/resolution times, SLA, ratings",
)
async def summary(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    fresh: bool = False,
) -> ReportRead:
    """Figures of one campus (dispatchers: theirs), or of all for global roles."""
    return ReportRead.of(await h.summary(uow, ctx, who, campus_id=campus_id, fresh=fresh))
