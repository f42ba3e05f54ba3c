"""A bounded memo of bearer tokens already verified: a repeated token skips the signature check.

A token is its own key: the same string carries the same signature over the same claims, so it
verifies to the same principal for as long as it is in date. An entry is kept until the token
expires (its `exp` plus the leeway verification allows) or `max_age` seconds after it was
verified, whichever comes first, so a signing key the identity provider withdraws stops being
honoured within the same five minutes as the JWKS cache's own lifetime. The least recently used
entry goes when `capacity` is reached. Only successes are kept: a rejected token is judged again
each time it comes.

Verification may run in anyio's worker threads (a JWKS lookup), so the memo takes a lock.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.auth import Principal

#: Entries kept at most (a few hundred bytes each).
CAPACITY = 4096
#: Seconds an entry is honoured at most, expiry aside (the JWKS cache's lifespan).
MAX_AGE_SECONDS = 300.0


class VerifiedTokens:
    """token → (principal, honoured until), least recently used first."""

    def __init__(
        self,
        capacity: int = CAPACITY,
        max_age: float = MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if capacity < 1 or max_age <= 0:
            raise ValueError("capacity and max_age must be positive")
        self._capacity, self._max_age, self._clock = capacity, max_age, clock
        self._entries: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, token: str) -> Principal | None:
        """The principal `token` was verified to, while its entry holds; else None."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            principal, until = entry
            if now >= until:
                del self._entries[token]
                return None
            self._entries.move_to_end(token)
            return principal

    def put(self, token: str, principal: Principal, expires_at: float) -> None:
        """Remember a token just verified; `expires_at` (epoch seconds) is when it stops being
        accepted (its `exp` plus the leeway)."""
        until = min(expires_at, self._clock() + self._max_age)
        with self._lock:
            self._entries[token] = (principal, until)
            self._entries.move_to_end(token)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
