"""QR codes and the fixed-window rate counters of QR filings in the store."""

from __future__ import annotations

from datetime import datetime

from services.maintenance.domain.qr import QrCode
from services.maintenance.events import QrCodeIssued, QrCodeRevoked
from services.maintenance.repository.common import QR_CODES, RATES, dt, ts
from shared.store import Delete, Doc, DocumentStore, Query
from shared.uow import UnitOfWork


def _code_doc(code: QrCode) -> Doc:
    doc: Doc = {
        "_id": code.id,
        "kind": code.kind,
        "target": code.target,
        "label": code.label,
        "campus_id": code.campus_id,
        "building_id": code.building_id,
        "created_by": code.created_by,
        "created_at": ts(code.created_at),
        "revoked_at": ts(code.revoked_at),
    }
    if code.version is not None:
        doc["_v"] = code.version
    return doc


def _code_from(doc: Doc) -> QrCode:
    created = dt(doc["created_at"])
    assert created is not None
    return QrCode(
        id=doc["_id"],
        kind=doc["kind"],
        target=doc["target"],
        label=doc.get("label"),
        campus_id=doc["campus_id"],
        building_id=doc["building_id"],
        created_by=doc["created_by"],
        created_at=created,
        revoked_at=dt(doc.get("revoked_at")),
        version=doc.get("_v"),
    )


async def load_code(store: DocumentStore, code_id: str) -> QrCode | None:
    """A minted QR code, or None."""
    doc = await store.get(QR_CODES, code_id)
    return _code_from(doc) if doc else None


def stage_code(uow: UnitOfWork, code: QrCode) -> None:
    """Stage a new code (issued), or its revocation (revoked), with its event."""
    fields = {
        "code_id": code.id,
        "kind": code.kind,
        "target": code.target,
        "label": code.label,
        "campus_id": code.campus_id,
        "building_id": code.building_id,
    }
    if code.version is None:
        uow.insert(QR_CODES, _code_doc(code))
        uow.emit(QrCodeIssued(**fields), subject=code.id)
    else:
        uow.replace(QR_CODES, _code_doc(code))
        if code.revoked_at is not None:
            uow.emit(QrCodeRevoked(**fields), subject=code.id)


async def filings_counted(store: DocumentStore, key: str) -> tuple[int, int | None]:
    """Filings counted under a window's key so far, and the counter's version (None: new)."""
    doc = await store.get(RATES, key)
    return (0, None) if doc is None else (doc["count"], doc["_v"])


def stage_filing(
    uow: UnitOfWork, key: str, count: int, version: int | None, expires_at: datetime
) -> None:
    """Stage one more filing on a counter (created at its first filing)."""
    doc: Doc = {"_id": key, "count": count + 1, "expires_at": ts(expires_at)}
    if version is None:
        uow.insert(RATES, doc)
    else:
        uow.replace(RATES, {**doc, "_v": version})


async def purge_rate_counters(store: DocumentStore, now: datetime) -> int:
    """Drop counters whose window has passed (they can no longer refuse anyone); how many."""
    page = await store.find(RATES, Query({"expires_at": {"$lt": ts(now)}}, limit=1000))
    if page.items:
        await store.write([Delete(RATES, d["_id"], d["_v"]) for d in page.items])
    return len(page.items)
