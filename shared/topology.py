"""The bus topology: one topic exchange, and every consumer's queue and bindings, in one list.

Every process declares the whole topology (idempotently) before its first publish, so an event
published while its consumer is down waits in that consumer's queue instead of being dropped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, ExchangeType

from shared import amqp

#: consumer name -> routing keys it binds. The one place that lists every subscription.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    # Audit records everything on the exchange, other campus systems' events included.
    "audit": ("#",),
    "notifications": (
        "maintenance.ticket.opened.v1",
        "maintenance.ticket.assigned.v1",
        "maintenance.ticket.resolved.v1",
        "maintenance.ticket.sla_breached.v1",
        "maintenance.device.flagged.v1",
        "canteen.delivery.rejected.v1",
        "canteen.stock.expiring.v1",
        "assets.asset.damaged.v1",
        # Issue 13: status changes of a ticket reach its requester or the contact left with it.
        "maintenance.ticket.triaged.v1",
        "maintenance.ticket.started.v1",
        "maintenance.ticket.put_on_hold.v1",
        "maintenance.ticket.resumed.v1",
        "maintenance.ticket.closed.v1",
        "maintenance.ticket.reopened.v1",
        "canteen.equipment.fault_reported.v1",
        "assets.asset.assigned.v1",
        # Issue 10 (canteen food safety): the manager of the canteen is told.
        "canteen.sample.violation.v1",
        "canteen.morning_check.failed.v1",
        "canteen.morning_check.missing.v1",
        "canteen.licence.expiring.v1",
        "canteen.licence.expired.v1",
        "canteen.inspection.failed.v1",
        "canteen.temperature.out_of_range.v1",
        "canteen.temperature.missing.v1",
        "canteen.stock.count_overdue.v1",
        # Issue 11 (menus and feedback): a recall, a complaint received.
        "canteen.batch.recalled.v1",
        "canteen.feedback.received.v1",
        # Issue 12 (assets).
        "assets.loan.overdue.v1",
        "assets.stocktake.discrepancy_found.v1",
        "assets.asset.disposal_proposed.v1",
    ),
    "maintenance": (
        "assets.asset.damaged.v1",
        "assets.asset.registered.v1",
        "assets.asset.moved.v1",
        "canteen.equipment.fault_reported.v1",
        "canteen.inspection.failed.v1",
        "maintenance.inspection.checkpoint_failed.v1",
    ),
}


@dataclass(frozen=True)
class Names:
    """Exchange and queue names under one namespace."""

    namespace: str

    @property
    def events(self) -> str:
        return f"{self.namespace}.events"

    @property
    def dead_letters(self) -> str:
        return f"{self.namespace}.dlx"

    def queue(self, consumer: str) -> str:
        return f"{self.namespace}.{consumer}"

    def dead_letter_queue(self, consumer: str) -> str:
        return f"{self.namespace}.{consumer}.dlq"


def queue_arguments(names: Names, consumer: str, delivery_limit: int) -> dict[str, object]:
    """Quorum queue with a delivery limit and at-least-once dead-lettering to the DLX."""
    return {
        "x-queue-type": "quorum",
        # Our consumer dead-letters with a reason after `delivery_limit` attempts; the broker's
        # limit is the safety net for a message that crashes the process before it can.
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": names.dead_letters,
        "x-dead-letter-routing-key": names.queue(consumer),
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


async def declare_topology(
    channel: AbstractChannel,
    names: Names,
    *,
    delivery_limit: int,
    subscriptions: dict[str, tuple[str, ...]] | None = None,
) -> AbstractExchange:
    """Declare exchanges, every consumer's queue, bindings and dead-letter queue."""
    subs = SUBSCRIPTIONS if subscriptions is None else subscriptions
    events = await channel.declare_exchange(names.events, ExchangeType.TOPIC, durable=True)
    dlx = await channel.declare_exchange(names.dead_letters, ExchangeType.DIRECT, durable=True)
    for consumer, keys in subs.items():
        dlq = await channel.declare_queue(
            names.dead_letter_queue(consumer),
            durable=True,
            arguments={"x-queue-type": "quorum"},
        )
        await dlq.bind(dlx, routing_key=names.queue(consumer))
        queue = await channel.declare_queue(
            names.queue(consumer),
            durable=True,
            arguments=queue_arguments(names, consumer, delivery_limit),
        )
        for key in keys:
            await queue.bind(events, routing_key=key)
    return events


