"""Operating the dead-letter queues: see what was rejected and why, and send it back.

After the cause is fixed (a bug in a handler, a missing reference), `redrive` moves messages from
`<ns>.<consumer>.dlq` back into the consumer's own queue, where they are handled as new deliveries
(idempotency makes a message that had in fact been processed a no-op). A message that still
fails is dead-lettered again with its new reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from aio_pika.abc import AbstractIncomingMessage

from shared import amqp
from shared.deadletters import REASON_HEADER, REDRIVEN_HEADER, copy_of
from shared.topology import Names


@dataclass(frozen=True)
class DeadLetter:
    """One rejected message: its id, type, reason, and how often it was sent back already."""

    message_id: str | None
    type: str | None
    reason: str
    routing_key: str
    redriven: int
    body_preview: str


def _describe(message: AbstractIncomingMessage) -> DeadLetter:
    headers = message.headers or {}
    return DeadLetter(
        message_id=message.message_id,
        type=message.type,
        reason=str(headers.get(REASON_HEADER, _broker_reason(headers))),
        routing_key=str(headers.get("x-original-routing-key", "")),
        redriven=int(headers.get(REDRIVEN_HEADER, 0) or 0),
        body_preview=message.body[:200].decode("utf-8", errors="replace"),
    )


def _broker_reason(headers: dict) -> str:
    # Dead-lettered by the broker itself (its delivery limit): the reason is in x-death.
    deaths = headers.get("x-death") or []
    if deaths and isinstance(deaths[0], dict):
        return f"broker: {deaths[0].get('reason', 'unknown')}"
    return "unknown"


async def inspect(url: str, names: Names, consumer: str, limit: int = 100) -> list[DeadLetter]:
    """Up to `limit` dead letters of a consumer, oldest first, left in place."""
    connection = await amqp.connect_once(url)
    try:
        channel = await connection.channel()
        queue = await channel.get_queue(names.dead_letter_queue(consumer), ensure=False)
        seen = []
        while len(seen) < limit and (message := await queue.get(fail=False)) is not None:
            seen.append(_describe(message))
        return seen  # unacknowledged: they return to the queue when the channel closes
    finally:
        await connection.close()


async def redrive(url: str, names: Names, consumer: str, limit: int | None = None) -> int:
    """Move up to `limit` dead letters back to the consumer's queue; how many were moved.

    Each copy is confirmed by the broker before its dead letter is acknowledged, so a crash
    half-way duplicates at most one message and loses none.
    """
    connection = await amqp.connect_once(url)
    moved = 0
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        queue = await channel.declare_queue(names.dead_letter_queue(consumer), passive=True)
        # Only what is there now: a message that fails again comes back to this queue, and
        # must wait for the next redrive instead of circling forever.
        present = queue.declaration_result.message_count or 0
        budget = present if limit is None else min(limit, present)
        while moved < budget:
            message = await queue.get(fail=False)
            if message is None:
                break
            headers = {
                k: v
                for k, v in (message.headers or {}).items()
                if k not in ("x-death", "x-delivery-count", REASON_HEADER)
            }
            headers[REDRIVEN_HEADER] = int(headers.get(REDRIVEN_HEADER, 0) or 0) + 1
            await channel.default_exchange.publish(
                copy_of(message, headers), routing_key=names.queue(consumer), mandatory=True
            )
            await message.ack()
            moved += 1
        return moved
    finally:
        await connection.close()
