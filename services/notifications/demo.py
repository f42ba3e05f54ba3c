"""Demo data: the campus people directory, from deploy/demo/people.json, over the HTTP API.

The people are the one list `campus up` mints its tokens from and the console's sign-in offers,
so each directory entry has the roles and scopes of that person's token: an alert reaches the
people whose token also lets them act on it.

The dispatcher and the canteen manager also take e-mail. `campus up` starts no mail server, so
their e-mail is retried and finally recorded as failed (see GET /deliveries?status=failed),
until CAMPUS_NOTIFICATIONS_SMTP_HOST/PORT point at a relay (services/notifications/README.md).

`campus up` seeds this first, before any other service publishes an alert (`seed_reference`);
notifications has no demo day of its own (`seed_day` does nothing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

PEOPLE_FILE = Path(__file__).resolve().parents[2] / "deploy" / "demo" / "people.json"
#: Fields of a people.json entry that are the directory's (the rest is for sign-in).
_ENTRY_FIELDS = ("name", "roles", "scopes", "email", "channels", "duties", "phone", "language")


def people(path: Path = PEOPLE_FILE) -> dict[str, dict[str, Any]]:
    """user id -> directory entry (PUT /people/{id} body) of every person of the demo file."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {
        p["id"]: {k: p[k] for k in _ENTRY_FIELDS if p.get(k) is not None}
        for p in document["people"]
    }


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """PUT every demo person; a second run finds them unchanged and writes nothing."""
    headers = {"Authorization": f"Bearer {token_for('logistics_admin')}"}
    for user_id, entry in people().items():
        response = await http.put(f"/people/{user_id}", json=entry, headers=headers)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"PUT /people/{user_id}: {response.status_code} {response.text}")


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Nothing: notifications' day is what the other services' demo days cause."""


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo of this service (the directory)."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)
