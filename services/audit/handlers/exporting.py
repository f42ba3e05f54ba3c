"""Use case: export every matching record as JSON Lines or CSV, read a page at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal

from services.audit.domain import RecordFilter, access
from services.audit.domain.export import CSV_COLUMNS, csv_cell, csv_row, jsonl_line
from services.audit.domain.records import Described
from services.audit.handlers.context import AuditContext
from services.audit.handlers.querying import record_query
from services.audit.repository import records
from shared.auth import Principal
from shared.store import Doc
from shared.uow import UnitOfWork

ExportFormat = Literal["jsonl", "csv"]
MEDIA_TYPES: dict[str, str] = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


@dataclass(frozen=True)
class Export:
    """An export being streamed: its media type, file name and the bytes, page by page."""

    media_type: str
    filename: str
    chunks: AsyncIterator[bytes]


async def export_records(
    uow: UnitOfWork,
    ctx: AuditContext,
    who: Principal,
    /,
    flt: RecordFilter,
    *,
    format: ExportFormat = "jsonl",
) -> Export:
    """Every record matching `flt`, by time then seq; the export is recorded before it starts."""
    access.require_reader(who)
    described: Described = {**flt.described(), "format": format}
    await record_query(uow, who, "export", described, None)
    pages = records.pages(uow.store, flt.store_filter(), page=ctx.settings.read_page)
    chunks = _csv(pages) if format == "csv" else _jsonl(pages)
    return Export(MEDIA_TYPES[format], f"audit-export.{format}", chunks)


async def _jsonl(pages: AsyncIterator[list[Doc]]) -> AsyncIterator[bytes]:
    async for page in pages:
        yield ("\n".join(jsonl_line(r) for r in page) + "\n").encode()


async def _csv(pages: AsyncIterator[list[Doc]]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    async for page in pages:
        for record in page:
            writer.writerow([csv_cell(v) for v in csv_row(record)])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()
