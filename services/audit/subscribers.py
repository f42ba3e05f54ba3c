"""faststream glue: audit takes every type, in batches, through one catch-all subscription."""

from __future__ import annotations

from collections.abc import Sequence

from services.audit.consumed import AnyEventData
from services.audit.handlers import SYSTEM, AuditContext, record_events
from shared.batching import BatchSubscription
from shared.envelope import Envelope
from shared.uow import UnitOfWork


async def on_events(
    uow: UnitOfWork, ctx: AuditContext, envelopes: Sequence[Envelope]
) -> list[bool]:
    """Append the whole CloudEvents to the chain in delivery order (their `data` model is only a
    validity check); False for each one already recorded."""
    seqs = await record_events(uow, ctx, SYSTEM, envelopes)
    return [seq is not None for seq in seqs]


#: No type has a handler of its own: the queue binds "#" and everything goes to one batch handler.
BATCH = BatchSubscription(AnyEventData, on_events)
