"""Administrators' template overrides in the store (the files are the defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.notifications.repository import TEMPLATES
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Override:
    """A template source an administrator saved in place of the file."""

    name: str
    source: str
    updated_at: datetime
    updated_by: str | None
    version: int | None = None


def to_doc(o: Override) -> Doc:
    """The stored override."""
    doc: Doc = {
        "_id": o.name,
        "source": o.source,
        "updated_at": iso(o.updated_at),
        "updated_by": o.updated_by,
    }
    if o.version is not None:
        doc["_v"] = o.version
    return doc


def from_doc(doc: Doc) -> Override:
    """Inverse of `to_doc`."""
    return Override(
        doc["_id"], doc["source"], parse_iso(doc["updated_at"]), doc.get("updated_by"), doc["_v"]
    )


async def load(store: DocumentStore, name: str) -> Override | None:
    """The override of one template, or None."""
    doc = await store.get(TEMPLATES, name)
    return from_doc(doc) if doc is not None else None


async def all_overrides(store: DocumentStore) -> dict[str, Override]:
    """Every override by name."""
    return {d["_id"]: from_doc(d) for d in await find_all(store, TEMPLATES, {})}


def stage(uow: UnitOfWork, o: Override) -> None:
    """Insert or conditionally replace an override."""
    if o.version is None:
        uow.insert(TEMPLATES, to_doc(o))
    else:
        uow.replace(TEMPLATES, to_doc(o))


def stage_delete(uow: UnitOfWork, o: Override) -> None:
    """Remove an override (conditional on its version): the file applies again."""
    uow.delete(TEMPLATES, to_doc(o))
