"""Use cases of the people directory, and the routing rules it is read by."""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.notifications.domain import access
from services.notifications.domain.directory import EMAIL, SMS, Person, QuietHours
from services.notifications.events import DirectoryRead, PersonSaved
from services.notifications.handlers.context import NotificationsContext
from services.notifications.repository import directory as repo
from services.notifications.repository.directory import quiet_text
from shared.auth import Principal, Role
from shared.errors import Invalid, NotFound
from shared.logging import get_logger
from shared.personal_data import record_read
from shared.store import Paged
from shared.uow import UnitOfWork

log = get_logger(__name__)


@dataclass(frozen=True)
class Saved:
    """A directory entry as stored, and whether the save created or changed it."""

    person: Person
    created: bool
    changed: bool


def _saved_event(person: Person, change: str) -> PersonSaved:
    return PersonSaved(
        user_id=person.user_id,
        change=change,
        roles=sorted(person.roles),
        scopes={k: sorted(v) for k, v in sorted(person.scopes.items()) if v},
        channels=list(person.channels),
        active=person.active,
        duties=sorted(person.duties),
        has_email=person.email is not None,
        has_phone=person.phone is not None,
        quiet_hours=quiet_text(person.quiet_hours),
        digest=person.digest,
        language=person.language,
    )


async def _store(
    uow: UnitOfWork, ctx: NotificationsContext, person: Person, existing: Person | None, change: str
) -> Saved:
    stamped = replace(person, updated_at=ctx.now(), version=existing.version if existing else None)
    await repo.stage(uow, stamped)
    uow.emit(_saved_event(stamped, change), subject=person.user_id)
    await uow.commit()
    log.info("person.saved", user_id=person.user_id, change=change)
    saved = replace(stamped, version=(stamped.version or 0) + 1)
    return Saved(saved, created=existing is None, changed=True)


async def save_person(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    person: Person,
    *,
    given: frozenset[str] = frozenset({"phone", "language"}),
) -> Saved:
    """Create or replace a directory entry and its audience keys; an unchanged one is kept.

    The person's own settings (quiet hours, digest, language, phone) are kept unless the
    administrator's entry sets them; the change is published, and open incidents are routed
    again by the reroute loop (a new canteen manager hears of what waited for one).
    """
    access.require_directory_admin(who)
    existing = await repo.load(uow.store, person.user_id)
    if existing is not None:
        # Quiet hours and the digest are the person's own; phone and language unless given.
        person = replace(
            person,
            quiet_hours=existing.quiet_hours,
            digest=existing.digest,
            phone=person.phone if "phone" in given else existing.phone,
            language=person.language if "language" in given else existing.language,
        )
    if existing is not None and existing == person:
        return Saved(existing, created=False, changed=False)
    return await _store(uow, ctx, person, existing, "created" if existing is None else "saved")


async def save_preferences(
    uow: UnitOfWork,
    ctx: NotificationsContext,
    who: Principal,
    /,
    *,
    channels: tuple[str, ...],
    quiet_hours: QuietHours | None,
    digest: bool,
    language: str,
    phone: str | None,
) -> Saved:
    """The caller's own channels, quiet hours, digest, language and phone."""
    access.require_person(who)
    existing = await repo.load(uow.store, who.user_id)
    if existing is None:
        raise NotFound("you are not in the directory yet: ask a logistics administrator")
    if EMAIL in channels and not existing.email:
        raise Invalid("the email channel needs an address in the directory", field="channels")
    if SMS in channels and not phone:
        raise Invalid("the sms channel needs a phone number", field="channels")
    wanted = replace(
        existing,
        channels=channels,
        quiet_hours=quiet_hours,
        digest=digest,
        language=language,
        phone=phone,
    )
    if wanted == existing:
        return Saved(existing, created=False, changed=False)
    return await _store(uow, ctx, wanted, existing, "preferences")


async def my_entry(uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /) -> Person:
    """The caller's own directory entry."""
    person = await repo.load(uow.store, who.user_id)
    if person is None:
        raise NotFound("you are not in the directory yet: ask a logistics administrator")
    return person


async def get_person(
    uow: UnitOfWork, ctx: NotificationsContext, who: Principal, /, user_id: str
) -> Person:
    """One directory entry."""
    access.require_directory_reader(who)
    person = await repo.load(uow.store, user_id)
    if person is None:
        raise NotFound(f"no person {user_id} in the directory")
    await _log_read(uow, [person], "GET /people/{user_id}")
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
        page = await repo.page(uow.store, limit=limit, after=cursor)
    else:
        page = await repo.holders(uow.store, role.value, limit=limit, after=cursor)
    await _log_read(uow, page.items, "GET /people")
    return page


async def _log_read(uow: UnitOfWork, people: list[Person], route: str) -> None:
    """Who read directory entries: names and e-mail addresses (the access log)."""
    fields = {"name"} | ({"email"} if any(p.email for p in people) else set())
    await record_read(
        uow,
        DirectoryRead,
        subject_kind="person",
        subject_ids=[p.user_id for p in people],
        fields=fields,
        route=route,
    )
