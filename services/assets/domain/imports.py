"""Importing a register from a spreadsheet: the columns, and the check of every cell.

Every bad cell is reported with its reference (C5), its column and the reason; the handler
imports nothing unless every row is valid, or only the valid rows when the user asks. Headers
may be the English key (`purchase_value`), the Chinese label (原值), or both ("原值 purchase_value",
as the export writes them), so an exported file imports again as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from services.assets.domain.categories import Depreciation, Thresholds, carrying, category_of
from services.assets.domain.spreadsheets import Sheet, column_letter
from shared.errors import DomainError
from shared.types import EARLIEST

TAG = re.compile(r"^[A-Za-z0-9-]{3,40}$")
ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
MAX_VALUE = Decimal("999999999999.99")


@dataclass(frozen=True)
class Column:
    """One column of the register file."""

    key: str
    label: str
    required: bool

    @property
    def title(self) -> str:
        """The header the export writes ("原值 purchase_value")."""
        return f"{self.label} {self.key}"


COLUMNS = (
    Column("tag", "标签", True),
    Column("name", "名称", True),
    Column("category_code", "分类代码", True),
    Column("building_id", "楼宇", True),
    Column("room_id", "房间", False),
    Column("department_id", "部门", False),
    Column("purchase_value", "原值", True),
    Column("purchase_date", "购置日期", True),
    Column("useful_life_years", "使用年限", False),
    Column("custodian_id", "责任人", False),
)

_BY_KEY = {c.key: c for c in COLUMNS}


@dataclass(frozen=True)
class CellError:
    """A refused cell: where it is, what it held, why."""

    row: int
    column: str
    field: str
    value: str | None
    reason: str

    @property
    def cell(self) -> str:
        """The cell reference, e.g. C5."""
        return f"{self.column}{self.row}"


@dataclass(frozen=True)
class RowFacts:
    """A valid row, ready to register."""

    row: int
    tag: str
    name: str
    category_code: str
    building_id: str
    room_id: str | None
    department_id: str | None
    purchase_value_fen: int
    purchase_date: date
    carrying: Depreciation
    custodian_id: str | None


class _Bad(Exception):
    """A cell's value is refused (internal to the checks)."""


def _match(title: str) -> Column | None:
    words = set(re.split(r"[\s()（）/]+", title.strip().lower()))
    for col in COLUMNS:
        if col.key in words or col.label in words or title.strip() == col.label:
            return col
    return None


def map_header(header: list[str]) -> tuple[dict[str, int], list[CellError]]:
    """Column key -> index; errors for unknown, repeated and missing required columns."""
    found: dict[str, int] = {}
    errors: list[CellError] = []
    for i, title in enumerate(header):
        if not title:
            continue
        col = _match(title)
        if col is None:
            reason = "unknown column; expected one of " + ", ".join(c.title for c in COLUMNS)
            errors.append(CellError(1, column_letter(i), "header", title, reason))
        elif col.key in found:
            errors.append(CellError(1, column_letter(i), col.key, title, "column given twice"))
        else:
            found[col.key] = i
    for col in COLUMNS:
        if col.required and col.key not in found:
            letter = column_letter(len(header))
            errors.append(CellError(1, letter, col.key, None, f"missing column {col.title}"))
    return found, errors


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 2010000 as a number
    text = str(value).strip()
    return text or None


def _id(value: Any, pattern: re.Pattern[str] = ID, what: str = "an id") -> str | None:
    text = _text(value)
    if text is not None and not pattern.match(text):
        raise _Bad(f"not {what} (letters, digits and -, up to {40 if pattern is TAG else 64})")
    return text


def _money(value: Any) -> int:
    if isinstance(value, bool):
        raise _Bad("not an amount")
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("¥￥"))
    except InvalidOperation:
        raise _Bad("not an amount in yuan") from None
    if not amount.is_finite() or amount <= 0:
        raise _Bad("must be a positive amount in yuan")
    if amount > MAX_VALUE:
        raise _Bad("too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise _Bad("at most two decimals (fen)")
    return int(amount * 100)


def _day(value: Any, today: date) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        m = _DAY.match(str(value).strip())
        try:
            day = date(int(m[1]), int(m[2]), int(m[3])) if m else None
        except ValueError:
            day = None
        if day is None:
            raise _Bad("not a date (YYYY-MM-DD)")
    if not EARLIEST <= day <= today:
        raise _Bad(f"must be between {EARLIEST} and today ({today})")
    return day


def _life(value: Any) -> int | None:
    text = _text(value)
    if text is None:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise _Bad("a whole number of years from 1 to 100")
    return int(text)


def _name(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise _Bad("required")
    if _CONTROL.search(text) or len(text) > 200:
        raise _Bad("one line of at most 200 characters")
    return text


def parse_rows(
    sheet: Sheet,
    *,
    today: date,
    taken: set[str],
    in_scope: Callable[[str], bool],
    thresholds: Thresholds,
) -> tuple[list[RowFacts], list[CellError]]:
    """Every valid row and every bad cell (rows with any bad cell are not in the first list)."""
    index, errors = map_header(sheet.header)
    if errors:
        return [], errors
    first_row: dict[str, int] = {}
    valid: list[RowFacts] = []
    for number, values in sheet.rows:
        cells: dict[str, Any] = {}
        row_errors: list[CellError] = []

        def check(key, fn, cells=cells, values=values, number=number, row_errors=row_errors):
            pos = index.get(key)
            raw = values[pos] if pos is not None and pos < len(values) else None
            try:
                if _BY_KEY[key].required and _text(raw) is None:
                    raise _Bad("required")
                cells[key] = fn(raw)
            except (_Bad, DomainError) as exc:
                reason = exc.reason if isinstance(exc, DomainError) else str(exc)
                letter = column_letter(pos if pos is not None else len(sheet.header))
                shown = None if raw is None else str(raw)[:100]
                row_errors.append(CellError(number, letter, key, shown, reason))

        check("tag", lambda v: _id(v, TAG, "a tag"))
        check("name", _name)
        check("category_code", lambda v: category_of(_text(v) or "").code)
        check("building_id", _id)
        check("room_id", _id)
        check("department_id", _id)
        check("purchase_value", _money)
        check("purchase_date", lambda v: _day(v, today))
        check("useful_life_years", _life)
        check("custodian_id", _id)
        tag, building = cells.get("tag"), cells.get("building_id")
        if tag is not None:
            if tag in first_row:
                reason = f"tag also in row {first_row[tag]}"
                row_errors.append(CellError(number, _letter(index, "tag"), "tag", tag, reason))
            elif tag in taken:
                reason = "already registered"
                row_errors.append(CellError(number, _letter(index, "tag"), "tag", tag, reason))
            first_row.setdefault(tag, number)
        if building is not None and not in_scope(building):
            reason = "not in your buildings"
            row_errors.append(
                CellError(number, _letter(index, "building_id"), "building_id", building, reason)
            )
        if not row_errors:
            try:
                carried = carrying(
                    category_of(cells["category_code"]),
                    cells["purchase_value"],
                    cells["useful_life_years"],
                    thresholds,
                )
            except DomainError as exc:
                letter = _letter(index, "useful_life_years")
                row_errors.append(CellError(number, letter, "useful_life_years", None, exc.reason))
            else:
                facts = {
                    k: cells[k] for k in cells if k not in ("useful_life_years", "purchase_value")
                }
                valid.append(
                    RowFacts(
                        row=number,
                        carrying=carried,
                        purchase_value_fen=cells["purchase_value"],
                        **facts,
                    )
                )
        errors.extend(row_errors)
    return valid, errors


def _letter(index: dict[str, int], key: str) -> str:
    return column_letter(index.get(key, len(index)))


def tags_in(sheet: Sheet) -> list[str]:
    """The tags a file names (to look up which are registered before the cells are checked)."""
    index, _ = map_header(sheet.header)
    pos = index.get("tag")
    if pos is None:
        return []
    return [t for _, v in sheet.rows if pos < len(v) and (t := _text(v[pos])) is not None]
