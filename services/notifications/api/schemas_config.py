"""Schemas of the configuration API: rules, endpoints, templates, incidents, one's settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

from services.notifications.domain.directory import ENDPOINT_KINDS, PHONE_PATTERN, QuietHours
from services.notifications.domain.endpoints import Endpoint, fingerprint
from services.notifications.domain.incidents import Incident
from services.notifications.domain.routing import Need
from services.notifications.domain.rules import Rule, RuleSpec
from shared.api import Input
from shared.clock import iso
from shared.store import Paged
from shared.types import line, text

ScopeId = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
HHMM = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class RuleRead(BaseModel):
    """A routing rule as stored: its content, where it came from, who last changed it."""

    rule_id: str
    rule: dict[str, Any] = Field(description="events, scope, recipients, channels, escalation…")
    recipients: str = Field(description="whom it reaches, in words")
    origin: Literal["file", "api"]
    updated_at: str
    updated_by: str | None

    @classmethod
    def of(cls, r: Rule) -> RuleRead:
        """From a stored rule."""
        assert r.updated_at is not None
        return cls(
            rule_id=r.rule_id,
            rule=r.spec.model_dump(mode="json", by_alias=True, exclude_none=True),
            recipients="; ".join(x.describe() for x in r.spec.recipients),
            origin=r.origin,
            updated_at=iso(r.updated_at),
            updated_by=r.updated_by,
        )


class RuleIn(RuleSpec):
    """A rule as PUT (the same fields as the rules file; unknown keys refused)."""


class Scopes(Input):
    """The scopes an endpoint serves."""

    campus: list[ScopeId] = Field(default_factory=list, max_length=100)
    building: list[ScopeId] = Field(default_factory=list, max_length=500)
    canteen: list[ScopeId] = Field(default_factory=list, max_length=100)


class EndpointIn(Input):
    """A webhook or group robot. Omit `secret` to keep the stored one."""

    kind: Literal[ENDPOINT_KINDS]  # type: ignore[valid-type]
    name: line(100)  # type: ignore[valid-type]
    url: HttpUrl | None = Field(
        default=None,
        description="https:// in production; the robot's webhook address. Omit it to keep the "
        "stored one (reads never show its query: a robot's key is its credential)",
    )
    secret: Annotated[str, Field(min_length=8, max_length=200)] | None = Field(
        default=None, description="webhook HMAC key, DingTalk SEC…, Feishu signing secret"
    )
    scopes: Scopes = Field(default_factory=Scopes)
    language: Literal["zh-CN", "en"] = "zh-CN"
    active: bool = True

    @model_validator(mode="after")
    def _url_fits(self) -> EndpointIn:
        if self.url is not None and len(str(self.url)) > 2000:
            raise ValueError("url is too long")
        return self

    def to_endpoint(self, endpoint_id: str) -> Endpoint:
        """The domain endpoint (an empty url when omitted: the handler keeps the stored one)."""
        return Endpoint(
            endpoint_id=endpoint_id,
            kind=self.kind,
            url=str(self.url) if self.url is not None else "",
            secret=self.secret,
            name=self.name,
            scopes={k: frozenset(v) for k, v in self.scopes.model_dump().items() if v},
            language=self.language,
            active=self.active,
        )


class EndpointRead(BaseModel):
    """An endpoint; the secret is never shown, only whether there is one and its fingerprint."""

    endpoint_id: str
    kind: str
    name: str
    url: str
    scopes: dict[str, list[str]]
    language: str
    active: bool
    has_secret: bool
    secret_fingerprint: str | None
    updated_at: str

    @classmethod
    def of(cls, e: Endpoint) -> EndpointRead:
        """From a stored endpoint."""
        assert e.updated_at is not None
        return cls(
            endpoint_id=e.endpoint_id,
            kind=e.kind,
            name=e.name,
            url=e.url.split("?")[0] + ("?…" if "?" in e.url else ""),
            scopes={k: sorted(v) for k, v in sorted(e.scopes.items()) if v},
            language=e.language,
            active=e.active,
            has_secret=e.secret is not None,
            secret_fingerprint=fingerprint(e.secret),
            updated_at=iso(e.updated_at),
        )


class TemplateIn(Input):
    """A template's new source (Jinja2, with `title` and `body` blocks)."""

    source: text(20_000)  # type: ignore[valid-type]


class TemplateRead(BaseModel):
    """A template in force, where it comes from, and the file it overrides."""

    name: str
    origin: Literal["file", "override"]
    source: str | None = None
    file_source: str | None = None


