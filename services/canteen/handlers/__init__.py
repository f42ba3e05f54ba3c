"""Use cases of the canteen service: load, decide in the domain, save state and events at once.

`receiving` holds the catalogue (canteens, suppliers), receiving inspection and equipment faults;
`stock` the ledger: issues, write-offs and the expiry scan.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.canteen import repository as repo
from shared.errors import NotFound
from shared.store import Doc
from shared.uow import UnitOfWork


def local_day(moment: datetime, timezone: str) -> date:
    """The campus calendar day of a moment."""
    return moment.astimezone(ZoneInfo(timezone)).date()


async def canteen_or_404(uow: UnitOfWork, canteen_id: str) -> Doc:
    """The canteen's document, or NotFound naming how to register it."""
    doc = await uow.store.get(repo.CANTEENS, canteen_id)
    if doc is None:
        raise NotFound(f"no canteen {canteen_id}; a logistics admin registers it first")
    return doc
