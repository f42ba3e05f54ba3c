"""Settings of the assets service (`CAMPUS_ASSETS_…`)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class AssetsSettings(ServiceSettings):
    """Environment: `CAMPUS_ASSETS_HTTP_PORT`, `CAMPUS_ASSETS_TIMEZONE` (purchase, damage, due
    and reservation days are campus calendar days), `CAMPUS_ASSETS_CONSOLE_URL`, …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_ASSETS_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "assets"
    http_port: int = Field(default=8102, ge=0, le=65535)
    #: Where the console is: each label's QR code encodes `<console_url>/assets/<asset id>`.
    console_url: str = Field(default="http://127.0.0.1:8106", pattern=r"^https?://[^\s?#]+$")
    #: Capitalisation thresholds per unit in yuan (事业单位财务规则): below them an item is a
    #: low-value item (低值易耗品), registered but not depreciated.
    capitalisation_threshold: Decimal = Field(default=Decimal("1000"), gt=0, le=10**9)
    specialised_threshold: Decimal = Field(default=Decimal("1500"), gt=0, le=10**9)
    loan_max_days: int = Field(default=180, ge=1, le=3650)
    reservation_max_days: int = Field(default=90, ge=1, le=3650)
    #: An overdue loan is announced once per period of this many days.
    overdue_period_days: int = Field(default=7, ge=1, le=365)
    overdue_check_seconds: float = Field(default=600.0, gt=0)
    #: How often the dashboard figures (assets by status, loans, stock-take progress) are counted.
    figures_refresh_seconds: float = Field(default=60.0, gt=0)
    import_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024, le=1_073_741_824)
    import_max_rows: int = Field(default=200_000, ge=1, le=2_000_000)
    export_max_rows: int = Field(default=200_000, ge=1, le=2_000_000)
    label_sheet_max: int = Field(default=5_000, ge=1, le=100_000)
