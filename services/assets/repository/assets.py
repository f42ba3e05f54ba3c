"""Assets in the store: document mapping, staging writes with their events, the queries."""

from __future__ import annotations

from datetime import date

from services.assets.domain.assets import Asset, Custody, Disposal, Status
from services.assets.repository import ASSETS, history
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


def _disposal_doc(d: Disposal) -> Doc:
    return {
        "reason": d.reason,
        "proposed_by": d.proposed_by,
        "proposed_at": iso(d.proposed_at),
        "previous_status": d.previous_status.value,
        "decided_by": d.decided_by,
        "decided_at": iso(d.decided_at) if d.decided_at else None,
        "approved": d.approved,
        "decision_note": d.decision_note,
    }


def _disposal(doc: Doc) -> Disposal:
    decided = doc.get("decided_at")
    return Disposal(
        reason=doc["reason"],
        proposed_by=doc.get("proposed_by"),
        proposed_at=parse_iso(doc["proposed_at"]),
        previous_status=Status(doc["previous_status"]),
        decided_by=doc.get("decided_by"),
        decided_at=parse_iso(decided) if decided else None,
        approved=doc.get("approved"),
        decision_note=doc.get("decision_note"),
    )


def to_doc(asset: Asset) -> Doc:
    """The stored form; the category gate and the folded name are kept for reading and search."""
    doc: Doc = {
        "_id": asset.id,
        "tag": asset.tag,
        "name": asset.name,
        "name_fold": asset.name.casefold(),
        "category_code": asset.category_code,
        "category_gate": asset.category_gate,
        "building_id": asset.building_id,
        "room_id": asset.room_id,
        "department_id": asset.department_id,
        "purchase_value_fen": asset.purchase_value_fen,
        "purchase_date": asset.purchase_date.isoformat(),
        "useful_life_years": asset.useful_life_years,
        "low_value": asset.low_value,
        "import_id": asset.import_id,
        "status": asset.status.value,
        "custody": _custody_doc(asset.custody) if asset.custody else None,
        "custody_history": [_custody_doc(c, past=True) for c in asset.custody_history],
        "disposal": _disposal_doc(asset.disposal) if asset.disposal else None,
        "registered_at": iso(asset.registered_at),
        "registered_by": asset.registered_by,
    }
    if asset.version is not None:
        doc["_v"] = asset.version
    return doc


def from_doc(doc: Doc) -> Asset:
    """Inverse of `to_doc`."""
    custody, disposal = doc.get("custody"), doc.get("disposal")
    return Asset(
        id=doc["_id"],
        tag=doc["tag"],
        name=doc["name"],
        category_code=doc["category_code"],
        building_id=doc["building_id"],
        room_id=doc.get("room_id"),
        department_id=doc.get("department_id"),
        purchase_value_fen=doc["purchase_value_fen"],
        purchase_date=date.fromisoformat(doc["purchase_date"]),
        useful_life_years=doc.get("useful_life_years"),
        low_value=doc.get("low_value", False),
        import_id=doc.get("import_id"),
        registered_at=parse_iso(doc["registered_at"]),
        registered_by=doc.get("registered_by"),
        status=Status(doc["status"]),
        custody=_custody(custody) if custody else None,
        custody_history=[_custody(c) for c in doc.get("custody_history", ())],
        disposal=_disposal(disposal) if disposal else None,
        version=doc.get("_v"),
    )


def stage(uow: UnitOfWork, asset: Asset) -> None:
    """Stage the asset's write (insert when new, else conditional on its version), its events
    and their lines in the asset's history."""
    doc = to_doc(asset)
    if asset.version is None:
        uow.insert(ASSETS, doc)
    else:
        uow.replace(ASSETS, doc)
    history.record(uow, asset.id, uow.collect(asset, subject=asset.id))


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


async def in_custody_of(store: DocumentStore, user_id: str) -> list[Asset]:
    """Every asset a person answers for, signed for or not, by tag."""
    docs = await find_all(store, ASSETS, {"custody.custodian_id": user_id}, [("tag", 1)])
    return [from_doc(d) for d in docs]


async def by_ids(store: DocumentStore, ids: list[str]) -> dict[str, Asset]:
    """The assets with these ids (missing ones left out)."""
    found: dict[str, Asset] = {}
    for i in range(0, len(ids), 500):
        page = await store.find(ASSETS, Query({"_id": {"$in": ids[i : i + 500]}}))
        found.update({d["_id"]: from_doc(d) for d in page.items})
    return found


async def by_tags(store: DocumentStore, tags: list[str]) -> dict[str, Asset]:
    """The assets carrying these tags (unknown tags left out)."""
    found: dict[str, Asset] = {}
    unique = sorted(set(tags))
    for i in range(0, len(unique), 500):
        page = await store.find(ASSETS, Query({"tag": {"$in": unique[i : i + 500]}}))
        found.update({d["tag"]: from_doc(d) for d in page.items})
    return found


async def tags_taken(store: DocumentStore, tags: list[str]) -> set[str]:
    """Which of these tags are registered already."""
    return set(await by_tags(store, tags))


async def count_by_status(store: DocumentStore) -> dict[str, int]:
    """How many assets stand in each status (disposed ones included: the books keep them)."""
    return {s.value: await store.count(ASSETS, {"status": s.value}) for s in Status}
