"""Persistence of the register through the document-store port: collections and indexes.

Money is stored in whole fen (integers: no float rounding in compensation), days as
`YYYY-MM-DD` strings, moments as fixed-width ISO-8601 UTC strings. Each area has its module
beside this one; its collections and the indexes its queries need are listed here. The asset
indexes each end in `tag`, the order of every list, so a filtered page is an index range.
"""

from __future__ import annotations

from shared.store import Index

ASSETS = "assets"
DAMAGES = "damages"
HISTORY = "asset_history"
CALENDARS = "asset_calendars"
LOANS = "loans"
OVERDUE_NOTICES = "loan_overdue_notices"
RESERVATIONS = "reservations"
STOCKTAKES = "stocktakes"
SCANS = "stocktake_scans"
IMPORTS = "imports"

INDEXES = (
    Index(ASSETS, ("tag",), unique=True),
    Index(ASSETS, ("building_id", "tag")),
    Index(ASSETS, ("building_id", "room_id", "tag")),
    Index(ASSETS, ("building_id", "status", "tag")),
    Index(ASSETS, ("custody.custodian_id", "tag")),
    Index(ASSETS, ("department_id", "tag")),
    Index(ASSETS, ("status", "tag")),
    Index(ASSETS, ("category_code", "tag")),
    Index(ASSETS, ("name_fold", "tag")),
    Index(ASSETS, ("import_id", "tag")),
    Index(DAMAGES, ("asset_id", "reported_at")),
    Index(HISTORY, ("asset_id", "order")),
    Index(LOANS, ("asset_id", "offered_at")),
    Index(LOANS, ("borrower_id", "offered_at")),
    Index(LOANS, ("building_id", "offered_at")),
    Index(LOANS, ("status", "next_reminder_on")),
    Index(LOANS, ("status", "due_on")),
    Index(RESERVATIONS, ("asset_id", "starts_on")),
    Index(RESERVATIONS, ("person_id", "starts_on")),
    Index(RESERVATIONS, ("building_id", "starts_on")),
    Index(STOCKTAKES, ("scope_id", "started_at")),
    Index(STOCKTAKES, ("status", "started_at")),
    Index(SCANS, ("stocktake_id", "scanned_at")),
    Index(IMPORTS, ("imported_at",)),
)

__all__ = [
    "ASSETS",
    "CALENDARS",
    "DAMAGES",
    "HISTORY",
    "IMPORTS",
    "INDEXES",
    "LOANS",
    "OVERDUE_NOTICES",
    "RESERVATIONS",
    "SCANS",
    "STOCKTAKES",
]
