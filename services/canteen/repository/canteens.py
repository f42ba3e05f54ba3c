"""Canteens in the store."""

from __future__ import annotations

from services.canteen.domain.canteens import Canteen
from services.canteen.repository import CANTEENS
from services.canteen.repository.common import put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(canteen: Canteen) -> Doc:
    """The stored form of a canteen."""
    return {
        "_id": canteen.canteen_id,
        "name": canteen.name,
        "campus_id": canteen.campus_id,
        "building_id": canteen.building_id,
        "min_remaining_shelf_life_days": canteen.min_remaining_shelf_life_days,
        "updated_at": iso(canteen.updated_at),
    }


def from_doc(doc: Doc) -> Canteen:
    """Inverse of `to_doc`."""
    return Canteen(
        canteen_id=doc["_id"],
        name=doc["name"],
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        min_remaining_shelf_life_days=doc.get("min_remaining_shelf_life_days"),
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


async def load(store: DocumentStore, canteen_id: str) -> Canteen | None:
    """The canteen with this id, or None."""
    doc = await store.get(CANTEENS, canteen_id)
    return from_doc(doc) if doc is not None else None


def stage(uow: UnitOfWork, canteen: Canteen) -> None:
    """Stage the canteen's write and its recorded events."""
    put(uow, CANTEENS, to_doc(canteen), canteen.version)
    uow.collect(canteen, subject=canteen.canteen_id)


async def every(store: DocumentStore) -> list[Canteen]:
    """Every registered canteen, by id (a campus has a handful)."""
    return [from_doc(d) for d in await find_all(store, CANTEENS, {}, [("_id", 1)])]
