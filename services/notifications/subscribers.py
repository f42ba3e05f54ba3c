"""The events the notifications service consumes; each goes through the routing rules."""

from __future__ import annotations

from services.notifications import consumed, handlers
from shared.consumer import Subscription
from shared.envelope import Envelope
from shared.uow import UnitOfWork


async def on_ticket_opened(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.TicketOpened
) -> None:
    """Tell the building's dispatchers about a new repair request."""
    await handlers.notify(data, env, uow)


async def on_ticket_assigned(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.TicketAssigned
) -> None:
    """Tell the technician a ticket is theirs."""
    await handlers.notify(data, env, uow)


async def on_ticket_resolved(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.TicketResolved
) -> None:
    """Tell the requester their repair is done."""
    await handlers.notify(data, env, uow)


async def on_sla_breached(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.SlaBreached
) -> None:
    """Escalate an overdue ticket."""
    await handlers.notify(data, env, uow)


async def on_device_flagged(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.DeviceFlagged
) -> None:
    """Warn about a device that keeps misfiring."""
    await handlers.notify(data, env, uow)


async def on_delivery_rejected(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.DeliveryRejected
) -> None:
    """Tell the canteen manager a delivery line was refused at receiving."""
    await handlers.notify(data, env, uow)


async def on_stock_expiring(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.StockExpiring
) -> None:
    """Tell the canteen manager a batch is near its expiry date."""
    await handlers.notify(data, env, uow)


async def on_asset_damaged(
    uow: UnitOfWork, ctx: object, env: Envelope, data: consumed.AssetDamaged
) -> None:
    """Tell the building's asset managers about damage."""
    await handlers.notify(data, env, uow)


#: Must equal shared.topology.SUBSCRIPTIONS["notifications"] (a unit test checks).
SUBSCRIPTIONS: dict[str, Subscription] = {
    "maintenance.ticket.opened.v1": Subscription(consumed.TicketOpened, on_ticket_opened),
    "maintenance.ticket.assigned.v1": Subscription(consumed.TicketAssigned, on_ticket_assigned),
    "maintenance.ticket.resolved.v1": Subscription(consumed.TicketResolved, on_ticket_resolved),
    "maintenance.ticket.sla_breached.v1": Subscription(consumed.SlaBreached, on_sla_breached),
    "maintenance.device.flagged.v1": Subscription(consumed.DeviceFlagged, on_device_flagged),
    "canteen.delivery.rejected.v1": Subscription(consumed.DeliveryRejected, on_delivery_rejected),
    "canteen.stock.expiring.v1": Subscription(consumed.StockExpiring, on_stock_expiring),
    "assets.asset.damaged.v1": Subscription(consumed.AssetDamaged, on_asset_damaged),
}
