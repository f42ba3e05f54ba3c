"""A lease in the document store: one holder at a time, taken over once it expires.

The outbox relay holds one so two relays on one store do not both publish. A holder that is
paused past its lease can act once more after a successor took over; consumers dedup for that.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from shared.clock import Clock, iso, parse_iso
from shared.logging import get_logger
from shared.store import Doc, DocumentStore, DuplicateKeyError, VersionConflictError

LEASES = "outbox_lease"
log = get_logger(__name__)


class Lease:
    """The named lease as this process sees it."""

    def __init__(self, store: DocumentStore, name: str, *, seconds: float, clock: Clock) -> None:
        self._store = store
        self._name = name
        self._seconds = seconds
        self._clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._doc: Doc | None = None

    @property
    def seconds(self) -> float:
        """How long a taken or renewed lease lasts."""
        return self._seconds

    async def hold(self) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = self._clock()
        held = self._doc
        if held is not None and held["holder"] == self.holder:
            if parse_iso(held["until"]) - now > timedelta(seconds=self._seconds * 2 / 3):
                return True
        until = iso(now + timedelta(seconds=self._seconds))
        current = await self._store.get(LEASES, self._name)
        try:
            if current is None:
                doc = {"_id": self._name, "holder": self.holder, "until": until}
                self._doc = await self._store.insert(LEASES, doc)
                return True
            if current["holder"] != self.holder and parse_iso(current["until"]) > now:
                self._doc = None
                return False
            doc = {**current, "holder": self.holder, "until": until}
            self._doc = await self._store.replace(LEASES, doc, current["_v"])
            return True
        except (DuplicateKeyError, VersionConflictError):
            self._doc = None
            return False

    async def release(self) -> None:
        """Hand the lease back, so a successor need not wait for it to expire."""
        held = self._doc
        if held is None:
            return
        self._doc = None
        try:
            await self._store.replace(LEASES, {**held, "until": iso(self._clock())}, held["_v"])
        except VersionConflictError:
            log.info("lease.already_taken", lease=self._name)
