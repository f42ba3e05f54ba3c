"""HTTP API of the assets service: the register, custody, damage and compensation."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from services.assets import domain, handlers
from services.assets import repository as repo
from services.assets.schemas import (
    AssetCreate,
    AssetRead,
    AssetsPage,
    CustodyCreate,
    DamageCreate,
    DamageRead,
    ValuationRead,
)
from services.assets.settings import AssetsSettings
from shared.api import authenticated, runtime_of
from shared.auth import GLOBAL_SCOPE_ROLES, Principal, Role
from shared.errors import Forbidden, NotFound
from shared.service import Runtime
from shared.store import Doc
from shared.store import Query as StoreQuery

router = APIRouter(tags=["assets"])
_ID = r"^[A-Za-z0-9._:-]+$"
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=_ID)]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
Caller = Annotated[Principal, Depends(authenticated)]
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[str | None, Query(max_length=1000)]

MANAGERS = (Role.ASSET_MANAGER, Role.LOGISTICS_ADMIN)
READERS = (*MANAGERS, Role.AUDITOR)


def allow(principal: Principal, building_id: str, roles: tuple[Role, ...]) -> Principal:
    """The principal, if it holds one of `roles` with the building in scope; else Forbidden."""
    if not principal.has_role(*roles):
        raise Forbidden("requires one of roles: " + ", ".join(roles))
    if not principal.in_scope("building", building_id):
        raise Forbidden(f"building {building_id} is not in your scope")
    return principal


def today_of(runtime: Runtime) -> date:
    """Today on the campus calendar."""
    settings = runtime.settings
    assert isinstance(settings, AssetsSettings)
    return handlers.local_day(runtime.clock(), settings.timezone)


def _asset(doc: Doc, today: date) -> AssetRead:
    asset = repo.asset_from_doc(doc)
    value = domain.book_value(
        asset.purchase_value_fen, asset.purchase_date, asset.useful_life_years, today
    )
    return AssetRead(
        asset_id=doc["_id"],
        purchase_value=domain.to_yuan(doc["purchase_value_fen"]),
        book_value_today=domain.to_yuan(value.book_value_fen),
        **{
            k: doc[k]
            for k in AssetRead.model_fields
            if k not in ("asset_id", "purchase_value", "book_value_today")
        },
    )


def _damage(doc: Doc) -> DamageRead:
    return DamageRead(
        damage_id=doc["_id"],
        book_value=domain.to_yuan(doc["book_value_fen"]),
        compensation=domain.to_yuan(doc["compensation_fen"]),
        **{
            k: doc[k]
            for k in DamageRead.model_fields
            if k not in ("damage_id", "book_value", "compensation")
        },
    )


async def _load(runtime: Runtime, asset_id: str, principal: Principal, roles) -> Doc:
    doc = await runtime.store.get(repo.ASSETS, asset_id)
    if doc is None:
        raise NotFound(f"no asset {asset_id}")
    allow(principal, doc["building_id"], roles)
    return doc


@router.post("/assets", response_model=AssetRead, status_code=201, summary="Register an asset")
async def register(body: AssetCreate, principal: Caller, runtime: RuntimeDep) -> AssetRead:
    """Publishes assets.asset.registered.v1; 409 when the tag exists."""
    allow(principal, body.building_id, MANAGERS)
    asset = domain.Asset(
        asset_id=f"ast-{uuid.uuid4().hex[:12]}",
        tag=body.tag,
        name=body.name,
        category_code=body.category_code,
        building_id=body.building_id,
        room_id=body.room_id,
        purchase_value_fen=domain.to_fen(body.purchase_value),
        purchase_date=body.purchase_date,
        useful_life_years=body.useful_life_years,
    )
    today = today_of(runtime)
    doc = await handlers.register_asset(runtime.uow(principal), asset, today=today)
    return _asset(doc, today)


@router.get("/assets", response_model=AssetsPage, summary="The register, by tag")
async def list_assets(
    principal: Caller,
    runtime: RuntimeDep,
    building_id: Annotated[str | None, Query(max_length=64)] = None,
    room_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(in_use|damaged)$")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AssetsPage:
    """Asset managers see their buildings; administrators and auditors see all."""
    if not principal.has_role(*READERS):
        raise Forbidden("requires one of roles: " + ", ".join(READERS))
    filter: dict[str, Any] = {}
    if building_id is not None:
        allow(principal, building_id, READERS)
        filter["building_id"] = building_id
    elif not principal.has_role(*GLOBAL_SCOPE_ROLES):
        filter["building_id"] = {"$in": sorted(principal.scopes.get("building", ()))}
    if room_id is not None:
        filter["room_id"] = room_id
    if status is not None:
        filter["status"] = status
    page = await runtime.store.find(
        repo.ASSETS, StoreQuery(filter, [("tag", 1)], limit=limit, after=cursor)
    )
    today = today_of(runtime)
    return AssetsPage(items=[_asset(d, today) for d in page.items], next_cursor=page.next_cursor)


@router.get(
    "/assets/custody/me", response_model=list[AssetRead], summary="Assets in the caller's custody"
)
async def my_custody(principal: Caller, runtime: RuntimeDep) -> list[AssetRead]:
    """What the caller answers for, signed for or still to sign."""
    page = await runtime.store.find(
        repo.ASSETS, StoreQuery({"custody.custodian_id": principal.user_id}, [("tag", 1)])
    )
    today = today_of(runtime)
    return [_asset(d, today) for d in page.items]


@router.get("/assets/by-tag/{tag}", response_model=AssetRead, summary="Look an asset up by tag")
async def by_tag(
    tag: Annotated[str, Path(max_length=40)], principal: Caller, runtime: RuntimeDep
) -> AssetRead:
    """As scanned from the label."""
    page = await runtime.store.find(repo.ASSETS, StoreQuery({"tag": tag}, limit=1))
    if not page.items:
        raise NotFound(f"no asset tagged {tag}")
    doc = page.items[0]
    allow(principal, doc["building_id"], READERS)
    return _asset(doc, today_of(runtime))


@router.get("/assets/{asset_id}", response_model=AssetRead)
async def get_asset(asset_id: PathId, principal: Caller, runtime: RuntimeDep) -> AssetRead:
    """One asset with today's book value."""
    doc = await _load(runtime, asset_id, principal, READERS)
    return _asset(doc, today_of(runtime))


