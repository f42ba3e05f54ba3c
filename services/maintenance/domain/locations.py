"""Places: campus → building → floor → room, their CSV import with per-row errors, and the place
of an order (a building, floor or room, perhaps an asset there). Pure."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
COLUMNS = (
    "campus_id",
    "campus_name",
    "building_id",
    "building_name",
    "floor",
    "room_id",
    "room_name",
)
REQUIRED_COLUMNS = ("campus_id", "building_id", "floor", "room_id")
MAX_ROWS = 20_000
MAX_NAME = 120
FLOOR_RANGE = (-10, 200)


class Kind(StrEnum):
    """The level of a place."""

    CAMPUS = "campus"
    BUILDING = "building"
    FLOOR = "floor"
    ROOM = "room"


@dataclass(frozen=True)
class Location:
    """One place; a room knows its floor, building and campus."""

    id: str
    kind: Kind
    name: str
    campus_id: str
    building_id: str | None = None
    floor: int | None = None
    room_id: str | None = None
    #: The stored version this was read with (not part of what the place is).
    version: int | None = field(default=None, compare=False, repr=False)

    @property
    def parent_id(self) -> str | None:
        """The place this one is in."""
        if self.kind is Kind.CAMPUS:
            return None
        if self.kind is Kind.BUILDING:
            return self.campus_id
        assert self.building_id is not None and self.floor is not None
        if self.kind is Kind.FLOOR:
            return self.building_id
        return floor_id(self.building_id, self.floor)


def floor_id(building_id: str, floor: int) -> str:
    """The id of a floor: its building's id and number (`B01:F3`, basement `B01:F-1`)."""
    return f"{building_id}:F{floor}"


@dataclass(frozen=True)
class Place:
    """Where an order is: resolved from a location id or an asset tag."""

    campus_id: str
    building_id: str
    location_id: str
    floor: int | None = None
    room_id: str | None = None
    asset_tag: str | None = None


@dataclass(frozen=True)
class PlaceNames:
    """What people call a place (化学楼 · 3F · 301 室), for a form to show beside the codes."""

    building_name: str | None = None
    floor_name: str | None = None
    room_name: str | None = None
    asset_name: str | None = None


def names_of(place: Place, known: Mapping[str, Location], asset_name: str | None) -> PlaceNames:
    """The names of a place's building, floor and room among the stored locations (a level
    missing from the store has no name: the form shows its code)."""

    def name(location_id: str | None) -> str | None:
        loc = known.get(location_id) if location_id else None
        return loc.name if loc else None

    floor = floor_id(place.building_id, place.floor) if place.floor is not None else None
    return PlaceNames(name(place.building_id), name(floor), name(place.room_id), asset_name)


def place_of(loc: Location, asset_tag: str | None = None) -> Place | None:
    """The place of a building, floor or room (None for a campus: too vague to repair)."""
    if loc.kind is Kind.CAMPUS or loc.building_id is None:
        return None
    return Place(loc.campus_id, loc.building_id, loc.id, loc.floor, loc.room_id, asset_tag)


@dataclass(frozen=True)
class AssetRef:
    """Where an asset tag is (maintenance knows assets by tag and place only)."""

    tag: str
    place: Place
    name: str | None
    updated_at: datetime
    version: int | None = field(default=None, compare=False, repr=False)

    def same_as(self, other: AssetRef | None) -> bool:
        """True when `other` records the same place and name (its time aside)."""
        return other is not None and (other.place, other.name) == (self.place, self.name)


@dataclass(frozen=True)
class RowError:
    """Why one CSV row was refused (row 1 is the header)."""

    row: int
    field: str
    reason: str


def _code(value: str, row: int, name: str, errors: list[RowError]) -> str | None:
    if not CODE.match(value):
        errors.append(RowError(row, name, "letters, digits, '.', '_' or '-', up to 40"))
        return None
    return value


def _floor(value: str, row: int, errors: list[RowError]) -> int | None:
    try:
        number = int(value)
    except ValueError:
        errors.append(RowError(row, "floor", f"not a whole number: {value!r}"))
        return None
    if not FLOOR_RANGE[0] <= number <= FLOOR_RANGE[1]:
        errors.append(
            RowError(row, "floor", f"must be between {FLOOR_RANGE[0]} and {FLOOR_RANGE[1]}")
        )
        return None
    return number


