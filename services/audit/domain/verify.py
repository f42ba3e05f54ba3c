"""Walking the chain: the first record that was edited, deleted or reordered.

Records are fed in ascending `seq` order. For each, in this order:

1. `seq` must be the next number: a jump means records were deleted (reported at the first
   missing number); a repeat or a step back means the order was tampered with.
2. The stored hash must equal the hash recomputed from the stored `prev_hash` and event, and the
   index fields and dedup key must match the event: otherwise the record was edited.
3. The stored `prev_hash` must equal the previous record's hash: otherwise records were moved
   (reordered) or one was replaced by a record from elsewhere in the chain.

After the last record the chain head document must agree: a head further on means the last
records were deleted; the same seq with another hash means the last record was rewritten (hash
recomputed). Optional anchors (seq -> hash, e.g. published checkpoints kept outside) catch a
chain rewritten from some point on with every hash recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from services.audit.domain.chain import (
    GENESIS_HASH,
    INDEX_FIELDS,
    Head,
    dedup_key,
    index_fields,
    record_hash,
)

ProblemKind = Literal["edited", "deleted", "reordered", "head_mismatch", "anchor_mismatch"]


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with the chain, at a sequence number."""

    seq: int
    kind: ProblemKind
    detail: str


@dataclass
class Report:
    """The outcome of a walk: ok, what was checked, and the first problem if any."""

    ok: bool
    checked: int
    first_seq: int | None
    last_seq: int
    last_hash: str
    base_seq: int
    base_hash: str
    problem: Problem | None = None
    types: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for the CLI and the endpoint."""
        return asdict(self)


class Verifier:
    """Feed records in seq order; stops judging at the first problem and remembers it."""

    def __init__(
        self,
        *,
        base_seq: int = 0,
        base_hash: str = GENESIS_HASH,
        anchors: Mapping[int, str] | None = None,
    ) -> None:
        self.base_seq = base_seq
        self.base_hash = base_hash
        self.last_seq = base_seq
        self.last_hash = base_hash
        self.first_seq: int | None = None
        self.checked = 0
        self.problem: Problem | None = None
        self.types: dict[str, int] = {}
        self._anchors = dict(anchors or {})

    def feed(self, record: dict[str, Any]) -> Problem | None:
        """Check one record; returns the first problem (this one or an earlier one)."""
        if self.problem is not None:
            return self.problem
        self.problem = self._check(record)
        if self.problem is None:
            self.checked += 1
            if self.first_seq is None:
                self.first_seq = record["seq"]
            self.last_seq, self.last_hash = record["seq"], record["hash"]
            kind = record["event"]["type"]
            self.types[kind] = self.types.get(kind, 0) + 1
        return self.problem

    def fail(self, seq: int, kind: ProblemKind, detail: str) -> None:
        """Record a problem found outside the records (an archive header, the base)."""
        if self.problem is None:
            self.problem = Problem(seq, kind, detail)

    def _check(self, record: dict[str, Any]) -> Problem | None:
        expected = self.last_seq + 1
        seq = record.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            return Problem(expected, "edited", f"record {record.get('_id')!r} has no integer seq")
        if seq > expected:
            missing = str(expected) if seq == expected + 1 else f"{expected}..{seq - 1}"
            return Problem(expected, "deleted", f"seq {missing} missing before seq {seq}")
        if seq < expected:
            return Problem(seq, "reordered", f"seq {seq} appears again after seq {self.last_seq}")
        edited = _edited(record)
        if edited is not None:
            return Problem(seq, "edited", edited)
        if record["prev_hash"] != self.last_hash:
            return Problem(
                seq, "reordered", f"prev_hash does not link to the hash of seq {self.last_seq}"
            )
        anchored = self._anchors.get(seq)
        if anchored is not None and anchored != record["hash"]:
            return Problem(seq, "anchor_mismatch", f"hash differs from the anchor {anchored}")
        return None

    def finish(self, head: Head | None) -> Report:
        """Compare with the chain head document (if given) and report."""
        if self.problem is None and head is not None:
            if head.seq > self.last_seq:
                self.fail(
                    self.last_seq + 1,
                    "deleted",
                    f"chain head is at seq {head.seq} but records end at seq {self.last_seq}",
                )
            elif head.seq < self.last_seq:
                self.fail(
                    head.seq + 1,
                    "head_mismatch",
                    f"records go on to seq {self.last_seq} past the chain head at seq {head.seq}",
                )
            elif head.hash != self.last_hash:
                self.fail(self.last_seq, "edited", "last record's hash differs from the chain head")
        return Report(
            ok=self.problem is None,
            checked=self.checked,
            first_seq=self.first_seq,
            last_seq=self.last_seq,
            last_hash=self.last_hash,
            base_seq=self.base_seq,
            base_hash=self.base_hash,
            problem=self.problem,
            types=dict(sorted(self.types.items())),
        )


def _edited(record: dict[str, Any]) -> str | None:
    """Why a record no longer matches its own hash or event, or None."""
    event = record.get("event")
    if not isinstance(event, dict):
        return "event is missing"
    try:
        recomputed = record_hash(record["prev_hash"], event)
        derived = index_fields(event)
        key = dedup_key(event["source"], event["id"])
    except (KeyError, TypeError, ValueError) as exc:
        return f"record cannot be hashed: {type(exc).__name__}: {exc}"
    if recomputed != record.get("hash"):
        return "hash does not match the stored event"
    for name in INDEX_FIELDS:
        if record.get(name) != derived[name]:
            return f"index field {name} does not match the event"
    if record.get("dedup_key") != key:
        return "dedup_key does not match the event"
    return None
