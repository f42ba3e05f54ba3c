"""Assets in the store: document mapping, staging writes with their events, the queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.assets.domain.assets import Asset, Custody, Status
from services.assets.repository import ASSETS
from shared.clock import iso, parse_iso
from shared.errors import NotFound
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork


def _custody_doc(custody: Custody, *, past: bool = False) -> Doc:
    # `assigned_on` holds a moment: the stored and published name predates the domain's.
    doc: Doc = {
        "custodian_id": custody.custodian_id,
        "assigned_on": iso(custody.assigned_at),
        "assigned_by": custody.assigned_by,
        "acknowledged_at": iso(custody.acknowledged_at) if custody.acknowledged_at else None,
    }
    if past:
        doc["released_at"] = iso(custody.released_at) if custody.released_at else None
    return doc


def _custody(doc: Doc) -> Custody:
    acknowledged, released = doc.get("acknowledged_at"), doc.get("released_at")
    return Custody(
        custodian_id=doc["custodian_id"],
        assigned_at=parse_iso(doc["assigned_on"]),
        assigned_by=doc.get("assigned_by"),
        acknowledged_at=parse_iso(acknowledged) if acknowledged else None,
        released_at=parse_iso(released) if released else None,
    )


def to_doc(asset: Asset) -> Doc:
    """The stored form; the category gate is kept beside the code for reading and filtering."""
    doc: Doc = {
        "_id": asset.id,
        "tag": asset.tag,
        "name": asset.name,
        "category_code": asset.category_code,
        "category_gate": asset.category_gate,
        "building_id": asset.building_id,
        "room_id": asset.room_id,
        "purchase_value_fen": asset.purchase_value_fen,
        "purchase_date": asset.purchase_date.isoformat(),
        "useful_life_years": asset.useful_life_years,
        "status": asset.status.value,
        "custody": _custody_doc(asset.custody) if asset.custody else None,
        "custody_history": [_custody_doc(c, past=True) for c in asset.custody_history],
        "registered_at": iso(asset.registered_at),
        "registered_by": asset.registered_by,
    }
    if asset.version is not None:
        doc["_v"] = asset.version
    return doc


def from_doc(doc: Doc) -> Asset:
    """Inverse of `to_doc`."""
    custody = doc.get("custody")
    return Asset(
        id=doc["_id"],
        tag=doc["tag"],
        name=doc["name"],
        category_code=doc["category_code"],
        building_id=doc["building_id"],
        room_id=doc.get("room_id"),
        purchase_value_fen=doc["purchase_value_fen"],
        purchase_date=date.fromisoformat(doc["purchase_date"]),
        useful_life_years=doc["useful_life_years"],
        registered_at=parse_iso(doc["registered_at"]),
        registered_by=doc.get("registered_by"),
        status=Status(doc["status"]),
        custody=_custody(custody) if custody else None,
        custody_history=[_custody(c) for c in doc.get("custody_history", ())],
        version=doc.get("_v"),
    )


def stage(uow: UnitOfWork, asset: Asset) -> None:
    """Stage the asset's write (insert when new, else conditional on its version) and events."""
    doc = to_doc(asset)
    if asset.version is None:
        uow.insert(ASSETS, doc)
    else:
        uow.replace(ASSETS, doc)
    uow.collect(asset, subject=asset.id)


async def load(store: DocumentStore, asset_id: str) -> Asset:
    """The asset with this id; NotFound when there is none."""
    doc = await store.get(ASSETS, asset_id)
    if doc is None:
        raise NotFound(f"no asset {asset_id}")
    return from_doc(doc)


async def by_tag(store: DocumentStore, tag: str) -> Asset:
    """The asset carrying this label; NotFound when there is none."""
    page = await store.find(ASSETS, Query({"tag": tag}, limit=1))
    if not page.items:
        raise NotFound(f"no asset tagged {tag}")
    return from_doc(page.items[0])


async def tag_taken(store: DocumentStore, tag: str) -> bool:
    """Whether an asset already carries this tag (the unique index is the last word)."""
    return await store.count(ASSETS, {"tag": tag}) > 0


@dataclass(frozen=True)
class AssetPage:
    """One page of the register, by tag."""

    items: list[Asset]
    next_cursor: str | None


async def page(
    store: DocumentStore,
    scope: dict[str, Any],
    *,
    room_id: str | None = None,
    status: Status | None = None,
    limit: int,
    cursor: str | None = None,
) -> AssetPage:
    """Assets within `scope` (a filter from the access rules), by tag, a page at a time."""
    filter = dict(scope)
    if room_id is not None:
        filter["room_id"] = room_id
    if status is not None:
        filter["status"] = status.value
    found = await store.find(ASSETS, Query(filter, [("tag", 1)], limit=limit, after=cursor))
    return AssetPage([from_doc(d) for d in found.items], found.next_cursor)


async def in_custody_of(store: DocumentStore, user_id: str) -> list[Asset]:
    """Every asset a person answers for, signed for or not, by tag."""
    docs = await find_all(store, ASSETS, {"custody.custodian_id": user_id}, [("tag", 1)])
    return [from_doc(d) for d in docs]
