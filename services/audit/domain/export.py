"""Exports: JSON Lines byte-faithful to the record, CSV for people (formulas defused)."""

from __future__ import annotations

import json
from typing import Any

from services.audit.domain.chain import canonical_json
from services.audit.domain.records import public_record

CSV_COLUMNS = (
    "seq",
    "recorded_at",
    "time",
    "type",
    "source",
    "id",
    "subject",
    "actor",
    "correlationid",
    "causationid",
    "data",
    "hash",
    "prev_hash",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def jsonl_line(record: dict[str, Any]) -> str:
    """One record as a JSON Lines line (without the newline)."""
    return json.dumps(public_record(record), ensure_ascii=False, separators=(",", ":"))


def csv_row(record: dict[str, Any]) -> list[object]:
    """One record as CSV cells; `data` as canonical JSON."""
    event = record["event"]
    return [
        record["seq"],
        record["recorded_at"],
        event["time"],
        event["type"],
        event["source"],
        event["id"],
        event.get("subject"),
        event.get("actor"),
        event.get("correlationid"),
        event.get("causationid"),
        canonical_json(event.get("data", {})).decode(),
        record["hash"],
        record["prev_hash"],
    ]


def csv_cell(value: object) -> object:
    """A cell as written: empty for None, quoted when a spreadsheet would run it as a formula.

    A cell starting with = + - @ is a formula to a spreadsheet (CSV injection); the JSON Lines
    export stays byte-faithful, CSV is for reading by people.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value
