"""What the routers share: dependencies, form parsing with upload limits, read views."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from services.maintenance.domain.photos import UnsupportedMedia
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import CATEGORY_LABELS, PRIORITY_LABELS
from services.maintenance.handlers.context import Context, dispatches, is_global
from services.maintenance.handlers.jobs import Jobs
from shared.api import authenticated, runtime_of
from shared.auth import Principal, Role
from shared.clock import iso
from shared.errors import Invalid, TooLarge
from shared.service import Runtime

#: Room for the form fields and multipart framing around the photos.
_FORM_OVERHEAD = 256 * 1024


def context_of(request: Request) -> Context:
    """FastAPI dependency: the service context."""
    return request.app.state.runtime.state["ctx"]


def jobs_of(request: Request) -> Jobs:
    """FastAPI dependency: the background jobs (for the report cache)."""
    return request.app.state.runtime.state["jobs"]


Ctx = Annotated[Context, Depends(context_of)]
Rt = Annotated[Runtime, Depends(runtime_of)]
Who = Annotated[Principal, Depends(authenticated)]
JobsDep = Annotated[Jobs, Depends(jobs_of)]


def validate(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate form data as a body would be: 422 naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


async def read_form(
    request: Request, ctx: Context, *, max_files: int
) -> tuple[dict[str, str], list[bytes]]:
    """Form fields and the `photos` files, refusing oversize bodies before parsing them."""
    cap = ctx.settings.photo_max_bytes
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_files * cap + _FORM_OVERHEAD:
        raise TooLarge(f"request body over {max_files * cap + _FORM_OVERHEAD} bytes", field="body")
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise UnsupportedMedia("send multipart/form-data (or a urlencoded form without photos)")
    fields: dict[str, str] = {}
    uploads: list[bytes] = []
    async with request.form(max_files=max_files + 1, max_fields=40) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key != "photos":
                    raise Invalid(f"unexpected file field {key}", field=key)
                if len(uploads) >= max_files:
                    raise Invalid(f"at most {max_files} photos", field="photos")
                data = await value.read(cap + 1)
                if len(data) > cap:
                    raise TooLarge(
                        f"photo is larger than {cap} bytes", field=f"photos.{len(uploads)}"
                    )
                uploads.append(data)
            elif key in fields:
                raise Invalid(f"field {key} given twice", field=key)
            else:
                fields[key] = value
    return fields, uploads


def is_staff(principal: Principal, ticket: Ticket | dict[str, Any]) -> bool:
    """Staff (dispatcher of the campus, assignee, global roles) see contact details."""
    if isinstance(ticket, Ticket):
        campus = ticket.campus_id
        assignee = ticket.assignment.assignee_id if ticket.assignment else None
    else:
        campus, assignee = ticket["campus_id"], ticket.get("assignee_id")
    return (
        is_global(principal)
        or dispatches(principal, campus)
        or (principal.has_role(Role.TECHNICIAN) and assignee == principal.user_id)
    )


def ticket_view(ticket: Ticket, *, contact: bool) -> dict[str, Any]:
    """A ticket as the API shows it."""
    a = ticket.assignment
    return {
        "id": ticket.id,
        "status": ticket.status.value,
        "campus_id": ticket.campus_id,
        "building_id": ticket.building_id,
        "location_id": ticket.location_id,
        "floor": ticket.floor,
        "room_id": ticket.room_id,
        "asset_tag": ticket.asset_tag,
        "category": ticket.category.value,
        "category_label": CATEGORY_LABELS[ticket.category],
        "priority": ticket.priority.value,
        "priority_label": PRIORITY_LABELS[ticket.priority],
        "channel": ticket.channel.value,
        "description": ticket.description,
        "requester_id": ticket.requester_id,
        "contact": ticket.contact if contact else None,
        "assignee_id": a.assignee_id if a else None,
        "assignee_kind": a.kind.value if a else None,
        "team_id": a.team_id if a else None,
        "contractor_id": a.contractor_id if a else None,
        "rating": ticket.rating,
        "comment": ticket.comment,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
        "responded_at": _iso(ticket.responded_at),
        "resolved_at": _iso(ticket.resolved_at),
        "closed_at": _iso(ticket.closed_at),
        "sla": {
            clock: {"due_at": _iso(due), "breached": clock in ticket.breaches}
            for clock, due in ticket.sla_due.items()
        },
        "breaches": {
            clock: {
                "due_at": iso(b.due_at),
                "detected_at": iso(b.detected_at),
                "escalate_to": b.escalate_to,
            }
            for clock, b in ticket.breaches.items()
        },
        "photos": [
            {
                "id": p.id,
                "content_type": p.content_type,
                "size": p.size,
                "url": f"/tickets/{ticket.id}/photos/{p.id}",
            }
            for p in ticket.photos
        ],
        "history": [
            {
                "action": s.action,
                "status": s.status.value,
                "at": iso(s.at),
                "by": s.by,
                "note": s.note,
            }
            for s in ticket.steps
        ],
        "source_key": ticket.source_key,
        "location_verified": ticket.location_verified,
    }


def ticket_summary(doc: dict[str, Any], *, contact: bool) -> dict[str, Any]:
    """A list row, straight from the stored document (the detail view adds the history)."""
    category, priority = doc["category"], doc["priority"]
    breached = set(doc.get("breach_clocks", ()))
    return {
        "id": doc["_id"],
        "status": doc["status"],
        "campus_id": doc["campus_id"],
        "building_id": doc["building_id"],
        "location_id": doc["location_id"],
        "floor": doc.get("floor"),
        "room_id": doc.get("room_id"),
        "asset_tag": doc.get("asset_tag"),
        "category": category,
        "category_label": CATEGORY_LABELS[category],
        "priority": priority,
        "priority_label": PRIORITY_LABELS[priority],
        "channel": doc["channel"],
        "description": doc["description"],
        "requester_id": doc.get("requester_id"),
        "contact": doc.get("contact") if contact else None,
        "assignee_id": doc.get("assignee_id"),
        "assignee_kind": doc.get("assignee_kind"),
        "team_id": doc.get("team_id"),
        "contractor_id": doc.get("contractor_id"),
        "rating": doc.get("rating"),
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "resolved_at": doc.get("resolved_at"),
        "sla": {
            clock: {"due_at": due, "breached": clock in breached}
            for clock, due in doc.get("sla_due", {}).items()
        },
        "photos": len(doc.get("photos", ())),
    }


def _iso(moment: Any) -> str | None:
    return iso(moment) if moment is not None else None
