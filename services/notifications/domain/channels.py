"""Delivery channels: what line each channel writes for one notification, in the consumer's write.

`in_app` is *immediate*: the stored notification is the delivery (GET /notifications/me). Every
other channel talks to the outside world, so it never sends here: it writes a `pending` line
(`outbound.Outbound`) in the same atomic write, due now, after the recipient's quiet hours or at
their digest (`schedule.first_due`), and a sender loop (`handlers/sender.py`) claims it, sends
it, and records `sent` or `failed` with its event, so a slow server cannot hold up the queue and
a crash loses nothing.

| channel | who | address |
| --- | --- | --- |
| in_app | people (always) | their inbox |
| email | people who chose it, contacts with an e-mail address | the address |
| sms | people who chose it and have a phone, contacts with a phone | the number |
| webhook, wecom, dingtalk, feishu | endpoints a rule names | the endpoint id |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.notifications.domain.attempts import Text
from services.notifications.domain.directory import (
    EMAIL,
    ENDPOINT_KINDS,
    IN_APP,
    PERSON_CHANNELS,
    SMS,
    Person,
)
from services.notifications.domain.endpoints import Endpoint
from services.notifications.domain.notices import Delivery, Notification
from services.notifications.domain.outbound import Outbound
from services.notifications.domain.schedule import Due

#: A line of the delivery log: settled at once, or a message on its way.
Line = Delivery | Outbound
ALL = (*PERSON_CHANNELS, *ENDPOINT_KINDS)


@dataclass(frozen=True)
class Contact:
    """Someone without an account, reached by what they left with a request."""

    key: str
    name: str | None
    email: str | None
    phone: str | None
    language: str = "zh-CN"


@dataclass(frozen=True)
class Reach:
    """One recipient of an event and the channels it is reached on (the rules' and its own)."""

    recipient_id: str
    channels: tuple[str, ...]
    language: str
    person: Person | None = None
    contact: Contact | None = None
    endpoint: Endpoint | None = None


def person_reach(user_id: str, person: Person | None, allowed: tuple[str, ...]) -> Reach:
    """A person on the channels they chose that the rules allow (in-app always)."""
    if person is None:
        # Not in the directory (a student who filed a request): their inbox is keyed by the id
        # their token carries, so the in-app notification still reaches them.
        return Reach(user_id, (IN_APP,), "zh-CN")
    chosen = tuple(c for c in person.channels if c == IN_APP or c in allowed)
    return Reach(
        user_id, chosen if IN_APP in chosen else (IN_APP, *chosen), person.language, person
    )


def contact_reach(contact: Contact, allowed: tuple[str, ...]) -> Reach | None:
    """A contact on e-mail and SMS where it left them and the rules allow; None: unreachable."""
    chosen = []
    if contact.email and EMAIL in allowed:
        chosen.append(EMAIL)
    if contact.phone and SMS in allowed:
        chosen.append(SMS)
    if not chosen:
        return None
    return Reach(f"contact:{contact.key}", tuple(chosen), contact.language, contact=contact)


def endpoint_reach(endpoint: Endpoint, allowed: tuple[str, ...]) -> Reach | None:
    """An endpoint on its own kind, when the rules allow that kind for this severity."""
    if endpoint.kind not in allowed or not endpoint.active:
        return None
    return Reach(endpoint.recipient_id, (endpoint.kind,), endpoint.language, endpoint=endpoint)


def deliver(
    note: Notification,
    reach: Reach,
    *,
    due: Due,
    text: Callable[[str, str], Text],
) -> list[Line]:
    """The delivery-log line of each of the notification's channels."""
    lines: list[Line] = []
    for channel in note.channels:
        if channel == IN_APP:
            lines.append(Delivery.delivered(note, IN_APP))
            continue
        address, name = _address(reach, channel)
        if address is None:
            # The directory refuses a channel without its address; an entry stored before that
            # rule is reported, not skipped.
            lines.append(Delivery.failed(note, channel, f"no {channel} address for the recipient"))
            continue
        # Endpoints are group chats and systems: no one's quiet hours apply to them.
        when = due if reach.endpoint is None else Due(note.created_at)
        lines.append(
            Outbound.pending(
                note,
                channel,
                address=address,
                name=name,
                text=text(channel, reach.language),
                due=when.at,
                detail=when.reason,
                hold=when.hold,
            )
        )
    return lines


def _address(reach: Reach, channel: str) -> tuple[str | None, str | None]:
    if reach.endpoint is not None:
        return reach.endpoint.endpoint_id, reach.endpoint.name
    if reach.contact is not None:
        c = reach.contact
        return (c.email if channel == EMAIL else c.phone), c.name
    p = reach.person
    if p is None:
        return None, None
    return (p.email if channel == EMAIL else p.phone if channel == SMS else None), p.name


def available() -> tuple[str, ...]:
    """Names of the channels a person can choose."""
    return PERSON_CHANNELS
