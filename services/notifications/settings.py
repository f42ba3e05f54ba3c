"""Settings of the notifications service (`CAMPUS_NOTIFICATIONS_…`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    """Environment: `CAMPUS_NOTIFICATIONS_HTTP_PORT`, `CAMPUS_NOTIFICATIONS_AMQP_URL`, …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_NOTIFICATIONS_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "notifications"
    http_port: int = Field(default=8104, ge=0, le=65535)
