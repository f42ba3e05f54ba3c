"""Settings of the notifications service (`CAMPUS_NOTIFICATIONS_…`)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from services.notifications.domain.directory import ADDRESS_PATTERN
from shared.settings import ServiceSettings

#: Socket waits one SMTP conversation may make (connect, greeting, EHLO, STARTTLS, EHLO, AUTH
#: twice, MAIL, RCPT, DATA, the message, QUIT): each may take up to the timeout.
SMTP_WAITS = 12
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_ROOT = Path(__file__).resolve().parents[2]


class NotificationsSettings(ServiceSettings):
    """Environment: `CAMPUS_NOTIFICATIONS_HTTP_PORT`, `CAMPUS_NOTIFICATIONS_SMTP_HOST`, …"""

    model_config = SettingsConfigDict(
        env_prefix="CAMPUS_NOTIFICATIONS_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "notifications"
    http_port: int = Field(default=8104, ge=0, le=65535)

    # The default is a local development sink (`python -m aiosmtpd -n` listens on 8025), never
    # port 25: a machine's own MTA would relay the demo's mail to the internet.
    smtp_host: str = Field(default="127.0.0.1", min_length=1, max_length=253)
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_from: str = Field(
        default="logistics-noreply@example.edu.cn", max_length=254, pattern=ADDRESS_PATTERN
    )
    smtp_from_name: str = Field(default="校园后勤 Campus Logistics", min_length=1, max_length=100)
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    #: Upgrade the connection with STARTTLS (certificate and host name verified).
    smtp_starttls: bool = False
    smtp_username: str | None = Field(default=None, min_length=1, max_length=254)
    smtp_password: SecretStr | None = None
    #: How long a sender owns a delivery it claimed; past it, another sender may retry it.
    smtp_claim_seconds: float = Field(default=150.0, gt=0, le=3600)

    email_max_attempts: int = Field(default=5, ge=1, le=20)
    #: Wait after the first temporary failure; doubled after each further one, up to the cap.
    email_backoff_seconds: float = Field(default=30.0, gt=0, le=86_400)
    email_backoff_max_seconds: float = Field(default=3600.0, gt=0, le=7 * 86_400)
    #: Pause of the sender loop when nothing is due.
    email_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    #: Messages one sender has in flight at once.
    email_concurrency: int = Field(default=4, ge=1, le=64)

    #: Webhooks and robots: each POST's timeout, attempts and backoff (10 s, 20 s, 40 s, … 15 min).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    webhook_max_attempts: int = Field(default=6, ge=1, le=30)
    webhook_backoff_seconds: float = Field(default=10.0, gt=0, le=86_400)
    webhook_backoff_max_seconds: float = Field(default=900.0, gt=0, le=7 * 86_400)
    webhook_claim_seconds: float = Field(default=60.0, gt=0, le=3600)
    webhook_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    webhook_concurrency: int = Field(default=8, ge=1, le=64)
    #: The only hosts a webhook or robot endpoint may point at (no request to anywhere else:
    #: an endpoint is a server-side request an administrator aims). `*.example.edu.cn` allows
    #: subdomains. Default: the official WeCom, DingTalk and Feishu/Lark robot hosts, and
    #: loopback outside production (`CAMPUS_ENV=production` drops it from the default; a list
    #: given explicitly is kept). Env `CAMPUS_NOTIFICATIONS_ALLOWED_HOSTS` as a JSON list.
    allowed_hosts: tuple[str, ...] = (
        "qyapi.weixin.qq.com",
        "oapi.dingtalk.com",
        "open.feishu.cn",
        "open.larksuite.com",
        "127.0.0.1",
        "::1",
        "localhost",
    )
    #: SMS: the provider behind `handlers/sms.py` (development: records messages to a file).
    sms_provider: Literal["development"] = "development"
    sms_dev_file: Path | None = Field(
        default=None, description="where the development provider records (default data_dir)"
    )
    sms_max_attempts: int = Field(default=3, ge=1, le=10)
    #: Daily digest of low-severity alerts, campus time; how often the job looks.
    digest_at: time = time(18, 0)
    digest_poll_seconds: float = Field(default=60.0, gt=0, le=3600)
    #: How often unacknowledged critical alerts and open incidents are looked at.
    escalation_poll_seconds: float = Field(default=15.0, gt=0, le=3600)
    reroute_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    #: The default routing rules, loaded into the store at start (administrators' edits win).
    rules_file: Path = _ROOT / "deploy" / "notifications" / "rules.toml"
    templates_dir: Path = Path(__file__).resolve().parent / "templates"

    def sms_file(self) -> Path:
        """Where the development SMS provider records messages."""
        return self.sms_dev_file or Path(self.data_dir) / "sms-dev.jsonl"

    @model_validator(mode="after")
    def _no_loopback_by_default_in_production(self) -> NotificationsSettings:
        if self.environment == "production" and "allowed_hosts" not in self.model_fields_set:
            self.allowed_hosts = tuple(h for h in self.allowed_hosts if h not in _LOOPBACK)
        return self

    @model_validator(mode="after")
    def _consistent_smtp(self) -> NotificationsSettings:
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("smtp_username and smtp_password are set together or not at all")
        if self.smtp_username is not None and not (
            self.smtp_starttls or self.smtp_host in _LOOPBACK
        ):
            raise ValueError("smtp login sends a password: enable smtp_starttls (or use loopback)")
        if self.smtp_claim_seconds < SMTP_WAITS * self.smtp_timeout_seconds:
            raise ValueError(
                f"smtp_claim_seconds must cover a whole SMTP conversation: at least "
                f"{SMTP_WAITS} x smtp_timeout_seconds"
            )
        if self.webhook_claim_seconds < 2 * self.webhook_timeout_seconds:
            raise ValueError("webhook_claim_seconds must cover a request: at least 2 x timeout")
        if self.webhook_backoff_max_seconds < self.webhook_backoff_seconds:
            raise ValueError("webhook_backoff_max_seconds must not be below the first backoff")
        if self.email_backoff_max_seconds < self.email_backoff_seconds:
            raise ValueError("email_backoff_max_seconds must not be below email_backoff_seconds")
        return self
