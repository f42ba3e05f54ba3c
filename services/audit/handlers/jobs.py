"""Background work of the audit service: chain checkpoints and the retention run."""

from __future__ import annotations

import asyncio

from services.audit.handlers import archive_expired, checkpoint_if_due
from services.audit.repository import AuditRepository
from services.audit.settings import AuditSettings
from shared.errors import Conflict
from shared.logging import get_logger
from shared.service import Runtime
from shared.store import VersionConflictError

log = get_logger(__name__)


def archive_lock(runtime: Runtime) -> asyncio.Lock:
    """One archive run at a time per process (the loop and the endpoint share it)."""
    return runtime.state.setdefault("archive_lock", asyncio.Lock())


def settings_of(runtime: Runtime) -> AuditSettings:
    """The runtime's settings, as the audit settings they are."""
    settings = runtime.settings
    if not isinstance(settings, AuditSettings):
        raise TypeError("the audit service needs AuditSettings")
    return settings


async def prepare_chain(runtime: Runtime) -> None:
    """On start: create the chain documents and expose the head as gauges."""
    repo = AuditRepository(runtime.store)
    await repo.prepare(runtime.clock())
    state = runtime.state
    if "head_seq" in state:
        return  # gauges already registered (the app was started before)
    state["head_seq"], state["checkpoint_seq"] = 0, 0
    runtime.metrics.gauge(
        "campus_audit_chain_seq",
        "Sequence number of the audit chain head.",
        lambda: float(state["head_seq"]),
    )
    runtime.metrics.gauge(
        "campus_audit_checkpoint_seq",
        "Sequence number covered by the last published checkpoint.",
        lambda: float(state["checkpoint_seq"]),
    )


async def checkpoint_loop(runtime: Runtime) -> None:
    """Publish a checkpoint of the chain head every N records or M seconds."""
    settings = settings_of(runtime)
    repo = AuditRepository(runtime.store)
    while True:
        try:
            await checkpoint_if_due(
                repo,
                runtime.uow(),
                runtime.clock(),
                every_records=settings.checkpoint_every_records,
                every_seconds=settings.checkpoint_every_seconds,
            )
        except VersionConflictError:
            log.info("audit.checkpoint_taken_elsewhere")  # another process published this head
        head, _ = await repo.head()
        last, _ = await repo.last_checkpoint()
        runtime.state["head_seq"] = head.seq
        runtime.state["checkpoint_seq"] = last.seq if last else 0
        await asyncio.sleep(settings.checkpoint_poll_seconds)


async def retention_loop(runtime: Runtime) -> None:
    """Archive records past the retention window, at start and then periodically."""
    settings = settings_of(runtime)
    repo = AuditRepository(runtime.store)
    while True:
        try:
            async with archive_lock(runtime):
                await archive_expired(
                    repo,
                    runtime.uow,
                    archive_dir=settings.resolved_archive_dir(),
                    now=runtime.clock(),
                    retention_days=settings.retention_days,
                    batch=settings.archive_batch,
                )
        except Conflict as exc:
            # A broken chain is not archived; the error repeats each run until someone looks.
            log.error("audit.archive_refused", reason=exc.reason)
        await asyncio.sleep(settings.archive_every_seconds)
