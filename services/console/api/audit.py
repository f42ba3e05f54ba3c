"""The auditor's pages: search, a correlation's story, chain verification, exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from services.console.api.deps import Ctx, Who
from services.console.api.respond import page
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import audit as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(include_in_schema=False)


def _query(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if k in h.SEARCH_FIELDS}


@router.get("/audit")
async def search(
    request: Request,
    ctx: Ctx,
    who: Who,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    """The search form and, once a filter is given, the matching records."""
    require_page(who.principal, "audit")
    values = _query(request)
    params = h.search_params(values)
    results, errors, status = None, FormErrors(), 200
    if params:
        try:
            results = await h.search(ctx, who, params, cursor)
        except ApiRefused as exc:
            errors, status = FormErrors.of(exc.problem), 422
    chain = await h.chain(ctx, who)
    return await page(
        request, ctx, "audit/search.html", who=who, status=status, values=values,
        results=results, errors=errors, chain=chain, export_query=request.url.query,
    )  # fmt: skip


@router.get("/audit/story/{correlation_id}")
async def story(
    correlation_id: Annotated[str, Path(min_length=1, max_length=200)],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Everything one correlation id caused, and the whole life of what it touched."""
    require_page(who.principal, "audit")
    told = await h.story(ctx, who, correlation_id)
    return await page(request, ctx, "audit/story.html", who=who, story=told)


@router.get("/audit/verify")
async def verify(request: Request, ctx: Ctx, who: Who) -> Response:
    """Walk the hash chain now and show the verdict."""
    require_page(who.principal, "audit")
    report = await h.verify(ctx, who)
    return await page(request, ctx, "audit/verify.html", who=who, report=report)


@router.get("/audit/export.{fmt}")
async def export(
    fmt: Annotated[str, Path(pattern="^(csv|jsonl)$")], request: Request, ctx: Ctx, who: Who
) -> Response:
    """The matching records as a download, streamed from audit (the export is recorded)."""
    require_page(who.principal, "audit")
    answer, body = await h.export(ctx, who, h.search_params(_query(request)), fmt)
    headers = {
        "Content-Disposition": answer.headers.get(
            "content-disposition", f'attachment; filename="audit-export.{fmt}"'
        )
    }
    return StreamingResponse(body, media_type=answer.headers.get("content-type"), headers=headers)
