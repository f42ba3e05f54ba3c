"""Events the assets service publishes: its public contract.

One registry (`base.py`); the types by area: the register (`register.py`), loans and
reservations (`loans.py`), stock-takes and imports (`stocktakes.py`). Importing the package
registers every type.
"""

from __future__ import annotations

from services.assets.events.base import registry
from services.assets.events.loans import (
    LoanCancelled,
    LoanFacts,
    LoanOffered,
    LoanOverdue,
    LoanReturned,
    LoanStarted,
    ReservationCancelled,
    ReservationCollected,
    ReservationFacts,
    ReservationMade,
)
from services.assets.events.register import (
    AssetAssigned,
    AssetDamaged,
    AssetDisposed,
    AssetMoved,
    AssetRegistered,
    AssetRepaired,
    CustodyAcknowledged,
    DisposalProposed,
    DisposalRejected,
)
from services.assets.events.stocktakes import (
    DiscrepancyFound,
    ImportCompleted,
    StocktakeClosed,
    StocktakeFacts,
    StocktakeRejected,
    StocktakeScanned,
    StocktakeStarted,
    StocktakeSubmitted,
)

__all__ = [
    "AssetAssigned",
    "AssetDamaged",
    "AssetDisposed",
    "AssetMoved",
    "AssetRegistered",
    "AssetRepaired",
    "CustodyAcknowledged",
    "DiscrepancyFound",
    "DisposalProposed",
    "DisposalRejected",
    "ImportCompleted",
    "LoanCancelled",
    "LoanFacts",
    "LoanOffered",
    "LoanOverdue",
    "LoanReturned",
    "LoanStarted",
    "ReservationCancelled",
    "ReservationCollected",
    "ReservationFacts",
    "ReservationMade",
    "StocktakeClosed",
    "StocktakeFacts",
    "StocktakeRejected",
    "StocktakeScanned",
    "StocktakeStarted",
    "StocktakeSubmitted",
    "registry",
]
