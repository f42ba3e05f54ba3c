"""The dispatcher's board: open orders with filters and SLA badges; triage, assign, reassign.

Each action is a plain form (POST, then back to the board); with htmx the card is swapped in
place from the page the redirect lands on (`hx-select`), so both paths share one route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.deps import EXTRA, Ctx, Who, check_csrf, story_of
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import AssignForm, TriageForm, parse_form
from services.console.domain.access import require_page, safe_next
from services.console.domain.views import BoardFilter
from services.console.domain.vocabulary import N_
from services.console.handlers import tickets as h
from services.console.handlers.backends import ApiRefused, ServiceDown

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
Code = Annotated[str, Query(max_length=80, pattern=r"^[A-Za-z0-9_.:-]*$")]


@router.get("/board")
async def board(
    request: Request,
    ctx: Ctx,
    who: Who,
    building: Code = "",
    category: Code = "",
    status: Code = "",
    sla: Annotated[str, Query(pattern="^(|at_risk|breached)$")] = "",
) -> Response:
    """Open orders of the dispatcher's campus, most pressing first."""
    require_page(who.principal, "board")
    wanted = BoardFilter(building=building, category=category, status=status, sla=sla)
    try:
        view = await h.board(ctx, who, wanted)
    except ServiceDown as exc:
        return await page(
            request, ctx, "board/board.html", who=who, status=503, down=[exc.service],
            view=None, wanted=wanted,
        )  # fmt: skip
    return await page(request, ctx, "board/board.html", who=who, view=view, wanted=wanted)


@router.get("/board/{ticket_id}")
async def board_ticket(ticket_id: TicketId, request: Request, ctx: Ctx, who: Who) -> Response:
    """One order with its history, contact and photos."""
    require_page(who.principal, "board")
    ticket = await h.get_ticket(ctx, who, ticket_id)
    return await page(
        request, ctx, "tickets/detail.html", who=who, card=h.card(ctx, ticket), mode="board"
    )


@router.post("/board/{ticket_id}/{action}")
async def board_action(
    ticket_id: TicketId,
    action: Annotated[str, Path(pattern="^(triage|assign)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Triage, or assign / reassign (to the rules' choice, a technician, a team, a firm)."""
    require_page(who.principal, "board")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k not in EXTRA}
    back = safe_next(str(form.get("back", "/board")), "/board")
    if action == "triage":
        triage, errors = parse_form(TriageForm, values)
        body = triage.model_dump(exclude_none=True) if triage else None
    else:
        assign, errors = parse_form(AssignForm, values)
        missing = assign.missing() if assign else None
        body = assign.body() if assign and not missing else None
        if missing:
            flash(request, "Choose who should carry the order.", "error")
    if body is not None:
        try:
            await h.act(ctx, who, ticket_id, action, body, story=story_of(form))
        except ApiRefused as exc:
            flash(request, "%(ticket)s: %(detail)s", "error", ticket=ticket_id, detail=exc.detail)
        else:
            done = N_("%(ticket)s triaged.") if action == "triage" else N_("%(ticket)s assigned.")
            flash(request, done, ticket=ticket_id)
    elif errors:
        fields = ", ".join(sorted(errors.fields))
        flash(request, "%(ticket)s: check %(fields)s.", "error", ticket=ticket_id, fields=fields)
    return see_other(back)
