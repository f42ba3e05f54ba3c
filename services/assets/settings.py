"""Settings of the assets service (`CAMPUS_ASSETS_…`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class AssetsSettings(ServiceSettings):
    """Environment: `CAMPUS_ASSETS_HTTP_PORT`, `CAMPUS_ASSETS_TIMEZONE` (purchase and damage
    days are campus calendar days), …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_ASSETS_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "assets"
    http_port: int = Field(default=8102, ge=0, le=65535)
