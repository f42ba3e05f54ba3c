"""Starting the audit service against the test vhost, tokens, publishing as an outside system."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import aio_pika

from services.audit.repository import RECORDS
from services.audit.settings import AuditSettings
from shared.auth import AuthSettings, mint_token
from shared.envelope import Envelope
from shared.outbox import amqp_message
from shared.store import DocumentStore
from shared.topology import Names
from tests.harness import eventually


def audit_settings(vhost_url: str, namespace: str, tmp_path: Path, **overrides) -> AuditSettings:
    """Settings of one audit instance under the test's namespace and temporary folder."""
    values = {
        "amqp_url": vhost_url,
        "namespace": namespace,
        "data_dir": tmp_path / "audit",
        "delivery_limit": 3,
        "relay_lease_seconds": 2.0,
        "checkpoint_every_seconds": 3600.0,
        "checkpoint_poll_seconds": 0.2,
        "archive_every_seconds": 3600.0,
        **overrides,
    }
    return AuditSettings(**values)


def auth(role: str, sub: str | None = None) -> dict[str, str]:
    """Authorization header for a user of one role."""
    token = mint_token(AuthSettings(), sub=sub or f"u-{role}-1", roles=[role])
    return {"Authorization": f"Bearer {token}"}


async def publish_external(url: str, namespace: str, envelopes: Sequence[Envelope]) -> None:
    """Publish events to the events exchange as another campus system would (confirmed)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange(Names(namespace).events, ensure=False)
        for env in envelopes:
            await exchange.publish(amqp_message(env.to_json()), routing_key=env.type)
    finally:
        await connection.close()


async def recorded(store: DocumentStore, count: int, **filter: object) -> int:
    """Wait until at least `count` records match `filter`; returns how many do."""
    return await eventually(lambda: store.count(RECORDS, dict(filter)), lambda n: n >= count)
