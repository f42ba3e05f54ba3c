"""Routes of places: locations (CSV import), asset references."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from services.maintenance.api.common import Ctx, Rt, Who
from services.maintenance.api.schemas import CODE_PATTERN, AssetPut, Page
from services.maintenance.domain.locations import Kind
from services.maintenance.domain.photos import UnsupportedMedia
from services.maintenance.handlers import places as h
from services.maintenance.repository.common import ASSETS, LOCATIONS
from services.maintenance.repository.places import location_from
from shared.api import require_roles
from shared.auth import Principal
from shared.errors import Invalid, NotFound, TooLarge
from shared.store import Query as StoreQuery

router = APIRouter(tags=["locations"])
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
MAX_CSV_BYTES = 5 * 1024 * 1024
Id = Annotated[str, Path(pattern=CODE_PATTERN)]


@router.post(
    "/locations/import",
    summary="Import campus → building → floor → room from CSV (all rows or none)",
    openapi_extra={
        "requestBody": {
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
    },
)
async def import_csv(request: Request, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """Columns: campus_id, campus_name, building_id, building_name, floor, room_id, room_name.

    Any bad row refuses the whole file with every row's error (422); nothing is written.
    """
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_CSV_BYTES:
        raise TooLarge(f"CSV over {MAX_CSV_BYTES} bytes", field="body")
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        raw = await _csv_from_form(request)
    elif kind.startswith(("text/csv", "text/plain")):
        raw = await request.body()
    else:
        raise UnsupportedMedia("send text/csv, or multipart/form-data with a `file` field")
    if len(raw) > MAX_CSV_BYTES:
        raise TooLarge(f"CSV over {MAX_CSV_BYTES} bytes", field="body")
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError:
        raise Invalid("the CSV must be UTF-8", field="body") from None
    result = await h.import_locations(rt.uow(who), ctx, who, text)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


async def _csv_from_form(request: Request) -> bytes:
    async with request.form(max_files=1, max_fields=5) as form:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("no file in field `file`", field="file")
        data = await upload.read(MAX_CSV_BYTES + 1)
    return data


@router.get(
    "/locations", summary="Places, filtered by campus, building or kind", response_model=Page
)
async def list_locations(
    who: Who,
    rt: Rt,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    building_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    kind: Kind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict:
    """Any signed-in user may browse places (to file a request)."""
    wanted: dict[str, object] = {}
    if campus_id:
        wanted["campus_id"] = campus_id
    if building_id:
        wanted["building_id"] = building_id
    if kind:
        wanted["kind"] = kind.value
    page = await rt.store.find(
        LOCATIONS, StoreQuery(wanted, sort=[("_id", 1)], limit=limit, after=cursor)
    )
    return {
        "items": [h.location_view(location_from(d)) for d in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/locations/{location_id}", summary="One place")
async def get_location(location_id: Id, who: Who, rt: Rt) -> dict:
    """A place, or 404."""
    doc = await rt.store.get(LOCATIONS, location_id)
    if doc is None:
        raise NotFound(f"no location {location_id}")
    return h.location_view(location_from(doc))


@router.put("/assets/{tag}", summary="Record where an asset tag is")
async def put_asset(tag: Id, body: AssetPut, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """Lets requests and QR codes name the asset."""
    doc = await h.put_asset(
        rt.uow(who), ctx, who, tag=tag, location_id=body.location_id, name=body.name
    )
    return {k: v for k, v in doc.items() if k != "_v"} | {"tag": tag}


@router.get("/assets/{tag}", summary="Where an asset tag is")
async def get_asset(tag: Id, who: Who, rt: Rt) -> dict:
    """The asset reference, or 404."""
    doc = await rt.store.get(ASSETS, tag)
    if doc is None:
        raise NotFound(f"no asset {tag}")
    return {k: v for k, v in doc.items() if k != "_v"} | {"tag": tag}
