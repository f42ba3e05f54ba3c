"""Stock-take campaigns and their scans in the store: one scan document per (campaign, tag),
so scanning a tag again records where it was seen last and never counts it twice."""

from __future__ import annotations

from datetime import datetime

from services.assets.domain.stocktakes import (
    Booked,
    Finding,
    Kind,
    Report,
    Scan,
    Scope,
    Stocktake,
    StocktakeStatus,
)
from services.assets.repository import ASSETS, SCANS, STOCKTAKES
from shared.clock import iso, parse_iso
from shared.errors import NotFound
from shared.store import Doc, DocumentStore, Query, find_all, scan
from shared.uow import UnitOfWork


def _ts(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


def _dt(text: str | None) -> datetime | None:
    return parse_iso(text) if text is not None else None


def _report_doc(report: Report) -> Doc:
    return {
        "expected": report.expected,
        "findings": [{**f.__dict__, "kind": f.kind.value} for f in report.findings],
    }


def _report(doc: Doc) -> Report:
    findings = [Finding(**{**f, "kind": Kind(f["kind"])}) for f in doc["findings"]]
    return Report(doc["expected"], findings)


def to_doc(st: Stocktake) -> Doc:
    """The stored form (the final report is kept whole once approved)."""
    doc: Doc = {
        "_id": st.id,
        "name": st.name,
        "scope": st.scope.value,
        "scope_id": st.scope_id,
        "started_at": iso(st.started_at),
        "started_by": st.started_by,
        "expected_at_start": st.expected_at_start,
        "status": st.status.value,
        "rooms": st.rooms,
        "submitted_by": st.submitted_by,
        "submitted_at": _ts(st.submitted_at),
        "agreed_moves": st.agreed_moves,
        "decided_by": st.decided_by,
        "decided_at": _ts(st.decided_at),
        "decision_note": st.decision_note,
        "final": _report_doc(st.final) if st.final else None,
    }
    if st.version is not None:
        doc["_v"] = st.version
    return doc


def from_doc(doc: Doc) -> Stocktake:
    """Inverse of `to_doc`."""
    return Stocktake(
        id=doc["_id"],
        name=doc["name"],
        scope=Scope(doc["scope"]),
        scope_id=doc["scope_id"],
        started_at=parse_iso(doc["started_at"]),
        started_by=doc.get("started_by"),
        expected_at_start=doc["expected_at_start"],
        status=StocktakeStatus(doc["status"]),
        rooms=list(doc.get("rooms", [])),
        submitted_by=doc.get("submitted_by"),
        submitted_at=_dt(doc.get("submitted_at")),
        agreed_moves=list(doc.get("agreed_moves", [])),
        decided_by=doc.get("decided_by"),
        decided_at=_dt(doc.get("decided_at")),
        decision_note=doc.get("decision_note"),
        final=_report(doc["final"]) if doc.get("final") else None,
        version=doc.get("_v"),
    )


def stage(uow: UnitOfWork, st: Stocktake) -> None:
    """Stage the campaign and its events."""
    if st.version is None:
        uow.insert(STOCKTAKES, to_doc(st))
    else:
        uow.replace(STOCKTAKES, to_doc(st))
    uow.collect(st, subject=st.id)


async def load(store: DocumentStore, stocktake_id: str) -> Stocktake:
    """The campaign with this id; NotFound when there is none."""
    doc = await store.get(STOCKTAKES, stocktake_id)
    if doc is None:
        raise NotFound(f"no stock-take {stocktake_id}")
    return from_doc(doc)


async def listed(
    store: DocumentStore, filter: dict, *, limit: int, cursor: str | None
) -> tuple[list[Stocktake], str | None]:
    """Campaigns matching `filter`, newest first."""
    page = await store.find(
        STOCKTAKES, Query(filter, [("started_at", -1)], limit=limit, after=cursor)
    )
    return [from_doc(d) for d in page.items], page.next_cursor


def _scan_id(stocktake_id: str, tag: str) -> str:
    return f"{stocktake_id}:{tag}"


async def scans_of(store: DocumentStore, stocktake_id: str) -> dict[str, Doc]:
    """Every scan of a campaign by tag (stored documents, for staging replacements)."""
    docs = await find_all(store, SCANS, {"stocktake_id": stocktake_id}, [("scanned_at", 1)])
    return {d["tag"]: d for d in docs}


def stage_scan(uow: UnitOfWork, stocktake_id: str, s: Scan, current: Doc | None) -> None:
    """Record where a tag was seen (replacing an earlier scan of it in this campaign)."""
    doc: Doc = {
        "_id": _scan_id(stocktake_id, s.tag),
        "stocktake_id": stocktake_id,
        "tag": s.tag,
        "building_id": s.building_id,
        "room_id": s.room_id,
        "scanned_at": iso(s.scanned_at),
        "scanned_by": s.scanned_by,
        "times": 1 + (current["times"] if current else 0),
    }
    if current is None:
        uow.insert(SCANS, doc)
    else:
        uow.replace(SCANS, {**doc, "_v": current["_v"]})


def scan_from(doc: Doc) -> Scan:
    """A stored scan as the domain's value."""
    return Scan(
        doc["tag"],
        doc["building_id"],
        doc["room_id"],
        parse_iso(doc["scanned_at"]),
        doc.get("scanned_by"),
    )


def booked(doc: Doc) -> Booked:
    """An asset document as the books have it."""
    return Booked(
        doc["_id"], doc["tag"], doc["name"], doc["building_id"], doc.get("room_id"), doc["status"]
    )


async def expected(store: DocumentStore, scope: Scope, scope_id: str) -> list[Booked]:
    """The assets on the books in a campaign's scope (disposed ones are off the books)."""
    field = "building_id" if scope is Scope.BUILDING else "department_id"
    filter = {field: scope_id, "status": {"$ne": "disposed"}}
    return [booked(d) async for d in scan(store, ASSETS, filter, [("tag", 1)], page=1000)]


async def count_expected(store: DocumentStore, scope: Scope, scope_id: str) -> int:
    """How many assets are on the books in a scope."""
    field = "building_id" if scope is Scope.BUILDING else "department_id"
    return await store.count(ASSETS, {field: scope_id, "status": {"$ne": "disposed"}})


async def in_progress(store: DocumentStore) -> list[Stocktake]:
    """Campaigns counting or waiting for approval, oldest first."""
    filter = {"status": {"$in": [StocktakeStatus.OPEN.value, StocktakeStatus.SUBMITTED.value]}}
    return [from_doc(d) for d in await find_all(store, STOCKTAKES, filter, [("started_at", 1)])]


async def count_scans(store: DocumentStore, stocktake_id: str) -> int:
    """How many tags a campaign has scanned (each once, wherever it was seen last)."""
    return await store.count(SCANS, {"stocktake_id": stocktake_id})
