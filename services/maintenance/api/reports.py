"""Route of report figures (the same figures the Prometheus gauges show)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.maintenance.api.common import JobsDep
from services.maintenance.api.schemas import CODE_PATTERN
from services.maintenance.domain.reports import ALL_CAMPUSES, Report
from services.maintenance.handlers.context import is_global
from shared.api import require_roles
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Forbidden, Invalid

router = APIRouter(tags=["reports"])
Viewer = Annotated[
    Principal, Depends(require_roles("dispatcher", "logistics_admin", "auditor", "ops"))
]


@router.get("/reports/summary", summary="Open orders, response/resolution times, SLA, ratings")
async def summary(
    who: Viewer,
    jobs: JobsDep,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    fresh: bool = False,
) -> dict:
    """Figures of one campus (dispatchers: theirs), or of all for global roles."""
    if campus_id is None:
        if is_global(who):
            campus_id = ALL_CAMPUSES
        else:
            campuses = sorted(who.scopes.get("campus", frozenset()))
            if len(campuses) != 1:
                raise Invalid("name the campus_id to report on", field="campus_id")
            campus_id = campuses[0]
    elif not who.in_scope("campus", campus_id):
        raise Forbidden(f"campus {campus_id} is not in your scope")
    cache = jobs.reports
    if fresh or cache.computed_at is None:
        cache = await jobs.refresh_reports()
    report = cache.reports.get(campus_id) or Report(
        campus_id=campus_id,
        generated_at=cache.computed_at,  # type: ignore[arg-type]
        window_days=jobs.ctx.settings.report_window_days,
    )
    out = asdict(report)
    out["generated_at"] = iso(report.generated_at)
    return out
