"""The technician register in the store."""

from __future__ import annotations

from collections.abc import Iterable

from services.maintenance.domain.technicians import Technician
from services.maintenance.repository.common import TECHNICIANS
from shared.store import Doc, DocumentStore, Query, find_all
from shared.uow import UnitOfWork

_CHUNK = 500


def _doc(t: Technician) -> Doc:
    doc: Doc = {"_id": t.id, "campus_id": t.campus_id, "name": t.name, "active": t.active}
    if t.version is not None:
        doc["_v"] = t.version
    return doc


def _from(doc: Doc) -> Technician:
    return Technician(
        id=doc["_id"],
        campus_id=doc["campus_id"],
        name=doc["name"],
        active=doc["active"],
        version=doc["_v"],
    )


async def load(store: DocumentStore, technician_id: str) -> Technician | None:
    """A register entry, or None."""
    doc = await store.get(TECHNICIANS, technician_id)
    return _from(doc) if doc else None


async def load_many(store: DocumentStore, ids: Iterable[str]) -> dict[str, Technician]:
    """The register entries of these ids (the unregistered left out), read in chunks."""
    wanted = sorted(set(ids))
    found: dict[str, Technician] = {}
    for i in range(0, len(wanted), _CHUNK):
        page = await store.find(TECHNICIANS, Query({"_id": {"$in": wanted[i : i + _CHUNK]}}))
        found.update({d["_id"]: _from(d) for d in page.items})
    return found


async def of_campus(store: DocumentStore, campus_id: str) -> list[Technician]:
    """Every entry of a campus, by name."""
    docs = await find_all(store, TECHNICIANS, {"campus_id": campus_id}, [("name", 1)])
    return [_from(d) for d in docs]


def stage(uow: UnitOfWork, technician: Technician) -> None:
    """Stage an entry's insert or replace with the events it recorded (subject: its id)."""
    if technician.version is None:
        uow.insert(TECHNICIANS, _doc(technician))
    else:
        uow.replace(TECHNICIANS, _doc(technician))
    uow.collect(technician, subject=technician.id)
