"""Loans in the store; an overdue announcement is keyed by (loan, period) under `_id`."""

from __future__ import annotations

from datetime import date

from services.assets.domain.loans import Condition, Loan, LoanStatus
from services.assets.repository import LOANS, OVERDUE_NOTICES, history
from shared.clock import iso, parse_iso
from shared.errors import NotFound
from shared.store import Doc, DocumentStore, Query
from shared.uow import UnitOfWork


def _ts(moment) -> str | None:
    return iso(moment) if moment is not None else None


def _dt(text: str | None):
    return parse_iso(text) if text is not None else None


def to_doc(loan: Loan, period_days: int) -> Doc:
    """The stored form, with the day the next overdue period starts (what the scan looks for)."""
    nxt = loan.next_reminder_on(period_days)
    doc: Doc = {
        "_id": loan.id,
        "asset_id": loan.asset_id,
        "tag": loan.tag,
        "building_id": loan.building_id,
        "borrower_id": loan.borrower_id,
        "due_on": loan.due_on.isoformat(),
        "offered_on": loan.offered_on.isoformat(),
        "offered_at": iso(loan.offered_at),
        "offered_by": loan.offered_by,
        "purpose": loan.purpose,
        "reservation_id": loan.reservation_id,
        "status": loan.status.value,
        "started_at": _ts(loan.started_at),
        "returned_at": _ts(loan.returned_at),
        "returned_by": loan.returned_by,
        "condition": loan.condition.value if loan.condition else None,
        "return_note": loan.return_note,
        "damage_id": loan.damage_id,
        "overdue_period": loan.overdue_period,
        "next_reminder_on": nxt.isoformat() if nxt else None,
        "cancel_reason": loan.cancel_reason,
    }
    if loan.version is not None:
        doc["_v"] = loan.version
    return doc


def from_doc(doc: Doc) -> Loan:
    """Inverse of `to_doc`."""
    return Loan(
        id=doc["_id"],
        asset_id=doc["asset_id"],
        tag=doc["tag"],
        building_id=doc["building_id"],
        borrower_id=doc["borrower_id"],
        due_on=date.fromisoformat(doc["due_on"]),
        offered_on=date.fromisoformat(doc["offered_on"]),
        offered_at=parse_iso(doc["offered_at"]),
        offered_by=doc.get("offered_by"),
        purpose=doc.get("purpose"),
        reservation_id=doc.get("reservation_id"),
        status=LoanStatus(doc["status"]),
        started_at=_dt(doc.get("started_at")),
        returned_at=_dt(doc.get("returned_at")),
        returned_by=doc.get("returned_by"),
        condition=Condition(doc["condition"]) if doc.get("condition") else None,
        return_note=doc.get("return_note"),
        damage_id=doc.get("damage_id"),
        overdue_period=doc.get("overdue_period", 0),
        cancel_reason=doc.get("cancel_reason"),
        version=doc.get("_v"),
    )


def stage(uow: UnitOfWork, loan: Loan, period_days: int) -> None:
    """Stage the loan, its events and their lines in the asset's history; an overdue
    announcement also inserts its (loan, period) key, so no period is announced twice."""
    if loan.version is None:
        uow.insert(LOANS, to_doc(loan, period_days))
    else:
        uow.replace(LOANS, to_doc(loan, period_days))
    envelopes = uow.collect(loan, subject=loan.id)
    for e in envelopes:
        if e.type == "assets.loan.overdue.v1":
            key = f"{loan.id}:{e.data['period']}"
            uow.insert(OVERDUE_NOTICES, {"_id": key, "loan_id": loan.id, "event_id": e.id})
    history.record(uow, loan.asset_id, envelopes)


async def load(store: DocumentStore, loan_id: str) -> Loan:
    """The loan with this id; NotFound when there is none."""
    doc = await store.get(LOANS, loan_id)
    if doc is None:
        raise NotFound(f"no loan {loan_id}")
    return from_doc(doc)


async def due_for_reminder(store: DocumentStore, today: date, limit: int) -> list[Loan]:
    """Open loans whose next overdue period has begun by `today`."""
    query = Query(
        {"status": "open", "next_reminder_on": {"$lte": today.isoformat()}},
        [("next_reminder_on", 1)],
        limit=limit,
    )
    return [from_doc(d) for d in (await store.find(LOANS, query)).items]


async def listed(
    store: DocumentStore, filter: dict, *, limit: int, cursor: str | None
) -> tuple[list[Loan], str | None]:
    """Loans matching `filter`, newest first, a page at a time."""
    page = await store.find(LOANS, Query(filter, [("offered_at", -1)], limit=limit, after=cursor))
    return [from_doc(d) for d in page.items], page.next_cursor


async def count_by_state(store: DocumentStore, today: date) -> dict[str, int]:
    """Loans offered (not yet taken), open, and open past their due day (overdue)."""
    return {
        "offered": await store.count(LOANS, {"status": LoanStatus.OFFERED.value}),
        "open": await store.count(LOANS, {"status": LoanStatus.OPEN.value}),
        "overdue": await store.count(
            LOANS, {"status": LoanStatus.OPEN.value, "due_on": {"$lt": today.isoformat()}}
        ),
    }
