"""Persistence of the register through the document-store port: collections and indexes.

Money is stored in whole fen (integers: no float rounding in compensation), days as
`YYYY-MM-DD` strings, moments as fixed-width ISO-8601 UTC strings. A new area (loans,
reservations, stock-takes) adds its collection and indexes here and its module beside these.
"""

from __future__ import annotations

from shared.store import Index

ASSETS = "assets"
DAMAGES = "damages"

INDEXES = (
    Index(ASSETS, ("tag",), unique=True),
    Index(ASSETS, ("building_id", "tag")),
    Index(ASSETS, ("custody.custodian_id", "tag")),
    Index(DAMAGES, ("asset_id", "reported_at")),
)

__all__ = ["ASSETS", "DAMAGES", "INDEXES"]
