"""The canteen service context: settings, clock and the receiving and expiry policies."""

from __future__ import annotations

from dataclasses import dataclass

from services.canteen.settings import CanteenSettings
from shared.clock import Clock
from shared.usecase import ServiceContext


@dataclass(frozen=True)
class CanteenContext(ServiceContext):
    """What the canteen's handlers take besides the unit of work and the caller."""

    settings: CanteenSettings
    #: The minimum remaining shelf life at receiving, for a canteen that sets none (临期).
    min_remaining_shelf_life_days: int = 2
    #: The expiry scan warns about batches expiring within this many days.
    expiry_warning_days: int = 3
    #: Batches warned in one write, at most.
    expiry_scan_batch: int = 500

    @classmethod
    def from_settings(cls, settings: CanteenSettings, clock: Clock) -> CanteenContext:
        """Built once, in `main.build`."""
        return cls(
            settings=settings,
            clock=clock,
            min_remaining_shelf_life_days=settings.min_remaining_shelf_life_days,
            expiry_warning_days=settings.expiry_warning_days,
            expiry_scan_batch=settings.expiry_scan_batch,
        )
