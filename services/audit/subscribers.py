"""faststream glue: audit handles every type through one catch-all subscription."""

from __future__ import annotations

from services.audit.consumed import AnyEventData
from services.audit.handlers import SYSTEM, AuditContext, record_event
from shared.consumer import Subscription
from shared.envelope import Envelope
from shared.uow import UnitOfWork


async def on_any_event(
    uow: UnitOfWork, ctx: AuditContext, envelope: Envelope, data: AnyEventData
) -> None:
    """Append the whole CloudEvent to the chain (its `data` model is only a validity check)."""
    await record_event(uow, ctx, SYSTEM, envelope)


#: No type has a handler of its own: the queue binds "#" and everything goes to the fallback.
SUBSCRIPTIONS: dict[str, Subscription] = {}
FALLBACK = Subscription(AnyEventData, on_any_event)
