"""Use cases of places: CSV import of locations, asset references."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime

from services.maintenance.domain.locations import (
    COLUMNS,
    Location,
    RowError,
    floor_id,
    parse_locations_csv,
)
from services.maintenance.handlers.context import Context, require_dispatcher
from services.maintenance.handlers.tickets import resolve_place
from services.maintenance.repository.common import ASSETS, LOCATIONS, stage_upsert
from services.maintenance.repository.places import (
    Place,
    asset_doc,
    location_doc,
    location_from,
    locations_by_id,
    place_at,
)
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Forbidden, Invalid
from shared.store import Doc
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    created: int
    updated: int
    unchanged: int


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
    uow: UnitOfWork, ctx: Context, principal: Principal, text: str
) -> ImportResult:
    """Create or rename every place a CSV names; any row error refuses the whole file (422)."""
    existing_docs = await locations_by_id(uow.store, _ids_named(text))
    existing = {i: location_from(d) for i, d in existing_docs.items()}
    wanted, errors = parse_locations_csv(text, existing)
    if errors:
        raise _row_errors(errors)
    campuses = sorted({loc.campus_id for loc in wanted})
    denied = [c for c in campuses if not _may_edit(principal, c)]
    if denied:
        raise Forbidden(f"not a dispatcher of campus {', '.join(denied)}")
    created = updated = 0
    for loc in wanted:
        stored = existing_docs.get(loc.id)
        doc = location_doc(loc)
        if stored is None:
            uow.insert(LOCATIONS, doc)
            created += 1
        elif location_from(stored) != loc:
            uow.replace(LOCATIONS, {**doc, "_v": stored["_v"]})
            updated += 1
    await uow.commit()
    return ImportResult(created, updated, len(wanted) - created - updated)


def _may_edit(principal: Principal, campus_id: str) -> bool:
    try:
        require_dispatcher(principal, campus_id)
    except Forbidden:
        return False
    return True


def _row_errors(errors: list[RowError]) -> Invalid:
    shown = errors[:200]
    return Invalid(
        f"{len(errors)} row(s) refused; nothing was imported",
        errors=[{"row": e.row, "field": e.field, "reason": e.reason} for e in shown],
        columns=list(COLUMNS),
    )


async def put_asset(
    uow: UnitOfWork,
    ctx: Context,
    principal: Principal,
    *,
    tag: str,
    location_id: str,
    name: str | None,
) -> Doc:
    """Record where an asset tag is, so QR codes and requests can name the asset."""
    place = await resolve_place(uow.store, location_id=location_id, asset_tag=None)
    require_dispatcher(principal, place.campus_id)
    current = await uow.store.get(ASSETS, tag)
    doc = asset_doc(tag, replace(place, asset_tag=tag), name, iso(ctx.now()))
    stage_upsert(uow, ASSETS, doc, current, ignore=("updated_at",))
    await uow.commit()
    return doc


async def learn_asset_place(
    uow: UnitOfWork,
    ctx: Context,
    who: Principal,
    /,
    *,
    tag: str,
    building_id: str,
    room_id: str | None,
    name: str | None,
    located_at: datetime,
) -> Doc | None:
    """Follow the assets service: where a tag is, from its registration and its moves (an
    older event than the one already applied changes nothing). A room maintenance does not
    know yet is kept by its id, on the default campus, until the locations are imported."""
    current = await uow.store.get(ASSETS, tag)
    if current is not None and current.get("located_at", "") > iso(located_at):
        return None
    place = await place_at(uow.store, building_id, room_id)
    if place is None:
        campus = ctx.settings.default_campus_id
        place = Place(campus, building_id, room_id or building_id, room_id=room_id)
    doc = {
        **asset_doc(tag, replace(place, asset_tag=tag), name, iso(ctx.now())),
        "located_at": iso(located_at),
        "learned_by": who.user_id,
    }
    stage_upsert(uow, ASSETS, doc, current, ignore=("updated_at",))
    return doc


def location_view(loc: Location) -> dict[str, object]:
    """A location as the API shows it."""
    return {
        "id": loc.id,
        "kind": loc.kind.value,
        "name": loc.name,
        "campus_id": loc.campus_id,
        "building_id": loc.building_id,
        "floor": loc.floor,
        "room_id": loc.room_id,
        "parent_id": loc.parent_id,
    }
