"""An import's report as the console shows it: each refused cell with its column's name and
its reason in the person's language, and what the person may do next.

The assets service checks every cell and words its reasons in English (they are its API); the
reasons it gives are matched here to catalogue messages, and one it adds later is shown as it
wrote it, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.console.domain.vocabulary import N_

#: The register file's columns (the assets service's `domain/imports.COLUMNS`), by key.
COLUMN = {
    "tag": N_("Tag"),
    "name": N_("Name"),
    "category_code": N_("Category code"),
    "building_id": N_("Building"),
    "room_id": N_("Room"),
    "department_id": N_("Department"),
    "purchase_value": N_("Purchase value"),
    "purchase_date": N_("Purchase date"),
    "useful_life_years": N_("Useful life (years)"),
    "custodian_id": N_("Custodian"),
    "header": N_("Column heading"),
}
#: The assets service's reasons for a refused cell, as patterns, and their message ids.
REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^required$", N_("Required: the cell is empty.")),
        (r"^not a tag \(", N_("Not a tag: letters, digits and -, 3 to 40 characters.")),
        (r"^not an id \(", N_("Not a code: letters, digits and . _ : -, up to 64.")),
        (r"^not an amount in yuan$", N_("Not an amount in yuan.")),
        (r"^not an amount$", N_("Not an amount in yuan.")),
        (r"^must be a positive amount in yuan$", N_("The amount must be more than zero.")),
        (r"^too large$", N_("The amount is too large.")),
        (r"^at most two decimals \(fen\)$", N_("At most two decimals (fen).")),
        (r"^not a date \(YYYY-MM-DD\)$", N_("Not a date: write YYYY-MM-DD.")),
        (
            r"^must be between (?P<first>[\d-]+) and today \((?P<today>[\d-]+)\)$",
            N_("The date must be between %(first)s and today (%(today)s)."),
        ),
        (r"^a whole number of years from 1 to 100$", N_("A whole number of years, 1 to 100.")),
        (r"^one line of at most 200 characters$", N_("One line of at most 200 characters.")),
        (r"^tag also in row (?P<row>\d+)$", N_("The same tag is in row %(row)s too.")),
        (r"^already registered$", N_("This tag is registered already.")),
        (r"^not in your buildings$", N_("This building is not one of yours.")),
        (r"^category_code must be 7 digits", N_("A category code is 7 digits (GB/T 14885).")),
        (r"^category_code gate \d is not one of 1-6$", N_("A category code starts with 1 to 6.")),
        (
            r"^category \d+ has no default useful life",
            N_("This category has no default life: give the useful life in years."),
        ),
        (r"^unknown column; expected one of ", N_("Unknown column heading.")),
        (r"^column given twice$", N_("This column heading is there twice.")),
        (r"^missing column (?P<column>.+)$", N_("A required column is missing: %(column)s.")),
    )
)


def reason_of(reason: str, translate: Callable[[str], str]) -> str:
    """A cell's reason in the person's language (the service's words when unknown)."""
    for pattern, message in REASONS:
        found = pattern.match(reason)
        if found:
            return translate(message) % found.groupdict()
    return reason


@dataclass(frozen=True)
class Cell:
    """One refused cell as the report's table shows it."""

    cell: str
    row: int
    column: str
    field: str
    value: str | None
    reason: str


def cells_of(errors: Iterable[Mapping[str, Any]], translate: Callable[[str], str]) -> list[Cell]:
    """The refused cells, by row then column, with names and reasons translated."""
    cells = [
        Cell(
            cell=str(e.get("cell", "")),
            row=int(e.get("row") or 0),
            column=str(e.get("column", "")),
            field=translate(COLUMN.get(str(e.get("field", "")), str(e.get("field", "")))),
            value=None if e.get("value") is None else str(e["value"]),
            reason=reason_of(str(e.get("reason", "")), translate),
        )
        for e in errors
    ]
    return sorted(cells, key=lambda c: (c.row, len(c.column), c.column))


@dataclass(frozen=True)
class Refusal:
    """A refused file: its cells, how many rows it had and how many of them are valid."""

    cells: list[Cell]
    refused_cells: int
    rows: int
    bad_rows: int
    header_refused: bool

    @property
    def valid_rows(self) -> int:
        """Rows without a refused cell (those a valid-rows-only import registers)."""
        return max(0, self.rows - self.bad_rows)

    @property
    def may_import_valid(self) -> bool:
        """Whether importing the valid rows only can work: the headings are right and some
        rows are valid (the service refuses the file otherwise)."""
        return not self.header_refused and self.valid_rows > 0

    @classmethod
    def of(cls, problem: Mapping[str, Any], translate: Callable[[str], str]) -> Refusal:
        """The report of a 422 problem whose `errors` name cells."""
        errors = list(problem.get("errors") or ())
        cells = cells_of(errors, translate)
        return cls(
            cells=cells,
            refused_cells=int(problem.get("refused_cells") or len(cells)),
            rows=int(problem.get("rows") or 0),
            bad_rows=len({c.row for c in cells if c.row > 1}),
            header_refused=any(c.row == 1 for c in cells),
        )


def is_cell_report(problem: Mapping[str, Any]) -> bool:
    """Whether a refusal names cells (else it is about the file as a whole)."""
    errors = problem.get("errors") or ()
    return bool(errors) and all(isinstance(e, Mapping) and "cell" in e for e in errors)


#: The assets service's reasons for refusing a whole file, and their message ids.
FILE_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^the file is empty", N_("The file is empty: its first row must name the columns.")),
        (r"^not a readable XLSX workbook", N_("This is not a readable XLSX workbook.")),
        (
            r"^the file is named \.xlsx but is not",
            N_("The file is named .xlsx but is not an XLSX workbook."),
        ),
        (r"^old \.xls workbooks", N_("Old .xls workbooks are not read: save it as .xlsx or CSV.")),
        (
            r"^the file is not (?P<encoding>[\w-]+) \(byte (?P<byte>\d+)\)$",
            N_("The file is not %(encoding)s (byte %(byte)s): choose another encoding."),
        ),
        (
            r"^the CSV is neither UTF-8 nor GBK \(byte (?P<byte>\d+)\)$",
            N_("The CSV is neither UTF-8 nor GBK (byte %(byte)s)."),
        ),
        (r"^the CSV contains NUL bytes$", N_("The CSV contains NUL bytes: is it a CSV?")),
        (r"^the CSV cannot be parsed", N_("The CSV cannot be read (a quote left open?).")),
        (
            r"^more than (?P<max>\d+) rows: split the file$",
            N_("More than %(max)s rows: split the file."),
        ),
        (
            r"^the file is larger than (?P<max>\d+) bytes$",
            N_("The file is larger than %(max)s bytes."),
        ),
    )
)


def file_reason(reason: str, translate: Callable[[str], str]) -> str:
    """Why a whole file was refused, in the person's language (the service's words when
    unknown)."""
    for pattern, message in FILE_REASONS:
        found = pattern.match(reason)
        if found:
            return translate(message) % found.groupdict()
    return reason
