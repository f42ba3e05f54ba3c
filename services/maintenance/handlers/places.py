"""Use cases of places: CSV import of locations, asset references, and where a request is."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime

from services.maintenance.domain import access
from services.maintenance.domain.locations import (
    COLUMNS,
    AssetRef,
    Kind,
    Location,
    Place,
    RowError,
    floor_id,
    parse_locations_csv,
    place_of,
)
from services.maintenance.events import LocationsImported
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.repository import places as repo
from services.maintenance.repository.common import Paged
from shared.auth import Principal
from shared.errors import Forbidden, Invalid, NotFound
from shared.store import DocumentStore
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    created: int
    updated: int
    unchanged: int


async def resolve_place(
    store: DocumentStore, *, location_id: str | None, asset_tag: str | None
) -> Place:
    """Where a request is, from a location id or an asset tag (422 naming the field if unknown)."""
    if asset_tag is not None:
        asset = await repo.load_asset(store, asset_tag)
        if asset is None:
            raise Invalid(f"unknown asset tag {asset_tag}", field="asset_tag")
        if location_id is not None and location_id != asset.place.location_id:
            raise Invalid(
                f"asset {asset_tag} is at {asset.place.location_id}, not {location_id}",
                field="location_id",
            )
        return asset.place
    if location_id is None:
        raise Invalid("give a location_id or an asset_tag", field="location_id")
    loc = await repo.load_location(store, location_id)
    if loc is None:
        raise Invalid(f"unknown location {location_id}", field="location_id")
    place = place_of(loc)
    if place is None:
        raise Invalid("name a building, floor or room, not a whole campus", field="location_id")
    return place


def _ids_named(text: str) -> set[str]:
    # A first, permissive pass for the ids a file names, so the real parse sees what exists.
    ids: set[str] = set()
    try:
        for row in csv.DictReader(io.StringIO(text)):
            cells = {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            for key in ("campus_id", "building_id", "room_id"):
                if cells.get(key):
                    ids.add(cells[key])
            floor = cells.get("floor", "")
            if cells.get("building_id") and floor.lstrip("-").isdigit():
                ids.add(floor_id(cells["building_id"], int(floor)))
    except csv.Error:
        return ids  # the real parse reports the row
    return ids


async def import_locations(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, text: str
) -> ImportResult:
    """Create or rename every place a CSV names; any row error refuses the whole file (422)."""
    access.require_dispatch_role(who)
    existing = await repo.locations_by_id(uow.store, _ids_named(text))
    wanted, errors = parse_locations_csv(text, existing)
    if errors:
        raise _row_errors(errors)
    denied = sorted({c for c in (loc.campus_id for loc in wanted) if not access.dispatches(who, c)})
    if denied:
        raise Forbidden(f"not a dispatcher of campus {', '.join(denied)}")
    created = updated = 0
    changed_ids: list[str] = []
    for loc in wanted:
        stored = existing.get(loc.id)
        if repo.stage_location(uow, loc, stored):
            changed_ids.append(loc.id)
            created, updated = (created + 1, updated) if stored is None else (created, updated + 1)
    result = ImportResult(created, updated, len(wanted) - created - updated)
    if changed_ids:
        written = set(changed_ids)
        campuses = sorted({loc.campus_id for loc in wanted if loc.id in written})
        imported = LocationsImported(
            campus_ids=campuses,
            created=created,
            updated=updated,
            unchanged=result.unchanged,
            changed_ids=changed_ids,
        )
        uow.emit(imported, subject=",".join(campuses))
    await uow.commit()
    return result


def _row_errors(errors: list[RowError]) -> Invalid:
    shown = errors[:200]
    return Invalid(
        f"{len(errors)} row(s) refused; nothing was imported",
        errors=[{"row": e.row, "field": e.field, "reason": e.reason} for e in shown],
        columns=list(COLUMNS),
    )


async def list_locations(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    campus_id: str | None,
    building_id: str | None,
    kind: Kind | None,
    limit: int,
    cursor: str | None,
) -> Paged[Location]:
    """Places by campus, building or kind: any signed-in user may browse them (to file)."""
    wanted: dict[str, object] = {}
    for name, value in (("campus_id", campus_id), ("building_id", building_id), ("kind", kind)):
        if value:
            wanted[name] = str(value)
    return await repo.find_locations(uow.store, wanted, limit=limit, cursor=cursor)


async def get_location(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, location_id: str
) -> Location:
    """One place, or 404."""
    loc = await repo.load_location(uow.store, location_id)
    if loc is None:
        raise NotFound(f"no location {location_id}")
    return loc


async def put_asset(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    tag: str,
    location_id: str,
    name: str | None,
) -> AssetRef:
    """Record where an asset tag is, so QR codes and requests can name the asset."""
    access.require_dispatch_role(who)
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=None)
    access.require_dispatcher(who, place.campus_id)
    asset = AssetRef(tag, replace(place, asset_tag=tag), name, ctx.now())
    stored = await repo.load_asset(uow.store, tag)
    if repo.stage_asset(uow, asset, stored):
        await uow.commit()
        return asset
    assert stored is not None
    return stored


async def get_asset(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, tag: str
) -> AssetRef:
    """Where an asset tag is, or 404."""
    asset = await repo.load_asset(uow.store, tag)
    if asset is None:
        raise NotFound(f"no asset {tag}")
    return asset


async def learn_asset_place(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    tag: str,
    building_id: str,
    room_id: str | None,
    name: str | None,
    located_at: datetime,
) -> AssetRef | None:
    """Follow the assets service: where a tag is, from its registration and its moves (the
    event's time is the reference's; an event older than the stored one changes nothing).
    A room maintenance does not know yet is kept by its id on the default campus."""
    stored = await repo.load_asset(uow.store, tag)
    if stored is not None and stored.updated_at > located_at:
        return None
    place = await repo.place_at(uow.store, building_id, room_id)
    if place is None:
        campus = ctx.settings.default_campus_id
        place = Place(campus, building_id, room_id or building_id, room_id=room_id)
    asset = AssetRef(tag, replace(place, asset_tag=tag), name, located_at)
    repo.stage_asset(uow, asset, stored)
    return asset
