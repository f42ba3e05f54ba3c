"""The e-mail a notification becomes: subject and body in the recipient's language, UTF-8 MIME
with a plain-text part and an autoescaped HTML part. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from services.notifications.domain.attempts import Text

FOOTER_ZH = "此邮件由校园后勤平台自动发送，请勿直接回复。"
FOOTER_EN = "Sent automatically by Campus Logistics; please do not reply to this message."


@dataclass(frozen=True)
class Sender:
    """The From of every notification e-mail."""

    address: str
    name: str

    @property
    def domain(self) -> str:
        """The domain the Message-IDs are minted under."""
        return self.address.rpartition("@")[2]


def message_id(notification_id: str, domain: str) -> str:
    """The same Message-ID for every try of one notification, so a resend is recognisable."""
    return f"<notification.{notification_id}@{domain}>"


def subject(text: Text) -> str:
    """The title on one line (a header cannot hold a line break)."""
    return " ".join(text.title.split())


def body(text: Text, *, notification_id: str, links: Mapping[str, str]) -> str:
    """The plain-text body: the text, the references, the footer, in the recipient's language."""
    refs = ", ".join(f"{k}={v}" for k, v in sorted(links.items()))
    zh = text.language == "zh-CN"
    lines = [
        text.title,
        "",
        text.body,
        "",
        (f"编号：{refs}" if zh else f"Reference: {refs}") if refs else "",
        f"通知编号：{notification_id}" if zh else f"Notification: {notification_id}",
        "",
        FOOTER_ZH if zh else FOOTER_EN,
    ]
    return "\n".join(lines) + "\n"


def compose(
    *,
    notification_id: str,
    event_type: str,
    text: Text,
    links: Mapping[str, str],
    created_at: datetime,
    to_address: str,
    to_name: str | None,
    sender: Sender,
    html: str | None = None,
) -> EmailMessage:
    """The MIME message: UTF-8 text (and HTML), encoded headers, a Message-ID from the id."""
    mail = EmailMessage()
    mail["From"] = Address(display_name=sender.name, addr_spec=sender.address)
    mail["To"] = Address(display_name=to_name or "", addr_spec=to_address)
    mail["Subject"] = subject(text)
    # The time the notification was made, identical on every retry of the same message.
    mail["Date"] = format_datetime(created_at)
    mail["Message-ID"] = message_id(notification_id, sender.domain)
    # RFC 3834: automatic mail; vacation responders and the like do not answer it.
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Campus-Notification-Id"] = notification_id
    mail["X-Campus-Event-Type"] = event_type
    # base64 keeps the Chinese text 7-bit clean for relays without 8BITMIME.
    mail.set_content(
        body(text, notification_id=notification_id, links=links), charset="utf-8", cte="base64"
    )
    if html is not None:
        mail.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
        # A fixed boundary keeps every retry byte-identical; "=_" never occurs in base64 lines.
        mail.set_boundary(f"=_campus_{notification_id}")
    # After the parts: making the message multipart moves Content-* headers into the first part.
    mail["Content-Language"] = text.language
    return mail