@router.get(
    "/assets/{asset_id}/book-value",
    response_model=ValuationRead,
    summary="Book value on a day (straight line, no residual value)",
)
async def get_book_value(
    asset_id: PathId, principal: Caller, runtime: RuntimeDep, on: date | None = None
) -> ValuationRead:
    """Defaults to today."""
    doc = await _load(runtime, asset_id, principal, READERS)
    asset = repo.asset_from_doc(doc)
    v = domain.book_value(
        asset.purchase_value_fen,
        asset.purchase_date,
        asset.useful_life_years,
        on or today_of(runtime),
    )
    return ValuationRead(
        on=v.on.isoformat(),
        purchase_value=domain.to_yuan(v.purchase_value_fen),
        life_months=v.life_months,
        months_depreciated=v.months,
        accumulated_depreciation=domain.to_yuan(v.accumulated_fen),
        book_value=domain.to_yuan(v.book_value_fen),
    )


@router.post(
    "/assets/{asset_id}/custody",
    response_model=AssetRead,
    summary="Hand an asset to a person (责任到人)",
)
async def assign(
    asset_id: PathId, body: CustodyCreate, principal: Caller, runtime: RuntimeDep
) -> AssetRead:
    """Publishes assets.asset.assigned.v1; the custodian then acknowledges."""
    await _load(runtime, asset_id, principal, MANAGERS)
    doc = await handlers.assign_custody(
        runtime.uow(principal), asset_id, custodian_id=body.custodian_id
    )
    return _asset(doc, today_of(runtime))


@router.post(
    "/assets/{asset_id}/custody/acknowledge",
    response_model=AssetRead,
    summary="The custodian signs for the asset",
)
async def acknowledge(asset_id: PathId, principal: Caller, runtime: RuntimeDep) -> AssetRead:
    """Only the custodian may sign; signing twice changes nothing."""
    doc = await handlers.acknowledge_custody(runtime.uow(principal), asset_id)
    return _asset(doc, today_of(runtime))


@router.post(
    "/assets/{asset_id}/damages",
    response_model=DamageRead,
    status_code=201,
    summary="Report damage; compensation is book value, double if deliberate",
)
async def report_damage(
    asset_id: PathId, body: DamageCreate, principal: Caller, runtime: RuntimeDep
) -> DamageRead:
    """Publishes assets.asset.damaged.v1 (maintenance and notifications react)."""
    await _load(runtime, asset_id, principal, MANAGERS)
    today = today_of(runtime)
    doc = await handlers.report_damage(
        runtime.uow(principal),
        asset_id,
        description=body.description,
        deliberate=body.deliberate,
        responsible_person_id=body.responsible_person_id,
        occurred_on=body.occurred_on or today,
        today=today,
    )
    return _damage(doc)


@router.get("/assets/{asset_id}/damages", response_model=list[DamageRead])
async def list_damages(
    asset_id: PathId, principal: Caller, runtime: RuntimeDep
) -> list[DamageRead]:
    """Damage reports of one asset, oldest first."""
    await _load(runtime, asset_id, principal, READERS)
    page = await runtime.store.find(
        repo.DAMAGES, StoreQuery({"asset_id": asset_id}, [("reported_at", 1)])
    )
    return [_damage(d) for d in page.items]


@router.post("/assets/{asset_id}/repaired", response_model=AssetRead, summary="Back in use")
async def repaired(asset_id: PathId, principal: Caller, runtime: RuntimeDep) -> AssetRead:
    """A damaged asset is repaired; 409 when it is not damaged."""
    await _load(runtime, asset_id, principal, MANAGERS)
    doc = await handlers.mark_repaired(runtime.uow(principal), asset_id)
    return _asset(doc, today_of(runtime))