class TemplatePreview(BaseModel):
    """What a template would say for the newest event of its type (nothing is saved)."""

    name: str
    event_type: str
    language: str
    channel: str | None
    title: str | None = Field(description="null when the template fails (see error)")
    body: str | None
    error: str | None = Field(description="why it does not compile or render")
    sample: Literal["event", "placeholders"] = Field(
        description="event: the newest event of the type; placeholders: none received yet"
    )
    sample_event_id: str | None


class PreferencesIn(Input):
    """One's own settings: channels, quiet hours (campus time), digest, language, phone."""

    channels: list[Literal["in_app", "email", "sms"]] = Field(min_length=1, max_length=3)
    quiet_hours_start: HHMM | None = None
    quiet_hours_end: HHMM | None = None
    digest: bool = False
    language: Literal["zh-CN", "en"] = "zh-CN"
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)

    @model_validator(mode="after")
    def _consistent(self) -> PreferencesIn:
        if "in_app" not in self.channels:
            raise ValueError("in_app is always on: every notification lands in the inbox")
        if (self.quiet_hours_start is None) != (self.quiet_hours_end is None):
            raise ValueError("quiet_hours_start and quiet_hours_end are given together")
        if self.quiet_hours_start is not None and self.quiet_hours_start == self.quiet_hours_end:
            raise ValueError("quiet hours must not start and end at the same time")
        return self

    def quiet(self) -> QuietHours | None:
        """The window, or None."""
        if self.quiet_hours_start is None or self.quiet_hours_end is None:
            return None
        return QuietHours(
            time.fromisoformat(self.quiet_hours_start), time.fromisoformat(self.quiet_hours_end)
        )


class NeedRead(BaseModel):
    """What would let an open incident reach someone (see `kind`)."""

    kind: Literal["person", "endpoint", "contact", "rule", "rule_off", "fallback"] = Field(
        description="person: someone with `role` (or on `duty`) in `scope_kind` `scope`, or the "
        "user `person`, in the directory; endpoint: an endpoint for the scope, or `endpoint`; "
        "contact: a remembered contact; rule: a rule naming someone this event can reach "
        "(`detail` says why it does not); rule_off: the rule `rule_id`, turned off, would "
        "match; fallback: a logistics administrator"
    )
    rule_id: str | None = None
    role: str | None = None
    duty: str | None = None
    scope_kind: str | None = None
    scope: str | None = None
    person: str | None = None
    endpoint: str | None = None
    detail: str | None = None

    @classmethod
    def of(cls, n: Need) -> NeedRead:
        """From the domain's need."""
        return cls.model_validate(asdict(n))


class IncidentRead(BaseModel):
    """A consumed event and what became of it."""

    source_event_id: str
    event_type: str
    subject: str | None
    correlation_id: str
    time: str
    severity: str
    state: Literal["routed", "fallback", "undeliverable"]
    reason: str | None
    recipients: list[str]
    escalate_at: str | None
    acknowledged_by: str | None
    acknowledged_at: str | None
    escalated_at: str | None
    needs: list[NeedRead] = Field(
        default_factory=list, description="open incidents: what would let it reach someone now"
    )

    @classmethod
    def of(cls, i: Incident, needs: tuple[Need, ...] = ()) -> IncidentRead:
        """From a stored incident."""

        def t(v):
            return iso(v) if v else None

        return cls(
            source_event_id=i.event_id,
            event_type=i.event_type,
            subject=i.subject,
            correlation_id=i.correlation_id,
            time=iso(i.time),
            severity=i.severity,
            state=i.state,
            reason=i.reason,
            recipients=list(i.recipients),
            escalate_at=t(i.escalate_at),
            acknowledged_by=i.acknowledged_by,
            acknowledged_at=t(i.acknowledged_at),
            escalated_at=t(i.escalated_at),
            needs=[NeedRead.of(n) for n in needs],
        )


class IncidentsPage(BaseModel):
    """One page of incidents, newest first."""

    items: list[IncidentRead]
    next_cursor: str | None

    @classmethod
    def of(
        cls, page: Paged[Incident], needs: Mapping[str, tuple[Need, ...]] | None = None
    ) -> IncidentsPage:
        """From a page of incidents and what the open ones need."""
        needs = needs or {}
        items = [IncidentRead.of(i, needs.get(i.event_id, ())) for i in page.items]
        return cls(items=items, next_cursor=page.next_cursor)
