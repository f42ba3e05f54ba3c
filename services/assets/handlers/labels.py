"""Labels: one asset's QR label (SVG, PNG), label sheets for a selection as one PDF."""

from __future__ import annotations

import anyio

from services.assets.domain import access
from services.assets.domain.assets import Asset
from services.assets.domain.labels import (
    LAYOUTS,
    LabelContent,
    label_png,
    label_svg,
    sheet_pdf,
)
from services.assets.handlers.context import AssetsContext
from services.assets.repository import assets
from services.assets.repository.search import Criteria, each
from shared.auth import Principal
from shared.errors import Invalid
from shared.uow import UnitOfWork


def content_of(ctx: AssetsContext, asset: Asset) -> LabelContent:
    """What an asset's label shows; its code leads to the asset's console page."""
    place = " · ".join(p for p in (asset.building_id, asset.room_id) if p)
    return LabelContent(ctx.asset_url(asset.id), asset.tag, asset.name, place)


async def label(
    uow: UnitOfWork, ctx: AssetsContext, who: Principal, /, asset_id: str, *, format: str
) -> bytes:
    """One label: SVG (text) or PNG (image)."""
    asset = await assets.load(uow.store, asset_id)
    access.require_reader(who, asset.building_id)
    content = content_of(ctx, asset)
    if format == "svg":
        return label_svg(content).encode()
    return await anyio.to_thread.run_sync(label_png, content)


async def sheet(
    uow: UnitOfWork,
    ctx: AssetsContext,
    who: Principal,
    /,
    *,
    building_id: str | None = None,
    room_id: str | None = None,
    import_id: str | None = None,
    asset_ids: list[str] | None = None,
    layout: str = "a4-3x8",
    offset: int = 0,
) -> bytes:
    """Label sheets for a building, a room, an import or listed assets, as one PDF."""
    if layout not in LAYOUTS:
        raise Invalid(f"unknown layout; one of {', '.join(LAYOUTS)}", field="layout")
    cap = ctx.settings.label_sheet_max
    chosen: list[Asset] = []
    if asset_ids:
        found = await assets.by_ids(uow.store, asset_ids)
        missing = [i for i in asset_ids if i not in found]
        if missing:
            raise Invalid(f"no asset {', '.join(missing[:5])}", field="asset_id")
        chosen = [found[i] for i in dict.fromkeys(asset_ids)]
        for a in chosen:
            access.require_reader(who, a.building_id)
    elif building_id or import_id:
        criteria = Criteria(building_id=building_id, room_id=room_id, import_id=import_id)
        scope = access.register_filter(who, building_id)
        async for a in each(uow.store, scope, criteria):
            chosen.append(a)
            if len(chosen) > cap:
                break
    else:
        raise Invalid("choose a building, an import or assets", field="building_id")
    if len(chosen) > cap:
        raise Invalid(f"more than {cap} labels: choose fewer assets", field="selection")
    contents = [content_of(ctx, a) for a in chosen]
    return await anyio.to_thread.run_sync(sheet_pdf, contents, LAYOUTS[layout], offset)
