"""Resolving a routing plan against the directory: people, contacts and endpoints, each once.

The outcome says what the incident becomes: `routed` (someone the rules name has it),
`fallback` (nobody the rules name exists, so the logistics administrators have it), or
`undeliverable` (not even them), with the reason in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from services.notifications.domain import routing
from services.notifications.domain.alerts import alert, scopes
from services.notifications.domain.channels import (
    Contact,
    Reach,
    contact_reach,
    endpoint_reach,
    person_reach,
)
from services.notifications.domain.directory import FALLBACK_ROLE, target_audiences, whole
from services.notifications.domain.endpoints import Endpoint
from services.notifications.domain.incidents import Incident, State
from services.notifications.domain.routing import Need, Plan, Wanted, merge_channels, need_of
from services.notifications.domain.rules import DEFAULT_CHANNELS, Rule
from services.notifications.repository import directory as directory_repo
from services.notifications.repository import incidents as incidents_repo
from services.notifications.repository import rules as rules_repo
from shared.logging import get_logger
from shared.store import DocumentStore

log = get_logger(__name__)


@dataclass(frozen=True)
class Resolution:
    """Whom an event reaches, and what its incident becomes."""

    reaches: tuple[Reach, ...]
    state: State
    reason: str | None
    #: What the directory, the endpoints or the rules lack for the targets that found nobody.
    needs: tuple[Need, ...] = ()


def _describe(w: Wanted) -> str:
    t = w.target
    if t.audience is not None:
        a = t.audience
        role = a.role.removeprefix("duty:")
        return role if a.kind == "all" else f"{role} of {a.kind} {a.value}"
    if t.kind == "endpoints":
        return f"endpoints of {t.value} {', '.join(sorted(t.scope_values)) or '(any)'}"
    return f"{t.kind} {t.value}"


async def _people_of(store: DocumentStore, w: Wanted) -> list[str]:
    t = w.target
    if t.audience is not None:
        return await directory_repo.members(store, [t.audience])
    assert t.value is not None
    if t.kind == "person":
        return [t.value]
    if await directory_repo.exists(store, t.value):
        return [t.value]
    # An escalation target: a duty roster or a role by name.
    return await directory_repo.members(store, target_audiences(t.value))


async def _endpoints_of(store: DocumentStore, w: Wanted, cache: list[Endpoint]) -> list[Endpoint]:
    t = w.target
    if t.kind == "endpoint":
        e = next((e for e in cache if e.endpoint_id == t.value), None)
        return [e] if e is not None else []
    return [e for e in cache if e.serves(t.value or "all", set(t.scope_values))]


async def resolve(
    store: DocumentStore, plan: Plan, *, fresh_contacts: Mapping[str, Contact] | None = None
) -> Resolution:
    """The people, contacts and endpoints the plan reaches, with their channels merged."""
    allowed: dict[str, list[tuple[str, ...]]] = {}
    contacts: dict[str, Contact] = {}
    endpoints: dict[str, Endpoint] = {}
    missing: list[str] = [f"{rule_id}: {gap}" for rule_id, gap in plan.gaps]
    needs: list[Need] = [Need("rule", rule_id=r, detail=g) for r, g in plan.gaps]
    if not plan.rule_ids:
        needs.append(Need("rule", detail="no rule matches this event type"))
    cached: list[Endpoint] | None = None
    for w in plan.wanted:
        kind = w.target.kind
        if kind == "contact":
            key = w.target.value or ""
            contact = (fresh_contacts or {}).get(key) or await incidents_repo.load_contact(
                store, key
            )
            if contact is None:
                # A requester with an account is the usual case: no contact is no gap then.
                if "requester" not in w.target.scope_values:
                    missing.append(f"no contact remembered for {key}")
                    needs.append(need_of(w))
                continue
            rid = f"contact:{contact.key}"
            contacts[rid] = contact
            allowed.setdefault(rid, []).append(w.channels)
        elif kind in ("endpoint", "endpoints"):
            if cached is None:
                cached = await rules_repo.all_endpoints(store)
            found = await _endpoints_of(store, w, cached)
            if not found:
                missing.append(f"no {_describe(w)}")
                needs.append(need_of(w))
            for e in found:
                endpoints[e.recipient_id] = e
                allowed.setdefault(e.recipient_id, []).append(w.channels)
        else:
            found_ids = await _people_of(store, w)
            if not found_ids:
                missing.append(f"nobody is {_describe(w)} in the directory")
                needs.append(need_of(w))
            for user_id in found_ids:
                allowed.setdefault(user_id, []).append(w.channels)
    known = await directory_repo.people(
        store, [r for r in allowed if r not in contacts and r not in endpoints]
    )
    reaches: list[Reach] = []
    for rid, groups in allowed.items():
        channels = merge_channels(groups)
        if rid in contacts:
            reach = contact_reach(contacts[rid], channels)
        elif rid in endpoints:
            reach = endpoint_reach(endpoints[rid], channels)
        else:
            person = known.get(rid)
            if person is not None and not person.active:
                continue
            reach = person_reach(rid, person, channels)
        if reach is not None:
            reaches.append(reach)
    reason = "; ".join(dict.fromkeys(missing)) or None
    if reaches:
        return Resolution(tuple(reaches), "routed", reason, tuple(needs))
    if not plan.fallback:
        # The rules say who, and there is nobody (a phone request without a requester): by
        # design nobody is told, so nothing waits for a directory change either.
        why = reason or "nobody to tell; the rules do not fall back"
        return Resolution((), "routed", why, tuple(needs))
    if plan.fallback:
        admins = await directory_repo.members(store, [whole(FALLBACK_ROLE)])
        people = await directory_repo.people(store, admins)
        channels = DEFAULT_CHANNELS[plan.severity]
        fallback = tuple(person_reach(a, people.get(a), channels) for a in admins)
        if fallback:
            log.warning("notification.fallback", reason=reason, recipients=len(fallback))
            return Resolution(fallback, "fallback", reason or "no rule names anyone", tuple(needs))
        reason = f"{reason or 'no rule names anyone'}; no {FALLBACK_ROLE} to fall back to"
        needs.append(Need("fallback", role=FALLBACK_ROLE))
    return Resolution((), "undeliverable", reason or "no rule names anyone", tuple(needs))


@dataclass(frozen=True)
class Routed:
    """A plan and what it resolved to."""

    plan: Plan
    found: Resolution


async def route_again(store: DocumentStore, incident: Incident, rules: list[Rule]) -> Routed:
    """An incident's event planned by today's rules and resolved against today's directory
    (reads only: re-routing stages what it finds; the incidents page shows what is missing)."""
    kind = alert(incident.event_type)
    data = kind.model.model_validate(incident.data)
    key = kind.contact_key(data) if kind.contact_key else None
    where = scopes(data)
    plan = routing.plan(incident.event_type, data, rules, where, contact_key=key)
    found = await resolve(store, plan)
    # A rule that is off but would match is the likeliest fix of all: name it.
    off = [
        Need("rule_off", rule_id=r.rule_id)
        for r in rules
        if not r.spec.enabled
        and r.spec.model_copy(update={"enabled": True}).matches(incident.event_type, where)
    ]
    return Routed(plan, replace(found, needs=(*found.needs, *off)) if off else found)
