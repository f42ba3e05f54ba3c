"""The one list of what notifications consumes: each type with its model, severity and names.

`ALERTS` names every consumed type once. The subscriptions (`subscribers.SUBSCRIPTIONS`) are
read from it, and a test checks that its keys are notifications' bindings in
`shared.topology.SUBSCRIPTIONS`, in that order. Whom each type reaches is not here but in the
routing rules (`deploy/notifications/rules.toml`, then the store); what it says is its template
(`templates/<type>.<lang>.j2`). Here is what the event itself decides: how severe it is, which
people it names (the requester, the borrower…), and where it happened (its scopes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from services.notifications import consumed as c
from services.notifications.domain.schedule import Severity
from shared.envelope import EventData

D = TypeVar("D", bound=EventData)
#: Fields that say where an event happened, by scope kind.
#: A stock-take finding is in two buildings (booked and found): both asset managers hear of it.
SCOPE_FIELDS = {
    "campus": ("campus_id",),
    "building": ("building_id", "booked_building_id", "found_building_id"),
    "canteen": ("canteen_id",),
}
#: Fields a client links to, copied from the event when present.
LINK_FIELDS = (
    "ticket_id",
    "building_id",
    "canteen_id",
    "asset_id",
    "damage_id",
    "delivery_id",
    "batch_id",
    "device_tag",
    "device_id",
    "loan_id",
    "stocktake_id",
    "inspection_id",
    "action_id",
    "meal_id",
    "fault_id",
)


@dataclass(frozen=True)
class Alert(Generic[D]):
    """One consumed type: the fields read from it, how severe it is, whom it names."""

    model: type[D]
    severity: Severity | Callable[[D], Severity]
    #: Who the event names: name → the field holding that person's user id.
    named: Mapping[str, str] = field(default_factory=dict)
    #: Where a contact without an account is remembered, and which event leaves it there.
    contact_key: Callable[[D], str | None] | None = None
    #: The last event that may reach the remembered contact: it is deleted in the same write
    #: (个人信息保护法 第十九条: kept no longer than the purpose needs; a closed order is final).
    forgets_contact: bool = False
    #: Whether this event is one to tell at all (a type carrying several kinds: of the diner
    #: feedback, complaints are told and ratings are not); the others are consumed silently.
    tells: Callable[[D], bool] | None = None

    def told(self, data: D) -> bool:
        """True when this event is routed to anyone."""
        return self.tells is None or self.tells(data)

    def severity_of(self, data: D) -> Severity:
        """This event's severity."""
        return self.severity(data) if callable(self.severity) else self.severity


def _ticket(d: Any) -> str | None:
    return f"ticket:{d.ticket_id}"


_REQUESTER = {"requester": "requester_id", "assignee": "assignee_id"}


def _status(
    model: type[EventData], severity: Severity = "info", *, last: bool = False
) -> Alert[Any]:
    return Alert(model, severity, named=_REQUESTER, contact_key=_ticket, forgets_contact=last)


ALERTS: dict[str, Alert[Any]] = {
    "maintenance.ticket.opened.v1": _status(c.TicketOpened, "warning"),
    "maintenance.ticket.assigned.v1": _status(c.TicketAssigned, "warning"),
    "maintenance.ticket.resolved.v1": _status(c.TicketResolved),
    "maintenance.ticket.sla_breached.v1": Alert(
        c.SlaBreached, "critical", named={"escalate_to": "escalate_to"}
    ),
    "maintenance.device.flagged.v1": Alert(c.DeviceFlagged, "warning"),
    "canteen.delivery.rejected.v1": Alert(c.DeliveryRejected, "warning"),
    "canteen.stock.expiring.v1": Alert(c.StockExpiring, "warning"),
    "assets.asset.damaged.v1": Alert(c.AssetDamaged, "warning"),
    "maintenance.ticket.triaged.v1": _status(c.TicketStatusChanged),
    "maintenance.ticket.started.v1": _status(c.TicketStatusChanged),
    "maintenance.ticket.put_on_hold.v1": _status(c.TicketOnHold),
    "maintenance.ticket.resumed.v1": _status(c.TicketStatusChanged),
    # Closed is final in maintenance (tickets.py: resolved → closed, nothing after).
    "maintenance.ticket.closed.v1": _status(c.TicketClosed, last=True),
    "maintenance.ticket.reopened.v1": _status(c.TicketReopened, "warning"),
    "canteen.equipment.fault_reported.v1": Alert(c.EquipmentFaultReported, "info"),
    "assets.asset.assigned.v1": Alert(c.AssetAssigned, "info", named={"custodian": "custodian_id"}),
    # Issue 10: the most severe (a missing sample, a failed check of someone on shift, a
    # temperature out of range) are critical: acknowledged, or escalated.
    "canteen.sample.violation.v1": Alert(
        c.SampleViolation, lambda d: "critical" if d.kind == "missing" else "warning"
    ),
    "canteen.morning_check.failed.v1": Alert(
        c.MorningCheckFailed, lambda d: "critical" if d.on_shift else "warning"
    ),
    "canteen.morning_check.missing.v1": Alert(c.MorningCheckMissing, "warning"),
    "canteen.licence.expiring.v1": Alert(c.LicenceExpiring, "warning"),
    "canteen.licence.expired.v1": Alert(c.LicenceExpired, "warning"),
    "canteen.inspection.failed.v1": Alert(c.InspectionFailed, "warning"),
    "canteen.temperature.out_of_range.v1": Alert(c.TemperatureOutOfRange, "critical"),
    "canteen.temperature.missing.v1": Alert(c.TemperatureMissing, "warning"),
    "canteen.stock.count_overdue.v1": Alert(c.StockCountOverdue, "warning"),
    # Issue 11: a recall is critical (acknowledged, or escalated); a complaint received is told
    # to the canteen's managers, a rating is not told to anyone.
    "canteen.batch.recalled.v1": Alert(c.BatchRecalled, "critical"),
    "canteen.feedback.received.v1": Alert(
        c.FeedbackReceived, "warning", tells=lambda d: d.kind == "complaint"
    ),
    # Issue 12.
    "assets.loan.overdue.v1": Alert(c.LoanOverdue, "warning", named={"borrower": "borrower_id"}),
    "assets.stocktake.discrepancy_found.v1": Alert(c.DiscrepancyFound, "info"),
    "assets.asset.disposal_proposed.v1": Alert(c.DisposalProposed, "info"),
}


def alert(event_type: str) -> Alert[Any]:
    """The alert of a consumed type; KeyError for a type notifications does not consume."""
    return ALERTS[event_type]


def scopes(data: EventData) -> dict[str, set[str]]:
    """Where the event happened: scope kind → values (a stock-take finding: two buildings)."""
    found: dict[str, set[str]] = {}
    for kind, names in SCOPE_FIELDS.items():
        values = {getattr(data, n) for n in names if getattr(data, n, None)}
        if values:
            found[kind] = values
    return found


def named(event_type: str, data: EventData) -> dict[str, tuple[str, ...]]:
    """The people the event names, by name (`escalate_to` may hold several targets)."""
    out: dict[str, tuple[str, ...]] = {}
    for name, attr in ALERTS[event_type].named.items():
        value = getattr(data, attr, None)
        if isinstance(value, str) and value:
            out[name] = (value,)
        elif isinstance(value, tuple) and value:
            out[name] = value
    return out


def links(data: Mapping[str, Any]) -> dict[str, str]:
    """The ids a client links to, from the event's data."""
    return {k: str(data[k]) for k in LINK_FIELDS if isinstance(data.get(k), str | int)}
