"""The daily digest: a person's low-severity alerts of the day in one message per channel.

Lines of `info` alerts for people who asked for a digest are written pending with `hold =
"digest"` and due at the next digest time (`schedule.first_due`). At that time this job takes
one recipient's due lines of one channel, and in one atomic write marks each `sent` ("in digest
…", with its delivered event) and stages one digest notification with one pending line that the
ordinary sender then sends. The digest's id comes from the recipient, channel and slot, so a
second run, or a second process, cannot send a second digest for the same lines.
"""

from __future__ import annotations

from collections import defaultdict

from services.notifications.domain import access
from services.notifications.domain.attempts import Text
from services.notifications.domain.notices import Notification, notification_id
from services.notifications.domain.outbound import Outbound
from services.notifications.domain.templates import Message
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import deliveries as repo
from services.notifications.repository import directory as directory_repo
from services.notifications.repository import notices as notices_repo
from shared.auth import Principal
from shared.clock import iso
from shared.logging import get_logger
from shared.store import DuplicateKeyError, VersionConflictError
from shared.uow import UnitOfWork

log = get_logger(__name__)
DIGEST_TYPE = "notifications.digest"
_MAX_ITEMS = 50


def _text(lang: str, lines: list[Outbound], day: str) -> Text:
    items = [ln.text for ln in lines if ln.text is not None][:_MAX_ITEMS]
    more = len(lines) - len(items)
    body = "\n".join(f"• {t.title}" for t in items)
    if lang == "zh-CN":
        extra = f"\n…另有 {more} 条，见站内通知。" if more > 0 else ""
        return Text(lang, f"今日提醒汇总（{day}）：{len(lines)} 条", body + extra)
    extra = f"\n… and {more} more in the inbox." if more > 0 else ""
    return Text(lang, f"Daily digest ({day}): {len(lines)} alerts", body + extra)


async def send_digests(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> int:
    """Gather every due digest line into one message per (recipient, channel, slot)."""
    access.require_service(who)
    now = ctx.now()
    groups: dict[tuple[str, str, str], list[Outbound]] = defaultdict(list)
    for line in await repo.digest_due(uow.store, iso(now), limit=1000):
        assert line.next_attempt_at is not None
        groups[(line.recipient_id, line.channel, iso(line.next_attempt_at))].append(line)
    sent = 0
    for (recipient_id, channel, slot), lines in groups.items():
        step = uow.successor()
        person = await directory_repo.load(step.store, recipient_id)
        lang = person.language if person else "zh-CN"
        day = f"{lines[0].next_attempt_at.astimezone(ctx.zone):%Y-%m-%d}"  # type: ignore[union-attr]
        source = f"digest:{recipient_id}:{channel}:{slot}"
        text = _text(lang, lines, day)
        note = Notification(
            notification_id=notification_id(source, recipient_id, "digest"),
            recipient_id=recipient_id,
            event_type=DIGEST_TYPE,
            source_event_id=source,
            correlation_id=source,
            subject=None,
            message=Message(text.title, text.title, text.body, text.body, {}),
            created_at=now,
            channels=(channel,),
            severity="info",
            kind="digest",
            # The oldest item's event: the digest's latency is that of its longest wait.
            event_time=None,
            status="read",
        )
        notices_repo.stage(step, note)
        digest_line = Outbound.pending(
            note, channel, address=lines[0].address, name=lines[0].display_name, text=text
        )
        repo.stage(step, digest_line)
        for line in lines:
            repo.stage(step, line.digested(into=note.notification_id, now=now))
        try:
            await step.commit()
        except (VersionConflictError, DuplicateKeyError):
            log.info("digest.lost_race", recipient_id=recipient_id, channel=channel)
            continue
        sent += 1
        log.info("digest.composed", recipient_id=recipient_id, channel=channel, items=len(lines))
    return sent
