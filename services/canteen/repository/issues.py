"""Issued requisitions in the store; the batches they took are staged with them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.canteen.domain.issues import Issue, issue_id_of
from services.canteen.domain.stock import Take
from services.canteen.repository import ISSUES
from services.canteen.repository import stock as batches
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore
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
            }
            for t in issue.takes
        ],
        "issued_by": issue.issued_by,
        "issued_at": iso(issue.issued_at),
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
            Take(t["batch_id"], Decimal(t["quantity"]), date.fromisoformat(t["expires_on"]))
            for t in doc["takes"]
        ),
        issued_by=doc["issued_by"],
        issued_at=parse_iso(doc["issued_at"]),
        version=doc["_v"],
    )


def stage(uow: UnitOfWork, issue: Issue) -> None:
    """Stage the issue, each batch it took from (with its ledger line), and its event."""
    uow.insert(ISSUES, to_doc(issue))
    for batch in issue.taken_from:
        batches.stage(uow, batch)
    uow.collect(issue, subject=issue.issue_id)


async def load(store: DocumentStore, canteen_id: str, issue_no: str) -> Issue | None:
    """The requisition with this number in this canteen, or None."""
    doc = await store.get(ISSUES, issue_id_of(canteen_id, issue_no))
    return from_doc(doc) if doc is not None else None
