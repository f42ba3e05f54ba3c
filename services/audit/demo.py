"""Demo data: audit owns none of its own; it records what the other services' seeds publish."""

from __future__ import annotations

from collections.abc import Callable

import httpx


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Check the audit API answers an auditor (idempotent: reads the chain status only).

    Audit's records come from the events the other seeds cause, so there is nothing to load;
    the chain status is read rather than a search, since every search is itself recorded.
    """
    response = await http.get(
        "/audit/chain", headers={"Authorization": f"Bearer {token_for('auditor')}"}
    )
    response.raise_for_status()
