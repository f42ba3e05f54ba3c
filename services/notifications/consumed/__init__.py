"""The fields notifications reads from other services' events (anything else is ignored).

Each field has the type its publisher's `events` declares, and is never stricter: a field the
publisher always sends may have a default here (an older publisher, a hand-made test event),
but nothing the publisher may send is refused. The types these models belong to are listed
once, in `domain/alerts.py`; a test checks each model against the publisher's schema and
example in the event catalogue. One module per publisher; this package re-exports them all.
"""

from __future__ import annotations

from services.notifications.consumed.assets import (
    AssetAssigned,
    AssetDamaged,
    DiscrepancyFound,
    DisposalProposed,
    LoanOverdue,
)
from services.notifications.consumed.canteen import (
    DeliveryRejected,
    EquipmentFaultReported,
    InspectionFailed,
    LicenceExpired,
    LicenceExpiring,
    MorningCheckFailed,
    MorningCheckMissing,
    SampleViolation,
    StaffMember,
    StockCountOverdue,
    StockExpiring,
    TemperatureMissing,
    TemperatureOutOfRange,
)
from services.notifications.consumed.maintenance import (
    Contact,
    DeviceFlagged,
    SlaBreached,
    TicketAssigned,
    TicketClosed,
    TicketOnHold,
    TicketOpened,
    TicketReopened,
    TicketResolved,
    TicketStatusChanged,
)

#: Fields read here that a publisher does not send yet: what notifications asked them to add
#: (the contract test allows exactly these, and says so). None now: maintenance publishes the
#: contact of `maintenance.ticket.opened.v1`.
AWAITED: dict[str, set[str]] = {}

__all__ = [
    "AWAITED",
    "AssetAssigned",
    "AssetDamaged",
    "Contact",
    "DeliveryRejected",
    "DeviceFlagged",
    "DiscrepancyFound",
    "DisposalProposed",
    "EquipmentFaultReported",
    "InspectionFailed",
    "LicenceExpired",
    "LicenceExpiring",
    "LoanOverdue",
    "MorningCheckFailed",
    "MorningCheckMissing",
    "SampleViolation",
    "SlaBreached",
    "StaffMember",
    "StockCountOverdue",
    "StockExpiring",
    "TemperatureMissing",
    "TemperatureOutOfRange",
    "TicketAssigned",
    "TicketClosed",
    "TicketOnHold",
    "TicketOpened",
    "TicketReopened",
    "TicketResolved",
    "TicketStatusChanged",
]
