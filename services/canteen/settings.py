"""Settings of the canteen service (`CAMPUS_CANTEEN_…`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class CanteenSettings(ServiceSettings):
    """Environment: `CAMPUS_CANTEEN_HTTP_PORT`, `CAMPUS_CANTEEN_EXPIRY_WARNING_DAYS`, …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_CANTEEN_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "canteen"
    http_port: int = Field(default=8101, ge=0, le=65535)
    #: Dates (production, expiry, receiving) are the campus's local calendar days.
    timezone: str = "Asia/Shanghai"
    #: A line whose remaining shelf life at receiving is shorter is refused (临期), unless the
    #: canteen sets its own minimum.
    min_remaining_shelf_life_days: int = Field(default=2, ge=0, le=3650)
    #: The expiry scan warns about batches expiring within this many days (today included).
    expiry_warning_days: int = Field(default=3, ge=0, le=365)
    #: How often the scan loop wakes; it scans once per local day (and after a restart).
    expiry_scan_interval_seconds: float = Field(default=600.0, gt=0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value
