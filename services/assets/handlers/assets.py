"""The register: put an asset on the books, look it up, list it, value it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.assets.domain import access
from services.assets.domain.assets import Asset, Status
from services.assets.domain.valuation import Valuation, to_fen
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets
from shared.auth import Principal
from shared.errors import Conflict
from shared.logging import get_logger
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
    useful_life_years: int,
) -> Asset:
    """Put an asset on the books (校产登记); its tag is unique."""
    access.require_manager(who, building_id)
    value_fen = to_fen(purchase_value)
    if await assets.tag_taken(uow.store, tag):
        raise Conflict(f"tag {tag} is already registered")
    asset = Asset.register(
        id=ctx.new_id("ast"),
        tag=tag,
        name=name,
        category_code=category_code,
        building_id=building_id,
        room_id=room_id,
        purchase_value_fen=value_fen,
        purchase_date=purchase_date,
        useful_life_years=useful_life_years,
        today=ctx.today(),
        at=ctx.now(),
        by=who.user_id,
    )
    assets.stage(uow, asset)
    await uow.commit()
    log.info("asset.registered", asset_id=asset.id, tag=tag)
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


async def list_assets(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    building_id: str | None = None,
    room_id: str | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> assets.AssetPage:
    """The register by tag: managers see their buildings, administrators and auditors all."""
    scope = access.register_filter(who, building_id)
    return await assets.page(
        uow.store,
        scope,
        room_id=room_id,
        status=Status(status) if status is not None else None,
        limit=limit,
        cursor=cursor,
    )


async def book_value(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str, *, on: date | None
) -> Valuation:
    """The book value on a day (today by default): straight line, no residual value."""
    asset = await get(uow, ctx, who, asset_id)
    return asset.valuation(on or ctx.today())
