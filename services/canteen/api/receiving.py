"""Routes of the catalogue (canteens, suppliers), receiving inspection and equipment faults."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.canteen import repository as repo
from services.canteen.api.deps import (
    READERS,
    STAFF,
    Admin,
    Caller,
    Cursor,
    Limit,
    PathId,
    RuntimeDep,
    SupplierKeeper,
    allow,
    read,
    settings_of,
    supplier_read,
    today_of,
)
from services.canteen.api.schemas import (
    CanteenRead,
    CanteenUpdate,
    DeliveriesPage,
    DeliveryCreate,
    DeliveryRead,
    FaultCreate,
    FaultRead,
    SupplierRead,
    SupplierUpdate,
)
from services.canteen.domain.receiving import Supplier, SupplierDocument
from services.canteen.handlers import receiving as handlers
from shared.errors import Forbidden, NotFound
from shared.store import Query as StoreQuery

router = APIRouter()


@router.put("/canteens/{canteen_id}", response_model=CanteenRead, tags=["canteens"])
async def put_canteen(
    canteen_id: PathId,
    body: CanteenUpdate,
    principal: Admin,
    runtime: RuntimeDep,
    response: Response,
) -> CanteenRead:
    """Register or update a canteen (201 when new)."""
    existed = await runtime.store.get(repo.CANTEENS, canteen_id) is not None
    doc, _ = await handlers.save_canteen(runtime.uow(principal), canteen_id, body.model_dump())
    response.status_code = 200 if existed else 201
    return read(CanteenRead, doc, "canteen_id")


@router.get("/canteens", response_model=list[CanteenRead], tags=["canteens"])
async def list_canteens(_: Caller, runtime: RuntimeDep) -> list[CanteenRead]:
    """Every registered canteen."""
    docs = await repo.find_all(runtime.store, repo.CANTEENS, {}, [])
    return [read(CanteenRead, d, "canteen_id") for d in docs]


@router.put("/suppliers/{supplier_id}", response_model=SupplierRead, tags=["suppliers"])
async def putsupplier_read(
    supplier_id: PathId,
    body: SupplierUpdate,
    principal: SupplierKeeper,
    runtime: RuntimeDep,
    response: Response,
) -> SupplierRead:
    """Register or update a supplier and its documents (索证); 201 when new."""
    supplier = Supplier(
        supplier_id=supplier_id,
        name=body.name,
        documents=tuple(SupplierDocument(d.kind, d.number, d.expires_on) for d in body.documents),
        suspended=body.suspended,
    )
    existed = await runtime.store.get(repo.SUPPLIERS, supplier_id) is not None
    doc, _ = await handlers.save_supplier(runtime.uow(principal), supplier, contact=body.contact)
    response.status_code = 200 if existed else 201
    return supplier_read(doc, today_of(runtime))


@router.get("/suppliers", response_model=list[SupplierRead], tags=["suppliers"])
async def list_suppliers(principal: Caller, runtime: RuntimeDep) -> list[SupplierRead]:
    """Every supplier, with today's qualification."""
    if not principal.has_role(*READERS):
        raise Forbidden("requires one of roles: " + ", ".join(READERS))
    today = today_of(runtime)
    return [
        supplier_read(d, today) for d in await repo.find_all(runtime.store, repo.SUPPLIERS, {}, [])
    ]


@router.get("/suppliers/{supplier_id}", response_model=SupplierRead, tags=["suppliers"])
async def getsupplier_read(
    supplier_id: PathId, principal: Caller, runtime: RuntimeDep
) -> SupplierRead:
    """One supplier, with today's qualification."""
    if not principal.has_role(*READERS):
        raise Forbidden("requires one of roles: " + ", ".join(READERS))
    doc = await runtime.store.get(repo.SUPPLIERS, supplier_id)
    if doc is None:
        raise NotFound(f"no supplier {supplier_id}")
    return supplier_read(doc, today_of(runtime))


@router.post(
    "/canteens/{canteen_id}/deliveries",
    response_model=DeliveryRead,
    status_code=201,
    tags=["receiving"],
    summary="Receive a delivery, inspected line by line (验收)",
)
async def receive_delivery(
    canteen_id: PathId, body: DeliveryCreate, principal: Caller, runtime: RuntimeDep
) -> DeliveryRead:
    """Accepted lines enter the ledger; each rejected line is published with its reason."""
    allow(principal, canteen_id, STAFF)
    doc = await handlers.receive_delivery(
        runtime.uow(principal),
        canteen_id=canteen_id,
        supplier_id=body.supplier_id,
        delivery_note_no=body.delivery_note_no,
        lines=[line.to_line() for line in body.lines],
        today=today_of(runtime),
        default_min_days=settings_of(runtime).min_remaining_shelf_life_days,
    )
    return read(DeliveryRead, doc, "delivery_id")


@router.get("/canteens/{canteen_id}/deliveries", response_model=DeliveriesPage, tags=["receiving"])
async def list_deliveries(
    canteen_id: PathId,
    principal: Caller,
    runtime: RuntimeDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DeliveriesPage:
    """Deliveries of one canteen, newest first."""
    allow(principal, canteen_id, READERS)
    query = StoreQuery({"canteen_id": canteen_id}, [("received_at", -1)], limit=limit, after=cursor)
    page = await runtime.store.find(repo.DELIVERIES, query)
    return DeliveriesPage(
        items=[read(DeliveryRead, d, "delivery_id") for d in page.items],
        next_cursor=page.next_cursor,
    )


@router.get(
    "/canteens/{canteen_id}/deliveries/{delivery_id}",
    response_model=DeliveryRead,
    tags=["receiving"],
)
async def get_delivery(
    canteen_id: PathId, delivery_id: PathId, principal: Caller, runtime: RuntimeDep
) -> DeliveryRead:
    """One delivery and its inspection record."""
    allow(principal, canteen_id, READERS)
    doc = await runtime.store.get(repo.DELIVERIES, delivery_id)
    if doc is None or doc["canteen_id"] != canteen_id:
        raise NotFound(f"no delivery {delivery_id} in canteen {canteen_id}")
    return read(DeliveryRead, doc, "delivery_id")


@router.post(
    "/canteens/{canteen_id}/equipment-faults",
    response_model=FaultRead,
    status_code=201,
    tags=["equipment"],
    summary="Report broken kitchen equipment (maintenance opens a work order)",
)
async def report_fault(
    canteen_id: PathId, body: FaultCreate, principal: Caller, runtime: RuntimeDep
) -> FaultRead:
    """Publishes canteen.equipment.fault_reported.v1."""
    allow(principal, canteen_id, STAFF)
    doc = await handlers.report_fault(
        runtime.uow(principal),
        canteen_id=canteen_id,
        equipment_tag=body.equipment_tag,
        description=body.description,
    )
    return read(FaultRead, doc, "fault_id")


@router.get(
    "/canteens/{canteen_id}/equipment-faults", response_model=list[FaultRead], tags=["equipment"]
)
async def list_faults(
    canteen_id: PathId, principal: Caller, runtime: RuntimeDep
) -> list[FaultRead]:
    """Faults reported in one canteen, newest first."""
    allow(principal, canteen_id, READERS)
    docs = await repo.find_all(
        runtime.store, repo.FAULTS, {"canteen_id": canteen_id}, [("reported_at", -1)]
    )
    return [read(FaultRead, d, "fault_id") for d in docs]
