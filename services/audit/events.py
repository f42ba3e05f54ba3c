"""Events the audit service publishes: its public contract, explicit versioned types.

Each of them also comes back through audit's own "#" binding and enters the chain, so checkpoints,
queries, replays and archive runs are themselves part of the record.
"""

from __future__ import annotations

from pydantic import Field

from shared.envelope import EventData, EventRegistry

registry = EventRegistry()

CHECKPOINT_TYPE = "audit.chain.checkpoint.v1"
_GENESIS = "0" * 64
_HEAD = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"


@registry.register(
    CHECKPOINT_TYPE,
    example={
        "seq": 2000,
        "head_hash": _HEAD,
        "records": 1000,
        "previous_seq": 1000,
        "previous_hash": "3b1f0d5c7e9a2b4d6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6",
        "time": "2026-03-02T08:05:00.000000Z",
    },
)
class ChainCheckpointed(EventData):
    """The chain head at a moment, for copies held outside to prove later tampering."""

    seq: int = Field(ge=0)
    head_hash: str
    #: Records appended since the previous checkpoint.
    records: int = Field(ge=0)
    previous_seq: int = Field(ge=0)
    previous_hash: str
    time: str


@registry.register(
    "audit.query.performed.v1",
    example={
        "kind": "search",
        "user_id": "u-auditor-1",
        "roles": ["auditor"],
        "filters": {
            "subject": "T-1042",
            "types": ["maintenance.ticket.opened.v1", "maintenance.ticket.closed.v1"],
            "since": "2026-03-01T00:00:00.000000Z",
            "limit": 100,
        },
        "results": 2,
    },
)
class QueryPerformed(EventData):
    """Someone read the audit record: who, which kind of query, with which filters."""

    kind: str
    user_id: str
    roles: list[str]
    filters: dict[str, str | list[str] | int | None]
    results: int | None = None


@registry.register(
    "audit.replay.performed.v1",
    example={
        "queue": "campus.replay.finance-1",
        "types": ["finance.invoice.paid.v1"],
        "since": "2026-03-02T08:10:00.000000Z",
        "count": 194,
        "first_seq": 11,
        "last_seq": 300,
        "requested_by": "finance-system",
    },
)
class ReplayPerformed(EventData):
    """Stored events of some types were delivered again to a subscriber's queue."""

    queue: str
    types: list[str]
    since: str
    count: int
    first_seq: int | None
    last_seq: int | None
    requested_by: str


@registry.register(
    "audit.records.archived.v1",
    example={
        "file": "audit-000000000001-000000010000.jsonl.gz",
        "first_seq": 1,
        "last_seq": 10000,
        "records": 10000,
        "prev_hash": _GENESIS,
        "head_hash": _HEAD,
        "sha256": "c0ffee5e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5",
    },
)
class RecordsArchived(EventData):
    """Records past the retention window moved to a compressed archive file (never deleted)."""

    file: str
    first_seq: int
    last_seq: int
    records: int
    prev_hash: str
    head_hash: str
    sha256: str
