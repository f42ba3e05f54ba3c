"""Use cases that grow the chain: record an event, checkpoint the head."""

from __future__ import annotations

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
    """Stage the record of one event and the new head; None if (source, id) is already stored.

    The head is replaced conditionally on the version it was read with, in the same write as the
    record, so two writers can never both claim one seq: the loser re-runs on the new head.
    Only staged: the consumer commits it with its processed marker.
    """
    event = envelope.to_json()
    stored = await records.by_dedup_key(uow.store, dedup_key(envelope.source, envelope.id))
    if stored is not None:
        log.info("audit.duplicate_skipped", source=envelope.source, event_id=envelope.id)
        return None
    head, previous = await chain.load_head(uow.store)
    quiet = is_own_checkpoint(event, uow.source)
    record, new_head = append(head, event, recorded_at=iso(ctx.now()), quiet=quiet)
    records.stage(uow, record, new_head, previous)
    return new_head.seq


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
