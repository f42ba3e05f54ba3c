"""Use cases that grow the chain: record an event, checkpoint the head."""

from __future__ import annotations

from collections.abc import Sequence

from services.audit.domain import append, dedup_key, is_own_checkpoint
from services.audit.events import ChainCheckpointed
from services.audit.handlers.context import AuditContext
from services.audit.repository import chain, records
from shared.auth import Principal
from shared.clock import iso
from shared.envelope import Envelope
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def record_event(
    uow: UnitOfWork, ctx: AuditContext, who: Principal, /, envelope: Envelope
) -> int | None:
    """Stage the record of one event and the new head; None if (source, id) is already stored."""
    seqs = await record_events(uow, ctx, who, [envelope])
    return seqs[0]


async def record_events(
    uow: UnitOfWork, ctx: AuditContext, who: Principal, /, envelopes: Sequence[Envelope]
) -> list[int | None]:
    """Stage the records of events in order and the one new head; per event its seq, or None
    if (source, id) is already stored (or came earlier in the same batch).

    The duplicate check is the records' unique dedup key, read once for the batch. The head is
    replaced conditionally on the version it was read with, in the same write as the records,
    so two writers can never both claim one seq: the loser re-runs on the new head. Only
    staged: the consumer commits it.
    """
    keys = [dedup_key(e.source, e.id) for e in envelopes]
    seen = await records.stored_keys(uow.store, keys)
    head, previous = await chain.load_head(uow.store)
    start, stamp = head, iso(ctx.now())
    staged, seqs = [], []
    for envelope, key in zip(envelopes, keys, strict=True):
        if key in seen:
            log.info("audit.duplicate_skipped", source=envelope.source, event_id=envelope.id)
            seqs.append(None)
            continue
        seen.add(key)
        event = envelope.to_json()
        record, head = append(
            head, event, recorded_at=stamp, quiet=is_own_checkpoint(event, uow.source)
        )
        staged.append(record)
        seqs.append(head.seq)
    if head is not start:
        records.stage(uow, staged, head, previous)
    return seqs


async def prepare_chain(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> None:
    """Create the chain's head, checkpoint and base documents if they are missing."""
    await chain.prepare(uow.store, ctx.now())


async def checkpoint_if_due(
    uow: UnitOfWork, ctx: AuditContext, who: Principal, /
) -> ChainCheckpointed | None:
    """Publish a checkpoint of the head if one is due (through the outbox); else None.

    Due after `checkpoint_every_records` records or `checkpoint_every_seconds`, whichever comes
    first. The checkpoint document is replaced conditionally, so of two processes only one
    publishes a given head.
    """
    now = ctx.now()
    checkpoints = await chain.load_checkpoints(uow.store)
    if checkpoints is None:
        # No checkpoint document yet: start the timer now rather than checkpoint at once.
        await chain.prepare(uow.store, now)
        return None
    head, _ = await chain.load_head(uow.store)
    event = checkpoints.publish_if_due(
        head,
        now,
        every_records=ctx.settings.checkpoint_every_records,
        every_seconds=ctx.settings.checkpoint_every_seconds,
    )
    if event is None:
        return None
    chain.stage_checkpoints(uow, checkpoints)
    await uow.commit()
    log.info("audit.checkpoint", seq=event.seq, head_hash=event.head_hash, records=event.records)
    return event


async def observe_chain(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> None:
    """Refresh the cached chain position the gauges show."""
    head, _ = await chain.load_head(uow.store)
    checkpoints = await chain.load_checkpoints(uow.store)
    ctx.gauges.head_seq = head.seq
    ctx.gauges.checkpoint_seq = checkpoints.last.seq if checkpoints else 0
