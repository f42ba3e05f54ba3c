"""Use cases of the stock ledger: issue first-expiring-first-out, write-offs, the expiry scan."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from services.canteen import repository as repo
from services.canteen.domain import stock
from services.canteen.handlers import canteen_or_404
from shared.clock import iso
from shared.errors import Conflict, NotFound
from shared.logging import get_logger
from shared.store import Doc
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def issue_stock(
    uow: UnitOfWork,
    *,
    canteen_id: str,
    issue_no: str,
    item: str,
    unit: str,
    quantity: Decimal,
    purpose: str | None,
    today: date,
) -> Doc:
    """Issue goods to the kitchen (领用), first expiring first out, never below zero."""
    await canteen_or_404(uow, canteen_id)
    issue_id = f"{canteen_id}|{issue_no}"
    if await uow.store.get(repo.ISSUES, issue_id) is not None:
        raise Conflict(f"requisition {issue_no} was already issued")
    docs = {d["_id"]: d for d in await repo.stocked_batches(uow.store, canteen_id, item, unit)}
    batches = [repo.batch_from_doc(d) for d in docs.values()]
    moved, event = stock.issue(batches, issue_no=issue_no, quantity=quantity, today=today)
    stamp = iso(uow.clock())
    for after, take in moved:
        uow.replace(repo.BATCHES, repo.batch_update(docs[take.batch_id], after))
        uow.insert(
            repo.LEDGER,
            repo.ledger_entry(
                entry_id=f"led-{uuid.uuid4().hex[:16]}",
                batch=docs[take.batch_id],
                kind="issue",
                quantity=take.quantity,
                balance_after=after.on_hand,
                ref=issue_no,
                reason=purpose,
                actor=uow.actor,
                at=stamp,
            ),
        )
    takes = [take for _, take in moved]
    doc: Doc = {
        "_id": issue_id,
        "canteen_id": canteen_id,
        "issue_no": issue_no,
        "item": item,
        "unit": unit,
        "quantity": str(quantity),
        "purpose": purpose,
        "takes": [
            {
                "batch_id": t.batch_id,
                "quantity": str(t.quantity),
                "expires_on": t.expires_on.isoformat(),
            }
            for t in takes
        ],
        "issued_by": uow.actor,
        "issued_at": stamp,
    }
    uow.insert(repo.ISSUES, doc)
    uow.emit(event, subject=issue_id)
    await uow.commit()
    log.info("stock.issued", canteen_id=canteen_id, issue_no=issue_no, batches=len(takes))
    return {**doc, "_v": 1}


async def write_off(
    uow: UnitOfWork, *, canteen_id: str, batch_id: str, quantity: Decimal, reason: str
) -> Doc:
    """Take goods off the books (报损): spoiled or expired stock; returns the batch."""
    doc = await uow.store.get(repo.BATCHES, batch_id)
    if doc is None or doc["canteen_id"] != canteen_id:
        raise NotFound(f"no batch {batch_id} in canteen {canteen_id}")
    after, event = stock.write_off(repo.batch_from_doc(doc), quantity, reason=reason)
    updated = repo.batch_update(doc, after)
    uow.replace(repo.BATCHES, updated)
    uow.emit(event, subject=batch_id)
    uow.insert(
        repo.LEDGER,
        repo.ledger_entry(
            entry_id=f"led-{uuid.uuid4().hex[:16]}",
            batch=doc,
            kind="write_off",
            quantity=quantity,
            balance_after=after.on_hand,
            ref=batch_id,
            reason=reason,
            actor=uow.actor,
            at=iso(uow.clock()),
        ),
    )
    await uow.commit()
    log.info("stock.written_off", batch_id=batch_id, quantity=str(quantity))
    return {**updated, "_v": doc["_v"] + 1}


async def scan_expiry(
    new_uow: Callable[[], UnitOfWork],
    *,
    today: date,
    warning_days: int,
    canteen_id: str | None = None,
    chunk: int = 100,
) -> list[Doc]:
    """Warn once about every batch expiring within `warning_days`; returns the warned batches.

    Works in chunks, each one atomic write: a warned batch drops out of the next query, so a
    crash between chunks loses nothing and repeats nothing.
    """
    warned: list[Doc] = []
    while True:
        uow = new_uow()
        docs = await repo.batches_to_scan(
            uow.store,
            horizon=today + timedelta(days=warning_days),
            canteen_id=canteen_id,
            limit=chunk,
        )
        # The query narrows the reads; the rule itself is the domain's.
        batches = [repo.batch_from_doc(d) for d in docs]
        due = stock.expiring(batches, today=today, warning_days=warning_days)
        if not due:
            return warned
        by_id = {d["_id"]: d for d in docs}
        for batch in due:
            marked, event = stock.warn(batch, today=today)
            updated = repo.batch_update(by_id[batch.batch_id], marked)
            uow.replace(repo.BATCHES, updated)
            uow.emit(event, subject=batch.batch_id)
            warned.append(updated)
        await uow.commit()
        log.info("stock.expiry_scanned", warned=len(due), today=today.isoformat())


async def daily_expiry_scan(
    new_uow: Callable[[], UnitOfWork], *, today: date, warning_days: int
) -> int | None:
    """Scan once per campus day: the number of batches warned, or None if today's scan ran."""
    done = await new_uow().store.get(repo.SCANS, today.isoformat())
    if done is not None:
        return None
    warned = await scan_expiry(new_uow, today=today, warning_days=warning_days)
    uow = new_uow()
    uow.insert(
        repo.SCANS, {"_id": today.isoformat(), "ran_at": iso(uow.clock()), "warned": len(warned)}
    )
    await uow.commit()
    return len(warned)
