"""Who hears about what: the people directory, routing rules and notifications. Pure, no I/O.

A person reaches notifications through *audience keys*: (role, scope kind, scope value) triples
derived from their roles and scopes. A routing rule names the audiences an event concerns (the
dispatchers of building B03, the manager of canteen "north") and any directly named users (the
assignee, the requester); the handler resolves the audiences through the stored keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from services.notifications import consumed
from services.notifications.templates import Message, render
from shared.auth import Role
from shared.envelope import EventData

#: Scope kinds a directory entry may carry (as in the tokens).
SCOPE_KINDS = ("campus", "building", "canteen")
#: The in-app inbox: every notification lands there, whatever other channels a person has.
IN_APP = "in_app"
#: Role that receives an event nobody in scope would otherwise hear about.
FALLBACK_ROLE = "logistics_admin"
ROLES = frozenset(r.value for r in Role)
_NOTIFICATION_NS = uuid.UUID("6f1c6a55-3c1e-4f0e-9a5e-8d1c0b7a2e41")


class Audience(NamedTuple):
    """Everyone holding `role` with `value` in their `kind` scope ("all"/"*": the whole role)."""

    role: str
    kind: str
    value: str


@dataclass(frozen=True)
class Person:
    """An entry of the people directory; `user_id` is the `sub` of the person's tokens."""

    user_id: str
    name: str
    roles: frozenset[str]
    scopes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    email: str | None = None
    channels: tuple[str, ...] = (IN_APP,)
    active: bool = True
    #: Duty rosters the person is on (e.g. `logistics-duty-officer`), named by escalation rules.
    duties: frozenset[str] = frozenset()


def audience_keys(person: Person) -> set[Audience]:
    """The audiences a person belongs to; an inactive person belongs to none.

    A building scope narrows a role to those buildings; only a person with no building scope
    hears about a whole campus (a campus-wide dispatcher), so building-scoped staff are not
    told about every building of their campus.
    """
    if not person.active:
        return set()
    keys: set[Audience] = set()
    buildings = person.scopes.get("building", frozenset())
    keys.update(Audience(duty_role(d), "all", "*") for d in person.duties)
    for role in person.roles:
        keys.add(Audience(role, "all", "*"))
        keys.update(Audience(role, "building", b) for b in buildings)
        keys.update(Audience(role, "canteen", c) for c in person.scopes.get("canteen", ()))
        if not buildings:
            keys.update(Audience(role, "campus", c) for c in person.scopes.get("campus", ()))
    return keys


def duty_role(duty: str) -> str:
    """The audience role of a duty roster (kept apart from token roles by its prefix)."""
    return f"duty:{duty}"


def target_audiences(target: str) -> tuple[Audience, ...]:
    """What an escalation target may name besides a person: a duty roster, or a role."""
    found = (Audience(duty_role(target), "all", "*"),)
    role = target.replace("-", "_")
    if role in ROLES:
        found += (Audience(role, "all", "*"),)
    return found


@dataclass(frozen=True)
class Route:
    """Who an event concerns; `fallback` when nobody is found.

    `direct` are user ids; `targets` are escalation targets, each a user id in the directory,
    a duty roster or a role name, resolved by the handler (one that names nobody falls back).
    """

    direct: tuple[str, ...] = ()
    audiences: tuple[Audience, ...] = ()
    targets: tuple[str, ...] = ()
    fallback: bool = True


def _dispatchers(building_id: str, campus_id: str | None = None) -> tuple[Audience, ...]:
    found = (Audience("dispatcher", "building", building_id),)
    if campus_id is not None:
        found += (Audience("dispatcher", "campus", campus_id),)
    return found


def _ticket_opened(data: consumed.TicketOpened) -> Route:
    return Route(audiences=_dispatchers(data.building_id, data.campus_id))


def _ticket_assigned(data: consumed.TicketAssigned) -> Route:
    return Route(direct=(data.assignee_id,) if data.assignee_id else (), fallback=False)


def _ticket_resolved(data: consumed.TicketResolved) -> Route:
    return Route(direct=(data.requester_id,) if data.requester_id else (), fallback=False)


