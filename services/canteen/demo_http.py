"""What the canteen's demo parts share: the canteen, the campus day, each answer checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import httpx

CANTEEN = "north"


def campus_today() -> date:
    """Today in Shanghai, the demo campus's calendar."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def ok(response: httpx.Response, *also: int) -> httpx.Response:
    """The response, when it is a success (or one of `also`); else the demo stops, saying why."""
    if response.status_code not in (200, 201, *also):
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
    return response


def auth_of(token_for: Callable[[str], str], role: str) -> dict[str, str]:
    """The Authorization header of a demo person of `role`."""
    return {"Authorization": f"Bearer {token_for(role)}"}
