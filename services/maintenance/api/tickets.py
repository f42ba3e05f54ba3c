"""Routes of work orders: file, list, read, and every transition."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.maintenance.api.common import (
    Ctx,
    Rt,
    Who,
    is_staff,
    read_form,
    ticket_summary,
    ticket_view,
)
from services.maintenance.api.schemas import (
    CODE_PATTERN,
    AssignIn,
    CloseIn,
    HoldIn,
    NoteIn,
    Page,
    ReopenIn,
    TicketCreate,
    TriageIn,
)
from services.maintenance.domain.qr import follow_up_key
from services.maintenance.domain.vocabulary import Category, Channel, Priority, Status
from services.maintenance.handlers import tickets as h
from services.maintenance.handlers.context import list_scope
from services.maintenance.handlers.photos import read_photo
from services.maintenance.repository.common import TICKETS
from shared.api import require_roles
from shared.auth import Principal
from shared.errors import Invalid
from shared.store import Query as StoreQuery

router = APIRouter(tags=["tickets"])
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
Filer = Annotated[
    Principal, Depends(require_roles("requester", "dispatcher", "technician", "logistics_admin"))
]
Dispatcher = Annotated[Principal, Depends(require_roles("dispatcher", "logistics_admin"))]
Worker = Annotated[Principal, Depends(require_roles("technician", "dispatcher", "logistics_admin"))]
SORTS = {
    "-created_at": [("created_at", -1)],
    "created_at": [("created_at", 1)],
    "-updated_at": [("updated_at", -1)],
    "priority": [("priority_rank", 1), ("created_at", -1)],
}


@router.post("/tickets", status_code=201, summary="File a repair request (web) or a phone call")
async def file_ticket(body: TicketCreate, who: Filer, rt: Rt, ctx: Ctx) -> dict:
    """Web requests by the requester; phone calls (channel=phone) entered by a dispatcher."""
    ticket = await h.file_request(
        rt.uow(who),
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
    view = ticket_view(ticket, contact=True)
    if ticket.requester_id is None:
        # A caller without an account rates the repair through this key (sent by SMS).
        view["follow_up_key"] = follow_up_key(ctx.secret, ticket.id)
    return view


@router.get("/tickets", summary="List work orders visible to the caller", response_model=Page)
async def list_tickets(
    who: Who,
    rt: Rt,
    status: Annotated[list[Status] | None, Query()] = None,
    building_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    campus_id: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    category: Category | None = None,
    priority: Priority | None = None,
    assignee_id: Annotated[str | None, Query(max_length=120)] = None,
    sort: Literal["-created_at", "created_at", "-updated_at", "priority"] = "-created_at",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict:
    """Summaries; requesters see their own, technicians their assignments, dispatchers their
    campus. `GET /tickets/{id}` has the history."""
    scope = list_scope(who)
    wanted: dict[str, object] = {}
    if status:
        values = sorted({s.value for s in status})
        wanted["status"] = values[0] if len(values) == 1 else {"$in": values}
    for name, value in (
        ("building_id", building_id),
        ("campus_id", campus_id),
        ("category", category.value if category else None),
        ("priority", priority.value if priority else None),
        ("assignee_id", assignee_id),
    ):
        if value is not None:
            wanted[name] = value
    for name, limit_value in scope.items():
        given = wanted.get(name)
        if given is None:
            wanted[name] = limit_value
        elif isinstance(limit_value, dict):
            if given not in limit_value["$in"]:
                return {"items": [], "next_cursor": None}
        elif given != limit_value:
            return {"items": [], "next_cursor": None}
    page = await rt.store.find(
        TICKETS, StoreQuery(wanted, sort=SORTS[sort], limit=limit, after=cursor)
    )
    items = [ticket_summary(doc, contact=is_staff(who, doc)) for doc in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get("/tickets/{ticket_id}", summary="One work order with its history and SLA")
async def get_ticket(ticket_id: TicketId, who: Who, rt: Rt) -> dict:
    """A visible ticket, or 404."""
    ticket = await h.load_visible(rt.store, who, ticket_id)
    return ticket_view(ticket, contact=is_staff(who, ticket))


@router.post("/tickets/{ticket_id}/triage", summary="Confirm category and priority")
async def triage(ticket_id: TicketId, body: TriageIn, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """opened → triaged."""
    ticket = await h.triage(
        rt.uow(who),
        ctx,
        who,
        ticket_id,
        priority=body.priority,
        category=body.category,
        note=body.note,
    )
    return ticket_view(ticket, contact=True)


@router.post(
    "/tickets/{ticket_id}/assign", summary="Assign or reassign (automatic if no one named)"
)
async def assign(ticket_id: TicketId, body: AssignIn, who: Dispatcher, rt: Rt, ctx: Ctx) -> dict:
    """triaged / reopened → assigned; assigned / in_progress / on_hold → assigned (reassign)."""
    ticket = await h.assign(
        rt.uow(who),
        ctx,
        who,
        ticket_id,
        technician_id=body.technician_id,
        team_id=body.team_id,
        contractor_id=body.contractor_id,
        reason=body.reason,
    )
    return ticket_view(ticket, contact=True)


@router.post("/tickets/{ticket_id}/start", summary="Begin the work")
async def start(ticket_id: TicketId, who: Worker, rt: Rt, ctx: Ctx) -> dict:
    """assigned / reopened → in_progress."""
    ticket = await h.work(rt.uow(who), ctx, who, ticket_id, "start")
    return ticket_view(ticket, contact=True)


@router.post("/tickets/{ticket_id}/hold", summary="Pause (waiting for parts or the requester)")
async def hold(ticket_id: TicketId, body: HoldIn, who: Worker, rt: Rt, ctx: Ctx) -> dict:
    """in_progress → on_hold; the resolution clock stops."""
    ticket = await h.work(
        rt.uow(who), ctx, who, ticket_id, "hold", reason=body.reason, note=body.note
    )
    return ticket_view(ticket, contact=True)


@router.post("/tickets/{ticket_id}/resume", summary="Continue after a hold")
async def resume(ticket_id: TicketId, who: Worker, rt: Rt, ctx: Ctx) -> dict:
    """on_hold → in_progress."""
    ticket = await h.work(rt.uow(who), ctx, who, ticket_id, "resume")
    return ticket_view(ticket, contact=True)


@router.post("/tickets/{ticket_id}/resolve", summary="Report the fault fixed")
async def resolve(ticket_id: TicketId, body: NoteIn, who: Worker, rt: Rt, ctx: Ctx) -> dict:
    """in_progress → resolved."""
    ticket = await h.work(rt.uow(who), ctx, who, ticket_id, "resolve", note=body.note)
    return ticket_view(ticket, contact=True)


@router.post("/tickets/{ticket_id}/close", summary="Accept the repair with a 1–5 rating")
async def close(ticket_id: TicketId, body: CloseIn, who: Who, rt: Rt, ctx: Ctx) -> dict:
    """resolved → closed, by the requester."""
    ticket = await h.requester_answer(
        rt.uow(who), ctx, who, ticket_id, rating=body.rating, comment=body.comment
    )
    return ticket_view(ticket, contact=False)


@router.post("/tickets/{ticket_id}/reopen", summary="The fault is not fixed")
async def reopen(ticket_id: TicketId, body: ReopenIn, who: Who, rt: Rt, ctx: Ctx) -> dict:
    """resolved → reopened, by the requester."""
    ticket = await h.requester_answer(rt.uow(who), ctx, who, ticket_id, reopen_reason=body.reason)
    return ticket_view(ticket, contact=False)


@router.post(
    "/tickets/{ticket_id}/photos",
    status_code=201,
    summary="Attach photos (multipart field `photos`; JPEG, PNG or WebP)",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "photos": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                        "required": ["photos"],
                    }
                }
            },
            "required": True,
        }
    },
)
async def add_photos(ticket_id: TicketId, request: Request, who: Who, rt: Rt, ctx: Ctx) -> dict:
    """413 over the size cap, 415 if the bytes are not an image, 422 over the count."""
    _, uploads = await read_form(request, ctx, max_files=max(1, ctx.settings.photos_per_ticket))
    if not uploads:
        raise Invalid("no photos in field `photos`", field="photos")
    ticket = await h.add_photos(rt.uow(who), ctx, who, ticket_id, uploads)
    return ticket_view(ticket, contact=is_staff(who, ticket))


@router.get("/tickets/{ticket_id}/photos/{photo_id}", summary="One photo's bytes")
async def get_photo(
    ticket_id: TicketId,
    photo_id: Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")],
    who: Who,
    rt: Rt,
    ctx: Ctx,
) -> Response:
    """The stored image, with its sniffed content type."""
    photo = await h.photo_of(rt.store, who, ticket_id, photo_id)
    data = await read_photo(ctx, photo)
    return Response(
        data,
        media_type=photo.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
    )
