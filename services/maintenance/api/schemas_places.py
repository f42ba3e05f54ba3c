"""HTTP schemas of places: locations (CSV import) and asset references."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.maintenance.api.deps import CODE_PATTERN
from services.maintenance.api.schemas import In
from services.maintenance.domain.locations import AssetRef, Location
from shared.clock import iso
from shared.types import line


class AssetPut(In):
    """Where an asset tag is."""

    location_id: str = Field(pattern=CODE_PATTERN)
    name: line(120, 0) | None = None  # type: ignore[valid-type]


class LocationRead(BaseModel):
    """A campus, building, floor or room."""

    id: str
    kind: str
    name: str
    campus_id: str
    building_id: str | None
    floor: int | None
    room_id: str | None
    parent_id: str | None

    @classmethod
    def of(cls, loc: Location) -> LocationRead:
        """The view of a location."""
        return cls(
            id=loc.id,
            kind=loc.kind.value,
            name=loc.name,
            campus_id=loc.campus_id,
            building_id=loc.building_id,
            floor=loc.floor,
            room_id=loc.room_id,
            parent_id=loc.parent_id,
        )


class LocationPage(BaseModel):
    """A page of locations and the cursor of the next page."""

    items: list[LocationRead]
    next_cursor: str | None = None


class ImportRead(BaseModel):
    """What an import changed."""

    created: int
    updated: int
    unchanged: int


class AssetRead(BaseModel):
    """Where an asset tag is."""

    tag: str
    name: str | None
    campus_id: str
    building_id: str
    location_id: str
    floor: int | None
    room_id: str | None
    updated_at: str

    @classmethod
    def of(cls, asset: AssetRef) -> AssetRead:
        """The view of an asset reference."""
        place = asset.place
        return cls(
            tag=asset.tag,
            name=asset.name,
            campus_id=place.campus_id,
            building_id=place.building_id,
            location_id=place.location_id,
            floor=place.floor,
            room_id=place.room_id,
            updated_at=iso(asset.updated_at),
        )
