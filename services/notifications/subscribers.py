"""faststream glue: every consumed type goes through the same use case, so one `on_alert`.

`SUBSCRIPTIONS` is built from `domain.alerts.ALERTS`, the one list of consumed types; its keys
must equal notifications' entry in `shared.topology.SUBSCRIPTIONS` (a unit test checks).
"""

from __future__ import annotations

from services.notifications.domain.alerts import ALERTS
from services.notifications.handlers import notify
from services.notifications.handlers.context import NotificationsContext
from shared.auth import system_principal
from shared.consumer import Subscription
from shared.envelope import Envelope, EventData
from shared.uow import UnitOfWork

SYSTEM = system_principal("notifications")


async def on_alert(
    uow: UnitOfWork, ctx: NotificationsContext, envelope: Envelope, data: EventData
) -> None:
    """An event someone must hear about: its notifications and deliveries, staged."""
    await notify.notify(uow, ctx, SYSTEM, envelope, data)


SUBSCRIPTIONS: dict[str, Subscription] = {
    event_type: Subscription(alert.model, on_alert) for event_type, alert in ALERTS.items()
}
