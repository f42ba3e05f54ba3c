"""Import records in the store: who imported which file, how many rows, what was refused."""

from __future__ import annotations

from dataclasses import dataclass

from services.assets.repository import IMPORTS
from shared.errors import NotFound
from shared.store import Doc, DocumentStore, Query
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ImportRecord:
    """One accepted import (a refused file writes nothing)."""

    id: str
    filename: str
    format: str
    encoding: str | None
    rows: int
    imported: int
    skipped: int
    #: Buildings the imported assets are in (who may read the record).
    buildings: list[str]
    #: The refused cells when only the valid rows were imported (at most the first 1,000).
    errors: list[dict]
    imported_at: str
    imported_by: str | None


def stage(uow: UnitOfWork, record: ImportRecord) -> None:
    """Stage the record (its event is emitted by the handler with the assets' events)."""
    fields = {k: v for k, v in record.__dict__.items() if k != "id"}
    uow.insert(IMPORTS, {"_id": record.id, **fields})


def _from(doc: Doc) -> ImportRecord:
    fields = {k: v for k, v in doc.items() if k not in ("_id", "_v")}
    return ImportRecord(id=doc["_id"], **fields)


async def load(store: DocumentStore, import_id: str) -> ImportRecord:
    """The import with this id; NotFound when there is none."""
    doc = await store.get(IMPORTS, import_id)
    if doc is None:
        raise NotFound(f"no import {import_id}")
    return _from(doc)


async def recent(store: DocumentStore, limit: int) -> list[ImportRecord]:
    """The latest imports, newest first."""
    page = await store.find(IMPORTS, Query({}, [("imported_at", -1)], limit=limit))
    return [_from(d) for d in page.items]
