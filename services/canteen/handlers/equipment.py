"""Use cases of equipment faults: report one (maintenance repairs it), list a canteen's."""

from __future__ import annotations

import uuid

from services.canteen.domain import access
from services.canteen.domain.equipment import Fault
from services.canteen.handlers.canteens import canteen_or_404
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import equipment
from shared.auth import Principal
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def report_fault(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    canteen_id: str,
    *,
    equipment_tag: str,
    description: str,
) -> Fault:
    """Record an equipment fault; maintenance opens a work order from the event."""
    access.require_staff(who, canteen_id)
    canteen = await canteen_or_404(uow.store, canteen_id)
    fault = Fault.report(
        f"flt-{uuid.uuid4().hex[:12]}",
        canteen=canteen,
        equipment_tag=equipment_tag,
        description=description,
        at=ctx.now(),
        by=who.user_id,
    )
    equipment.stage(uow, fault)
    await uow.commit()
    log.info("equipment.fault_reported", fault_id=fault.fault_id, equipment_tag=equipment_tag)
    return fault


async def list_faults(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Fault]:
    """Faults reported in one canteen, newest first."""
    access.require_reader(who, canteen_id)
    return await equipment.of_canteen(uow.store, canteen_id)
