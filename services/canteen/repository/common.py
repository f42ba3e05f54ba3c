"""Small conversions the repository modules share."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from shared.clock import iso, parse_iso
from shared.store import Doc
from shared.uow import UnitOfWork


def day(text: str | None) -> date | None:
    """A stored date (`YYYY-MM-DD`), or None."""
    return date.fromisoformat(text) if text else None


def iso_day(value: date | None) -> str | None:
    """The stored form of a date, or None."""
    return value.isoformat() if value else None


def put(uow: UnitOfWork, collection: str, doc: Doc, version: int | None) -> None:
    """Stage an insert (never stored) or a replace conditional on the version read."""
    if version is None:
        uow.insert(collection, doc)
    else:
        uow.replace(collection, {**doc, "_v": version})


def decimal(text: str | None) -> Decimal | None:
    """A stored decimal string, or None."""
    return Decimal(text) if text is not None else None


def text_of(value: Decimal | None) -> str | None:
    """The stored form of a decimal, or None."""
    return str(value) if value is not None else None


def moment(text: str | None) -> datetime | None:
    """A stored time, or None."""
    return parse_iso(text) if text else None


def iso_moment(value: datetime | None) -> str | None:
    """The stored form of a time, or None."""
    return iso(value) if value is not None else None
