"""Routing rules: an event type pattern and a scope → recipients, channel per severity, template.

The defaults are a file (`deploy/notifications/rules.toml`) loaded into the store at start;
administrators change them over the API (`PUT /routing-rules/{rule_id}`), and every change is an
event. Every enabled rule whose pattern and scope match a consumed event contributes its
recipients; a person reached by two rules is told once, on the channels either allows.

A recipient names one of:
- `role` `in` a scope kind of the event (`canteen_manager` in `canteen`: the managers of the
  event's canteen; `in = "all"`: every holder of the role);
- `person`: a user id; `duty`: a duty roster (`logistics-duty-officer`);
- `named`: the person the event names (`requester`, `borrower`, `custodian`, `assignee`, the
  `escalate_to` of an SLA breach, or `contact`: someone without an account who left an e-mail
  address or a phone number with a QR request);
- `endpoint`: one webhook or robot by id; `endpoints`: the endpoints registered for the event's
  scope (`canteen`: the canteen's WeCom group robot).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.notifications.domain.directory import ENDPOINT_KINDS, PERSON_CHANNELS
from services.notifications.domain.schedule import SEVERITIES, Severity
from services.notifications.events import RuleChanged
from shared.aggregate import Aggregate
from shared.auth import Role
from shared.types import line

ScopeKind = Literal["campus", "building", "canteen"]
Pattern = Annotated[str, Field(min_length=3, max_length=200, pattern=r"^[a-z0-9_.*?]+$")]
Name = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")]
NAMED = ("requester", "borrower", "custodian", "assignee", "escalate_to", "contact")
CHANNELS = (*PERSON_CHANNELS, *ENDPOINT_KINDS)
Channel = Literal["in_app", "email", "sms", "webhook", "wecom", "dingtalk", "feishu"]
#: Without a `channels` table: in-app always, e-mail unless low, SMS and robots when critical.
DEFAULT_CHANNELS: dict[Severity, tuple[str, ...]] = {
    "info": ("in_app", "email", "webhook"),
    "warning": ("in_app", "email", "webhook", "wecom", "dingtalk", "feishu"),
    "critical": CHANNELS,
}


class Recipient(BaseModel):
    """Whom a rule reaches: exactly one of role (with `in`), person, duty, named, endpoint(s)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    role: Role | None = None
    in_: Literal["all", "campus", "building", "canteen"] = Field(default="all", alias="in")
    person: Name | None = None
    duty: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,64}$")] | None = None
    named: Literal[NAMED] | None = None  # type: ignore[valid-type]
    endpoint: Name | None = None
    endpoints: Literal["all", "campus", "building", "canteen"] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Recipient:
        given = [
            k
            for k in ("role", "person", "duty", "named", "endpoint", "endpoints")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a recipient names exactly one of role, person, duty, named, endpoint, "
                f"endpoints (got {', '.join(given) or 'none'})"
            )
        return self

    def describe(self) -> str:
        """One phrase for the rule list ("canteen_manager of the canteen")."""
        if self.role is not None:
            return self.role.value if self.in_ == "all" else f"{self.role.value} of the {self.in_}"
        if self.person is not None:
            return f"person {self.person}"
        if self.duty is not None:
            return f"duty roster {self.duty}"
        if self.named is not None:
            return f"the {self.named} the event names"
        if self.endpoint is not None:
            return f"endpoint {self.endpoint}"
        return f"endpoints of the {self.endpoints}"


class RuleSpec(BaseModel):
    """A rule as written in the file or PUT over the API (unknown keys refused)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    events: list[Pattern] = Field(min_length=1, max_length=50)
    scope: dict[ScopeKind, list[Name]] = Field(default_factory=dict)
    recipients: list[Recipient] = Field(min_length=1, max_length=20)
    channels: dict[Severity, list[Channel]] = Field(default_factory=dict)
    #: Overrides the type's own severity (alerts.py) for events this rule matches.
    severity: Severity | None = None
    #: Template name used instead of the event type's (`templates/<name>.<lang>.j2`).
    template: Annotated[str, Field(pattern=r"^[a-z0-9_.-]{1,120}$")] | None = None
    #: A critical alert nobody acknowledges in this time is escalated, once, to `escalate_to`.
    escalate_after_minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60)
    escalate_to: list[Recipient] = Field(default_factory=list, max_length=20)
    #: Nobody found: tell the logistics administrators (the incident stays open for re-routing).
    fallback: bool = True
    enabled: bool = True
    description: line(200) | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _escalation_complete(self) -> RuleSpec:
        if (self.escalate_after_minutes is None) != (not self.escalate_to):
            raise ValueError("escalate_after_minutes and escalate_to are given together")
        for severity, names in self.channels.items():
            if "in_app" not in names:
                raise ValueError(f"channels.{severity}: in_app is always on")
        return self

    def allowed(self, severity: Severity) -> tuple[str, ...]:
        """The channels this rule uses for an event of `severity`."""
        names = self.channels.get(severity)
        return tuple(names) if names is not None else DEFAULT_CHANNELS[severity]

    def matches(self, event_type: str, scopes: Mapping[str, set[str]]) -> bool:
        """Whether the rule applies: a pattern matches the type, and the event is in scope."""
        if not self.enabled:
            return False
        if not any(fnmatch.fnmatchcase(event_type, p) for p in self.events):
            return False
        return all(set(values) & scopes.get(kind, set()) for kind, values in self.scope.items())


@dataclass(frozen=True)
class Rule(Aggregate):
    """A stored rule; `origin` says whether the file or an administrator last wrote it."""

    rule_id: str
    spec: RuleSpec
    origin: Literal["file", "api"]
    updated_at: datetime | None = None
    updated_by: str | None = None
    version: int | None = field(default=None, compare=False)

    def saved(self, spec: RuleSpec, *, origin: str, at: datetime, by: str) -> Rule:
        """The rule with new content, recording the change (who, from where)."""
        changed = replace(
            self,
            spec=spec,
            origin=origin,
            updated_at=at,
            updated_by=by,  # type: ignore[arg-type]
        )
        changed.record(
            RuleChanged(rule_id=self.rule_id, origin=origin, change="saved", **dump(spec))
        )
        return changed

    def deleted(self, *, by: str) -> Rule:
        """Record that the rule is removed (the repository deletes the document)."""
        self.record(
            RuleChanged(rule_id=self.rule_id, origin="api", change="deleted", **dump(self.spec))
        )
        return self


def dump(spec: RuleSpec) -> dict[str, object]:
    """The fields of a rule as its change event carries them."""
    return {
        "events": list(spec.events),
        "enabled": spec.enabled,
        "rule": spec.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def highest(severities: list[Severity]) -> Severity:
    """The most severe of several."""
    return max(severities, key=SEVERITIES.index)
