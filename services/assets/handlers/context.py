"""What every assets use case takes besides its unit of work and its caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.assets.settings import AssetsSettings
from shared.usecase import ServiceContext


@dataclass(frozen=True)
class AssetsContext(ServiceContext):
    """Settings and clock (`now()`, `today()` on the campus calendar); built once in `main`."""

    settings: AssetsSettings

    def new_id(self, prefix: str) -> str:
        """A fresh id: `ast-…` for assets, `dmg-…` for damage reports."""
        return f"{prefix}-{uuid.uuid4().hex[:12]}"
