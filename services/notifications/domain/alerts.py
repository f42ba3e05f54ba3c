"""The one list of what notifications consumes: each type with its model, route and message.

`ALERTS` names every consumed type once. The subscriptions (`subscribers.SUBSCRIPTIONS`), the
routing rules (`GET /routing-rules`) and the templates are all read from it, and a test checks
that its keys are notifications' bindings in `shared.topology.SUBSCRIPTIONS`, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from services.notifications import consumed
from services.notifications.domain import routing, templates
from services.notifications.domain.routing import Route
from services.notifications.domain.templates import Message
from shared.envelope import EventData

D = TypeVar("D", bound=EventData)


@dataclass(frozen=True)
class Alert(Generic[D]):
    """One consumed type: the fields read from it, whom it concerns, what it says."""

    model: type[D]
    route: Callable[[D], Route]
    render: Callable[[D], Message]
    #: Whom it reaches, in a line (GET /routing-rules).
    describes: str


ALERTS: dict[str, Alert[Any]] = {
    "maintenance.ticket.opened.v1": Alert(
        consumed.TicketOpened,
        routing.ticket_opened,
        templates.ticket_opened,
        "dispatchers of the building (campus-wide dispatchers of the campus)",
    ),
    "maintenance.ticket.assigned.v1": Alert(
        consumed.TicketAssigned, routing.ticket_assigned, templates.ticket_assigned, "the assignee"
    ),
    "maintenance.ticket.resolved.v1": Alert(
        consumed.TicketResolved,
        routing.ticket_resolved,
        templates.ticket_resolved,
        "the requester",
    ),
    "maintenance.ticket.sla_breached.v1": Alert(
        consumed.SlaBreached,
        routing.sla_breached,
        templates.sla_breached,
        "escalate_to (a person, duty roster or role) and the dispatchers of the building",
    ),
    "maintenance.device.flagged.v1": Alert(
        consumed.DeviceFlagged,
        routing.device_flagged,
        templates.device_flagged,
        "asset managers and dispatchers of the building",
    ),
    "canteen.delivery.rejected.v1": Alert(
        consumed.DeliveryRejected,
        routing.canteen_managers,
        templates.delivery_rejected,
        "canteen managers of the canteen",
    ),
    "canteen.stock.expiring.v1": Alert(
        consumed.StockExpiring,
        routing.canteen_managers,
        templates.stock_expiring,
        "canteen managers of the canteen",
    ),
    "assets.asset.damaged.v1": Alert(
        consumed.AssetDamaged,
        routing.asset_damaged,
        templates.asset_damaged,
        "asset managers of the building",
    ),
}


def alert(event_type: str) -> Alert[Any]:
    """The alert of a consumed type; KeyError for a type notifications does not consume."""
    return ALERTS[event_type]


def route(event_type: str, data: EventData) -> Route:
    """Whom an event concerns."""
    return ALERTS[event_type].route(data)


def render(event_type: str, data: EventData) -> Message:
    """What an event says, in both languages."""
    return ALERTS[event_type].render(data)
