"""Bodies of the audit service's background jobs (declared in `main.py` with `every()`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.audit.handlers.archiving import archive_expired
from services.audit.handlers.context import SYSTEM, AuditContext
from services.audit.handlers.recording import checkpoint_if_due, observe_chain, prepare_chain
from shared.errors import Conflict
from shared.logging import get_logger
from shared.store import VersionConflictError

if TYPE_CHECKING:
    from shared.service import Runtime

log = get_logger(__name__)


def context_of(runtime: Runtime) -> AuditContext:
    """The runtime's service context, as the audit context it is."""
    ctx = runtime.context
    if not isinstance(ctx, AuditContext):
        raise TypeError("the audit service needs an AuditContext")
    return ctx


async def prepare(runtime: Runtime) -> None:
    """On start: create the chain documents and read the chain position for the gauges."""
    ctx = context_of(runtime)
    await prepare_chain(runtime.uow(), ctx, SYSTEM)
    await observe_chain(runtime.uow(), ctx, SYSTEM)


async def checkpoint(runtime: Runtime) -> None:
    """Publish a checkpoint of the chain head if one is due; refresh the gauges."""
    ctx = context_of(runtime)
    try:
        await checkpoint_if_due(runtime.uow(), ctx, SYSTEM)
    except VersionConflictError:
        log.info("audit.checkpoint_taken_elsewhere")  # another process published this head
    await observe_chain(runtime.uow(), ctx, SYSTEM)


async def retention(runtime: Runtime) -> None:
    """Archive records past the retention window (waits for a run the endpoint started)."""
    try:
        await archive_expired(runtime.uow(), context_of(runtime), SYSTEM)
    except Conflict as exc:
        # A broken chain is not archived; the error repeats each run until someone looks.
        log.error("audit.archive_refused", reason=exc.reason)
