"""What the audit routes share: the service context, path parameters, the replay target."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from services.audit.handlers import AuditContext
from services.audit.handlers.replay_target import AmqpReplayTarget
from shared.api import RuntimeDep, context_of
from shared.types import Line

Ctx = Annotated[AuditContext, Depends(context_of)]
#: A record's position in the chain.
Seq = Annotated[int, Path(ge=1, le=10**12, description="sequence number in the chain")]
#: A correlation id as the platform carries it (one line, no control characters).
CorrelationId = Annotated[Line, Path(min_length=1, max_length=200)]


async def replay_target(runtime: RuntimeDep, ctx: Ctx) -> AmqpReplayTarget:
    """The broker side of a replay: a confirm channel on the relay's connection, opened on use."""
    return AmqpReplayTarget(lambda: runtime.relay.connection, window=ctx.settings.replay_window)


ReplayTo = Annotated[AmqpReplayTarget, Depends(replay_target)]
