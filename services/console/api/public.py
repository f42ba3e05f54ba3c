"""Pages without an account: the repair form a QR code opens, and the follow-up page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from services.console.api.deps import EXTRA, Ctx, MaybeWho, check_csrf, client_ip, story_of
from services.console.api.respond import flash, page, see_other, translated
from services.console.api.schemas import PublicRequestForm, RateForm, ReopenForm, parse_form
from services.console.domain.forms import FormErrors
from services.console.domain.vocabulary import N_
from services.console.handlers import public as h
from services.console.handlers.backends import ApiRefused, ServiceDown
from services.console.handlers.public import Upload

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)
Token = Annotated[str, Path(min_length=10, max_length=512)]
TicketId = Annotated[str, Path(pattern=r"^WO-[0-9]{8}-[0-9A-F]{8}$")]
FIELD_ALIASES = {"photos.0": "photos", "photos.1": "photos", "photos.2": "photos"}
MAX_KEYS = 10


async def photos_of(form: object) -> list[Upload]:
    """The photos a form carries (an empty file input sends an empty part: skipped)."""
    uploads = []
    for item in form.getlist("photos"):  # type: ignore[attr-defined]
        if isinstance(item, UploadFile) and item.filename:
            data = await item.read()
            if data:
                uploads.append(Upload(item.filename, item.content_type or "", data))
    return uploads


def remember_key(request: Request, ticket_id: str, key: str) -> None:
    """Keep the follow-up key in the signed session (the latest few requests)."""
    keys = dict(request.session.get("keys", {}))
    keys[ticket_id] = key
    request.session["keys"] = dict(list(keys.items())[-MAX_KEYS:])


@router.get("/qr/{token}")
async def qr_form(token: Token, request: Request, ctx: Ctx, who: MaybeWho) -> Response:
    """The repair form of the place the code names."""
    try:
        place = await h.qr_place(ctx, token)
    except ApiRefused as exc:
        return await page(
            request, ctx, "public/qr_invalid.html", who=who, status=403, detail=exc.detail
        )
    except ServiceDown as exc:
        return await page(
            request, ctx, "public/qr_form.html", who=who, status=503, down=[exc.service],
            place=None, token=token, values={}, errors=FormErrors(),
        )  # fmt: skip
    return await page(
        request, ctx, "public/qr_form.html", who=who,
        place=place, token=token, values={}, errors=FormErrors(),
    )  # fmt: skip


@router.post("/qr/{token}")
async def qr_file(token: Token, request: Request, ctx: Ctx, who: MaybeWho) -> Response:
    """File the request; on success, the follow-up page of the new request."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    parsed, errors = parse_form(PublicRequestForm, values)
    status, down, place = 422, [], None
    half = parsed.half_contact() if parsed is not None else None
    if half is not None:
        reason = N_("Give your name and your phone number together, or neither.")
        parsed, errors = None, FormErrors.one(half, translated(request, ctx, reason))
    if parsed is not None:
        try:
            filed = await h.file_request(
                ctx,
                token=token,
                fields=parsed.model_dump(exclude_none=True),
                photos=await photos_of(form),
                client_ip=client_ip(request),
            )
        except ApiRefused as exc:
            if exc.status == 403:
                return await page(
                    request, ctx, "public/qr_invalid.html", who=who, status=403, detail=exc.detail
                )
            status, errors = exc.status, FormErrors.of(exc.problem, FIELD_ALIASES)
        except ServiceDown as exc:
            status, down = 503, [exc.service]
        else:
            remember_key(request, filed["ticket_id"], filed["follow_up_key"])
            flash(request, "Your request has been sent.")
            return see_other(f"/follow/{filed['ticket_id']}")
    if not down:
        try:
            place = await h.qr_place(ctx, token)
        except (ApiRefused, ServiceDown):
            place = None
    return await page(
        request, ctx, "public/qr_form.html", who=who, status=status, down=down,
        place=place, token=token, values=values, errors=errors,
        rate_limited=status == 429,
    )  # fmt: skip


