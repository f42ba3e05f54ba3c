"""Transports of the outbound senders: e-mail through SMTP, webhooks and robots over HTTP, SMS
through a provider. Each sends one claimed line and answers with what that meant for a retry."""

from __future__ import annotations

import httpx

from services.notifications.domain.attempts import SendResult, Text
from services.notifications.domain.endpoints import host_allowed
from services.notifications.domain.mime import compose
from services.notifications.domain.notices import Notification
from services.notifications.domain.outbound import Outbound
from services.notifications.domain.signing import Payload, interpret, request_for
from services.notifications.domain.templates import render_html
from services.notifications.handlers.context import NotificationsContext
from services.notifications.handlers.sms import SmsProvider
from services.notifications.handlers.smtp import SmtpTransport
from services.notifications.repository import rules as endpoints_repo
from shared.store import DocumentStore


def _text(line: Outbound, note: Notification | None) -> Text:
    if line.text is not None:
        return line.text
    # A line written before lines kept their text: the notification's, in Chinese.
    assert note is not None
    return Text("zh-CN", note.message.title_zh, note.message.body_zh)


class EmailTransport:
    """One MIME message per line, through the configured SMTP relay."""

    def __init__(self, ctx: NotificationsContext, smtp: SmtpTransport | None = None) -> None:
        self.ctx = ctx
        self.smtp = smtp or SmtpTransport(ctx.smtp)
        self.server = self.smtp.server

    async def send(self, line: Outbound, note: Notification | None) -> SendResult:
        """Compose in the recipient's language (plain text and autoescaped HTML) and send."""
        text = _text(line, note)
        links = note.message.links if note else {}
        html_source = self.ctx.templates.files.get("email.html")
        html = None
        if html_source is not None:
            html = render_html(
                html_source,
                {"title": text.title, "body": text.body, "links": links, "lang": text.language},
            )
        mail = compose(
            notification_id=line.notification_id,
            event_type=line.cause.event_type if note is None else note.event_type,
            text=text,
            links=links,
            created_at=line.created_at,
            to_address=line.address,
            to_name=line.display_name,
            sender=self.ctx.mail_from,
            html=html,
        )
        return await self.smtp.send(mail, to=line.address)


class HttpTransport:
    """Signed POSTs to webhooks and robots; the endpoint's URL and secret are read at send time."""

    def __init__(
        self, ctx: NotificationsContext, store: DocumentStore, client: httpx.AsyncClient
    ) -> None:
        self.ctx = ctx
        self.store = store
        self.client = client
        self.server = "webhooks and robots"

    async def send(self, line: Outbound, note: Notification | None) -> SendResult:
        """POST the line's payload in its endpoint's format; classify the answer."""
        endpoint = await endpoints_repo.load_endpoint(self.store, line.address)
        if endpoint is None or not endpoint.active:
            return SendResult("permanent", f"endpoint {line.address} is gone or inactive")
        if not host_allowed(endpoint.url, self.ctx.settings.allowed_hosts):
            # Saved before the allow-list, or the list shrank since: never sent there.
            return SendResult(
                "permanent",
                f"endpoint {line.address}: its host is not in CAMPUS_NOTIFICATIONS_ALLOWED_HOSTS",
            )
        text = _text(line, note)
        payload = Payload(
            delivery_id=line.delivery_id,
            notification_id=line.notification_id,
            event_id=line.cause.event_id,
            event_type=line.cause.event_type,
            correlation_id=line.cause.correlation_id,
            subject=note.subject if note else None,
            severity=note.severity if note else "info",
            language=text.language,
            title=text.title,
            body=text.body,
            links=dict(note.message.links) if note else {},
        )
        request = request_for(
            endpoint.kind, endpoint.url, endpoint.secret, payload, now=self.ctx.now()
        )
        try:
            response = await self.client.post(
                request.url, content=request.body, headers=request.headers
            )
        except httpx.TimeoutException:
            return SendResult("temporary", f"{endpoint.endpoint_id} timed out")
        except httpx.HTTPError as exc:
            return SendResult("temporary", f"{endpoint.endpoint_id}: {type(exc).__name__}: {exc}")
        return interpret(endpoint.kind, response.status_code, response.content)


class SmsTransport:
    """One text message per line through the configured provider."""

    def __init__(self, provider: SmsProvider) -> None:
        self.provider = provider
        self.server = provider.name

    async def send(self, line: Outbound, note: Notification | None) -> SendResult:
        """The title and body, as one text."""
        text = _text(line, note)
        return await self.provider.send(
            line.address, f"{text.title}\n{text.body}", reference=line.delivery_id
        )
