"""The life of one e-mail delivery: claim, attempt, back off, give up. Pure, no I/O.

    pending ──claim──▶ sending ──sent──────────────▶ sent
       ▲                 │ ├──permanent (5xx)──────▶ failed
       └──temporary──────┘ └──temporary, last try──▶ failed
    sending past its claim (the sender died) ──claim──▶ sending again, or failed when exhausted

A sender claims a due delivery with a conditional replace (status `sending`, a claim expiry)
before it talks to SMTP, so two senders never both send it; the claim counts as an attempt, so
a message that crashes its sender every time still ends. A sender that dies after the server
accepted the message but before it recorded that leaves an expired claim, and the next sender
sends again: e-mail is at least once, and the Message-ID (from the notification id) is the same
on every try so the recipient's mail system can tell.

Each state is a new immutable `EmailDelivery` (so a sender that loses the race for a claim
still holds the version it read); the one that ends the delivery records its event,
`delivered` or `failed`, which the repository stages with it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from services.notifications.domain.directory import EMAIL
from services.notifications.domain.notices import UNKNOWN, Cause, Notification, delivery_id
from services.notifications.events import NotificationDelivered, NotificationFailed
from shared.aggregate import Aggregate
from shared.errors import Conflict

Status = Literal["pending", "sending", "sent", "failed"]
#: sent; temporary (4xx, refused, timeout): try again later; permanent (5xx): never again;
#: unknown: a claim expired before its sender recorded anything.
AttemptOutcome = Literal["sent", "temporary", "permanent", "unknown"]
DUE_STATUSES: tuple[Status, ...] = ("pending", "sending")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how far apart a delivery is tried, and how long a claim lasts."""

    max_attempts: int = 5
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    claim_seconds: float = 150.0

    def backoff(self, attempts: int) -> timedelta:
        """Wait after the `attempts`-th failed attempt: base, doubled each time, capped."""
        if attempts < 1:
            raise ValueError("backoff follows an attempt: attempts >= 1")
        # Exponent capped so a large attempt count cannot overflow the float.
        seconds = self.backoff_seconds * 2 ** min(attempts - 1, 40)
        return timedelta(seconds=min(seconds, self.backoff_max_seconds))


@dataclass(frozen=True)
class SendResult:
    """What the SMTP server (or the network) said about one attempt."""

    outcome: Literal["sent", "temporary", "permanent"]
    detail: str
    code: int | None = None


@dataclass(frozen=True)
class Attempt:
    """One line of a delivery's history."""

    at: datetime
    outcome: AttemptOutcome
    detail: str
    code: int | None = None


@dataclass(frozen=True)
class EmailDelivery(Aggregate):
    """An e-mail delivery of one notification to one address; `version` is the store's `_v`."""

    notification_id: str
    recipient_id: str
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
    #: The last outcome, or why it failed.
    detail: str | None = None
    history: tuple[Attempt, ...] = ()
    #: The event that caused the notification; its correlation carries to this line's events.
    cause: Cause = UNKNOWN
    version: int | None = None

    channel = EMAIL

    @property
    def delivery_id(self) -> str:
        """One e-mail delivery per notification."""
        return delivery_id(self.notification_id, EMAIL)

    @classmethod
    def pending(cls, note: Notification, *, address: str, name: str | None) -> EmailDelivery:
        """Due at once; written in the same unit of work as its notification."""
        return new_delivery(
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            address=address,
            name=name,
            now=note.created_at,
            cause=note.cause,
        )

    def is_due(self, now: datetime) -> bool:
        """Pending and its retry time has come, or sending and its claim has expired."""
        return (
            self.status in DUE_STATUSES
            and self.next_attempt_at is not None
            and self.next_attempt_at <= now
        )

    def claim(self, *, holder: str, now: datetime, policy: RetryPolicy) -> EmailDelivery:
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
                    "recording whether the server accepted the message"
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

    def settle(self, result: SendResult, *, now: datetime, policy: RetryPolicy) -> EmailDelivery:
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
                    channel=EMAIL,
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

    def _failed(self, reason: str, now: datetime) -> EmailDelivery:
        done = replace(
            self, status="failed", detail=reason, at=now, next_attempt_at=None, claimed_by=None
        )
        done.record(
            NotificationFailed(
                notification_id=done.notification_id,
                recipient_id=done.recipient_id,
                channel=EMAIL,
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
    cause: Cause = UNKNOWN,
) -> EmailDelivery:
    """A pending delivery, due at once."""
    return EmailDelivery(
        notification_id=notification_id,
        recipient_id=recipient_id,
        address=address,
        display_name=name,
        status="pending",
        attempts=0,
        created_at=now,
        at=now,
        next_attempt_at=now,
        cause=cause,
    )