@router.get("/follow")
async def follow_lookup(request: Request, ctx: Ctx, who: MaybeWho) -> Response:
    """Find a request by its number and follow-up key."""
    return await page(request, ctx, "public/follow_lookup.html", who=who, values={})


@router.post("/follow")
async def follow_find(request: Request, ctx: Ctx) -> Response:
    """Remember the key and open the request's page."""
    form = await request.form()
    ticket_id = str(form.get("ticket_id", "")).strip().upper()
    key = str(form.get("key", "")).strip()
    if not ticket_id.startswith("WO-") or not key:
        flash(request, "Give the request number and its follow-up key.", "error")
        return see_other("/follow")
    remember_key(request, ticket_id, key)
    return see_other(f"/follow/{ticket_id}")


@router.get("/follow/{ticket_id}")
async def follow_page(
    ticket_id: TicketId,
    request: Request,
    ctx: Ctx,
    who: MaybeWho,
    key: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Status and history; rating and reopening once resolved."""
    if key:
        # A link with the key (as sent by SMS): keep it in the session, drop it from the URL.
        remember_key(request, ticket_id, key)
        return see_other(f"/follow/{ticket_id}")
    known = request.session.get("keys", {}).get(ticket_id)
    if known is None:
        return await page(
            request, ctx, "public/follow_lookup.html", who=who, values={"ticket_id": ticket_id}
        )
    return await _follow(request, ctx, who, ticket_id, known)


async def _follow(
    request: Request,
    ctx: Ctx,
    who: MaybeWho,
    ticket_id: str,
    key: str,
    *,
    status: int = 200,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    try:
        ticket = await h.follow(ctx, ticket_id, key)
    except ApiRefused:
        flash(request, "No request with this number and key.", "error")
        return await page(
            request, ctx, "public/follow_lookup.html", who=who, status=404,
            values={"ticket_id": ticket_id},
        )  # fmt: skip
    except ServiceDown as exc:
        return await page(
            request, ctx, "public/follow.html", who=who, status=503, down=[exc.service],
            ticket=None, key=key, ticket_id=ticket_id, errors=FormErrors(), values={},
        )  # fmt: skip
    return await page(
        request, ctx, "public/follow.html", who=who, status=status, ticket=ticket, key=key,
        ticket_id=ticket_id, errors=errors or FormErrors(), values=values or {},
    )  # fmt: skip


@router.post("/follow/{ticket_id}/{action}")
async def follow_answer(
    ticket_id: TicketId,
    action: Annotated[str, Path(pattern="^(rate|reopen)$")],
    request: Request,
    ctx: Ctx,
    who: MaybeWho,
) -> Response:
    """Rate (and close) or reopen, with the key kept in the session."""
    key = request.session.get("keys", {}).get(ticket_id)
    if key is None:
        return see_other(f"/follow/{ticket_id}")
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k not in EXTRA}
    model = RateForm if action == "rate" else ReopenForm
    parsed, errors = parse_form(model, values)
    story = story_of(form)
    if parsed is not None:
        try:
            if isinstance(parsed, RateForm):
                await h.rate(
                    ctx, ticket_id, key, rating=parsed.rating, comment=parsed.comment, story=story
                )
                flash(request, "Thank you: the request is closed with your rating.")
            else:
                await h.reopen(ctx, ticket_id, key, reason=parsed.reason, story=story)
                flash(request, "The request is open again: the dispatcher has been told.")
            return see_other(f"/follow/{ticket_id}")
        except ApiRefused as exc:
            errors = FormErrors.of(exc.problem)
        except ServiceDown as exc:
            return await page(
                request, ctx, "public/follow.html", who=who, status=503, down=[exc.service],
                ticket=None, key=key, ticket_id=ticket_id, errors=FormErrors(), values=values,
            )  # fmt: skip
    return await _follow(
        request, ctx, who, ticket_id, key, status=422, errors=errors, values=values
    )
