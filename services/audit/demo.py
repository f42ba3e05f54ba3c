"""Demo data: audit owns none of its own; it records what the other services' seeds publish."""

from __future__ import annotations

from collections.abc import Callable

import httpx


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Nothing to load: audit's records come from the events the other seeds cause."""


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Check the audit API answers an auditor (idempotent: reads the chain status only).

    The chain status is read rather than a search, since every search is itself recorded.
    """
    response = await http.get(
        "/audit/chain", headers={"Authorization": f"Bearer {token_for('auditor')}"}
    )
    response.raise_for_status()


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo of this service."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)
