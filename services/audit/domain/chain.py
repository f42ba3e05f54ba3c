"""The hash chain: canonical serialisation, domain-separated record hashes, appending.

Hash of record n (hex of SHA-256)::

    hash_n = SHA-256( b"campus-audit-v1\\x00record\\x00" || bytes(prev_hash) || canonical(event_n) )

- `prev_hash` is the 32 raw bytes of record n-1's hash; record 1 links to `GENESIS_HASH` (zeros),
  or, after an archive run, to the last archived record's hash (the chain base).
- `canonical(event)` is the CloudEvent as stored (structured-mode JSON, `time` in fixed-width UTC)
  serialised RFC 8785-like: object keys sorted, no insignificant whitespace, UTF-8, non-ASCII
  characters written as themselves. It differs from RFC 8785 in number formatting (Python's
  shortest round-trip repr instead of ECMAScript's) and sorts keys by code point rather than
  UTF-16 unit; both only matter for a verifier in another language, and are fixed for v1.
- The prefix separates record hashes from any other hash this service makes (as RFC 6962 separates
  leaves from nodes), so a record hash can never be passed off as something else.

Every record also carries index fields (type, subject, actor, ...) copied from the event for
queries; they are not hashed, so `verify` checks they still equal what the event says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

DOMAIN = b"campus-audit-v1\x00"
RECORD_PREFIX = DOMAIN + b"record\x00"
GENESIS_HASH = "0" * 64

#: Record fields derived from the event (and checked against it by `verify`).
INDEX_FIELDS = (
    "type",
    "source",
    "event_id",
    "subject",
    "actor",
    "correlation_id",
    "causation_id",
    "time",
)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes that are hashed."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def record_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """The hex SHA-256 of one record, chained to the previous record's hash."""
    payload = RECORD_PREFIX + bytes.fromhex(prev_hash) + canonical_json(event)
    return hashlib.sha256(payload).hexdigest()


def dedup_key(source: str, event_id: str) -> str:
    """The key a stored event is unique on: CloudEvents identity is (source, id)."""
    return hashlib.sha256(f"{source}\n{event_id}".encode()).hexdigest()


def index_fields(event: dict[str, Any]) -> dict[str, Any]:
    """The queryable fields of an event; an event without correlation id is its own story."""
    return {
        "type": event["type"],
        "source": event["source"],
        "event_id": event["id"],
        "subject": event.get("subject"),
        "actor": event.get("actor"),
        "correlation_id": event.get("correlationid") or event["id"],
        "causation_id": event.get("causationid"),
        "time": event["time"],
    }


def record_id(seq: int) -> str:
    """A record's document id: its sequence number, zero-padded so ids sort as numbers do."""
    return f"{seq:012d}"


@dataclass(frozen=True)
class Head:
    """The chain head: last sequence number and hash.

    `significant_seq` is the last record that is not one of this service's own checkpoints, so
    a checkpoint event coming back through the "#" binding does not call for another checkpoint.
    """

    seq: int = 0
    hash: str = GENESIS_HASH
    significant_seq: int = 0


def append(
    head: Head, event: dict[str, Any], *, recorded_at: str, quiet: bool = False
) -> tuple[dict[str, Any], Head]:
    """The record for `event` after `head`, and the new head (`quiet` for own checkpoints)."""
    seq = head.seq + 1
    digest = record_hash(head.hash, event)
    record = {
        "_id": record_id(seq),
        "seq": seq,
        "hash": digest,
        "prev_hash": head.hash,
        "dedup_key": dedup_key(event["source"], event["id"]),
        "recorded_at": recorded_at,
        **index_fields(event),
        "event": event,
    }
    significant = head.significant_seq if quiet else seq
    return record, Head(seq=seq, hash=digest, significant_seq=significant)
