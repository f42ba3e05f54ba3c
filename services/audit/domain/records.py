"""Reading the record: what a query asks for, how a record is shown, who caused what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.clock import iso

Described = dict[str, str | list[str] | int | None]


@dataclass(frozen=True)
class RecordFilter:
    """What a query asks for; every part optional, all parts must hold."""

    subject: str | None = None
    actor: str | None = None
    types: tuple[str, ...] = ()
    source: str | None = None
    correlation_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def store_filter(self) -> dict[str, Any]:
        """The document-store filter (time range: since inclusive, until exclusive)."""
        out: dict[str, Any] = {}
        for name in ("subject", "actor", "source", "correlation_id"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if len(self.types) == 1:
            out["type"] = self.types[0]
        elif self.types:
            out["type"] = {"$in": list(self.types)}
        span: dict[str, str] = {}
        if self.since is not None:
            span["$gte"] = iso(self.since)
        if self.until is not None:
            span["$lt"] = iso(self.until)
        if span:
            out["time"] = span
        return out

    def described(self) -> Described:
        """The filters as recorded in the query's own audit event."""
        out: Described = {}
        for name in ("subject", "actor", "source", "correlation_id"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.types:
            out["types"] = list(self.types)
        if self.since is not None:
            out["since"] = iso(self.since)
        if self.until is not None:
            out["until"] = iso(self.until)
        return out


def public_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it is shown: chain position, hashes and the whole CloudEvent."""
    return {
        "seq": record["seq"],
        "recorded_at": record["recorded_at"],
        "hash": record["hash"],
        "prev_hash": record["prev_hash"],
        "event": record["event"],
    }


@dataclass(frozen=True)
class CausalLink:
    """Which event caused which, inside one story (`caused_by_seq` when the cause is in it)."""

    seq: int
    event_id: str
    type: str
    caused_by: str | None
    caused_by_seq: int | None


def causal_links(records: Sequence[dict[str, Any]]) -> list[CausalLink]:
    """The causation link of every record of a story, resolved to a seq where it can be."""
    seq_of = {r["event_id"]: r["seq"] for r in records}
    return [
        CausalLink(
            seq=r["seq"],
            event_id=r["event_id"],
            type=r["type"],
            caused_by=r["causation_id"],
            caused_by_seq=seq_of.get(r["causation_id"]) if r["causation_id"] else None,
        )
        for r in records
    ]