class _Plan:
    """Locations named by the file, checked against each other and against what exists."""

    def __init__(self, existing: Mapping[str, Location]) -> None:
        self.existing = existing
        self.wanted: dict[str, Location] = {}
        self.named_at: dict[str, int] = {}
        self.errors: list[RowError] = []

    def add(self, loc: Location, row: int, field: str, explicit_name: bool) -> bool:
        """Plan one location; False (with the error noted) if it contradicts another."""
        known = self.wanted.get(loc.id) or self.existing.get(loc.id)
        if known is not None and replace(known, name=loc.name) != loc:
            self.errors.append(
                RowError(
                    row, field, f"{loc.id} is already a {known.kind} elsewhere ({_where(known)})"
                )
            )
            return
        if loc.id in self.wanted and explicit_name:
            first = self.named_at.get(loc.id)
            if first is not None and self.wanted[loc.id].name != loc.name:
                self.errors.append(
                    RowError(row, field, f"{loc.id} is named differently on row {first}")
                )
                return False
        if explicit_name:
            self.named_at.setdefault(loc.id, row)
            self.wanted[loc.id] = loc
        elif loc.id not in self.wanted:
            # No name given: keep a stored name rather than overwrite it with the code.
            self.wanted[loc.id] = replace(loc, name=known.name) if known else loc
        return True


def _where(loc: Location) -> str:
    parts = [f"campus {loc.campus_id}"]
    if loc.building_id and loc.kind is not Kind.BUILDING:
        parts.append(f"building {loc.building_id}")
    if loc.floor is not None and loc.kind is Kind.ROOM:
        parts.append(f"floor {loc.floor}")
    return ", ".join(parts)


def parse_locations_csv(
    text: str, existing: Mapping[str, Location]
) -> tuple[list[Location], list[RowError]]:
    """The locations a CSV names (campus_id, …, room_name), or every row's errors."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        return [], [RowError(1, "header", f"not valid CSV: {exc}")]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, "header", f"missing columns: {', '.join(missing)}")]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        return [], [RowError(1, "header", f"unknown columns: {', '.join(unknown)}")]
    reader.fieldnames = header
    plan = _Plan(existing)
    rows = 0
    row_no = 1
    try:
        for row_no, raw in enumerate(reader, start=2):
            rows += 1
            if rows > MAX_ROWS:
                plan.errors.append(RowError(row_no, "row", f"at most {MAX_ROWS} rows per import"))
                break
            if None in raw:
                plan.errors.append(RowError(row_no, "row", "more cells than columns"))
                continue
            _parse_row({k: (v or "").strip() for k, v in raw.items()}, row_no, plan)
    except csv.Error as exc:
        plan.errors.append(RowError(row_no + 1, "row", f"not valid CSV: {exc}"))
    if rows == 0:
        plan.errors.append(RowError(1, "file", "no data rows"))
    if plan.errors:
        return [], plan.errors
    return list(plan.wanted.values()), []


def _parse_row(cells: dict[str, str], row: int, plan: _Plan) -> None:
    errors: list[RowError] = []
    campus: str | None = None
    if cells.get("campus_id"):
        campus = _code(cells["campus_id"], row, "campus_id", errors)
    else:
        errors.append(RowError(row, "campus_id", "required"))
    building = cells.get("building_id", "")
    floor_text = cells.get("floor", "")
    room = cells.get("room_id", "")
    if floor_text and not building:
        errors.append(RowError(row, "building_id", "a floor needs its building"))
    if room and not floor_text:
        errors.append(RowError(row, "floor", "a room needs its floor"))
    b = _code(building, row, "building_id", errors) if building else None
    f = _floor(floor_text, row, errors) if floor_text else None
    r = _code(room, row, "room_id", errors) if room else None
    names = {k: cells.get(k, "") for k in ("campus_name", "building_name", "room_name")}
    for key, value in names.items():
        if len(value) > MAX_NAME:
            errors.append(RowError(row, key, f"at most {MAX_NAME} characters"))
    if errors or campus is None:
        plan.errors.extend(errors)
        return
    ok = plan.add(
        Location(campus, Kind.CAMPUS, names["campus_name"] or campus, campus),
        row,
        "campus_id",
        bool(names["campus_name"]),
    )
    if not ok or b is None:
        return
    ok = plan.add(
        Location(b, Kind.BUILDING, names["building_name"] or b, campus, building_id=b),
        row,
        "building_id",
        bool(names["building_name"]),
    )
    if not ok or f is None:
        return
    fid = floor_id(b, f)
    label = f"{f}F" if f >= 0 else f"B{-f}"
    ok = plan.add(Location(fid, Kind.FLOOR, label, campus, b, f), row, "floor", False)
    if not ok or r is None:
        return
    plan.add(
        Location(r, Kind.ROOM, names["room_name"] or r, campus, b, f, room_id=r),
        row,
        "room_id",
        bool(names["room_name"]),
    )
