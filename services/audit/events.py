"""Events the audit service publishes: its public contract, explicit versioned types.

Each of them also comes back through audit's own "#" binding and enters the chain, so checkpoints,
queries, replays and archive runs are themselves part of the record.
"""

from __future__ import annotations

from pydantic import Field

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()

CHECKPOINT_TYPE = "audit.chain.checkpoint.v1"


@registry.register(CHECKPOINT_TYPE)
class ChainCheckpointed(EventData):
    """The chain head at a moment, for copies held outside to prove later tampering."""

    seq: int = Field(ge=0)
    head_hash: str
    #: Records appended since the previous checkpoint.
    records: int = Field(ge=0)
    previous_seq: int = Field(ge=0)
    previous_hash: str
    time: str


@registry.register("audit.query.performed.v1")
class QueryPerformed(EventData):
    """Someone read the audit record: who, which kind of query, with which filters."""

    kind: str
    user_id: str
    roles: list[str]
    filters: dict[str, str | list[str] | int | None]
    results: int | None = None


@registry.register("audit.replay.performed.v1")
class ReplayPerformed(EventData):
    """Stored events of some types were delivered again to a subscriber's queue."""

    queue: str
    types: list[str]
    since: str
    count: int
    first_seq: int | None
    last_seq: int | None
    requested_by: str


@registry.register("audit.records.archived.v1")
class RecordsArchived(EventData):
    """Records past the retention window moved to a compressed archive file (never deleted)."""

    file: str
    first_seq: int
    last_seq: int
    records: int
    prev_hash: str
    head_hash: str
    sha256: str
