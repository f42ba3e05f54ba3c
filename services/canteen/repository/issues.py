"""Issued requisitions in the store; the batches they took are staged with them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.canteen.domain.issues import Issue, issue_id_of
from services.canteen.domain.stock import Take
from services.canteen.repository import ISSUE_TAKES, ISSUES
from services.canteen.repository import stock as batches
from services.canteen.repository.common import day, decimal, iso_day, text_of
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, find_all
from shared.uow import UnitOfWork


def to_doc(issue: Issue) -> Doc:
    """The stored form of an issue."""
    return {
        "_id": issue.issue_id,
        "canteen_id": issue.canteen_id,
        "issue_no": issue.issue_no,
        "item": issue.item,
        "unit": issue.unit,
        "quantity": str(issue.quantity),
        "purpose": issue.purpose,
        "takes": [
            {
                "batch_id": t.batch_id,
                "quantity": str(t.quantity),
                "expires_on": t.expires_on.isoformat(),
                "unit_price": text_of(t.unit_price),
            }
            for t in issue.takes
        ],
        "issued_by": issue.issued_by,
        "issued_at": iso(issue.issued_at),
        "meal_id": issue.meal_id,
        "dish_id": issue.dish_id,
        "served_on": iso_day(issue.served_on),
    }


def from_doc(doc: Doc) -> Issue:
    """Inverse of `to_doc`."""
    return Issue(
        canteen_id=doc["canteen_id"],
        issue_no=doc["issue_no"],
        item=doc["item"],
        unit=doc["unit"],
        quantity=Decimal(doc["quantity"]),
        purpose=doc["purpose"],
        takes=tuple(
            Take(
                t["batch_id"],
                Decimal(t["quantity"]),
                date.fromisoformat(t["expires_on"]),
                decimal(t.get("unit_price")),
            )
            for t in doc["takes"]
        ),
        issued_by=doc["issued_by"],
        issued_at=parse_iso(doc["issued_at"]),
        meal_id=doc.get("meal_id"),
        dish_id=doc.get("dish_id"),
        served_on=day(doc.get("served_on")),
        version=doc["_v"],
    )


def take_docs(issue: Issue) -> list[Doc]:
    """One document per batch the issue took from: what tracing and costs query."""
    by_id = {b.batch_id: b for b in issue.taken_from}
    return [
        {
            "_id": f"{issue.issue_id}|{t.batch_id}",
            "canteen_id": issue.canteen_id,
            "issue_no": issue.issue_no,
            "batch_id": t.batch_id,
            "item": issue.item,
            "unit": issue.unit,
            "supplier_id": by_id[t.batch_id].supplier_id,
            "quantity": str(t.quantity),
            "unit_price": text_of(t.unit_price),
            "cost": str(t.cost),
            "meal_id": issue.meal_id,
            "dish_id": issue.dish_id,
            "day": iso_day(issue.served_on),
            "issued_at": iso(issue.issued_at),
        }
        for t in issue.takes
    ]


def stage(uow: UnitOfWork, issue: Issue) -> None:
    """Stage the issue, its takes, each batch it took from (with its ledger line), its event."""
    uow.insert(ISSUES, to_doc(issue))
    for doc in take_docs(issue):
        uow.insert(ISSUE_TAKES, doc)
    for batch in issue.taken_from:
        batches.stage(uow, batch)
    uow.collect(issue, subject=issue.issue_id)


async def takes_where(store: DocumentStore, canteen_id: str, **match: Any) -> list[Doc]:
    """The issue takes of a canteen matching `match` (a batch, a meal, or a day range), in
    the order of the index they are found by (a day range: by day)."""
    sort = [("day", 1), ("_id", 1)] if "day" in match else [("issued_at", 1), ("_id", 1)]
    # A year of a canteen's costs is some 20,000 parts: large pages, few round trips.
    filter = {"canteen_id": canteen_id, **match}
    return await find_all(store, ISSUE_TAKES, filter, sort, page=5000)


async def load(store: DocumentStore, canteen_id: str, issue_no: str) -> Issue | None:
    """The requisition with this number in this canteen, or None."""
    doc = await store.get(ISSUES, issue_id_of(canteen_id, issue_no))
    return from_doc(doc) if doc is not None else None
