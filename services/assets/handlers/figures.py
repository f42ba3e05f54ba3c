"""Use case of the dashboard figures: count what stands in the register into the cache."""

from __future__ import annotations

from services.assets.domain import access
from services.assets.domain.figures import Figures, StocktakeProgress
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets, loans, stocktakes
from shared.auth import Principal
from shared.uow import UnitOfWork


async def refresh_figures(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /) -> Figures:
    """Count assets by status, loans by state and each open campaign's progress; cache them."""
    access.require_service_itself(who)
    store = uow.store
    progress = [
        StocktakeProgress(
            stocktake_id=st.id,
            scope_id=st.scope_id,
            status=st.status.value,
            expected=st.expected_at_start,
            scanned=await stocktakes.count_scans(store, st.id),
            rooms=len(st.rooms),
        )
        for st in await stocktakes.in_progress(store)
    ]
    figures = Figures(
        assets=await assets.count_by_status(store),
        loans=await loans.count_by_state(store, ctx.today()),
        stocktakes=tuple(progress),
        computed_at=ctx.now(),
    )
    ctx.figures.figures = figures
    return figures
