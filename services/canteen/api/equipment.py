"""Routes of kitchen equipment faults."""

from __future__ import annotations

from fastapi import APIRouter

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas import FaultCreate, FaultRead
from services.canteen.handlers import equipment as h
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["equipment"])


@router.post(
    "/canteens/{canteen_id}/equipment-faults",
    response_model=FaultRead,
    status_code=201,
    summary="Report broken kitchen equipment (maintenance opens a work order)",
)
async def report_fault(
    canteen_id: PathId, body: FaultCreate, uow: Uow, ctx: Ctx, who: Caller
) -> FaultRead:
    """Publishes canteen.equipment.fault_reported.v1."""
    fault = await h.report_fault(
        uow, ctx, who, canteen_id, equipment_tag=body.equipment_tag, description=body.description
    )
    return FaultRead.of(fault)


@router.get(
    "/canteens/{canteen_id}/equipment-faults",
    response_model=list[FaultRead],
    summary="Faults reported in a canteen",
)
async def list_faults(canteen_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> list[FaultRead]:
    """Faults reported in one canteen, newest first."""
    return [FaultRead.of(f) for f in await h.list_faults(uow, ctx, who, canteen_id)]
