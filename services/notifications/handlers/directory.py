"""Use cases of the people directory, and the routing rules it is read by."""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.notifications.domain import access
from services.notifications.domain.alerts import ALERTS, Alert
from services.notifications.domain.directory import Person
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import directory as repo
from shared.auth import Principal, Role
from shared.errors import NotFound
from shared.logging import get_logger
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


@dataclass(frozen=True)
class Saved:
    """A directory entry as stored, and whether the save created or changed it."""

    person: Person
    created: bool
    changed: bool


async def save_person(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, person: Person
) -> Saved:
    """Create or replace a directory entry and its audience keys; an unchanged one is kept."""
    access.require_directory_admin(who)
    existing = await repo.load(uow.store, person.user_id)
    if existing is not None and existing == person:
        return Saved(existing, created=False, changed=False)
    stamped = replace(person, updated_at=ctx.now(), version=existing.version if existing else None)
    await repo.stage(uow, stamped)
    await uow.commit()
    log.info("person.saved", user_id=person.user_id, created=existing is None)
    saved = replace(stamped, version=(stamped.version or 0) + 1)
    return Saved(saved, created=existing is None, changed=True)


async def get_person(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, user_id: str
) -> Person:
    """One directory entry."""
    access.require_directory_reader(who)
    person = await repo.load(uow.store, user_id)
    if person is None:
        raise NotFound(f"no person {user_id} in the directory")
    return person


async def list_people(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    role: Role | None = None,
    limit: int,
    cursor: str | None = None,
) -> Paged[Person]:
    """The directory by user id; with `role`, the active holders of that role."""
    access.require_directory_reader(who)
    if role is None:
        return await repo.page(uow.store, limit=limit, after=cursor)
    return await repo.holders(uow.store, role.value, limit=limit, after=cursor)


async def routing_rules(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /
) -> dict[str, Alert]:
    """Which event type reaches whom: readable by anyone signed in."""
    return dict(ALERTS)
