"""Record queries: search, one record, a correlation's story, exports. Each one is recorded."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from services.audit.api.schemas import (
    CausalLink,
    ExportQuery,
    PageQuery,
    RecordPage,
    RecordRead,
    SearchQuery,
    StoryRead,
)
from services.audit.domain import RecordFilter, canonical_json
from services.audit.handlers import (
    public_record,
    read_record,
    record_query,
    records_for_export,
    search_records,
)
from services.audit.loops import settings_of
from services.audit.repository import AuditRepository
from shared.api import require_roles, runtime_of
from shared.auth import Principal
from shared.service import Runtime
from shared.store import Doc

router = APIRouter(prefix="/audit", tags=["records"])
Auditor = Annotated[Principal, Depends(require_roles("auditor", "logistics_admin"))]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]

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


@router.get("/records", summary="Search records by subject, actor, type, source, time")
async def search(
    q: Annotated[SearchQuery, Query()], principal: Auditor, runtime: RuntimeDep
) -> RecordPage:
    """Records matching every given filter, by event time then seq; cursor pagination."""
    page = await search_records(
        AuditRepository(runtime.store),
        runtime.uow(principal),
        principal,
        q.to_filter(),
        kind="search",
        limit=q.limit,
        cursor=q.cursor,
    )
    items = [RecordRead(**public_record(r)) for r in page.items]
    return RecordPage(items=items, next_cursor=page.next_cursor)


@router.get("/records/{seq}", summary="One record by sequence number")
async def one(
    seq: Annotated[int, Path(ge=1, le=10**12)], principal: Auditor, runtime: RuntimeDep
) -> RecordRead:
    """The record at `seq` (404 once archived)."""
    record = await read_record(
        AuditRepository(runtime.store), runtime.uow(principal), principal, seq
    )
    return RecordRead(**public_record(record))


@router.get("/correlations/{correlation_id}", summary="The whole causal story of one correlation")
async def story(
    correlation_id: Annotated[str, Path(min_length=1, max_length=200)],
    q: Annotated[PageQuery, Query()],
    principal: Auditor,
    runtime: RuntimeDep,
) -> StoryRead:
    """Every event sharing the correlation id, by time then seq, with who-caused-what links."""
    page = await search_records(
        AuditRepository(runtime.store),
        runtime.uow(principal),
        principal,
        RecordFilter(correlation_id=correlation_id),
        kind="story",
        limit=q.limit,
        cursor=q.cursor,
    )
    return StoryRead(
        correlation_id=correlation_id,
        items=[RecordRead(**public_record(r)) for r in page.items],
        links=_links(page.items),
        next_cursor=page.next_cursor,
    )


def _links(records: list[Doc]) -> list[CausalLink]:
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


@router.get(
    "/export",
    summary="Export matching records as JSON Lines or CSV",
    response_class=StreamingResponse,
)
async def export(
    q: Annotated[ExportQuery, Query()], principal: Auditor, runtime: RuntimeDep
) -> StreamingResponse:
    """Streams every matching record (read a page at a time); the export is recorded first."""
    flt = q.to_filter()
    described = {**flt.described(), "format": q.format}
    await record_query(runtime.uow(principal), principal, "export", described, None)
    pages = records_for_export(
        AuditRepository(runtime.store), flt, page=settings_of(runtime).read_page
    )
    if q.format == "csv":
        body, media = _csv(pages), "text/csv; charset=utf-8"
    else:
        body, media = _jsonl(pages), "application/x-ndjson"
    filename = f"audit-export.{q.format}"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _jsonl(pages: AsyncIterator[list[Doc]]) -> AsyncIterator[bytes]:
    async for page in pages:
        lines = (
            json.dumps(public_record(r), ensure_ascii=False, separators=(",", ":")) for r in page
        )
        yield ("\n".join(lines) + "\n").encode()


async def _csv(pages: AsyncIterator[list[Doc]]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    async for page in pages:
        for record in page:
            writer.writerow([_cell(v) for v in csv_row(record)])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def csv_row(record: Doc) -> list[object]:
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


def _cell(value: object) -> object:
    # A spreadsheet runs a cell starting with = + - @ as a formula (CSV injection): quote it.
    # The JSON Lines export stays byte-faithful; CSV is for reading by people.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value
