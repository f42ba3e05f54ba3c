"""Settings of the canteen service (`CAMPUS_CANTEEN_…`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, IPvAnyNetwork, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from shared.addresses import proxy_list
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
    #: A sample (留样) weighs at least this many grams and is kept at least this many hours
    #: (学校食品安全与营养健康管理规定 2019).
    sample_min_grams: int = Field(default=125, ge=1, le=5000)
    sample_keep_hours: int = Field(default=48, ge=1, le=24 * 30)
    #: A morning check at or above this body temperature is a fever (晨检; usual threshold).
    fever_celsius: Decimal = Field(default=Decimal("37.3"), ge=Decimal(36), le=Decimal(40))
    #: Supplier licences and health certificates are warned about this many days ahead.
    licence_warning_days: int = Field(default=30, ge=0, le=365)
    #: A store room is counted in full at least every this many days (半月全查).
    stock_count_interval_days: int = Field(default=15, ge=1, le=366)
    #: Corrective actions of a checklist that names no due days are due this many days later.
    corrective_due_days: int = Field(default=3, ge=0, le=90)
    #: How often the food-safety watch wakes (morning checks and readings missing, licences,
    #: overdue counts); every part is kept once in the store, so it may run any number of times.
    watch_interval_seconds: float = Field(default=60.0, gt=0)
    #: How often the today figures behind the Prometheus gauges are recomputed.
    today_refresh_seconds: float = Field(default=60.0, gt=0)
    #: Public feedback (ratings and complaints without an account): at most this many from
    #: one client address per window, and this many per canteen per window.
    feedback_limit_per_client: int = Field(default=20, ge=1)
    feedback_limit_per_canteen: int = Field(default=2000, ge=1)
    feedback_window_seconds: int = Field(default=3600, ge=1)
    #: The proxies whose X-Forwarded-For names the client, for those limits (the console in
    #: `campus up`, a reverse proxy in production); nobody by default.
    trust_forwarded_for: Annotated[list[IPvAnyNetwork], NoDecode] = []
    #: A complaint answered within this many hours counts as answered in time (the index).
    complaint_answer_hours: int = Field(default=48, ge=1, le=24 * 30)
    #: How often the satisfaction loop wakes; each canteen's finished weeks are computed once.
    satisfaction_interval_seconds: float = Field(default=900.0, gt=0)

    @field_validator("trust_forwarded_for", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        return proxy_list(value)
