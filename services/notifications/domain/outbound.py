"""The life of one outbound delivery (e-mail, webhook, robot, SMS): claim, attempt, back off,
give up. Pure, no I/O.

    pending ──claim──▶ sending ──sent──────────────▶ sent
       ▲                 │ ├──permanent (5xx)──────▶ failed
       └──temporary──────┘ └──temporary, last try──▶ failed
    sending past its claim (the sender died) ──claim──▶ sending again, or failed when exhausted

A sender claims a due delivery with a conditional replace (status `sending`, a claim expiry)
before it talks to the outside world (SMTP, an HTTP endpoint, an SMS provider), so two senders
never both send it; the claim counts as an attempt, so
a message that crashes its sender every time still ends. A sender that dies after the server
accepted the message but before it recorded that leaves an expired claim, and the next sender
sends again: every outbound channel is at least once, and what it sends carries an id derived
from the notification (the Message-ID, the webhook's `X-Campus-Delivery-Id`) so the receiver can
tell a copy.

The first `next_attempt_at` is the schedule: now, the end of the recipient's quiet hours, or the
time of their daily digest (`domain/schedule.py`); a line held that way is simply not due yet.

Each state is a new immutable `Outbound` (so a sender that loses the race for a claim
still holds the version it read); the one that ends the delivery records its event,
`delivered` or `failed`, which the repository stages with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from services.notifications.domain.attempts import (
    Attempt,
    RetryPolicy,
    SendResult,
    Text,
)
from services.notifications.domain.notices import UNKNOWN, Cause, Notification, delivery_id
from services.notifications.events import NotificationDelivered, NotificationFailed
from shared.aggregate import Aggregate
from shared.errors import Conflict

Status = Literal["pending", "sending", "sent", "failed"]
DUE_STATUSES: tuple[Status, ...] = ("pending", "sending")


@dataclass(frozen=True)
class Outbound(Aggregate):
    """A delivery of one notification on one outbound channel; `version` is the store's `_v`.

    `address` is where it goes: an e-mail address, a phone number, or an endpoint id (whose URL
    and secret are read when sending, never copied into the log).
    """

    notification_id: str
    recipient_id: str
    channel: str
    address: str
    display_name: str | None
    status: Status
    attempts: int
    created_at: datetime
    #: Last change of status (the `at` of every delivery-log line).
    at: datetime
    #: When a sender may take it: the retry time while pending, the claim expiry while sending.
    next_attempt_at: datetime | None
    claimed_by: str | None = None
    #: The last outcome, why it failed, or why it is held (quiet hours, digest).
    detail: str | None = None
    history: tuple[Attempt, ...] = ()
    #: The event that caused the notification; its correlation carries to this line's events.
    cause: Cause = UNKNOWN
    text: Text | None = None
    #: "digest": waits for the recipient's daily digest instead of being sent alone.
    hold: str | None = None
    version: int | None = None

    @property
    def delivery_id(self) -> str:
        """One delivery per notification and channel."""
        return delivery_id(self.notification_id, self.channel)

    @classmethod
    def pending(
        cls,
        note: Notification,
        channel: str,
        *,
        address: str,
        name: str | None,
        text: Text | None = None,
        due: datetime | None = None,
        detail: str | None = None,
        hold: str | None = None,
    ) -> Outbound:
        """Due at `due` (at once by default); written in the same unit of work as its note."""
        return new_delivery(
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            channel=channel,
            address=address,
            name=name,
            now=note.created_at,
            cause=note.cause,
            text=text,
            due=due,
            detail=detail,
            hold=hold,
        )

    def is_due(self, now: datetime) -> bool:
        """Pending and its time has come, or sending and its claim has expired."""
        return (
            self.status in DUE_STATUSES
            and self.next_attempt_at is not None
            and self.next_attempt_at <= now
        )

    def claim(self, *, holder: str, now: datetime, policy: RetryPolicy) -> Outbound:
        """Taken for one attempt; a dead sender's claim with no tries left fails it instead.

        The caller stores the result with a conditional replace: whoever loses that race skips
        it. The result is `sending` (go ahead and send) or `failed` (record, do not send).
        """
        if not self.is_due(now):
            raise Conflict(
                f"delivery {self.delivery_id} is {self.status}, not due until "
                f"{self.next_attempt_at}"
            )
        history = self.history
        if self.status == "sending":
            lost = f"claim of {self.claimed_by} expired before it recorded an outcome"
            history += (Attempt(now, "unknown", lost),)
            if self.attempts >= policy.max_attempts:
                reason = (
                    f"gave up after {self.attempts} attempts: the last sender stopped before "
                    "recording whether the receiver accepted the message"
                )
                return replace(self, history=history)._failed(reason, now)
        until = now + timedelta(seconds=policy.claim_seconds)
        return replace(
            self,
            status="sending",
            attempts=self.attempts + 1,
            claimed_by=holder,
            next_attempt_at=until,
            at=now,
            history=history,
        )

    def settle(self, result: SendResult, *, now: datetime, policy: RetryPolicy) -> Outbound:
        """After the claimed attempt's outcome: sent, failed, or pending for a retry."""
        if self.status != "sending":
            raise Conflict(
                f"delivery {self.delivery_id} is {self.status}: only a claimed one has an outcome"
            )
        history = (*self.history, Attempt(now, result.outcome, result.detail, result.code))
        d = replace(self, history=history)
        if result.outcome == "sent":
            done = replace(
                d,
                status="sent",
                detail=result.detail,
                at=now,
                next_attempt_at=None,
                claimed_by=None,
            )
            done.record(
                NotificationDelivered(
                    notification_id=d.notification_id,
                    recipient_id=d.recipient_id,
                    channel=d.channel,
                    source_event_id=d.cause.event_id,
                    source_event_type=d.cause.event_type,
                )
            )
            return done
        if result.outcome == "permanent":
            return d._failed(f"rejected: {result.detail}", now)
        if d.attempts >= policy.max_attempts:
            return d._failed(f"gave up after {d.attempts} attempts; last: {result.detail}", now)
        return replace(
            d,
            status="pending",
            detail=f"attempt {d.attempts} failed, will retry: {result.detail}",
            at=now,
            next_attempt_at=now + policy.backoff(d.attempts),
            claimed_by=None,
        )

    def digested(self, *, into: str, now: datetime) -> Outbound:
        """Sent as part of the recipient's digest `into` (a notification id); settled here."""
        if self.status != "pending" or self.hold != "digest":
            raise Conflict(f"delivery {self.delivery_id} is not waiting for a digest")
        done = replace(
            self,
            status="sent",
            detail=f"in digest {into}",
            at=now,
            next_attempt_at=None,
        )
        done.record(
            NotificationDelivered(
                notification_id=self.notification_id,
                recipient_id=self.recipient_id,
                channel=self.channel,
                source_event_id=self.cause.event_id,
                source_event_type=self.cause.event_type,
            )
        )
        return done

    def _failed(self, reason: str, now: datetime) -> Outbound:
        done = replace(
            self, status="failed", detail=reason, at=now, next_attempt_at=None, claimed_by=None
        )
        done.record(
            NotificationFailed(
                notification_id=done.notification_id,
                recipient_id=done.recipient_id,
                channel=done.channel,
                reason=reason,
                attempts=done.attempts,
                source_event_id=done.cause.event_id,
                source_event_type=done.cause.event_type,
            )
        )
        return done


def new_delivery(
    *,
    notification_id: str,
    recipient_id: str,
    address: str,
    name: str | None,
    now: datetime,
    channel: str = "email",
    cause: Cause = UNKNOWN,
    text: Text | None = None,
    due: datetime | None = None,
    detail: str | None = None,
    hold: str | None = None,
) -> Outbound:
    """A pending delivery, due at `due` (at once when not given)."""
    return Outbound(
        notification_id=notification_id,
        recipient_id=recipient_id,
        channel=channel,
        address=address,
        display_name=name,
        status="pending",
        attempts=0,
        created_at=now,
        at=now,
        next_attempt_at=due or now,
        cause=cause,
        text=text,
        detail=detail,
        hold=hold,
    )
