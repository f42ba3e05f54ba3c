"""Routing: whom each consumed event concerns, as audiences, named users and escalation targets.

The rules are code, one function per consumed type, listed with their type in `alerts.ALERTS`.
Rules an administrator configures (issue 13) would produce the same `Route`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.notifications import consumed
from services.notifications.domain.directory import IN_APP, Audience, Person


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


def ticket_opened(data: consumed.TicketOpened) -> Route:
    """The building's dispatchers, and the campus-wide dispatchers of its campus."""
    return Route(audiences=_dispatchers(data.building_id, data.campus_id))


def ticket_assigned(data: consumed.TicketAssigned) -> Route:
    """The assignee only; a team assignment without one names nobody, and nobody else is told."""
    return Route(direct=(data.assignee_id,) if data.assignee_id else (), fallback=False)


def ticket_resolved(data: consumed.TicketResolved) -> Route:
    """The requester only; an anonymous request (a phone call) tells nobody."""
    return Route(direct=(data.requester_id,) if data.requester_id else (), fallback=False)


def sla_breached(data: consumed.SlaBreached) -> Route:
    """Whom the breach escalates to, and the building's dispatchers."""
    return Route(targets=data.escalate_to, audiences=_dispatchers(data.building_id, data.campus_id))


def device_flagged(data: consumed.DeviceFlagged) -> Route:
    """The asset manager owns the device; the building's dispatcher opens the work on it."""
    return Route(
        audiences=(Audience("asset_manager", "building", data.building_id),)
        + _dispatchers(data.building_id)
    )


def canteen_managers(data: consumed.DeliveryRejected | consumed.StockExpiring) -> Route:
    """The managers of the canteen."""
    return Route(audiences=(Audience("canteen_manager", "canteen", data.canteen_id),))


def asset_damaged(data: consumed.AssetDamaged) -> Route:
    """The asset managers of the building."""
    return Route(audiences=(Audience("asset_manager", "building", data.building_id),))


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
