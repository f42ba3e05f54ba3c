"""SMS behind a provider interface; the development provider records messages to a file.

A real provider (Aliyun SMS, Tencent Cloud SMS) needs an account, a registered signature
(短信签名) and approved templates; it goes behind the same `SmsProvider` interface. The
development provider appends one JSON line per message to `CAMPUS_NOTIFICATIONS_SMS_DEV_FILE`
(default `<data_dir>/sms-dev.jsonl`), so a developer or a test reads what would have been sent.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Protocol

from services.notifications.domain.attempts import SendResult
from shared.clock import Clock, iso

#: One SMS is 70 Chinese characters; providers join up to a few; longer texts are cut here.
MAX_CHARS = 300


class SmsProvider(Protocol):
    """Sends one text to one number; never raises for the provider's or network's failures."""

    name: str

    async def send(self, phone: str, text: str, *, reference: str) -> SendResult: ...


class DevelopmentSms:
    """Records each message as a JSON line instead of sending it."""

    name = "development sms (recorded)"

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock

    def _append(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    async def send(self, phone: str, text: str, *, reference: str) -> SendResult:
        """Append {at, phone, text, reference} to the file."""
        cut = text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
        record = {"at": iso(self.clock()), "phone": phone, "text": cut, "reference": reference}
        await asyncio.to_thread(self._append, json.dumps(record, ensure_ascii=False))
        return SendResult("sent", f"recorded in {self.path.name}")


def recorded(path: Path) -> list[dict]:
    """The messages the development provider recorded (for tests and the README's demo)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
