"""Use cases of suppliers: register or change one and its licences (索证), read them."""

from __future__ import annotations

from services.canteen.domain import access
from services.canteen.domain.suppliers import Standing, Supplier, SupplierDocument, standing
from services.canteen.handlers.context import CanteenContext
from services.canteen.repository import canteens as catalogue
from services.canteen.repository import suppliers
from shared.auth import Principal
from shared.errors import Invalid, NotFound
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def save_supplier(
    uow: UnitOfWork,
    ctx: CanteenContext,
    who: Principal,
    /,
    supplier_id: str,
    *,
    name: str,
    contact: str | None,
    documents: tuple[SupplierDocument, ...],
    suspended: bool,
    canteens: tuple[str, ...] | None,
) -> Standing:
    """Register or replace a supplier; `canteens` None keeps them (a new one: the caller's).

    Nothing is written when nothing changed; the answer is the supplier's standing today.
    """
    supplier = await suppliers.load(uow.store, supplier_id)
    serves = supplier.canteens if supplier is not None else None
    if canteens is None:
        canteens = serves if serves is not None else access.own_canteens(who)
    access.require_supplier_keeper(who, supplier_id, serves, canteens)
    unknown = [c for c in canteens if await catalogue.load(uow.store, c) is None]
    if unknown:
        raise Invalid(f"no canteen {', '.join(unknown)}; register it first", field="canteens")
    fields = {
        "name": name,
        "contact": contact,
        "documents": documents,
        "suspended": suspended,
        "canteens": canteens,
    }
    if supplier is None:
        supplier = Supplier.register(supplier_id, **fields, at=ctx.now())
    elif not supplier.revise(**fields, at=ctx.now()):
        return standing(supplier, ctx.today(), ctx.licence_warning_days)
    suppliers.stage(uow, supplier)
    await uow.commit()
    log.info("supplier.saved", supplier_id=supplier_id, created=supplier.new)
    return standing(supplier, ctx.today(), ctx.licence_warning_days)


async def list_suppliers(uow: UnitOfWork, ctx: CanteenContext, who: Principal, /) -> list[Standing]:
    """Every supplier, with whether it may deliver today."""
    access.require_supplier_reader(who)
    today = ctx.today()
    return [standing(s, today, ctx.licence_warning_days) for s in await suppliers.every(uow.store)]


async def get_supplier(
    uow: UnitOfWork, ctx: CanteenContext, who: Principal, /, supplier_id: str
) -> Standing:
    """One supplier, with whether it may deliver today."""
    access.require_supplier_reader(who)
    supplier = await suppliers.load(uow.store, supplier_id)
    if supplier is None:
        raise NotFound(f"no supplier {supplier_id}")
    return standing(supplier, ctx.today(), ctx.licence_warning_days)