def _sla_breached(data: consumed.SlaBreached) -> Route:
    return Route(targets=data.escalate_to, audiences=_dispatchers(data.building_id, data.campus_id))


def _device_flagged(data: consumed.DeviceFlagged) -> Route:
    # The asset manager owns the device; the building's dispatcher opens the work on it.
    return Route(
        audiences=(Audience("asset_manager", "building", data.building_id),)
        + _dispatchers(data.building_id)
    )


def _canteen_managers(data: consumed.DeliveryRejected | consumed.StockExpiring) -> Route:
    return Route(audiences=(Audience("canteen_manager", "canteen", data.canteen_id),))


def _asset_managers(data: consumed.AssetDamaged) -> Route:
    return Route(audiences=(Audience("asset_manager", "building", data.building_id),))


@dataclass(frozen=True)
class Rule:
    """One routing rule: the consumed model, who it concerns, and a one-line description."""

    model: type[EventData]
    route: Callable[[Any], Route]
    describes: str


RULES: dict[str, Rule] = {
    "maintenance.ticket.opened.v1": Rule(
        consumed.TicketOpened,
        _ticket_opened,
        "dispatchers of the building (campus-wide dispatchers of the campus)",
    ),
    "maintenance.ticket.assigned.v1": Rule(
        consumed.TicketAssigned, _ticket_assigned, "the assignee"
    ),
    "maintenance.ticket.resolved.v1": Rule(
        consumed.TicketResolved, _ticket_resolved, "the requester"
    ),
    "maintenance.ticket.sla_breached.v1": Rule(
        consumed.SlaBreached,
        _sla_breached,
        "escalate_to (a person, duty roster or role) and the dispatchers of the building",
    ),
    "maintenance.device.flagged.v1": Rule(
        consumed.DeviceFlagged,
        _device_flagged,
        "asset managers and dispatchers of the building",
    ),
    "canteen.delivery.rejected.v1": Rule(
        consumed.DeliveryRejected,
        _canteen_managers,
        "canteen managers of the canteen",
    ),
    "canteen.stock.expiring.v1": Rule(
        consumed.StockExpiring,
        _canteen_managers,
        "canteen managers of the canteen",
    ),
    "assets.asset.damaged.v1": Rule(
        consumed.AssetDamaged,
        _asset_managers,
        "asset managers of the building",
    ),
}


def route(event_type: str, data: EventData) -> Route:
    """The route of an event; KeyError for a type without a rule."""
    return RULES[event_type].route(data)


@dataclass(frozen=True)
class Notification:
    """One in-app notification for one recipient, caused by one event."""

    notification_id: str
    recipient_id: str
    event_type: str
    source_event_id: str
    correlation_id: str
    subject: str | None
    message: Message
    created_at: datetime
    channels: tuple[str, ...]


def notification_id(source_event_id: str, recipient_id: str) -> str:
    """The same id for the same (event, recipient), however often the event arrives."""
    return str(uuid.uuid5(_NOTIFICATION_NS, f"{source_event_id}|{recipient_id}"))


def recipients(
    found: Iterable[str], known: Mapping[str, Person]
) -> list[tuple[str, tuple[str, ...]]]:
    """Each recipient once, in order, with their channels; inactive people are left out.

    A user id missing from the directory (a student who filed a repair request) still gets
    the in-app notification: their inbox is keyed by the id their token carries.
    """
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for user_id in found:
        if user_id in seen:
            continue
        seen.add(user_id)
        person = known.get(user_id)
        if person is None:
            out.append((user_id, (IN_APP,)))
        elif person.active:
            out.append((user_id, person.channels))
    return out


def plan(
    *,
    event_type: str,
    event_id: str,
    correlation_id: str,
    subject: str | None,
    data: EventData,
    to: list[tuple[str, tuple[str, ...]]],
    now: datetime,
) -> list[Notification]:
    """One notification per recipient, with the message rendered in zh-CN and English."""
    message = render(event_type, data)
    return [
        Notification(
            notification_id=notification_id(event_id, user_id),
            recipient_id=user_id,
            event_type=event_type,
            source_event_id=event_id,
            correlation_id=correlation_id,
            subject=subject,
            message=message,
            created_at=now,
            channels=channels,
        )
        for user_id, channels in to
    ]
