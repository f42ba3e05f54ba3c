"""What the canteen routes take besides `shared.api`'s: the service context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.canteen.handlers.context import CanteenContext
from shared.api import context_of

Ctx = Annotated[CanteenContext, Depends(context_of)]
