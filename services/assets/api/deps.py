"""What the assets routes take besides the caller and the unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from services.assets.handlers.context import AssetsContext
from shared.api import PathId, context_of

Ctx = Annotated[AssetsContext, Depends(context_of)]
AssetId = PathId
#: A tag as scanned from the label (looked up as is; registration checks its form).
TagPath = Annotated[str, Path(max_length=40)]
