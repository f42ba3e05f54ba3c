"""Create / Update / Read schemas of the notifications API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from services.notifications.domain.channels import Line, available
from services.notifications.domain.directory import (
    ADDRESS_PATTERN,
    EMAIL,
    IN_APP,
    PHONE_PATTERN,
    SMS,
    Person,
)
from services.notifications.domain.notices import Notification
from services.notifications.domain.outbound import Outbound
from services.notifications.repository.directory import quiet_text
from shared.auth import Role
from shared.clock import iso
from shared.store import Paged
from shared.types import line

ScopeId = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
Duty = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_-]+$")]


class Scopes(BaseModel):
    """Where a person acts: campus ids, building ids, canteen ids."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    campus: list[ScopeId] = Field(default_factory=list, max_length=100)
    building: list[ScopeId] = Field(default_factory=list, max_length=500)
    canteen: list[ScopeId] = Field(default_factory=list, max_length=100)


class PersonUpdate(BaseModel):
    """A directory entry as PUT: the whole entry, created or replaced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: line(100)  # type: ignore[valid-type]
    roles: list[Role] = Field(min_length=1, max_length=10)
    scopes: Scopes = Field(default_factory=Scopes)
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=ADDRESS_PATTERN,
        description="plain ASCII address, e.g. wang.tiao@example.edu.cn",
    )
    channels: list[str] = Field(
        default_factory=lambda: [IN_APP],
        min_length=1,
        max_length=5,
        description="in_app (always) and optionally email (needs `email`)",
    )
    active: bool = True
    duties: list[Duty] = Field(
        default_factory=list, max_length=20, description="duty rosters (logistics-duty-officer)"
    )
    phone: str | None = Field(
        default=None, pattern=PHONE_PATTERN, description="mobile number for SMS (kept if omitted)"
    )
    language: Literal["zh-CN", "en"] = Field(
        default="zh-CN", description="language of their e-mail and SMS (kept if omitted)"
    )

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for name in value:
            if name not in available():
                raise ValueError(
                    f"channel {name!r} is not available (implemented: {', '.join(available())})"
                )
        if IN_APP not in value:
            raise ValueError("in_app is always on: every notification lands in the inbox")
        # `email` is declared before `channels`: validated by now, or absent from `info.data`
        # when it failed (that error is reported on its own).
        if EMAIL in value and "email" in info.data and not info.data["email"]:
            raise ValueError("the email channel needs an email address")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _phone_for_sms(self) -> PersonUpdate:
        if self.phone is None and SMS in self.channels:
            raise ValueError("the sms channel needs a phone number")
        return self

    def to_person(self, user_id: str) -> Person:
        """The domain person, scopes and roles normalised so equal entries compare equal."""
        scopes = {k: frozenset(v) for k, v in self.scopes.model_dump().items() if v}
        return Person(
            user_id=user_id,
            name=self.name,
            roles=frozenset(r.value for r in self.roles),
            scopes=scopes,
            email=self.email,
            channels=tuple(self.channels),
            active=self.active,
            duties=frozenset(self.duties),
            phone=self.phone,
            language=self.language,
        )


class PersonRead(BaseModel):
    """A directory entry as stored."""

    user_id: str
    name: str
    roles: list[str]
    scopes: dict[str, list[str]]
    email: str | None
    channels: list[str]
    active: bool
    duties: list[str]
    phone: str | None
    language: str
    quiet_hours: str | None = Field(description="HH:MM-HH:MM campus time, or null")
    digest: bool
    updated_at: str

    @classmethod
    def of(cls, person: Person) -> PersonRead:
        """From the stored entry."""
        assert person.updated_at is not None, "only a stored entry is read"
        return cls(
            user_id=person.user_id,
            name=person.name,
            roles=sorted(person.roles),
            scopes={k: sorted(v) for k, v in sorted(person.scopes.items()) if v},
            email=person.email,
            channels=list(person.channels),
            active=person.active,
            duties=sorted(person.duties),
            phone=person.phone,
            language=person.language,
            quiet_hours=quiet_text(person.quiet_hours),
            digest=person.digest,
            updated_at=iso(person.updated_at),
        )


class PeoplePage(BaseModel):
    """One page of the directory."""

    items: list[PersonRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Person]) -> PeoplePage:
        """From a page of entries."""
        return cls(items=[PersonRead.of(p) for p in page.items], next_cursor=page.next_cursor)


class Localized(BaseModel):
    """A text in both product languages."""

    model_config = ConfigDict(populate_by_name=True)

    zh_CN: str = Field(alias="zh-CN")
    en: str


class NotificationRead(BaseModel):
    """One in-app notification."""

    notification_id: str
    recipient_id: str
    event_type: str
    source_event_id: str
    correlation_id: str
    subject: str | None
    title: Localized
    body: Localized
    links: dict[str, str]
    status: str
    created_at: str
    read_at: str | None
    severity: Literal["info", "warning", "critical"]
    kind: Literal["alert", "escalation", "digest"]
    ack_required: bool = Field(description="critical: acknowledge it, or it is escalated")
    acknowledged_at: str | None
    acknowledged_by: str | None
    template_error: str | None = Field(description="why the plain default text was used")

    @classmethod
    def of(cls, note: Notification) -> NotificationRead:
        """From the notification."""
        m = note.message
        return cls(
            notification_id=note.notification_id,
            recipient_id=note.recipient_id,
            event_type=note.event_type,
            source_event_id=note.source_event_id,
            correlation_id=note.correlation_id,
            subject=note.subject,
            title=Localized(zh_CN=m.title_zh, en=m.title_en),
            body=Localized(zh_CN=m.body_zh, en=m.body_en),
            links=dict(m.links),
            status=note.status,
            created_at=iso(note.created_at),
            read_at=iso(note.read_at) if note.read_at else None,
            severity=note.severity,  # type: ignore[arg-type]
            kind=note.kind,
            ack_required=note.ack_required,
            acknowledged_at=iso(note.acknowledged_at) if note.acknowledged_at else None,
            acknowledged_by=note.acknowledged_by,
            template_error=note.template_error,
        )


class NotificationsPage(BaseModel):
    """One page of notifications, newest first."""

    items: list[NotificationRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Notification]) -> NotificationsPage:
        """From a page of notifications."""
        return cls(items=[NotificationRead.of(n) for n in page.items], next_cursor=page.next_cursor)


class AttemptRead(BaseModel):
    """One attempt of a delivery that talks to the outside world."""

    at: str
    outcome: Literal["sent", "temporary", "permanent", "unknown"]
    detail: str
    code: int | None = Field(description="the SMTP reply code or HTTP status, if answered")


class DeliveryRead(BaseModel):
    """One line of the delivery log: one notification on one channel."""

    notification_id: str
    recipient_id: str
    channel: str
    status: str = Field(description="in_app: delivered; others: pending, sending, sent or failed")
    detail: str | None
    attempts: int
    at: str = Field(description="the last change of status")
    address: str | None = None
    next_attempt_at: str | None = Field(
        default=None, description="when the next try is due (pending) or the claim ends (sending)"
    )
    history: list[AttemptRead] = Field(default_factory=list)
    event_type: str | None = Field(default=None, description="the consumed event's type")
    hold: str | None = Field(default=None, description="digest: waits for the daily digest")

    @classmethod
    def of(cls, d: Line) -> DeliveryRead:
        """From a delivery-log line (lines settled at once have no address, schedule or history)."""
        fields: dict[str, object] = {
            "notification_id": d.notification_id,
            "recipient_id": d.recipient_id,
            "channel": d.channel,
            "status": d.status,
            "detail": d.detail,
            "attempts": d.attempts,
            "at": iso(d.at),
            "event_type": getattr(d, "event_type", None),
        }
        if isinstance(d, Outbound):
            nxt = d.next_attempt_at
            fields["event_type"] = d.cause.event_type
            fields["hold"] = d.hold
            fields["address"] = d.address
            fields["next_attempt_at"] = iso(nxt) if nxt else None
            fields["history"] = [
                AttemptRead(at=iso(a.at), outcome=a.outcome, detail=a.detail, code=a.code)
                for a in d.history
            ]
        return cls.model_validate(fields)


class DeliveriesPage(BaseModel):
    """One page of the delivery log, latest change first."""

    items: list[DeliveryRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Line]) -> DeliveriesPage:
        """From a page of delivery-log lines."""
        return cls(items=[DeliveryRead.of(d) for d in page.items], next_cursor=page.next_cursor)


class UnreadCount(BaseModel):
    """How many of the caller's notifications are unread."""

    unread: int
