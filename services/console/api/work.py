"""The technician's pages (a phone in the field): my orders; start, hold, resume, resolve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import EXTRA, Ctx, Who, check_csrf, story_of
from services.console.api.public import photos_of
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import HoldForm, ResolveForm, parse_form
from services.console.domain.access import require_page
from services.console.domain.vocabulary import N_
from services.console.handlers import tickets as h
from services.console.handlers.backends import ApiRefused, ServiceDown

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
ACTIVE = ["assigned", "reopened", "in_progress", "on_hold"]
DONE = {
    "start": N_("%(ticket)s: work started."),
    "hold": N_("%(ticket)s: on hold."),
    "resume": N_("%(ticket)s: work resumed."),
    "resolve": N_("%(ticket)s: resolved. The requester is asked to rate it."),
}


@router.get("/work")
async def my_work(request: Request, ctx: Ctx, who: Who) -> Response:
    """The orders the technician carries, most pressing first, and the latest resolved."""
    require_page(who.principal, "work")
    try:
        active = await h.list_tickets(ctx, who, {"status": ACTIVE, "sort": "priority"})
        done = await h.list_tickets(ctx, who, {"status": ["resolved"], "limit": 10})
    except ServiceDown as exc:
        return await page(
            request, ctx, "work/list.html", who=who, status=503, down=[exc.service],
            cards=[], done=[],
        )  # fmt: skip
    cards = [h.card(ctx, t) for t in active]
    return await page(
        request, ctx, "work/list.html", who=who, cards=cards, done=[h.card(ctx, t) for t in done]
    )


@router.get("/work/{ticket_id}")
async def work_ticket(ticket_id: TicketId, request: Request, ctx: Ctx, who: Who) -> Response:
    """One order: place, contact, history, photos, and the next step."""
    require_page(who.principal, "work")
    ticket = await h.get_ticket(ctx, who, ticket_id)
    return await page(
        request, ctx, "tickets/detail.html", who=who, card=h.card(ctx, ticket), mode="work"
    )


@router.post("/work/{ticket_id}/{action}")
async def work_action(
    ticket_id: TicketId,
    action: Annotated[str, Path(pattern="^(start|hold|resume|resolve)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """One step of the work; back to where the form was."""
    require_page(who.principal, "work")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k not in EXTRA}
    story = story_of(form)
    back = "/work" if form.get("back") != "detail" else f"/work/{ticket_id}"
    try:
        if action == "hold":
            hold, errors = parse_form(HoldForm, values)
            if hold is None:
                flash(request, "Choose why the work is on hold.", "error")
                return see_other(back)
            body = {"reason": hold.reason, "note": hold.note}
            await h.act(ctx, who, ticket_id, "hold", body, story=story)
        elif action == "resolve":
            resolved, errors = parse_form(ResolveForm, values)
            note = resolved.note if resolved else ""
            photos = await photos_of(form)
            await h.resolve(ctx, who, ticket_id, note=note, photos=photos, story=story)
        else:
            await h.act(ctx, who, ticket_id, action, {}, story=story)
    except ApiRefused as exc:
        flash(request, "%(ticket)s: %(detail)s", "error", ticket=ticket_id, detail=exc.detail)
    else:
        flash(request, DONE[action], ticket=ticket_id)
    return see_other(back)
