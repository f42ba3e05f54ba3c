"""Suppliers and their documents in the store."""

from __future__ import annotations

from services.canteen.domain.suppliers import DocumentKind, Supplier, SupplierDocument
from services.canteen.repository import SUPPLIERS
from services.canteen.repository.common import day, iso_day, put
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(supplier: Supplier) -> Doc:
    """The stored form of a supplier."""
    assert supplier.updated_at is not None  # set by register and revise
    return {
        "_id": supplier.supplier_id,
        "name": supplier.name,
        "contact": supplier.contact,
        "documents": [
            {"kind": d.kind.value, "number": d.number, "expires_on": iso_day(d.expires_on)}
            for d in supplier.documents
        ],
        "suspended": supplier.suspended,
        "canteens": list(supplier.canteens),
        "updated_at": iso(supplier.updated_at),
    }


def from_doc(doc: Doc) -> Supplier:
    """Inverse of `to_doc`; suppliers stored before `canteens` existed serve none yet."""
    return Supplier(
        supplier_id=doc["_id"],
        name=doc["name"],
        documents=tuple(
            SupplierDocument(DocumentKind(d["kind"]), d["number"], day(d["expires_on"]))
            for d in doc["documents"]
        ),
        suspended=doc["suspended"],
        contact=doc.get("contact"),
        canteens=tuple(doc.get("canteens", ())),
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


async def load(store: DocumentStore, supplier_id: str) -> Supplier | None:
    """The supplier with this id, or None."""
    doc = await store.get(SUPPLIERS, supplier_id)
    return from_doc(doc) if doc is not None else None


def stage(uow: UnitOfWork, supplier: Supplier) -> None:
    """Stage the supplier's write and its recorded events."""
    put(uow, SUPPLIERS, to_doc(supplier), supplier.version)
    uow.collect(supplier, subject=supplier.supplier_id)


async def every(store: DocumentStore) -> list[Supplier]:
    """Every supplier, by id."""
    return [from_doc(d) for d in await find_all(store, SUPPLIERS, {}, [("_id", 1)])]
