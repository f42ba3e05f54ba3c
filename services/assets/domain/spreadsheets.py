"""Reading and writing registers as XLSX (openpyxl) and CSV (UTF-8 or GBK): bytes in, cells out.

Pure: no store, no HTTP. A CSV is UTF-8 when it decodes as UTF-8 (with or without a BOM), else
GB18030, the superset of GBK that Chinese Excel writes ("ANSI" on a zh-CN Windows); anything
else is refused. Exports write CSV as UTF-8 with a BOM (Excel then opens it correctly) or
GB18030 on request, and XLSX with openpyxl's write-only workbook (constant memory).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from shared.errors import Invalid, UnsupportedMedia

XLSX_MAGIC = b"PK\x03\x04"
#: The encodings a CSV may be exported in; `gbk` is written as GB18030 (a superset).
EXPORT_ENCODINGS = {"utf-8": "utf-8-sig", "gbk": "gb18030"}


@dataclass(frozen=True)
class Sheet:
    """The rows of an uploaded file: the header, then the data rows with their sheet numbers."""

    format: str  # "xlsx" | "csv"
    encoding: str | None
    header: list[str]
    rows: list[tuple[int, list[Any]]]


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index (0 → A, 26 → AA)."""
    return get_column_letter(index + 1)


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _collect(rows: Iterator[Sequence[Any]], max_rows: int, fmt: str, enc: str | None) -> Sheet:
    header_row = next(rows, None)
    if header_row is None or _blank(header_row):
        raise Invalid("the file is empty: the first row must name the columns", field="file")
    header = ["" if v is None else str(v).strip() for v in header_row]
    data: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(rows, start=2):
        if _blank(values):
            continue
        if len(data) >= max_rows:
            raise Invalid(f"more than {max_rows} rows: split the file", field="file")
        data.append((number, list(values)))
    return Sheet(fmt, enc, header, data)


def read_xlsx(content: bytes, max_rows: int) -> Sheet:
    """The first worksheet of an XLSX workbook."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = f"not a readable XLSX workbook ({exc.__class__.__name__})"
        raise Invalid(reason, field="file") from None
    try:
        sheet = book.worksheets[0]
        return _collect(sheet.iter_rows(values_only=True), max_rows, "xlsx", None)
    finally:
        book.close()


def decode_csv(content: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV and the encoding it was read with (UTF-8 first, then GB18030/GBK)."""
    if encoding is not None:
        wanted = {"utf-8": "utf-8-sig", "gbk": "gb18030", "gb18030": "gb18030"}[encoding]
        try:
            return content.decode(wanted), encoding
        except UnicodeDecodeError as exc:
            raise Invalid(f"the file is not {encoding} (byte {exc.start})", field="file") from None
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        reason = f"the CSV is neither UTF-8 nor GBK (byte {exc.start})"
        raise Invalid(reason, field="file") from None


def read_csv(content: bytes, max_rows: int, encoding: str | None = None) -> Sheet:
    """A CSV register, comma-separated, with a header row."""
    text, used = decode_csv(content, encoding)
    if "\x00" in text:
        raise Invalid("the CSV contains NUL bytes", field="file")
    try:
        return _collect(iter(csv.reader(io.StringIO(text, newline=""))), max_rows, "csv", used)
    except csv.Error as exc:
        raise Invalid(f"the CSV cannot be parsed: {exc}", field="file") from None


def read_sheet(content: bytes, filename: str, max_rows: int, encoding: str | None = None) -> Sheet:
    """An XLSX (by its zip signature) or a CSV (anything else that decodes as text)."""
    if content.startswith(XLSX_MAGIC):
        return read_xlsx(content, max_rows)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise Invalid("the file is named .xlsx but is not an XLSX workbook", field="file")
    if filename.lower().endswith(".xls"):
        raise UnsupportedMedia("old .xls workbooks are not read: save as .xlsx or CSV")
    return read_csv(content, max_rows, encoding)


def safe_cell(value: Any) -> Any:
    """A value as an export cell: text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """A one-sheet workbook (write-only: memory stays flat however many rows)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], encoding: str) -> bytes:
    """CSV bytes in `utf-8` (with a BOM, for Excel) or `gbk` (written as GB18030)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue().encode(EXPORT_ENCODINGS[encoding])
