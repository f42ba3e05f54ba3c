"""Use cases of licence warnings: tell what is expiring or expired, once; list a canteen's."""

from __future__ import annotations

from services.canteen.domain import access
from services.canteen.domain.licences import Licence, Notice, Stage, due, of_staff, of_supplier
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import licences as notices
from services.canteen.repository import staff, suppliers
from shared.auth import Principal
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def licences_of(store: DocumentStore, canteen_id: str) -> list[Licence]:
    """The dated licences a canteen depends on: its suppliers' and its food handlers'."""
    found = [
        lic
        for s in await suppliers.every(store)
        if canteen_id in s.canteens
        for lic in of_supplier(s, canteen_id)
    ]
    found += [lic for m in await staff.of_canteen(store, canteen_id) for lic in of_staff(m)]
    return found


async def tell_licences(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[Notice]:
    """Each licence of the canteen now expiring or expired, told once (a rerun tells nothing)."""
    access.require_watcher(who, canteen_id)
    today, lead = ctx.today(), ctx.licence_warning_days
    told: list[Notice] = []
    for licence, stage in due(
        await licences_of(uow.store, canteen_id), today=today, lead_days=lead
    ):
        if await notices.told(uow.store, licence.notice_id(stage)):
            continue
        notice = Notice.tell(licence, stage, today=today, at=ctx.now(), lead_days=lead)
        notices.stage(uow, notice)
        told.append(notice)
    if told:
        await uow.commit()
        log.info("licence.told", canteen_id=canteen_id, notices=len(told))
    return told


async def list_licences(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, canteen_id: str
) -> list[tuple[Licence, Stage | None]]:
    """Every dated licence the canteen depends on, soonest expiry first, with its stage."""
    access.require_reader(who, canteen_id)
    today, lead = ctx.today(), ctx.licence_warning_days
    found = await licences_of(uow.store, canteen_id)
    return sorted(
        ((lic, lic.stage(today, lead)) for lic in found),
        key=lambda p: (p[0].expires_on, p[0].number),
    )
