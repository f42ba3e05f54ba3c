"""Fan-out: one notification per recipient, its text rendered, its delivery lines scheduled.

Shared by the consumed-event use case, re-routing of open incidents and escalation; it only
stages, so the caller's one atomic write holds the notifications, their lines, the events those
record and whatever else the caller changes. Metrics are counted after that write commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from services.notifications.domain import channels
from services.notifications.domain.alerts import alert, links
from services.notifications.domain.attempts import Text
from services.notifications.domain.channels import Reach
from services.notifications.domain.notices import Kind, Notification, notification_id
from services.notifications.domain.schedule import first_due
from services.notifications.domain.templates import LANGS, Message, Rendered
from services.notifications.events import TemplateFailed
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as delivery_repo
from services.notifications.repository import notices as repo
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)
_ESCALATED = {"zh-CN": "【升级】", "en": "[Escalated] "}


@dataclass(frozen=True)
class Occurrence:
    """The consumed event a fan-out is about."""

    event_id: str
    event_type: str
    correlation_id: str
    subject: str | None
    time: datetime
    data: dict[str, Any]
    severity: str
    template: str


def template_values(
    o: Occurrence, data: dict[str, Any], zone: tzinfo, lang: str, kind: str
) -> dict[str, Any]:
    """What a template sees: the event's data, the event itself (time in campus time), the
    severity, the language, the kind of notification and the campus zone (for `| local(zone)`)."""
    local = o.time.astimezone(zone)
    return {
        "data": data,
        "zone": str(zone),
        "event": {
            "id": o.event_id,
            "type": o.event_type,
            "subject": o.subject,
            "time": f"{local:%Y-%m-%d %H:%M}",
        },
        "severity": o.severity,
        "lang": lang,
        "kind": kind,
    }


class _Texts:
    """Renders each (template name, channel, language) once per fan-out, noting failures."""

    def __init__(self, uow: UnitOfWork, ctx: NotificationsContext, o: Occurrence, kind: Kind):
        self.uow, self.ctx, self.o, self.kind = uow, ctx, o, kind
        self.cache: dict[tuple[str | None, str], Rendered] = {}
        self.failed: dict[str, str] = {}
        # Every field the consumed model declares is present (None when the event left it out),
        # so `{% if data.room_id %}` works and only a misspelt name fails the template.
        model = alert(o.event_type).model
        self.data = {**model.model_validate(o.data).model_dump(mode="json"), **o.data}

    def values(self, lang: str) -> dict[str, Any]:
        return template_values(self.o, self.data, self.ctx.zone, lang, self.kind)

    async def get(self, channel: str | None, lang: str) -> Rendered:
        key = (channel, lang)
        if key not in self.cache:
            rendered, name = await self.ctx.templates.render(
                self.uow.store,
                template=self.o.template,
                channel=channel,
                lang=lang,
                values=self.values(lang),
                event_type=self.o.event_type,
            )
            if rendered.error is not None and name not in self.failed:
                self.failed[name] = rendered.error
            if self.kind == "escalation":
                rendered = Rendered(
                    _ESCALATED[lang] + rendered.title, rendered.body, rendered.error
                )
            self.cache[key] = rendered
        return self.cache[key]


async def fan_out(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    o: Occurrence,
    reaches: Iterable[Reach],
    *,
    kind: Kind = "alert",
    skip: frozenset[str] = frozenset(),
) -> list[Notification]:
    """Stage a notification and its lines for each reach not in `skip`."""
    now = ctx.now()
    texts = _Texts(uow, ctx, o, kind)
    made: list[Notification] = []
    settled: list[object] = []
    for reach in reaches:
        if reach.recipient_id in skip:
            continue
        zh, en = [await texts.get(None, lang) for lang in LANGS]
        note = Notification(
            notification_id=notification_id(o.event_id, reach.recipient_id, kind),
            recipient_id=reach.recipient_id,
            event_type=o.event_type,
            source_event_id=o.event_id,
            correlation_id=o.correlation_id,
            subject=o.subject,
            message=Message(zh.title, en.title, zh.body, en.body, links(o.data)),
            created_at=now,
            channels=reach.channels,
            severity=o.severity,
            ack_required=o.severity == "critical" and kind == "alert" and _is_person(reach),
            kind=kind,
            event_time=o.time,
            template_error=zh.error or en.error,
        )
        repo.stage(uow, note)
        per_channel = {c: await texts.get(c, reach.language) for c in reach.channels}

        def text(channel: str, lang: str, per_channel=per_channel) -> Text:
            r = per_channel[channel]
            return Text(lang, r.title, r.body)

        due = first_due(
            reach.person,
            o.severity,  # type: ignore[arg-type]
            now=now,
            zone=ctx.zone,
            digest_at=ctx.settings.digest_at,
        )
        for line in channels.deliver(note, reach, due=due, text=text):
            delivery_repo.stage(uow, line)
            settled.append(line)
            if line.status == "failed":
                log.warning(
                    "delivery.failed",
                    notification_id=note.notification_id,
                    channel=line.channel,
                    reason=line.detail,
                )
        made.append(note)
        log.info(
            "notification.created",
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            event_type=note.event_type,
            kind=kind,
        )
    for name, error in texts.failed.items():
        log.error("template.failed", template=name, error=error, event_type=o.event_type)
        uow.emit(
            TemplateFailed(
                name=name, error=error, source_event_id=o.event_id, source_event_type=o.event_type
            ),
            subject=name,
        )
    metrics = ctx.metrics
    failed_names = list(texts.failed)

    def count() -> None:
        metrics.settled(settled, o.time, now)
        for name in failed_names:
            metrics.template_failures(name).inc()

    uow.after_commit(count)
    return made


def _is_person(reach: Reach) -> bool:
    return reach.contact is None and reach.endpoint is None
