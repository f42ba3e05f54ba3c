"""Routes of suppliers and their licences (索证)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.canteen.api.deps import Ctx
from services.canteen.api.schemas import SupplierRead, SupplierUpdate
from services.canteen.handlers import suppliers as h
from shared.api import Caller, PathId, Uow

router = APIRouter(tags=["suppliers"])


@router.put(
    "/suppliers/{supplier_id}",
    response_model=SupplierRead,
    responses={201: {"model": SupplierRead, "description": "Registered"}},
    summary="Register or replace a supplier and its documents",
)
async def put_supplier(
    supplier_id: PathId,
    body: SupplierUpdate,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    response: Response,
) -> SupplierRead:
    """A manager of a canteen it serves, or a logistics admin; 201 when new."""
    standing = await h.save_supplier(
        uow,
        ctx,
        who,
        supplier_id,
        name=body.name,
        contact=body.contact,
        documents=tuple(d.to_document() for d in body.documents),
        suspended=body.suspended,
        canteens=tuple(body.canteens) if body.canteens is not None else None,
    )
    response.status_code = 201 if standing.supplier.new else 200
    return SupplierRead.of(standing)


@router.get("/suppliers", response_model=list[SupplierRead], summary="Every supplier")
async def list_suppliers(uow: Uow, ctx: Ctx, who: Caller) -> list[SupplierRead]:
    """Every supplier, with today's qualification."""
    return [SupplierRead.of(s) for s in await h.list_suppliers(uow, ctx, who)]


@router.get("/suppliers/{supplier_id}", response_model=SupplierRead, summary="One supplier")
async def get_supplier(supplier_id: PathId, uow: Uow, ctx: Ctx, who: Caller) -> SupplierRead:
    """One supplier, with today's qualification."""
    return SupplierRead.of(await h.get_supplier(uow, ctx, who, supplier_id))
