"""Pages of reservations (预约): reserve days of an asset (from its page, where its label
leads), the refusal of overlapping days naming the other booking, cancel, and collect (a
manager hands the asset over: the reservation becomes a loan)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.form_check import checked, form_values, translator
from services.console.api.loan_forms import HINTS, ReserveForm
from services.console.api.loans import Id, IdQuery, refusal, resolve_asset
from services.console.api.respond import flash, page, see_other
from services.console.domain.access import require_page, safe_next
from services.console.domain.forms import FormErrors
from services.console.domain.loans import manages
from services.console.domain.vocabulary import N_
from services.console.handlers import loans as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


async def _reserve_page(
    request: Request, ctx: Ctx, who: Who, asset_id: str | None, *, values=None, errors=None,
    status: int = 200,
) -> Response:  # fmt: skip
    asset = await h.asset_or_none(ctx, who, asset_id) if asset_id else None
    return await page(
        request, ctx, "loans/reserve.html", who=who, status=status, asset=asset,
        asset_id=asset_id, values=values or {}, errors=errors or FormErrors(),
        manager=manages(who.principal), today=ctx.today(),
    )  # fmt: skip


@router.get("/reservations/new")
async def reserve_form(request: Request, ctx: Ctx, who: Who, asset: IdQuery = None) -> Response:
    """Reserve days of an asset: anyone for themselves, a manager for someone else."""
    require_page(who.principal, "loans")
    return await _reserve_page(request, ctx, who, asset)


@router.post("/reservations")
async def reserve(request: Request, ctx: Ctx, who: Who) -> Response:
    """The days are the person's, or the page says which booking holds them."""
    require_page(who.principal, "loans")
    values = await form_values(request)
    form, errors = checked(ReserveForm, values, translator(request, ctx), HINTS)
    if form is not None:
        found, errors = await resolve_asset(ctx, who, request, form)
        if found is not None:
            try:
                made = await h.reserve(ctx, who, form.body(found))
            except ApiRefused as exc:
                errors = refusal(request, ctx, exc, "starts_on")
            else:
                flash(
                    request,
                    N_("Reserved %(tag)s from %(start)s to %(end)s."),
                    tag=made["tag"],
                    start=made["starts_on"],
                    end=made["ends_on"],
                )
                return see_other("/loans")
    return await _reserve_page(
        request, ctx, who, values.get("asset_id") or None, values=values, errors=errors,
        status=422,
    )  # fmt: skip


@router.post("/reservations/{reservation_id}/{step}")
async def step(
    reservation_id: Id,
    step: Annotated[str, Path(pattern="^(cancel|collect)$")],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Cancel (its person or a manager); collect (a manager: the loan waits for a signature)."""
    require_page(who.principal, "loans")
    form = await request.form()
    back = safe_next(str(form.get("back", "")), "/loans")
    try:
        done = await h.reservation_step(ctx, who, reservation_id, step)
    except ApiRefused as exc:
        flash(request, "Refused: %(reason)s", kind="error", reason=exc.detail)
        return see_other(back)
    if step == "cancel":
        flash(request, N_("Reservation of %(tag)s cancelled: the days are free."), tag=done["tag"])
        return see_other(back)
    loan = done["loan"]
    flash(
        request,
        N_("Handed over: loan %(id)s is due back on %(day)s, once the borrower signs."),
        id=loan["loan_id"],
        day=loan["due_on"],
    )
    return see_other(f"/loans/{loan['loan_id']}")
