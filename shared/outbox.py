"""The transactional outbox: entries written with the state change that caused them.

A state change and the events it causes are written in one atomic store write (see `uow`). The
relay (`shared.relay`) publishes pending entries with publisher confirms and marks each sent only
after its confirm: pending -> sent. A publish the broker refuses (unroutable, nacked) moves the
entry to `retrying` with its error and a time for the next attempt, with backoff, so it no longer
holds up the entries behind it; after `max_attempts` it is `failed`: kept with the reason,
counted in `campus_outbox_failed`, and sent again only when an operator says so
(`campus outbox retry`). A broker that is down costs an entry nothing: it keeps its place.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import aio_pika

from shared.clock import iso, parse_iso
from shared.envelope import CONTENT_TYPE, Envelope
from shared.store import Doc, Index, Insert

OUTBOX = "outbox"
PENDING, RETRYING, SENT, FAILED = "pending", "retrying", "sent", "failed"
INDEXES = (
    Index(OUTBOX, ("status", "order")),
    Index(OUTBOX, ("status", "sent_at")),
    Index(OUTBOX, ("status", "next_attempt_at")),
)
#: Wait before the n-th retry of an entry: 1 s, 2 s, 4 s … up to five minutes.
RETRY_BASE_SECONDS, RETRY_MAX_SECONDS = 1.0, 300.0


def outbox_insert(envelope: Envelope, order: str) -> Insert:
    """The outbox entry for one event, to be written with the state change that caused it."""
    return Insert(
        OUTBOX,
        {
            "_id": envelope.id,
            "status": "pending",
            "order": order,
            "routing_key": envelope.type,
            "created_at": iso(envelope.time),
            "envelope": envelope.to_json(),
            "attempts": 0,
            "last_error": None,
            "sent_at": None,
        },
    )


def retry_delay(attempts: int) -> float:
    """Seconds before the next publish of an entry that failed `attempts` times."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


def after_failure(entry: Doc, error: str, *, now: datetime, max_attempts: int) -> Doc:
    """The entry after one more failed publish: retrying later, or failed for good."""
    attempts = entry["attempts"] + 1
    changed = {**entry, "attempts": attempts, "last_error": error}
    if attempts >= max_attempts:
        return {**changed, "status": FAILED, "failed_at": iso(now), "next_attempt_at": None}
    due = now + timedelta(seconds=retry_delay(attempts))
    return {**changed, "status": RETRYING, "next_attempt_at": iso(due)}


def amqp_message(envelope_json: dict[str, Any]) -> aio_pika.Message:
    """Structured-mode CloudEvents message: persistent, message_id = event id.

    The envelope was validated when it was recorded; the relay does not parse it again.
    """
    return aio_pika.Message(
        body=json.dumps(envelope_json, ensure_ascii=False, separators=(",", ":")).encode(),
        content_type=CONTENT_TYPE,
        content_encoding="utf-8",
        message_id=envelope_json["id"],
        correlation_id=envelope_json.get("correlationid"),
        timestamp=parse_iso(envelope_json["time"]),
        type=envelope_json["type"],
        app_id=envelope_json["source"],
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )
