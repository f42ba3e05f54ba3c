"""Small conversions and the page shape the repository modules share."""

from __future__ import annotations

from datetime import date

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
