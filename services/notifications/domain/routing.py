"""Routing: the rules that match an event, turned into targets the handler resolves. Pure.

`plan` reads the matching rules once: the severity (the type's own, or the highest a rule sets),
the template, each recipient spec made concrete for this event (the canteen manager *of south*),
the channels each allows for that severity, and the escalation of a critical alert. Resolving
targets to people needs the directory, which `handlers/recipients.py` reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.notifications.domain.alerts import alert, named
from services.notifications.domain.directory import IN_APP, Audience, duty_role, whole
from services.notifications.domain.rules import Recipient, Rule, highest
from services.notifications.domain.schedule import Severity
from shared.envelope import EventData


@dataclass(frozen=True)
class Target:
    """Something that resolves to recipients: an audience, a user id, an escalation target, a
    remembered contact, or endpoints."""

    kind: str  # audience | person | target | contact | endpoint | endpoints
    audience: Audience | None = None
    value: str | None = None
    scope_values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Wanted:
    """A target and the channels its rule allows for this event's severity."""

    target: Target
    channels: tuple[str, ...]
    rule_id: str


@dataclass(frozen=True)
class Need:
    """What would let an open incident reach someone: who or what the directory, the endpoints
    or the rules lack (shown beside an undeliverable incident)."""

    #: person: someone with `role` in `scope_kind` `scope` (or the user `person`) in the
    #: directory; endpoint: an endpoint for that scope (or `endpoint`); contact: a remembered
    #: contact; rule: a rule that names someone this event can reach (`detail` says why not);
    #: rule_off: the rule `rule_id`, which is off, would match; fallback: a logistics
    #: administrator, who hears what finds nobody.
    kind: str
    rule_id: str | None = None
    role: str | None = None
    duty: str | None = None
    scope_kind: str | None = None
    scope: str | None = None
    person: str | None = None
    endpoint: str | None = None
    detail: str | None = None


def need_of(w: Wanted) -> Need:
    """The need of a wanted target that found nobody."""
    t = w.target
    if t.audience is not None:
        a = t.audience
        duty = a.role.removeprefix("duty:") if a.role.startswith("duty:") else None
        return Need(
            "person",
            rule_id=w.rule_id,
            role=None if duty else a.role,
            duty=duty,
            scope_kind=None if a.kind == "all" else a.kind,
            scope=None if a.kind == "all" else a.value,
        )
    if t.kind == "endpoints":
        values = ", ".join(sorted(t.scope_values)) or None
        kind = None if t.value == "all" else t.value
        return Need("endpoint", rule_id=w.rule_id, scope_kind=kind, scope=values)
    if t.kind == "endpoint":
        return Need("endpoint", rule_id=w.rule_id, endpoint=t.value)
    if t.kind == "contact":
        return Need("contact", rule_id=w.rule_id, detail=t.value)
    return Need("person", rule_id=w.rule_id, person=t.value)


@dataclass(frozen=True)
class Plan:
    """What the matching rules ask for one event."""

    severity: Severity
    template: str
    wanted: tuple[Wanted, ...]
    rule_ids: tuple[str, ...]
    fallback: bool
    #: (rule id, why) a spec found nothing to look for (the event names no requester, no canteen).
    gaps: tuple[tuple[str, str], ...] = ()
    escalate_after_minutes: int | None = None
    escalate_to: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def targets_of(
    spec: Recipient,
    *,
    event_type: str,
    data: EventData,
    scopes: Mapping[str, set[str]],
    contact_key: str | None,
) -> tuple[list[Target], str | None]:
    """The targets one recipient spec names for this event, or the gap that leaves it empty."""
    if spec.role is not None:
        if spec.in_ == "all":
            return [Target("audience", whole(spec.role.value))], None
        values = scopes.get(spec.in_, set())
        if not values:
            return [], f"the event names no {spec.in_} for {spec.role.value}"
        return [
            Target("audience", Audience(spec.role.value, spec.in_, v)) for v in sorted(values)
        ], None
    if spec.person is not None:
        return [Target("person", value=spec.person)], None
    if spec.duty is not None:
        return [Target("audience", whole(duty_role(spec.duty)))], None
    if spec.endpoint is not None:
        return [Target("endpoint", value=spec.endpoint)], None
    if spec.endpoints is not None:
        values = (
            frozenset(scopes.get(spec.endpoints, set())) if spec.endpoints != "all" else frozenset()
        )
        if spec.endpoints != "all" and not values:
            return [], f"the event names no {spec.endpoints} for its endpoints"
        return [Target("endpoints", value=spec.endpoints, scope_values=values)], None
    assert spec.named is not None
    if spec.named == "contact":
        if contact_key is None:
            return [], "the event cannot name a contact"
        return [Target("contact", value=contact_key)], None
    people = named(event_type, data).get(spec.named, ())
    kind = "target" if spec.named == "escalate_to" else "person"
    found = [Target(kind, value=p) for p in people]
    if spec.named == "requester" and contact_key is not None:
        # A requester without an account left a contact instead: tell it what a requester hears.
        found.append(Target("contact", value=contact_key, scope_values=frozenset({"requester"})))
    return found, None if found else f"the event names no {spec.named}"


def plan(
    event_type: str,
    data: EventData,
    rules: Sequence[Rule],
    scopes: Mapping[str, set[str]],
    contact_key: str | None = None,
) -> Plan:
    """The severity, targets, channels and escalation the matching rules ask for."""
    kind = alert(event_type)
    matching = [r for r in rules if r.spec.matches(event_type, scopes)]
    severity = highest(
        [kind.severity_of(data), *(r.spec.severity for r in matching if r.spec.severity)]
    )
    wanted: list[Wanted] = []
    gaps: list[tuple[str, str]] = []
    escalate_after: list[int] = []
    escalate_to: list[dict[str, Any]] = []
    for rule in matching:
        allowed = rule.spec.allowed(severity)
        for spec in rule.spec.recipients:
            found, gap = targets_of(
                spec, event_type=event_type, data=data, scopes=scopes, contact_key=contact_key
            )
            wanted.extend(Wanted(t, allowed, rule.rule_id) for t in found)
            if gap:
                gaps.append((rule.rule_id, gap))
        if severity == "critical" and rule.spec.escalate_after_minutes is not None:
            escalate_after.append(rule.spec.escalate_after_minutes)
            escalate_to.extend(
                s.model_dump(mode="json", by_alias=True, exclude_none=True)
                for s in rule.spec.escalate_to
            )
    template = next((r.spec.template for r in matching if r.spec.template), None) or event_type
    return Plan(
        severity=severity,
        template=template,
        wanted=tuple(wanted),
        rule_ids=tuple(r.rule_id for r in matching),
        # Without any matching rule nobody is named: administrators hear of it.
        fallback=not matching or any(r.spec.fallback for r in matching),
        gaps=tuple(gaps),
        escalate_after_minutes=min(escalate_after) if escalate_after else None,
        escalate_to=tuple(escalate_to),
    )


def merge_channels(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The channels any of several rules allow, in-app first."""
    merged: dict[str, None] = {IN_APP: None}
    for g in groups:
        merged.update(dict.fromkeys(g))
    return tuple(merged)
