"""The events maintenance publishes: its public contract. Types are explicit and versioned;
each has a realistic example for the catalogue (consumers test their models against it).

One registry (`base.py`); the types by area: work orders, their transitions and the record of
who read a requester's contact (`tickets.py`), patrols and device incidents (`patrols.py`), the
technicians' register and the configuration dispatchers keep (`reference.py`), locations and QR
codes (`places.py`). Importing the package registers every type.
"""

from __future__ import annotations

from services.maintenance.events.base import registry
from services.maintenance.events.patrols import (
    CheckpointFailed,
    DeviceFlagged,
    DeviceIncidentRecorded,
    PatrolRunRecorded,
)
from services.maintenance.events.places import (
    LocationsImported,
    QrCodeEntry,
    QrCodeIssued,
    QrCodeRevoked,
)
from services.maintenance.events.reference import (
    AssetPlaceUpdated,
    ContractorUpdated,
    DispatchRuleUpdated,
    PatrolRouteUpdated,
    ReferenceSaved,
    ScheduleUpdated,
    TeamUpdated,
    TechnicianChanged,
    TechnicianEntry,
    TechnicianRegistered,
    WarrantyUpdated,
)
from services.maintenance.events.tickets import (
    Contact,
    RequesterContactRead,
    TicketAssigned,
    TicketClosed,
    TicketOpened,
    TicketPhotosAdded,
    TicketPutOnHold,
    TicketReopened,
    TicketResolved,
    TicketResumed,
    TicketSlaBreached,
    TicketStarted,
    TicketTransition,
    TicketTriaged,
)

__all__ = [
    "AssetPlaceUpdated",
    "CheckpointFailed",
    "Contact",
    "ContractorUpdated",
    "DeviceFlagged",
    "DeviceIncidentRecorded",
    "DispatchRuleUpdated",
    "LocationsImported",
    "PatrolRouteUpdated",
    "PatrolRunRecorded",
    "QrCodeEntry",
    "QrCodeIssued",
    "QrCodeRevoked",
    "ReferenceSaved",
    "RequesterContactRead",
    "ScheduleUpdated",
    "TeamUpdated",
    "TechnicianChanged",
    "TechnicianEntry",
    "TechnicianRegistered",
    "TicketAssigned",
    "TicketClosed",
    "TicketOpened",
    "TicketPhotosAdded",
    "TicketPutOnHold",
    "TicketReopened",
    "TicketResolved",
    "TicketResumed",
    "TicketSlaBreached",
    "TicketStarted",
    "TicketTransition",
    "TicketTriaged",
    "WarrantyUpdated",
    "registry",
]
