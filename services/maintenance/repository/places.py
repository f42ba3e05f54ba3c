"""Locations and asset references in the store."""

from __future__ import annotations

from collections.abc import Iterable

from services.maintenance.domain.locations import AssetRef, Kind, Location, Place, place_of
from services.maintenance.events import AssetPlaceUpdated
from services.maintenance.repository.common import (
    ASSETS,
    LOCATIONS,
    Paged,
    dt,
    stage_reference,
    ts,
)
from shared.store import Doc, DocumentStore, Query
from shared.uow import UnitOfWork

_CHUNK = 500


def location_doc(loc: Location) -> Doc:
    """The stored form of a location."""
    return {
        "_id": loc.id,
        "kind": loc.kind.value,
        "name": loc.name,
        "campus_id": loc.campus_id,
        "building_id": loc.building_id,
        "floor": loc.floor,
        "room_id": loc.room_id,
        "parent_id": loc.parent_id,
    }


def location_from(doc: Doc) -> Location:
    """Inverse of `location_doc`."""
    return Location(
        id=doc["_id"],
        kind=Kind(doc["kind"]),
        name=doc["name"],
        campus_id=doc["campus_id"],
        building_id=doc.get("building_id"),
        floor=doc.get("floor"),
        room_id=doc.get("room_id"),
        version=doc.get("_v"),
    )


async def load_location(store: DocumentStore, location_id: str) -> Location | None:
    """The location with this id, or None."""
    doc = await store.get(LOCATIONS, location_id)
    return location_from(doc) if doc else None


async def locations_by_id(store: DocumentStore, ids: Iterable[str]) -> dict[str, Location]:
    """Stored locations with these ids (missing ones left out), read in chunks."""
    wanted = sorted(set(ids))
    found: dict[str, Location] = {}
    for i in range(0, len(wanted), _CHUNK):
        page = await store.find(LOCATIONS, Query({"_id": {"$in": wanted[i : i + _CHUNK]}}))
        found.update({d["_id"]: location_from(d) for d in page.items})
    return found


async def find_locations(
    store: DocumentStore, filter: dict[str, object], *, limit: int, cursor: str | None
) -> Paged[Location]:
    """A page of locations matching a filter, by id."""
    query = Query(filter, sort=[("_id", 1)], limit=limit, after=cursor)
    page = await store.find(LOCATIONS, query)
    return Paged([location_from(d) for d in page.items], page.next_cursor)


def stage_location(uow: UnitOfWork, loc: Location, stored: Location | None) -> bool:
    """Stage the insert or rename of a location; False when it is stored as it is."""
    doc = location_doc(loc)
    if stored is None:
        uow.insert(LOCATIONS, doc)
        return True
    if stored == loc:
        return False
    uow.replace(LOCATIONS, {**doc, "_v": stored.version})
    return True


def _asset_doc(asset: AssetRef) -> Doc:
    place = asset.place
    return {
        "_id": asset.tag,
        "name": asset.name,
        "campus_id": place.campus_id,
        "building_id": place.building_id,
        "location_id": place.location_id,
        "floor": place.floor,
        "room_id": place.room_id,
        "updated_at": ts(asset.updated_at),
    }


def _asset_from(doc: Doc) -> AssetRef:
    place = Place(
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        location_id=doc["location_id"],
        floor=doc.get("floor"),
        room_id=doc.get("room_id"),
        asset_tag=doc["_id"],
    )
    updated = dt(doc["updated_at"])
    assert updated is not None
    return AssetRef(doc["_id"], place, doc.get("name"), updated, version=doc.get("_v"))


async def load_asset(store: DocumentStore, tag: str) -> AssetRef | None:
    """Where an asset tag is known to be, or None."""
    doc = await store.get(ASSETS, tag)
    return _asset_from(doc) if doc else None


def stage_asset(uow: UnitOfWork, asset: AssetRef, stored: AssetRef | None) -> bool:
    """Stage the asset reference and its event; False when the stored one says the same (its
    time aside)."""
    if stored is not None and asset.same_as(stored):
        return False
    current = None if stored is None else {**_asset_doc(stored), "_v": stored.version}
    return stage_reference(
        uow, ASSETS, _asset_doc(asset), current, AssetPlaceUpdated, ignore=("updated_at",)
    )


async def place_at(store: DocumentStore, building_id: str, room_id: str | None) -> Place | None:
    """The known place of a room (else of its building) in that building, or None."""
    for candidate in (room_id, building_id):
        loc = await load_location(store, candidate) if candidate else None
        place = place_of(loc) if loc is not None else None
        if place is not None and place.building_id == building_id:
            return place
    return None
