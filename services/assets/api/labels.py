"""Routes of labels: one asset's QR label (SVG, PNG), label sheets as one PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.assets.api.deps import AssetId, Ctx
from services.assets.handlers import labels as h
from shared.api import Caller, Uow

router = APIRouter(tags=["labels"])
_ID = Query(max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")


@router.get(
    "/assets/{asset_id}/label",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}, "description": "label"}},
    summary="The asset's QR label",
)
async def label(
    asset_id: AssetId,
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    format: Annotated[str, Query(pattern="^(svg|png)$")] = "svg",
) -> Response:
    """The QR code encodes the asset's console page (details, history, report a fault)."""
    body = await h.label(uow, ctx, who, asset_id, format=format)
    return Response(body, media_type="image/svg+xml" if format == "svg" else "image/png")


@router.get(
    "/labels/sheet",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "label sheets"}},
    summary="Label sheets for a selection, as one PDF",
)
async def sheet(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    building_id: Annotated[str | None, _ID] = None,
    room_id: Annotated[str | None, _ID] = None,
    import_id: Annotated[str | None, _ID] = None,
    asset_id: Annotated[list[str] | None, Query(max_length=500)] = None,
    layout: Annotated[str, Query(pattern="^[a-z0-9-]{1,20}$")] = "a4-3x8",
    offset: Annotated[int, Query(ge=0, le=199, description="labels already used")] = 0,
) -> Response:
    """A building (optionally one room), an import, or listed assets (`asset_id` repeated);
    layouts a4-3x8, a4-3x7, a4-2x7, a4-5x13; `offset` skips used labels on the first sheet."""
    body = await h.sheet(
        uow,
        ctx,
        who,
        building_id=building_id,
        room_id=room_id,
        import_id=import_id,
        asset_ids=asset_id,
        layout=layout,
        offset=offset,
    )
    headers = {"Content-Disposition": 'inline; filename="labels.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)
