"""The register: put an asset on the books, look it up, search it, value it, move it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.domain.categories import carrying, category_of
from services.assets.domain.valuation import Valuation, to_fen
from services.assets.handlers.context import AssetsContext
from services.assets.repository import ASSETS, assets, history
from services.assets.repository.search import AssetPage, Criteria, search
from shared.auth import Principal
from shared.errors import Conflict
from shared.logging import get_logger
from shared.store import Doc, DuplicateKeyError
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def register(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    tag: str,
    name: str,
    category_code: str,
    building_id: str,
    room_id: str | None,
    purchase_value: Decimal,
    purchase_date: date,
    useful_life_years: int | None = None,
    department_id: str | None = None,
) -> Asset:
    """Put an asset on the books (校产登记): its tag is unique; its life defaults to its
    category's, and under the capitalisation threshold it is a low-value item."""
    access.require_manager(who, building_id)
    value_fen = to_fen(purchase_value)
    carried = carrying(category_of(category_code), value_fen, useful_life_years, ctx.thresholds)
    asset = Asset.register(
        today=ctx.today(),
        id=ctx.new_id("ast"),
        tag=tag,
        name=name,
        category_code=category_code,
        building_id=building_id,
        room_id=room_id,
        department_id=department_id,
        purchase_value_fen=value_fen,
        purchase_date=purchase_date,
        useful_life_years=carried.useful_life_years,
        low_value=carried.low_value,
        at=ctx.now(),
        by=who.user_id,
    )
    assets.stage(uow, asset)
    try:
        # The tag's unique index is the check: one store round trip per registration.
        await uow.commit()
    except DuplicateKeyError as exc:
        if exc.collection == ASSETS:
            raise Conflict(f"tag {tag} is already registered") from None
        raise
    log.info("asset.registered", asset_id=asset.id, tag=tag, low_value=carried.low_value)
    return asset


async def get(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str) -> Asset:
    """One asset, for a reader of its building."""
    asset = await assets.load(uow.store, asset_id)
    access.require_reader(who, asset.building_id)
    return asset


async def by_tag(uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, tag: str) -> Asset:
    """The asset a scanned label names, for a reader of its building."""
    asset = await assets.by_tag(uow.store, tag)
    access.require_reader(who, asset.building_id)
    return asset


async def find(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    criteria: Criteria,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> AssetPage:
    """Search the register: managers see their buildings, administrators and auditors all."""
    scope = access.register_filter(who, criteria.building_id)
    return await search(uow.store, scope, criteria, limit=limit, cursor=cursor)


async def book_value(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str, *, on: date | None
) -> Valuation:
    """The book value on a day (today by default): straight line, no residual value."""
    asset = await get(uow, ctx, who, asset_id)
    return asset.valuation(on or ctx.today())


async def move(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    building_id: str,
    room_id: str | None,
    reason: str | None = None,
) -> Asset:
    """Move an asset to another building or room (`assets.asset.moved.v1`)."""
    asset = await assets.load(uow.store, asset_id)
    access.require_manager_of_both(who, asset.building_id, building_id)
    asset.move(building_id, room_id, reason=reason)
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.moved", asset_id=asset_id, building_id=building_id, room_id=room_id)
    return asset


async def history_of(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    asset_id: str,
    *,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[Doc], str | None]:
    """Everything that happened to an asset, oldest first: moves, custody, loans, damage."""
    asset = await assets.load(uow.store, asset_id)
    access.require_reader(who, asset.building_id)
    return await history.of_asset(uow.store, asset_id, limit=limit, cursor=cursor)
