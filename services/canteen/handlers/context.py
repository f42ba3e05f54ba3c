"""The canteen service context: settings, clock, and the food-safety policies built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from services.canteen.domain.samples import SamplePolicy
from services.canteen.domain.satisfaction import SatisfactionWeek
from services.canteen.domain.today import Today
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
    #: Sample weight and time (留样).
    samples: SamplePolicy = field(default_factory=SamplePolicy)
    #: The morning check's fever threshold (晨检).
    fever_celsius: Decimal = Decimal("37.3")
    #: Licences and certificates are warned about this many days ahead.
    licence_warning_days: int = 30
    #: A full stock count is due this many days after the last (半月全查).
    stock_count_interval_days: int = 15
    #: Corrective actions are due this many days after the inspection, unless its checklist says.
    corrective_due_days: int = 3
    #: The last today figures per canteen, for the gauges (refreshed by a loop, read by scrapes).
    today_cache: TodayCache = field(default_factory=lambda: TodayCache())
    #: The last week computed for good per canteen (the satisfaction gauge reads it).
    satisfaction_cache: dict[str, SatisfactionWeek] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        """The campus time zone (shift starts are campus times)."""
        return self.settings.zone

    @classmethod
    def from_settings(cls, settings: CanteenSettings, clock: Clock) -> CanteenContext:
        """Built once, in `main.build`."""
        return cls(
            settings=settings,
            clock=clock,
            min_remaining_shelf_life_days=settings.min_remaining_shelf_life_days,
            expiry_warning_days=settings.expiry_warning_days,
            expiry_scan_batch=settings.expiry_scan_batch,
            samples=SamplePolicy(Decimal(settings.sample_min_grams), settings.sample_keep_hours),
            fever_celsius=settings.fever_celsius,
            licence_warning_days=settings.licence_warning_days,
            stock_count_interval_days=settings.stock_count_interval_days,
            corrective_due_days=settings.corrective_due_days,
        )


@dataclass
class TodayCache:
    """Today's summary per canteen as last computed (the gauges never touch the store)."""

    by_canteen: dict[str, Today] = field(default_factory=dict)
    computed_at: datetime | None = None
