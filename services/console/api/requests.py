"""The requester's pages: my requests, a new request, one request with rating and reopening."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import EXTRA, Ctx, Who, check_csrf, story_of
from services.console.api.respond import flash, page, see_other
from services.console.api.schemas import RateForm, ReopenForm, WebRequestForm, parse_form
from services.console.domain.access import require_page
from services.console.domain.forms import FormErrors
from services.console.handlers import tickets as h
from services.console.handlers.backends import ApiRefused, ServiceDown

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]


@router.get("/requests")
async def my_requests(request: Request, ctx: Ctx, who: Who) -> Response:
    """Every request the person filed, newest first."""
    require_page(who.principal, "requests")
    tickets = await h.list_tickets(ctx, who, {"sort": "-created_at", "limit": 100})
    cards = [h.card(ctx, t) for t in tickets]
    return await page(request, ctx, "requests/list.html", who=who, cards=cards)


async def _new_form(
    request: Request, ctx: Ctx, who: Who, *, values: dict, errors: FormErrors, status: int = 200
) -> Response:
    down: list[str] = []
    try:
        rooms = await h.places(ctx, who, "room")
    except ServiceDown as exc:
        rooms, down, status = [], [exc.service], 503
    return await page(
        request, ctx, "requests/new.html", who=who, status=status, down=down,
        rooms=rooms, values=values, errors=errors,
    )  # fmt: skip


@router.get("/requests/new")
async def new_request(request: Request, ctx: Ctx, who: Who) -> Response:
    """The form: where, which trade, what is wrong."""
    require_page(who.principal, "requests")
    return await _new_form(request, ctx, who, values={}, errors=FormErrors())


@router.post("/requests/new")
async def file_request(request: Request, ctx: Ctx, who: Who) -> Response:
    """File it; its page on success, the form with what was typed otherwise."""
    require_page(who.principal, "requests")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    parsed, errors = parse_form(WebRequestForm, values)
    status = 422
    if parsed is not None:
        try:
            ticket = await h.file_web(
                ctx,
                who,
                location_id=parsed.location_id,
                category=parsed.category,
                description=parsed.description,
            )
        except ApiRefused as exc:
            status, errors = exc.status, FormErrors.of(exc.problem)
        except ServiceDown as exc:
            return await page(
                request, ctx, "requests/new.html", who=who, status=503, down=[exc.service],
                rooms=[], values=values, errors=FormErrors(),
            )  # fmt: skip
        else:
            flash(request, "Your request has been sent.")
            return see_other(f"/requests/{ticket['id']}")
    return await _new_form(request, ctx, who, values=values, errors=errors, status=status)


async def _detail(
    request: Request,
    ctx: Ctx,
    who: Who,
    ticket_id: str,
    *,
    errors: FormErrors | None = None,
    values: dict | None = None,
    status: int = 200,
) -> Response:
    ticket = await h.get_ticket(ctx, who, ticket_id)
    return await page(
        request, ctx, "requests/detail.html", who=who, status=status, card=h.card(ctx, ticket),
        errors=errors or FormErrors(), values=values or {},
    )  # fmt: skip


@router.get("/requests/{ticket_id}")
async def one_request(ticket_id: TicketId, request: Request, ctx: Ctx, who: Who) -> Response:
    """Status, history and photos; rating and reopening once resolved."""
    require_page(who.principal, "requests")
    return await _detail(request, ctx, who, ticket_id)


@router.post("/requests/{ticket_id}/{action}")
async def answer(
    ticket_id: TicketId,
    action: Annotated[str, Path(pattern="^(rate|reopen)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Rate 1–5 (closes it) or reopen it."""
    require_page(who.principal, "requests")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k not in EXTRA}
    parsed, errors = parse_form(RateForm if action == "rate" else ReopenForm, values)
    story = story_of(form)
    if parsed is not None:
        try:
            if isinstance(parsed, RateForm):
                body = {"rating": parsed.rating, "comment": parsed.comment}
                await h.act(ctx, who, ticket_id, "close", body, story=story)
                flash(request, "Thank you: the request is closed with your rating.")
            else:
                body = {"reason": parsed.reason}
                await h.act(ctx, who, ticket_id, "reopen", body, story=story)
                flash(request, "The request is open again: the dispatcher has been told.")
            return see_other(f"/requests/{ticket_id}")
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
    return await _detail(request, ctx, who, ticket_id, errors=errors, values=values, status=422)
