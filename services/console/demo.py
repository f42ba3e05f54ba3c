"""Demo data: none to seed (the console owns no data; its people are deploy/demo/people.json)."""

from __future__ import annotations

from collections.abc import Callable

import httpx


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Nothing to load."""


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Nothing to do."""


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Nothing to load."""
