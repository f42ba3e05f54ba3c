"""The demo people the development sign-in offers (from deploy/demo/people.json)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoPerson:
    """One person of the demo campus, with the roles and scopes their token carries."""

    id: str
    name: str
    roles: tuple[str, ...]
    scopes: Mapping[str, tuple[str, ...]]
    sign_in: bool = False


def parse_people(document: Mapping[str, Any]) -> tuple[DemoPerson, ...]:
    """The people of the demo file; a malformed entry is an error, never skipped."""
    people = []
    for entry in document["people"]:
        people.append(
            DemoPerson(
                id=str(entry["id"]),
                name=str(entry["name"]),
                roles=tuple(entry["roles"]),
                scopes={k: tuple(v) for k, v in (entry.get("scopes") or {}).items()},
                sign_in=bool(entry.get("sign_in", False)),
            )
        )
    return tuple(people)


def sign_in_people(people: Iterable[DemoPerson]) -> list[DemoPerson]:
    """The people the picker offers: one per role of the demo."""
    return [p for p in people if p.sign_in]
