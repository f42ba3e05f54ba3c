"""Routes of work orders: file, list, read, and every transition."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from services.maintenance.api.deps import CODE_PATTERN, Ctx, PhotoId, TicketId
from services.maintenance.api.forms import read_form
from services.maintenance.api.schemas import (
    AssignIn,
    CloseIn,
    FiledTicketRead,
    HoldIn,
    NoteIn,
    ReopenIn,
    TicketCreate,
    TicketPage,
    TicketRead,
    TicketSummary,
    TriageIn,
)
from services.maintenance.domain.vocabulary import Category, Channel, Priority, SlaState, Status
from services.maintenance.handlers import filing
from services.maintenance.handlers import tickets as h
from shared.api import Caller, Cursor, Limit, Uow
from shared.errors import Invalid

router = APIRouter(tags=["tickets"])
Sort = Literal["-created_at", "created_at", "-updated_at", "priority"]
PHOTOS_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "photos": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
                "required": ["photos"],
            }
        }
    },
    "required": True,
}
IMAGES = {200: {"content": {t: {} for t in ("image/jpeg", "image/png", "image/webp")}}}


@router.post(
    "/tickets",
    status_code=201,
    response_model=FiledTicketRead,
    summary="File a repair request (web) or a phone call",
)
async def file_ticket(body: TicketCreate, uow: Uow, ctx: Ctx, who: Caller) -> FiledTicketRead:
    """Web requests by the requester; phone calls (channel=phone) entered by a dispatcher."""
    filed = await filing.file_request(
        uow,
        ctx,
        who,
        location_id=body.location_id,
        asset_tag=body.asset_tag,
        category=body.category,
        description=body.description,
        priority=body.priority,
        channel=Channel(body.channel),
        requester_id=body.requester_id,
        contact=body.contact.model_dump(exclude_none=True) if body.contact else None,
    )
    return FiledTicketRead.of(filed.ticket, filed.follow_up_key)


@router.get("/tickets", response_model=TicketPage, summary="List work orders visible to the caller")
async def list_tickets(
    uow: Uow,
    ctx: Ctx,
    who: Caller,
    status: Annotated[list[Status] | None, Query()] = None,
    sla: Annotated[
        list[SlaState] | None,
        Query(
            description="at_risk: a running clock is in the last share of its budget and none "
            "is breached; breached: a clock ran out. Both given: either."
        ),
    ] = None,
    building_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    category: Category | None = None,
    priority: Priority | None = None,
    assignee_id: Annotated[str | None, Query(max_length=120)] = None,
    sort: Sort = "-created_at",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> TicketPage:
    """Summaries; requesters see their own, technicians their assignments, dispatchers their
    campus. `GET /tickets/{id}` has the history."""
    page = await h.list_tickets(
        uow,
        ctx,
        who,
        status=status or (),
        sla=sla or (),
        filters={
            "building_id": building_id,
            "campus_id": campus_id,
            "category": category.value if category else None,
            "priority": priority.value if priority else None,
            "assignee_id": assignee_id,
        },
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return TicketPage(items=[TicketSummary.of(t) for t in page.items], next_cursor=page.next_cursor)


@router.get(
    "/tickets/{ticket_id}",
    response_model=TicketRead,
    summary="One work order with its history and SLA",
)
async def get_ticket(ticket_id: TicketId, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """A visible ticket, or 404."""
    return TicketRead.of(await h.get_ticket(uow, ctx, who, ticket_id))


@router.post(
    "/tickets/{ticket_id}/triage",
    response_model=TicketRead,
    summary="Confirm category and priority",
)
async def triage(
    ticket_id: TicketId, body: TriageIn, uow: Uow, ctx: Ctx, who: Caller
) -> TicketRead:
    """opened → triaged."""
    ticket = await h.triage(
        uow, ctx, who, ticket_id, priority=body.priority, category=body.category, note=body.note
    )
    return TicketRead.of(ticket)


@router.post(
    "/tickets/{ticket_id}/assign",
    response_model=TicketRead,
    summary="Assign or reassign (automatic if no one named)",
)
async def assign(
    ticket_id: TicketId, body: AssignIn, uow: Uow, ctx: Ctx, who: Caller
) -> TicketRead:
    """triaged / reopened → assigned; assigned / in_progress / on_hold → assigned (reassign)."""
    ticket = await h.assign(
        uow,
        ctx,
        who,
        ticket_id,
        technician_id=body.technician_id,
        team_id=body.team_id,
        contractor_id=body.contractor_id,
        reason=body.reason,
    )
    return TicketRead.of(ticket)


@router.post("/tickets/{ticket_id}/start", response_model=TicketRead, summary="Begin the work")
async def start(ticket_id: TicketId, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """assigned / reopened → in_progress."""
    return TicketRead.of(await h.work(uow, ctx, who, ticket_id, "start"))


@router.post(
    "/tickets/{ticket_id}/hold",
    response_model=TicketRead,
    summary="Pause (waiting for parts or the requester)",
)
async def hold(ticket_id: TicketId, body: HoldIn, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """in_progress → on_hold; the resolution clock stops."""
    ticket = await h.work(uow, ctx, who, ticket_id, "hold", reason=body.reason, note=body.note)
    return TicketRead.of(ticket)


@router.post(
    "/tickets/{ticket_id}/resume", response_model=TicketRead, summary="Continue after a hold"
)
async def resume(ticket_id: TicketId, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """on_hold → in_progress."""
    return TicketRead.of(await h.work(uow, ctx, who, ticket_id, "resume"))


@router.post(
    "/tickets/{ticket_id}/resolve", response_model=TicketRead, summary="Report the fault fixed"
)
async def resolve(ticket_id: TicketId, body: NoteIn, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """in_progress → resolved."""
    return TicketRead.of(await h.work(uow, ctx, who, ticket_id, "resolve", note=body.note))


@router.post(
    "/tickets/{ticket_id}/close",
    response_model=TicketRead,
    summary="Accept the repair with a 1–5 rating",
)
async def close(ticket_id: TicketId, body: CloseIn, uow: Uow, ctx: Ctx, who: Caller) -> TicketRead:
    """resolved → closed, by the requester."""
    ticket = await h.requester_answer(
        uow, ctx, who, ticket_id, rating=body.rating, comment=body.comment
    )
    return TicketRead.of(ticket)


@router.post(
    "/tickets/{ticket_id}/reopen", response_model=TicketRead, summary="The fault is not fixed"
)
async def reopen(
    ticket_id: TicketId, body: ReopenIn, uow: Uow, ctx: Ctx, who: Caller
) -> TicketRead:
    """resolved → reopened, by the requester."""
    return TicketRead.of(
        await h.requester_answer(uow, ctx, who, ticket_id, reopen_reason=body.reason)
    )


@router.post(
    "/tickets/{ticket_id}/photos",
    status_code=201,
    response_model=TicketRead,
    summary="Attach photos (multipart field `photos`; JPEG, PNG or WebP)",
    openapi_extra={"requestBody": PHOTOS_BODY},
)
async def add_photos(
    ticket_id: TicketId, request: Request, uow: Uow, ctx: Ctx, who: Caller
) -> TicketRead:
    """413 over the size cap, 415 if the bytes are not an image, 422 over the count."""
    _, uploads = await read_form(request, ctx.settings)
    if not uploads:
        raise Invalid("no photos in field `photos`", field="photos")
    return TicketRead.of(await h.add_photos(uow, ctx, who, ticket_id, uploads))


@router.get(
    "/tickets/{ticket_id}/photos/{photo_id}",
    response_class=Response,
    responses=IMAGES,
    summary="One photo's bytes",
)
async def get_photo(
    ticket_id: TicketId, photo_id: PhotoId, uow: Uow, ctx: Ctx, who: Caller
) -> Response:
    """The stored image, with its sniffed content type."""
    photo = await h.photo_of(uow, ctx, who, ticket_id, photo_id)
    return Response(
        photo.data,
        media_type=photo.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
    )
