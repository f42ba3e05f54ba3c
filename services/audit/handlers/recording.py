"""Use cases that grow the chain: record an event, checkpoint the head."""

from __future__ import annotations

from datetime import datetime

from services.audit.domain import (
    append,
    checkpoint,
    checkpoint_due,
    dedup_key,
    is_own_checkpoint,
)
from services.audit.events import ChainCheckpointed
from services.audit.repository import CHAIN, RECORDS, AuditRepository, head_doc
from shared.clock import iso
from shared.envelope import Envelope
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def record_event(repo: AuditRepository, uow: UnitOfWork, envelope: Envelope) -> int | None:
    """Stage the record of one event and the new head; None if (source, id) is already stored.

    The head is replaced conditionally on the version it was read with, in the same write as the
    record, so two writers can never both claim one seq: the loser re-runs on the new head.
    """
    event = envelope.to_json()
    if await repo.by_dedup_key(dedup_key(envelope.source, envelope.id)) is not None:
        log.info("audit.duplicate_skipped", source=envelope.source, event_id=envelope.id)
        return None
    head, previous = await repo.head()
    now = iso(uow.clock())
    record, new_head = append(
        head, event, recorded_at=now, quiet=is_own_checkpoint(event, uow.source)
    )
    # The head goes first: a writer that lost the race then fails on the head's version
    # (which the consumer re-runs in-process), not on the record's id (which it would count as
    # a failed delivery).
    doc = head_doc(new_head, previous, now)
    if previous is None:
        uow.insert(CHAIN, doc)
    else:
        uow.replace(CHAIN, doc)
    uow.insert(RECORDS, record)
    return new_head.seq


async def checkpoint_if_due(
    repo: AuditRepository,
    uow: UnitOfWork,
    now: datetime,
    *,
    every_records: int,
    every_seconds: float,
) -> ChainCheckpointed | None:
    """Publish a checkpoint of the head if one is due (through the outbox); else None.

    The checkpoint document is replaced conditionally, so of two processes only one publishes
    a given head.
    """
    last, doc = await repo.last_checkpoint()
    if last is None or doc is None:
        # No checkpoint document yet: start the timer now rather than checkpoint at once.
        await repo.prepare(now)
        return None
    head, _ = await repo.head()
    if not checkpoint_due(
        head, last, now, every_records=every_records, every_seconds=every_seconds
    ):
        return None
    event = checkpoint(head, last, now)
    uow.replace(CHAIN, {**doc, "seq": head.seq, "head_hash": head.hash, "at": iso(now)})
    uow.emit(event, subject=f"chain/{head.seq}")
    await uow.commit()
    log.info("audit.checkpoint", seq=head.seq, head_hash=head.hash, records=event.records)
    return event
