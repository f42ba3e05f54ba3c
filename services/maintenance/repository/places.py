"""Locations, asset references, QR codes and rate counters in the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.maintenance.domain.locations import Kind, Location
from services.maintenance.repository.common import ASSETS, LOCATIONS, QR_CODES, RATES
from shared.store import Doc, DocumentStore, Query

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
    )


async def locations_by_id(store: DocumentStore, ids: Iterable[str]) -> dict[str, Doc]:
    """Stored location documents for these ids (missing ones left out)."""
    wanted = sorted(set(ids))
    found: dict[str, Doc] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        page = await store.find(LOCATIONS, Query({"_id": {"$in": chunk}}))
        found.update({d["_id"]: d for d in page.items})
    return found


@dataclass(frozen=True)
class Place:
    """Where an order is: resolved from a location id or an asset tag."""

    campus_id: str
    building_id: str
    location_id: str
    floor: int | None = None
    room_id: str | None = None
    asset_tag: str | None = None


def place_of(loc: Location, asset_tag: str | None = None) -> Place | None:
    """The place of a building, floor or room (None for a campus: too vague to repair)."""
    if loc.kind is Kind.CAMPUS or loc.building_id is None:
        return None
    return Place(
        campus_id=loc.campus_id,
        building_id=loc.building_id,
        location_id=loc.id,
        floor=loc.floor,
        room_id=loc.room_id,
        asset_tag=asset_tag,
    )


async def load_location(store: DocumentStore, location_id: str) -> Location | None:
    """The location with this id, or None."""
    doc = await store.get(LOCATIONS, location_id)
    return location_from(doc) if doc else None


async def place_of_asset(store: DocumentStore, tag: str) -> Place | None:
    """The place an asset tag is known to be at, or None."""
    asset = await store.get(ASSETS, tag)
    if asset is None:
        return None
    return Place(
        campus_id=asset["campus_id"],
        building_id=asset["building_id"],
        location_id=asset["location_id"],
        floor=asset.get("floor"),
        room_id=asset.get("room_id"),
        asset_tag=tag,
    )


def asset_doc(tag: str, place: Place, name: str | None, updated_at: str) -> Doc:
    """The stored reference of an asset (maintenance knows assets by tag and place only)."""
    return {
        "_id": tag,
        "name": name,
        "campus_id": place.campus_id,
        "building_id": place.building_id,
        "location_id": place.location_id,
        "floor": place.floor,
        "room_id": place.room_id,
        "updated_at": updated_at,
    }


async def place_at(store: DocumentStore, building_id: str, room_id: str | None) -> Place | None:
    """The known place of a room (else of its building) in that building, or None."""
    for candidate in (room_id, building_id):
        loc = await load_location(store, candidate) if candidate else None
        place = place_of(loc) if loc is not None else None
        if place is not None and place.building_id == building_id:
            return place
    return None


async def qr_code(store: DocumentStore, code_id: str) -> Doc | None:
    """A minted QR code record, or None."""
    return await store.get(QR_CODES, code_id)


async def rate_counter(store: DocumentStore, key: str) -> Doc | None:
    """A fixed-window rate counter, or None."""
    return await store.get(RATES, key)
