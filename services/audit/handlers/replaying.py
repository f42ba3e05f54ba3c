"""Use case: deliver stored events of some types, since a time, to a subscriber's own queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from services.audit.domain import access, replay_queue_problem
from services.audit.events import ReplayPerformed
from services.audit.handlers.context import AuditContext
from services.audit.repository import records
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Invalid
from shared.logging import get_logger
from shared.uow import UnitOfWork

log = get_logger(__name__)


class ReplayTarget(Protocol):
    """Where replayed events go: open, declare the queue, publish in order, confirmed, close."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

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
    uow: UnitOfWork,
    ctx: AuditContext,
    who: Principal,
    /,
    *,
    target: ReplayTarget,
    types: Sequence[str],
    since: datetime,
    queue: str,
) -> ReplayResult:
    """Publish matching stored events in seq order; returns once the broker confirmed them all.

    Only queues under `<namespace>.replay.` (422 otherwise); the replay is recorded as
    `audit.replay.performed.v1` naming who asked.
    """
    access.require_replayer(who)
    problem = replay_queue_problem(ctx.settings.namespace, queue)
    if problem is not None:
        raise Invalid(problem, field="queue")
    page = ctx.settings.read_page
    count, first, last, after = 0, None, None, 0
    stamp = iso(since)
    async with target:
        await target.declare(queue)
        while True:
            found = await records.for_replay(uow.store, types, stamp, after, page)
            if not found:
                break
            await target.publish(queue, [r["event"] for r in found])
            count += len(found)
            first = found[0]["seq"] if first is None else first
            last = after = found[-1]["seq"]
            if len(found) < page:
                break
    uow.emit(
        ReplayPerformed(
            queue=queue,
            types=list(types),
            since=stamp,
            count=count,
            first_seq=first,
            last_seq=last,
            requested_by=who.user_id,
        ),
        subject=queue,
    )
    await uow.commit()
    log.info("audit.replayed", queue=queue, count=count, types=list(types))
    return ReplayResult(queue=queue, count=count, first_seq=first, last_seq=last)
