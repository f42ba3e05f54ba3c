"""What every use case of notifications takes besides its unit of work and the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from services.notifications.domain.attempts import RetryPolicy
from services.notifications.domain.mime import Sender
from services.notifications.handlers.smtp import SmtpConfig
from services.notifications.handlers.templates import Catalogue
from services.notifications.metrics import NotificationMetrics
from services.notifications.settings import NotificationsSettings
from shared.clock import Clock, utcnow
from shared.usecase import ServiceContext


@dataclass(frozen=True, kw_only=True)
class NotificationsContext(ServiceContext):
    """Settings and clock, retry policies per channel family, the From of every mail, the SMTP
    relay, the template catalogue and the metrics."""

    settings: NotificationsSettings
    policy: RetryPolicy
    webhook_policy: RetryPolicy
    sms_policy: RetryPolicy
    mail_from: Sender
    smtp: SmtpConfig
    templates: Catalogue
    metrics: NotificationMetrics = field(default_factory=NotificationMetrics)

    @property
    def zone(self) -> ZoneInfo:
        """The campus time zone (quiet hours and digests are campus time)."""
        return self.settings.zone

    @classmethod
    def from_settings(
        cls, settings: NotificationsSettings, clock: Clock = utcnow
    ) -> NotificationsContext:
        """Built once, in the composition root (and by tests with their clock)."""
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        s = settings
        return cls(
            settings=settings,
            clock=clock,
            policy=RetryPolicy(
                max_attempts=s.email_max_attempts,
                backoff_seconds=s.email_backoff_seconds,
                backoff_max_seconds=s.email_backoff_max_seconds,
                claim_seconds=s.smtp_claim_seconds,
            ),
            webhook_policy=RetryPolicy(
                max_attempts=s.webhook_max_attempts,
                backoff_seconds=s.webhook_backoff_seconds,
                backoff_max_seconds=s.webhook_backoff_max_seconds,
                claim_seconds=s.webhook_claim_seconds,
            ),
            sms_policy=RetryPolicy(
                max_attempts=s.sms_max_attempts,
                backoff_seconds=s.webhook_backoff_seconds,
                backoff_max_seconds=s.webhook_backoff_max_seconds,
                claim_seconds=s.webhook_claim_seconds,
            ),
            mail_from=Sender(s.smtp_from, s.smtp_from_name),
            smtp=SmtpConfig(
                host=s.smtp_host,
                port=s.smtp_port,
                sender=s.smtp_from,
                timeout_seconds=s.smtp_timeout_seconds,
                starttls=s.smtp_starttls,
                username=s.smtp_username,
                password=password,
            ),
            templates=Catalogue.from_dir(s.templates_dir),
        )
