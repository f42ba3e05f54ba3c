"""What the notifications routes share: the service context and the path parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from services.notifications.handlers.context import NotificationsContext
from shared.api import context_of

Ctx = Annotated[NotificationsContext, Depends(context_of)]
#: A directory entry's id: the `sub` of the person's tokens.
UserId = Annotated[str, Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:@-]+$")]
NotificationId = Annotated[str, Path(min_length=1, max_length=100)]
