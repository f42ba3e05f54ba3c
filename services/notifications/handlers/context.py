"""What every use case of notifications takes besides its unit of work and the caller."""

from __future__ import annotations

from dataclasses import dataclass

from services.notifications.domain.email import RetryPolicy
from services.notifications.domain.mime import Sender
from services.notifications.handlers.smtp import SmtpConfig
from services.notifications.settings import NotificationsSettings
from shared.clock import Clock, utcnow
from shared.usecase import ServiceContext


@dataclass(frozen=True, kw_only=True)
class NotificationsContext(ServiceContext):
    """Settings and clock, the e-mail retry policy, the From of every mail, the SMTP relay."""

    settings: NotificationsSettings
    policy: RetryPolicy
    mail_from: Sender
    smtp: SmtpConfig

    @classmethod
    def from_settings(
        cls, settings: NotificationsSettings, clock: Clock = utcnow
    ) -> NotificationsContext:
        """Built once, in the composition root (and by tests with their clock)."""
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return cls(
            settings=settings,
            clock=clock,
            policy=RetryPolicy(
                max_attempts=settings.email_max_attempts,
                backoff_seconds=settings.email_backoff_seconds,
                backoff_max_seconds=settings.email_backoff_max_seconds,
                claim_seconds=settings.smtp_claim_seconds,
            ),
            mail_from=Sender(settings.smtp_from, settings.smtp_from_name),
            smtp=SmtpConfig(
                host=settings.smtp_host,
                port=settings.smtp_port,
                sender=settings.smtp_from,
                timeout_seconds=settings.smtp_timeout_seconds,
                starttls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=password,
            ),
        )
