"""Routes of places: locations (CSV import), asset references."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.maintenance.api.deps import CODE_PATTERN, Code, Ctx
from services.maintenance.api.forms import read_csv
from services.maintenance.api.schemas_places import (
    AssetPut,
    AssetRead,
    ImportRead,
    LocationPage,
    LocationRead,
)
from services.maintenance.domain.locations import Kind
from services.maintenance.handlers import places as h
from shared.api import Caller, Cursor, Uow

router = APIRouter(tags=["locations"])
CSV_BODY = {
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
    },
    "required": True,
}


@router.post(
    "/locations/import",
    response_model=ImportRead,
    summary="Import campus → building → floor → room from CSV (all rows or none)",
    openapi_extra={"requestBody": CSV_BODY},
)
async def import_csv(request: Request, uow: Uow, ctx: Ctx, who: Caller) -> ImportRead:
    """Columns: campus_id, campus_name, building_id, building_name, floor, room_id, room_name.

    Any bad row refuses the whole file with every row's error (422); nothing is written.
    """
    result = await h.import_locations(uow, ctx, who, await read_csv(request))
    return ImportRead(created=result.created, updated=result.updated, unchanged=result.unchanged)


@router.get(
    "/locations",
    response_model=LocationPage,
    summary="Places, filtered by campus, building or kind",
)
async def list_locations(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    building_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    kind: Kind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Cursor = None,
) -> LocationPage:
    """Any signed-in user may browse places (to file a request)."""
    page = await h.list_locations(
        uow,
        ctx,
        who,
        campus_id=campus_id,
        building_id=building_id,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )
    return LocationPage(
        items=[LocationRead.of(loc) for loc in page.items], next_cursor=page.next_cursor
    )


@router.get("/locations/{location_id}", response_model=LocationRead, summary="One place")
async def get_location(location_id: Code, uow: Uow, ctx: Ctx, who: Caller) -> LocationRead:
    """A place, or 404."""
    return LocationRead.of(await h.get_location(uow, ctx, who, location_id))


@router.put("/assets/{tag}", response_model=AssetRead, summary="Record where an asset tag is")
async def put_asset(tag: Code, body: AssetPut, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """Lets requests and QR codes name the asset."""
    asset = await h.put_asset(uow, ctx, who, tag=tag, location_id=body.location_id, name=body.name)
    return AssetRead.of(asset)


@router.get("/assets/{tag}", response_model=AssetRead, summary="Where an asset tag is")
async def get_asset(tag: Code, uow: Uow, ctx: Ctx, who: Caller) -> AssetRead:
    """The asset reference, or 404."""
    return AssetRead.of(await h.get_asset(uow, ctx, who, tag))
