"""The people directory in the store: entries, their audience keys, and who is in an audience."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from services.notifications.domain.directory import (
    Audience,
    Person,
    QuietHours,
    audience_keys,
    whole,
)
from services.notifications.repository import AUDIENCE, PEOPLE
from shared.clock import iso, parse_iso
from shared.store import Doc, DocumentStore, Paged, Query, find_all, scan
from shared.uow import UnitOfWork


def from_doc(doc: Doc) -> Person:
    """The domain person of a stored directory entry."""
    return Person(
        user_id=doc["_id"],
        name=doc["name"],
        roles=frozenset(doc["roles"]),
        scopes={k: frozenset(v) for k, v in doc["scopes"].items()},
        email=doc.get("email"),
        channels=tuple(doc["channels"]),
        active=doc["active"],
        duties=frozenset(doc.get("duties", ())),
        phone=doc.get("phone"),
        language=doc.get("language", "zh-CN"),
        quiet_hours=_quiet(doc.get("quiet_hours")),
        digest=doc.get("digest", False),
        updated_at=parse_iso(doc["updated_at"]),
        version=doc["_v"],
    )


def to_doc(person: Person) -> Doc:
    """The stored form of a directory entry (`_v` kept for the conditional replace)."""
    assert person.updated_at is not None, "a stored entry carries its stamp"
    doc: Doc = {
        "_id": person.user_id,
        "name": person.name,
        "roles": sorted(person.roles),
        "scopes": {k: sorted(v) for k, v in sorted(person.scopes.items()) if v},
        "email": person.email,
        "channels": list(person.channels),
        "active": person.active,
        "duties": sorted(person.duties),
        "phone": person.phone,
        "language": person.language,
        "quiet_hours": quiet_text(person.quiet_hours),
        "digest": person.digest,
        "updated_at": iso(person.updated_at),
    }
    if person.version is not None:
        doc["_v"] = person.version
    return doc


def quiet_text(hours: QuietHours | None) -> str | None:
    """ "22:00-07:00", or None."""
    return None if hours is None else f"{hours.start:%H:%M}-{hours.end:%H:%M}"


def _quiet(text: str | None) -> QuietHours | None:
    if not text:
        return None
    start, end = text.split("-")
    return QuietHours(time.fromisoformat(start), time.fromisoformat(end))


def audience_doc(user_id: str, key: Audience) -> Doc:
    """One (role, scope kind, value) membership of a person."""
    return {
        "_id": f"{user_id}|{key.role}|{key.kind}|{key.value}",
        "user_id": user_id,
        "role": key.role,
        "kind": key.kind,
        "value": key.value,
    }


async def load(store: DocumentStore, user_id: str) -> Person | None:
    """A directory entry, or None."""
    doc = await store.get(PEOPLE, user_id)
    return from_doc(doc) if doc is not None else None


async def stage(uow: UnitOfWork, person: Person) -> None:
    """Stage the entry and only the memberships that changed (a re-save writes no key)."""
    doc = to_doc(person)
    if person.version is None:
        uow.insert(PEOPLE, doc)
    else:
        uow.replace(PEOPLE, doc)
    wanted = {audience_doc(person.user_id, k)["_id"]: k for k in audience_keys(person)}
    stored = await memberships_of(uow.store, person.user_id)
    for old in stored:
        if old["_id"] not in wanted:
            uow.delete(AUDIENCE, old)
    have = {d["_id"] for d in stored}
    for key_id, key in wanted.items():
        if key_id not in have:
            uow.insert(AUDIENCE, audience_doc(person.user_id, key))


async def memberships_of(store: DocumentStore, user_id: str) -> list[Doc]:
    """The stored memberships of one person."""
    return await find_all(store, AUDIENCE, {"user_id": user_id})


async def members(store: DocumentStore, audiences: Iterable[Audience]) -> list[str]:
    """User ids in any of the audiences, each once, in a stable order."""
    found: dict[str, None] = {}
    for key in audiences:
        filter = {"role": key.role, "kind": key.kind, "value": key.value}
        async for doc in scan(store, AUDIENCE, filter, [("user_id", 1)]):
            found.setdefault(doc["user_id"], None)
    return list(found)


async def exists(store: DocumentStore, user_id: str) -> bool:
    """Whether the directory has an entry of this id."""
    return await store.get(PEOPLE, user_id) is not None


async def people(store: DocumentStore, user_ids: Iterable[str]) -> dict[str, Person]:
    """Directory entries of the given ids (missing ids are simply absent)."""
    out: dict[str, Person] = {}
    for user_id in user_ids:
        person = await load(store, user_id)
        if person is not None:
            out[user_id] = person
    return out


async def last_change(store: DocumentStore) -> str | None:
    """When the directory last changed (the re-routing loop compares it)."""
    found = await store.find(PEOPLE, Query({}, [("updated_at", -1)], limit=1))
    return found.items[0]["updated_at"] if found.items else None


async def page(store: DocumentStore, *, limit: int, after: str | None) -> Paged[Person]:
    """One page of the directory, by user id."""
    found = await store.find(PEOPLE, Query({}, [], limit=limit, after=after))
    return Paged([from_doc(d) for d in found.items], found.next_cursor)


async def holders(
    store: DocumentStore, role: str, *, limit: int, after: str | None
) -> Paged[Person]:
    """One page of the active holders of a role, by user id."""
    key = whole(role)
    filter = {"role": key.role, "kind": key.kind, "value": key.value}
    found = await store.find(AUDIENCE, Query(filter, [("user_id", 1)], limit=limit, after=after))
    entries = await people(store, [d["user_id"] for d in found.items])
    return Paged(list(entries.values()), found.next_cursor)
