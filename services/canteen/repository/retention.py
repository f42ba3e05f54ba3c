"""Deleting a purchase-inspection record once its retention period is over."""

from __future__ import annotations

from services.canteen.domain.retention import Purge
from services.canteen.repository import DELIVERIES
from services.canteen.repository.receiving import to_doc
from shared.uow import UnitOfWork


def stage(uow: UnitOfWork, purge: Purge) -> None:
    """Delete the delivery's record (conditional on the version read) and tell it."""
    delivery = purge.delivery
    assert delivery.version is not None  # read from the store
    uow.delete(DELIVERIES, {**to_doc(delivery), "_v": delivery.version})
    uow.collect(purge, subject=delivery.delivery_id)
