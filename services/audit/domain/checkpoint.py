"""When to publish a checkpoint of the chain head, and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.audit.domain.chain import GENESIS_HASH, Head
from services.audit.events import CHECKPOINT_TYPE, ChainCheckpointed
from shared.aggregate import Aggregate
from shared.clock import iso


@dataclass(frozen=True)
class LastCheckpoint:
    """The head the previous checkpoint published (seq 0 before the first) and when."""

    seq: int
    head_hash: str
    at: datetime

    @classmethod
    def initial(cls, now: datetime) -> LastCheckpoint:
        """Before any checkpoint: the timer starts now."""
        return cls(seq=0, head_hash=GENESIS_HASH, at=now)


def checkpoint_due(
    head: Head, last: LastCheckpoint, now: datetime, *, every_records: int, every_seconds: float
) -> bool:
    """True after `every_records` records or `every_seconds` since the last checkpoint.

    Never for a head with nothing new but this service's own checkpoint events: each checkpoint
    comes back through the "#" binding and is appended, and checkpointing that would publish a
    checkpoint every interval forever.
    """
    if head.significant_seq <= last.seq:
        return False
    if head.seq - last.seq >= every_records:
        return True
    return now - last.at >= timedelta(seconds=every_seconds)


def checkpoint(head: Head, last: LastCheckpoint, now: datetime) -> ChainCheckpointed:
    """The event announcing the current head."""
    return ChainCheckpointed(
        seq=head.seq,
        head_hash=head.hash,
        records=head.seq - last.seq,
        previous_seq=last.seq,
        previous_hash=last.head_hash,
        time=iso(now),
    )


def is_own_checkpoint(event: dict[str, Any], own_source: str) -> bool:
    """True for a checkpoint this service published: recorded, but no reason for another."""
    return event["type"] == CHECKPOINT_TYPE and event["source"] == own_source


@dataclass
class CheckpointLog(Aggregate):
    """The last published checkpoint; publishing the next one records `ChainCheckpointed`.

    Stored as one document replaced conditionally on `version`, so of two audit processes only
    one publishes a given head.
    """

    last: LastCheckpoint
    version: int | None = None

    def publish_if_due(
        self, head: Head, now: datetime, *, every_records: int, every_seconds: float
    ) -> ChainCheckpointed | None:
        """Checkpoint `head` if one is due (see `checkpoint_due`); the event, or None."""
        if not checkpoint_due(
            head, self.last, now, every_records=every_records, every_seconds=every_seconds
        ):
            return None
        event = checkpoint(head, self.last, now)
        self.last = LastCheckpoint(seq=head.seq, head_hash=head.hash, at=now)
        self.record(event)
        return event
