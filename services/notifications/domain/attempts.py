"""What one delivery attempt is made of: the retry policy, what a server said, a line of the
delivery's history, and the text it sends. Pure values (the life itself is `outbound.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

#: sent; temporary (4xx, refused, timeout): try again later; permanent (5xx): never again;
#: unknown: a claim expired before its sender recorded anything.
AttemptOutcome = Literal["sent", "temporary", "permanent", "unknown"]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how far apart a delivery is tried, and how long a claim lasts."""

    max_attempts: int = 5
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    claim_seconds: float = 150.0

    def backoff(self, attempts: int) -> timedelta:
        """Wait after the `attempts`-th failed attempt: base, doubled each time, capped."""
        if attempts < 1:
            raise ValueError("backoff follows an attempt: attempts >= 1")
        # Exponent capped so a large attempt count cannot overflow the float.
        seconds = self.backoff_seconds * 2 ** min(attempts - 1, 40)
        return timedelta(seconds=min(seconds, self.backoff_max_seconds))


@dataclass(frozen=True)
class SendResult:
    """What the server (SMTP, an HTTP endpoint, an SMS provider) or the network said."""

    outcome: Literal["sent", "temporary", "permanent"]
    detail: str
    code: int | None = None


@dataclass(frozen=True)
class Attempt:
    """One line of a delivery's history."""

    at: datetime
    outcome: AttemptOutcome
    detail: str
    code: int | None = None


@dataclass(frozen=True)
class Text:
    """What one line sends, in the recipient's language, rendered when the event was consumed."""

    language: str
    title: str
    body: str
