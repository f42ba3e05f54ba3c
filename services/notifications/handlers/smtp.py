"""Sending one message through SMTP, and what each kind of failure means for a retry.

The standard library's `smtplib` runs in a worker thread (`asyncio.to_thread`), so a slow server
holds up only the e-mail sender, never the event loop. A cancelled send cannot stop its thread:
the conversation finishes or times out on its own, unrecorded, and the delivery's claim expires
(see `domain/email.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from services.notifications.domain.attempts import SendResult
from shared.logging import get_logger

log = get_logger(__name__)
_DETAIL_MAX = 500


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to connect; from the service settings."""

    host: str
    port: int
    sender: str
    timeout_seconds: float
    starttls: bool = False
    username: str | None = None
    password: str | None = None


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_MAX else text[:_DETAIL_MAX] + "…"


def by_code(code: int, text: bytes | str, stage: str) -> SendResult:
    """A reply code's meaning: 5xx is final, anything else (4xx) may pass later."""
    detail = f"{stage}: {code} {_text(text)}"
    outcome = "permanent" if 500 <= code <= 599 else "temporary"
    return SendResult(outcome, detail, code)


def classify(exc: BaseException, *, server: str) -> SendResult:
    """The retry meaning of an exception smtplib (or the socket under it) raised."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # One recipient per message: the single refusal is the answer.
        code, text = next(iter(exc.recipients.values()), (451, b"recipient refused"))
        return by_code(code, text, "RCPT")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return by_code(exc.smtp_code, exc.smtp_error, "MAIL FROM")
    if isinstance(exc, smtplib.SMTPDataError):
        return by_code(exc.smtp_code, exc.smtp_error, "DATA")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return by_code(exc.smtp_code, exc.smtp_error, "AUTH")
    if isinstance(exc, smtplib.SMTPResponseException):
        return by_code(exc.smtp_code, exc.smtp_error, "SMTP")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        # The server lacks STARTTLS or AUTH as configured: fixable by configuration, so retried.
        return SendResult("temporary", f"{server} does not support it: {_text(str(exc))}")
    if isinstance(exc, TimeoutError):
        return SendResult("temporary", f"{server} timed out")
    if isinstance(exc, ConnectionRefusedError):
        return SendResult("temporary", f"connection to {server} refused (no SMTP server there?)")
    if isinstance(exc, smtplib.SMTPException | OSError):
        return SendResult("temporary", f"{server}: {type(exc).__name__}: {_text(str(exc))}")
    raise TypeError(f"not an SMTP or network failure: {exc!r}")


class SmtpTransport:
    """Sends one message per connection to the configured server."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.server = f"{config.host}:{config.port}"

    async def send(self, mail: EmailMessage, *, to: str) -> SendResult:
        """Hand `mail` to the server for the single recipient `to`; never raises for SMTP."""
        return await asyncio.to_thread(self._send, mail, to)

    def _send(self, mail: EmailMessage, to: str) -> SendResult:
        c = self.config
        smtp = smtplib.SMTP(timeout=c.timeout_seconds)
        try:
            code, greeting = smtp.connect(c.host, c.port)
            if code != 220:
                return by_code(code, greeting, "greeting")
            smtp.ehlo()
            if c.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if c.username is not None and c.password is not None:
                smtp.login(c.username, c.password)
            smtp.send_message(mail, from_addr=c.sender, to_addrs=[to])
        except (smtplib.SMTPException, OSError) as exc:
            return classify(exc, server=self.server)
        finally:
            # After an accepted message a failing QUIT changes nothing: the message is queued.
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError) as exc:
                log.debug("smtp.quit_failed", server=self.server, error=repr(exc))
                with contextlib.suppress(OSError):
                    smtp.close()
        return SendResult("sent", f"accepted by {self.server}", 250)
