"""The register's figures for the ops dashboard: what stands, not what happened.

Counted from the store by a loop and cached; Prometheus scrapes read the cache. A stock-take's
progress is the tags scanned against the assets on the books when it started (an unregistered
tag counts as scanned: the room was read), and the rooms read so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class StocktakeProgress:
    """One campaign still counting or waiting for approval."""

    stocktake_id: str
    scope_id: str
    status: str
    expected: int
    scanned: int
    rooms: int


@dataclass(frozen=True)
class Figures:
    """Assets by status, loans by state (overdue: open past the due day), open campaigns."""

    assets: dict[str, int]
    loans: dict[str, int]
    stocktakes: tuple[StocktakeProgress, ...]
    computed_at: datetime


@dataclass
class FiguresCache:
    """The last figures computed (None until the first pass)."""

    figures: Figures | None = field(default=None)
