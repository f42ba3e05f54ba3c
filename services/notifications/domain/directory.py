"""The people directory and its audience keys: who can be reached, and as a member of what.

A person reaches notifications through *audience keys*: (role, scope kind, scope value) triples
derived from their roles, scopes and duty rosters. A route names audiences (the dispatchers of
building B03, the manager of canteen "north"); the stored keys resolve them to people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import NamedTuple

from shared.auth import Role

#: Scope kinds a directory entry may carry (as in the tokens).
SCOPE_KINDS = ("campus", "building", "canteen")
#: The in-app inbox: every notification lands there, whatever other channels a person has.
IN_APP = "in_app"
EMAIL = "email"
SMS = "sms"
#: Channels a person may choose (in_app is always on).
PERSON_CHANNELS = (IN_APP, EMAIL, SMS)
#: Endpoint kinds: a signed campus-system webhook and the three group robots.
WEBHOOK = "webhook"
WECOM = "wecom"
DINGTALK = "dingtalk"
FEISHU = "feishu"
ENDPOINT_KINDS = (WEBHOOK, WECOM, DINGTALK, FEISHU)
LANGUAGES = ("zh-CN", "en")
#: A mainland mobile number, optionally with +86 (what the SMS providers of China take).
PHONE_PATTERN = r"^(\+86)?1[3-9][0-9]{9}$"
#: Role that receives an event nobody in scope would otherwise hear about.
FALLBACK_ROLE = "logistics_admin"
ROLES = frozenset(r.value for r in Role)
#: A plain ASCII address: it goes into SMTP commands and headers, so nothing that could end them.
ADDRESS_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"


class Audience(NamedTuple):
    """Everyone holding `role` with `value` in their `kind` scope ("all"/"*": the whole role)."""

    role: str
    kind: str
    value: str


def whole(role: str) -> Audience:
    """Every active holder of a role (or member of a duty roster)."""
    return Audience(role, "all", "*")


@dataclass(frozen=True)
class QuietHours:
    """A daily window (campus local time) in which non-critical push waits; may span midnight."""

    start: time
    end: time


@dataclass(frozen=True)
class Person:
    """An entry of the people directory; `user_id` is the `sub` of the person's tokens.

    Two entries with the same content are equal whatever their stamp and version, so saving an
    unchanged entry is recognised and writes nothing.
    """

    user_id: str
    name: str
    roles: frozenset[str]
    scopes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    email: str | None = None
    channels: tuple[str, ...] = (IN_APP,)
    active: bool = True
    #: Duty rosters the person is on (e.g. `logistics-duty-officer`), named by escalation rules.
    duties: frozenset[str] = frozenset()
    phone: str | None = None
    #: The language of their e-mail, SMS and the text of their notifications' channels.
    language: str = "zh-CN"
    #: Non-critical push (e-mail, SMS) is held from `start` to `end`, local time of the campus.
    quiet_hours: QuietHours | None = None
    #: Low-severity alerts go into one daily e-mail instead of one message each.
    digest: bool = False
    updated_at: datetime | None = field(default=None, compare=False)
    #: The store's `_v` the entry was read with (None: not stored yet).
    version: int | None = field(default=None, compare=False)


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
    keys.update(whole(duty_role(d)) for d in person.duties)
    for role in person.roles:
        keys.add(whole(role))
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
    found = (whole(duty_role(target)),)
    role = target.replace("-", "_")
    if role in ROLES:
        found += (whole(role),)
    return found