async def connect(url: str) -> aio_pika.abc.AbstractRobustConnection:
    """A robust connection: it reconnects and restores its channels after a broker restart.

    `url` may list several cluster nodes separated by commas: it then fails over from a node
    that is gone to the next (`shared.amqp.FailoverConnection`).
    """
    return await amqp.connect(url)


#: Consumers that publish beyond the events and dead-letter exchanges (audit replays to queues).
_EXTRA_WRITE = {"audit": r"|replay\..*|amq\.default"}
SERVICE_NAMES = ("canteen", "assets", "maintenance", "notifications", "audit")


def _password_hash(password: str, salt: bytes) -> str:
    # RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)).
    digest = hashlib.sha256(salt + password.encode()).digest()
    return base64.b64encode(salt + digest).decode()


def definitions(
    names: Names, *, delivery_limit: int, vhost: str = "campus", user_prefix: str = ""
) -> dict[str, Any]:
    """RabbitMQ definitions for production: the topology, and one user per service.

    Each user may publish only to the events and dead-letter exchanges and read only its own
    queue; services started with `declare_topology=false` rely on these definitions instead of
    declaring (declaring needs the configure permission this layout withholds). On the events
    exchange a user may publish only routing keys with its own prefix (topic permissions): the
    canteen cannot forge `maintenance.ticket.closed.v1`, and audit's record of a source holds.
    """
    ns = re.escape(names.namespace)
    users, permissions, topic_permissions = [], [], []
    for service in SERVICE_NAMES:
        salt = hashlib.sha256(f"campus-{service}".encode()).digest()[:4]
        users.append(
            {
                "name": user_prefix + service,
                "password_hash": _password_hash(f"{service}-dev-password", salt),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": [],
            }
        )
        extra = _EXTRA_WRITE.get(service, "")
        permissions.append(
            {
                "user": user_prefix + service,
                "vhost": vhost,
                "configure": "^$" if service != "audit" else rf"^{ns}\.replay\..*$",
                "write": rf"^({ns}\.(events|dlx{extra}))$",
                "read": rf"^({ns}\.(events|{re.escape(service)}))$",
            }
        )
        topic_permissions.append(
            {
                "user": user_prefix + service,
                "vhost": vhost,
                "exchange": names.events,
                "write": rf"^{re.escape(service)}\.",
                "read": ".*",
            }
        )
    queues, bindings = [], []
    for consumer, keys in SUBSCRIPTIONS.items():
        queues.append(
            {
                "name": names.queue(consumer),
                "vhost": vhost,
                "durable": True,
                "auto_delete": False,
                "arguments": queue_arguments(names, consumer, delivery_limit),
            }
        )
        queues.append(
            {
                "name": names.dead_letter_queue(consumer),
                "vhost": vhost,
                "durable": True,
                "auto_delete": False,
                "arguments": {"x-queue-type": "quorum"},
            }
        )
        bindings.append(
            {
                "source": names.dead_letters,
                "vhost": vhost,
                "destination": names.dead_letter_queue(consumer),
                "destination_type": "queue",
                "routing_key": names.queue(consumer),
                "arguments": {},
            }
        )
        for key in keys:
            bindings.append(
                {
                    "source": names.events,
                    "vhost": vhost,
                    "destination": names.queue(consumer),
                    "destination_type": "queue",
                    "routing_key": key,
                    "arguments": {},
                }
            )
    exchanges = [
        {
            "name": names.events,
            "vhost": vhost,
            "type": "topic",
            "durable": True,
            "auto_delete": False,
            "internal": False,
            "arguments": {},
        },
        {
            "name": names.dead_letters,
            "vhost": vhost,
            "type": "direct",
            "durable": True,
            "auto_delete": False,
            "internal": False,
            "arguments": {},
        },
    ]
    return {
        "vhosts": [{"name": vhost}],
        "users": users,
        "permissions": permissions,
        "topic_permissions": topic_permissions,
        "exchanges": exchanges,
        "queues": queues,
        "bindings": bindings,
    }


if __name__ == "__main__":
    print(json.dumps(definitions(Names("campus"), delivery_limit=5), indent=2))
