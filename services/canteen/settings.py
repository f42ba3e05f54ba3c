"""Settings of the canteen service (`CAMPUS_CANTEEN_…`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CanteenSettings(ServiceSettings):
    """Environment: `CAMPUS_CANTEEN_HTTP_PORT`, `CAMPUS_CANTEEN_EXPIRY_WARNING_DAYS`, …

    Dates (production, expiry, receiving) are days of the campus calendar (`TIMEZONE`).
    """

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_CANTEEN_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "canteen"
    http_port: int = Field(default=8101, ge=0, le=65535)
    #: A line whose remaining shelf life at receiving is shorter is refused (临期), unless the
    #: canteen sets its own minimum.
    min_remaining_shelf_life_days: int = Field(default=2, ge=0, le=3650)
    #: The expiry scan warns about batches expiring within this many days (today included).
    expiry_warning_days: int = Field(default=3, ge=0, le=365)
    #: How often the scan loop wakes; it scans once per local day (and after a restart).
    expiry_scan_interval_seconds: float = Field(default=600.0, gt=0)
    #: At most this many batches are warned in one write (the rest in the next run).
    expiry_scan_batch: int = Field(default=500, ge=1, le=5000)
