"""Settings of the assets service (`CAMPUS_ASSETS_…`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class AssetsSettings(ServiceSettings):
    """Environment: `CAMPUS_ASSETS_HTTP_PORT`, `CAMPUS_ASSETS_TIMEZONE`, …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_ASSETS_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "assets"
    http_port: int = Field(default=8102, ge=0, le=65535)
    #: Purchase and damage dates are the campus's local calendar days.
    timezone: str = "Asia/Shanghai"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value
