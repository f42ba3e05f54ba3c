"""Record queries: search, one record, a correlation's story, exports. Each one is recorded."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from services.audit import handlers as h
from services.audit.api.deps import CorrelationId, Ctx, Seq
from services.audit.api.schemas import (
    ExportQuery,
    PageQuery,
    RecordPage,
    RecordRead,
    SearchQuery,
    StoryRead,
)
from shared.api import Caller, Uow

router = APIRouter(prefix="/audit", tags=["records"])

_EXPORT_MEDIA = {
    "application/x-ndjson": {"schema": {"type": "string", "description": "one record a line"}},
    "text/csv": {"schema": {"type": "string", "description": "a header row, a record a row"}},
}


@router.get(
    "/records",
    response_model=RecordPage,
    summary="Search records by subject, actor, type, source, time",
)
async def search(q: Annotated[SearchQuery, Query()], uow: Uow, ctx: Ctx, who: Caller) -> RecordPage:
    """Records matching every given filter, by event time then seq; cursor pagination."""
    page = await h.search_records(uow, ctx, who, q.to_filter(), limit=q.limit, cursor=q.cursor)
    return RecordPage.of(page)


@router.get("/records/{seq}", response_model=RecordRead, summary="One record by sequence number")
async def one(seq: Seq, uow: Uow, ctx: Ctx, who: Caller) -> RecordRead:
    """The record at `seq` (404 once archived)."""
    return RecordRead.of(await h.read_record(uow, ctx, who, seq))


@router.get(
    "/correlations/{correlation_id}",
    response_model=StoryRead,
    summary="The whole causal story of one correlation",
)
async def story(
    correlation_id: CorrelationId,
    q: Annotated[PageQuery, Query()],
    uow: Uow,
    ctx: Ctx,
    who: Caller,
) -> StoryRead:
    """Every event sharing the correlation id, by time then seq, with who-caused-what links."""
    found = await h.correlation_story(uow, ctx, who, correlation_id, limit=q.limit, cursor=q.cursor)
    return StoryRead.of(found)


@router.get(
    "/export",
    summary="Export matching records as JSON Lines or CSV",
    response_class=StreamingResponse,
    responses={200: {"description": "the records, streamed", "content": _EXPORT_MEDIA}},
)
async def export(
    q: Annotated[ExportQuery, Query()], uow: Uow, ctx: Ctx, who: Caller
) -> StreamingResponse:
    """Streams every matching record (read a page at a time); the export is recorded first."""
    out = await h.export_records(uow, ctx, who, q.to_filter(), format=q.format)
    return StreamingResponse(
        out.chunks,
        media_type=out.media_type,
        headers={"Content-Disposition": f'attachment; filename="{out.filename}"'},
    )
