"""Use case: deliver stored events of some types, since a time, to a subscriber's own queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.audit.domain import replay_queue_problem
from services.audit.events import ReplayPerformed
from services.audit.repository import AuditRepository
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


class ReplayTarget(Protocol):
    """Where replayed events go: declare the queue, then publish in order, confirmed."""

    async def declare(self, queue: str) -> None: ...

    async def publish(self, queue: str, events: Sequence[dict[str, Any]]) -> None: ...


@dataclass(frozen=True)
class ReplayResult:
    """How many events went to the queue, and the seq range they came from."""

    queue: str
    count: int
    first_seq: int | None
    last_seq: int | None


async def replay_events(
    repo: AuditRepository,
    uow: UnitOfWork,
    target: ReplayTarget,
    principal: Principal,
    *,
    namespace: str,
    types: Sequence[str],
    since: datetime,
    queue: str,
    page: int,
) -> ReplayResult:
    """Publish matching stored events in seq order; returns once the broker confirmed them all."""
    problem = replay_queue_problem(namespace, queue)
    if problem is not None:
        raise Invalid(problem, field="queue")
    await target.declare(queue)
    count, first, last, after = 0, None, None, 0
    stamp = iso(since)
    while True:
        records = await repo.for_replay(types, stamp, after, page)
        if not records:
            break
        await target.publish(queue, [r["event"] for r in records])
        count += len(records)
        first = records[0]["seq"] if first is None else first
        last = after = records[-1]["seq"]
        if len(records) < page:
            break
    uow.emit(
        ReplayPerformed(
            queue=queue,
            types=list(types),
            since=stamp,
            count=count,
            first_seq=first,
            last_seq=last,
            requested_by=principal.user_id,
        ),
        subject=queue,
    )
    await uow.commit()
    log.info("audit.replayed", queue=queue, count=count, types=list(types))
    return ReplayResult(queue=queue, count=count, first_seq=first, last_seq=last)
