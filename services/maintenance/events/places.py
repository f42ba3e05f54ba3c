"""Places and their QR codes: a locations import, QR codes issued and revoked."""

from __future__ import annotations

from services.maintenance.events.base import registry
from shared.envelope import EventData


@registry.register(
    "maintenance.locations.imported.v1",
    example={
        "campus_ids": ["main"],
        "created": 2,
        "updated": 1,
        "unchanged": 3,
        "changed_ids": ["B01-101", "B01-301", "B02"],
    },
)
class LocationsImported(EventData):
    """A locations file created or renamed places; `changed_ids` names each one it wrote."""

    campus_ids: list[str]
    created: int
    updated: int
    unchanged: int
    changed_ids: list[str]


_QR = {
    "code_id": "5f0c2a9e1b7d4c33",
    "kind": "location",
    "target": "B02-201",
    "label": "2号楼201宿舍",
    "campus_id": "main",
    "building_id": "B02",
}


class QrCodeEntry(EventData):
    """Fields both QR code events carry: which code, and the place or asset it files for."""

    code_id: str
    kind: str
    target: str
    label: str | None = None
    campus_id: str
    building_id: str


@registry.register("maintenance.qr_code.issued.v1", example=_QR)
class QrCodeIssued(QrCodeEntry):
    """A dispatcher issued a QR code for a place or an asset (its sticker files requests)."""


@registry.register("maintenance.qr_code.revoked.v1", example=_QR)
class QrCodeRevoked(QrCodeEntry):
    """A QR code stopped accepting requests (its sticker was copied or moved)."""
